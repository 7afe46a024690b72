#pragma once
// Information elements (RFC 5456 §8.6): an ordered list of (id, bytes), typed accessors,
// decoding with reasons, and the IE table (id, name, printer) used by the frame printers.
#include "core/protocol/constants.h"
#include "core/protocol/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iax::core {

/// One IE as on the wire. Unknown ids are kept verbatim.
struct InformationElement {
    std::uint8_t id = 0;
    std::vector<std::uint8_t> data;
    bool operator==(const InformationElement&) const = default;
};

/// The most bytes one IE can carry: its length is a single byte (RFC 5456 §8.6).
inline constexpr std::size_t kMaxIeData = 255;

/// Null when `size` bytes fit one IE `id`; else error "ie-too-long" with a sentence naming the IE,
/// e.g. "CALLED_NUMBER is 300 bytes; an IAX2 information element carries at most 255".
std::optional<Error> ieSizeProblem(std::uint8_t id, std::size_t size);

/// Ordered IE list of an IAX frame. Order is preserved (CALLTOKEN must be last in NEW/REGREQ/POKE).
/// Never holds an IE over 255 bytes: such an IE is refused, and the list remembers it (error()),
/// so that encodeChecked() fails instead of a frame with a wrong length byte going out.
class IeList {
public:
    IeList() = default;

    /// Appends an IE. Data over 255 bytes is not appended: the first such IE sets error()
    /// (checked at run time; callers that send use encodeChecked()).
    IeList& addRaw(std::uint8_t id, std::span<const std::uint8_t> data);
    IeList& addEmpty(IeId id);
    /// Appends a string IE; over 255 bytes it is refused as addRaw does.
    IeList& addString(IeId id, std::string_view s);
    /// Appends free text that may be shortened (CAUSE): cut to 255 bytes on a UTF-8 character boundary.
    IeList& addText(IeId id, std::string_view s);
    IeList& addU8(IeId id, std::uint8_t v);
    IeList& addU16(IeId id, std::uint16_t v);
    IeList& addU32(IeId id, std::uint32_t v);
    /// CAPABILITY2/FORMAT2 layout: version byte 0 + 8-byte big-endian mask.
    IeList& addVersionedU64(IeId id, std::uint64_t v);

    /// First IE with this id, or nullptr.
    const InformationElement* find(IeId id) const;
    bool has(IeId id) const { return find(id) != nullptr; }
    /// Typed getters: nullopt when absent or of the wrong length.
    std::optional<std::string> getString(IeId id) const;
    std::optional<std::uint8_t> getU8(IeId id) const;
    std::optional<std::uint16_t> getU16(IeId id) const;
    std::optional<std::uint32_t> getU32(IeId id) const;
    std::optional<std::uint64_t> getVersionedU64(IeId id) const;

    const std::vector<InformationElement>& items() const { return m_items; }
    /// Overwrites every value with zeros (OPENSSL_cleanse), for a list that carried key material.
    void wipeValues();
    bool empty() const { return m_items.empty(); }
    /// Same IEs in the same order (a remembered error() is not compared).
    bool operator==(const IeList& o) const { return m_items == o.m_items; }

    /// The first IE refused for its size ("ie-too-long"), if any.
    const std::optional<Error>& error() const { return m_error; }
    /// Wire encoding (id, len, data)*, or error() when an IE was refused. Every sender uses this.
    Result<std::vector<std::uint8_t>> encodeChecked() const;
    /// Wire encoding (id, len, data)* of the IEs held (a refused IE is missing: check error() first).
    std::vector<std::uint8_t> encode() const;
    void encodeTo(std::vector<std::uint8_t>& out) const;
    /// Decodes a whole IE area. Errors: "truncated-ie" (header or data runs past the end).
    static Result<IeList> decode(std::span<const std::uint8_t> bytes);

private:
    std::vector<InformationElement> m_items;
    std::optional<Error> m_error;
};

/// One row of the IE table.
struct IeInfo {
    std::uint8_t id;
    const char* name; ///< RFC/decoded.json spelling, e.g. "CALLED_NUMBER"
    const char* asteriskName; ///< as Asterisk's `iax2 set debug on` prints it, e.g. "CALLED NUMBER"
    /// Value printer in decoded.json style, e.g. "'dtmf'", "4 (0x00000004)", "ver=0 0x...", "hex:..."
    std::string (*print)(std::span<const std::uint8_t>);
    /// Value printer in Asterisk debug style, e.g. "dtmf", "2", "(ulaw)", "2026-11-22  11:07:20".
    std::string (*printAsterisk)(std::span<const std::uint8_t>);
};

/// Table lookup; nullptr for ids not in the table.
const IeInfo* ieInfo(std::uint8_t id);

/// IE name in decoded.json spelling ("CALLED_NUMBER"), "IE_<id>" for ids not in the table.
std::string ieName(std::uint8_t id);

/// decoded.json form: `NAME(id)[len]=value`, unknown ids as `IE_<id>(id)[len]=hex:...`.
std::string formatIe(const InformationElement& ie);

/// Asterisk debug form: `   NAME            : value`.
std::string formatIeAsterisk(const InformationElement& ie);

} // namespace iax::core
