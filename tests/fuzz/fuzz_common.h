#pragma once
// Shared pieces of the libFuzzer targets (tests/fuzz/fuzz_*.cpp) and of their CTest replay
// (tests/tst_fuzz_regressions.cpp): the entry points, an invariant check that aborts under
// libFuzzer and reports under Qt Test, and a byte reader for structured inputs.
// Single-threaded (libFuzzer runs one input at a time).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace iax::fuzz {

/// One fuzz entry point: consumes any bytes, never throws; returns 0 (libFuzzer convention).
using Entry = int (*)(const std::uint8_t* data, std::size_t size);

int frame(const std::uint8_t* data, std::size_t size); ///< fuzz_frame.cpp
int ie(const std::uint8_t* data, std::size_t size); ///< fuzz_ie.cpp
int pcap(const std::uint8_t* data, std::size_t size); ///< fuzz_pcap.cpp
int decrypt(const std::uint8_t* data, std::size_t size); ///< fuzz_decrypt.cpp
int engine(const std::uint8_t* data, std::size_t size); ///< fuzz_engine.cpp
/// fuzz_engine's structure-aware mode (fuzz_engine_script.cpp), for inputs whose byte 0 has bit 7 set;
/// `extended` (byte 0 = 0x81) adds its second configuration byte and steps 16-31.
int engineScript(const std::uint8_t* data, std::size_t size, bool extended = false);
int registrar(const std::uint8_t* data, std::size_t size); ///< fuzz_registrar.cpp
int keyServer(const std::uint8_t* data, std::size_t size); ///< fuzz_key_server.cpp
int cliParsers(const std::uint8_t* data, std::size_t size); ///< fuzz_cli.cpp
int keys(const std::uint8_t* data, std::size_t size); ///< fuzz_keys.cpp
int settings(const std::uint8_t* data, std::size_t size); ///< fuzz_settings.cpp
int contacts(const std::uint8_t* data, std::size_t size); ///< fuzz_contacts.cpp
int e2e(const std::uint8_t* data, std::size_t size); ///< fuzz_e2e.cpp

/// Name (= corpus/regressions subfolder and binary suffix) and entry of every target.
struct Target {
    const char* name;
    Entry entry;
};
inline constexpr Target kTargets[] = {
    { "frame", &frame },
    { "ie", &ie },
    { "pcap", &pcap },
    { "decrypt", &decrypt },
    { "engine", &engine },
    { "cli", &cliParsers },
    { "keys", &keys },
    { "settings", &settings },
    { "registrar", &registrar },
    { "keyserver", &keyServer },
    { "contacts", &contacts },
    { "e2e", &e2e },
};

/// Replaces what happens on a broken invariant. Default (libFuzzer): print and abort(), which
/// libFuzzer records as a crash. The CTest replay installs a handler that records a failure.
void setViolationHandler(std::function<void(const std::string&)> handler);
/// Reports a broken invariant (`what` at `file`:`line`) to the handler.
void violation(const char* file, int line, const std::string& what);

/// A QTemporaryDir template for scratch files of a target: in /dev/shm where it exists (tmpfs: no
/// disk writes or fsync per input), else in $TMPDIR or /tmp. Any thread.
std::string scratchTemplate(const char* name);

/// Reads a structured input front to back; past the end every read yields 0 / empty.
class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size)
        : m_data(data, size)
    { }
    std::uint8_t u8() { return m_pos < m_data.size() ? m_data[m_pos++] : 0; }
    std::uint16_t u16() { return std::uint16_t((u8() << 8) | u8()); }
    /// The next `n` bytes (fewer at the end).
    std::span<const std::uint8_t> bytes(std::size_t n)
    {
        n = std::min(n, m_data.size() - m_pos);
        auto s = m_data.subspan(m_pos, n);
        m_pos += n;
        return s;
    }
    /// Everything not read yet.
    std::span<const std::uint8_t> rest() { return bytes(m_data.size() - m_pos); }
    bool empty() const { return m_pos >= m_data.size(); }

private:
    std::span<const std::uint8_t> m_data;
    std::size_t m_pos = 0;
};

} // namespace iax::fuzz

/// Checks an invariant of a fuzz target (not an input error: those are expected and ignored).
#define IAX_FUZZ_CHECK(cond, what)                                                                                     \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            ::iax::fuzz::violation(__FILE__, __LINE__, (what));                                                        \
    } while (0)

/// Defines LLVMFuzzerTestOneInput for one target when built as a libFuzzer binary.
#ifdef IAX_FUZZ_MAIN
#define IAX_FUZZ_TARGET(fn)                                                                                            \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)                                  \
    {                                                                                                                  \
        return ::iax::fuzz::fn(data, size);                                                                            \
    }
#else
#define IAX_FUZZ_TARGET(fn)
#endif
