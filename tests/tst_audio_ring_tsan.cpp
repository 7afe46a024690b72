// The SPSC ring under ThreadSanitizer: a producer thread (the "PortAudio callback") and a
// consumer thread (the "media thread") move 20,000 frames through an 8-slot ring (2,500 laps);
// every frame must arrive once, in order, intact, and TSan (halt_on_error) must report no race.
// The count is bounded by the machine, not the CPU: with the ring full or empty a thread yields,
// so each lap costs a hand-over between the threads, and on a loaded machine (load 23 on two
// cores) 200,000 frames took 173 s of wall time for 9 s of CPU and hit CTest's timeout. TSan
// sees a race from the happens-before order of the accesses, not from how often they repeat.
// Built with -fsanitize=thread as its own executable (tests/audio.cmake); plain C++ (no Qt, which
// is not TSan-instrumented). `--racy` runs the same traffic through a deliberately unsynchronised
// ring: CTest expects that run to FAIL, proving the TSan check can fail.
#include "audio/spsc_ring.h"

#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

namespace {

// The same ring with plain (non-atomic) indices: a data race TSan must see.
class RacyRing {
public:
    RacyRing(std::size_t frames, std::size_t n)
        : m_n(n)
        , m_cap(frames)
        , m_data(frames * n)
    { }
    bool push(const std::int16_t* f)
    {
        if (m_w - m_r >= m_cap)
            return false;
        std::memcpy(&m_data[(m_w % m_cap) * m_n], f, m_n * 2);
        ++m_w;
        return true;
    }
    bool pop(std::int16_t* f)
    {
        if (m_r == m_w)
            return false;
        std::memcpy(f, &m_data[(m_r % m_cap) * m_n], m_n * 2);
        ++m_r;
        return true;
    }

private:
    std::size_t m_n, m_cap;
    std::vector<std::int16_t> m_data;
    std::size_t m_w = 0, m_r = 0;
};

template<typename Ring> int run(Ring& ring, int frames, std::size_t n)
{
    std::thread producer([&] {
        std::vector<std::int16_t> f(n);
        for (int i = 0; i < frames;) {
            for (std::size_t k = 0; k < n; ++k)
                f[k] = std::int16_t(i + int(k));
            if (ring.push(f.data()))
                ++i;
            else
                std::this_thread::yield();
        }
    });
    std::vector<std::int16_t> f(n);
    int bad = 0;
    for (int expected = 0; expected < frames;) {
        if (!ring.pop(f.data())) {
            std::this_thread::yield();
            continue;
        }
        for (std::size_t k = 0; k < n; ++k)
            bad += f[k] != std::int16_t(expected + int(k));
        ++expected;
    }
    producer.join();
    return bad;
}

} // namespace

int main(int argc, char** argv)
{
    const bool racy = argc > 1 && std::strcmp(argv[1], "--racy") == 0;
    const std::size_t n = 960; // 20 ms at 48 kHz
    int bad = 0;
    if (racy) {
        RacyRing ring(8, n);
        bad = run(ring, 20000, n);
    } else {
        iax::audio::SpscRing ring(8, n);
        bad = run(ring, 20000, n);
        if (ring.size() != 0)
            bad = 1;
    }
    std::printf("%s ring: %d corrupted samples\n", racy ? "racy" : "spsc", bad);
    return bad == 0 ? 0 : 1;
}
