// Naming and printing of information elements: the IE table (id, name, how to print a value in
// decoded.json style and in Asterisk's `iax2 set debug on` style) and the functions over it.
#include "core/protocol/codec_names.h"
#include "core/protocol/information_element.h"

#include "core/protocol/byte_io.h"

#include <array>
#include <cstdio>

namespace iax::core {

namespace {

using Bytes = std::span<const std::uint8_t>;

std::string hexValue(Bytes b)
{
    return "hex:" + byte_io::toHex(b);
}

bool isPrintable(Bytes b)
{
    for (std::uint8_t c : b)
        if (c < 0x20 || c > 0x7E)
            return false;
    return true;
}

std::string rawString(Bytes b)
{
    return std::string(b.begin(), b.end());
}

// ---- decoded.json printers ------------------------------------------------------------------

std::string printString(Bytes b)
{
    return isPrintable(b) ? "'" + rawString(b) + "'" : hexValue(b);
}
std::string printHex(Bytes b)
{
    return hexValue(b);
}

std::string printU8Plain(Bytes b)
{
    return b.size() == 1 ? std::to_string(b[0]) : hexValue(b);
}

std::string printU16Plain(Bytes b)
{
    return b.size() == 2 ? std::to_string(byte_io::readU16(b, 0)) : hexValue(b);
}

// A 2- or 4-byte value as "v (0x…)", the hex at the value's full width; hex: when the size is off.
std::string printUnsigned(Bytes b, std::size_t size)
{
    if (b.size() != size)
        return hexValue(b);
    const unsigned long v = size == 2 ? byte_io::readU16(b, 0) : byte_io::readU32(b, 0);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%lu (0x%0*lx)", v, int(2 * size), v);
    return buf;
}

std::string printU16(Bytes b)
{
    return printUnsigned(b, 2);
}

std::string printU32(Bytes b)
{
    return printUnsigned(b, 4);
}

std::string printVersionedU64(Bytes b)
{
    if (b.size() != 9)
        return hexValue(b);
    char buf[48];
    std::snprintf(
        buf, sizeof buf, "ver=%u 0x%016llx", unsigned(b[0]), static_cast<unsigned long long>(byte_io::readU64(b, 1)));
    return buf;
}

// ---- Asterisk `iax2 set debug on` printers ----------------------------------------------------

std::string astString(Bytes b)
{
    std::string s;
    for (std::uint8_t c : b) {
        if (c >= 0x20 && c <= 0x7E) {
            s.push_back(static_cast<char>(c));
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(c));
            s += buf;
        }
    }
    return s;
}

std::string astStringHex(Bytes b)
{
    std::string s;
    for (std::uint8_t c : b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(c));
        s += buf;
    }
    return s;
}

std::string astByte(Bytes b)
{
    return b.size() == 1 ? std::to_string(b[0]) : hexValue(b);
}
std::string astShort(Bytes b)
{
    return b.size() == 2 ? std::to_string(byte_io::readU16(b, 0)) : hexValue(b);
}
std::string astInt(Bytes b)
{
    return b.size() == 4 ? std::to_string(byte_io::readU32(b, 0)) : hexValue(b);
}

std::string astBytesOrPresent(Bytes b)
{
    return b.empty() ? std::string("Present") : std::to_string(b.size()) + " bytes";
}

std::string codecBitName(unsigned bit)
{
    if (const char* n = codecNameOfBit(bit))
        return n;
    return "bit" + std::to_string(bit);
}

std::string astVersionedCodec(Bytes b)
{
    if (b.size() != 9)
        return hexValue(b);
    const std::uint64_t mask = byte_io::readU64(b, 1);
    std::string names;
    int count = 0;
    for (unsigned bit = 0; bit < 64; ++bit) {
        if (mask & (std::uint64_t(1) << bit)) {
            if (count++)
                names += '|';
            names += codecBitName(bit);
        }
    }
    if (count == 0)
        return "(nothing)";
    return count == 1 ? names : "(" + names + ")";
}

std::string astPrefs(Bytes b)
{
    // Each character is 'A' + (codec bit index + 1).
    std::string s = "(";
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i)
            s += '|';
        const int bit = int(b[i]) - 'A' - 1;
        s += (bit >= 0 && bit < 64) ? codecBitName(unsigned(bit)) : std::string("?");
    }
    return s + ")";
}

std::string astDateTime(Bytes b)
{
    if (b.size() != 4)
        return hexValue(b);
    const std::uint32_t v = byte_io::readU32(b, 0);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u  %02u:%02u:%02u", unsigned((v >> 25) + 2000),
        unsigned((v >> 21) & 0x0F), unsigned((v >> 16) & 0x1F), unsigned((v >> 11) & 0x1F), unsigned((v >> 5) & 0x3F),
        unsigned((v & 0x1F) << 1));
    return buf;
}

std::string astAddr(Bytes b)
{
    // Asterisk sends a struct sockaddr_in: family in host order (2 = AF_INET), port and address
    // in network order, 8 bytes of zero.
    if (b.size() == 16 && ((b[0] == 2 && b[1] == 0) || (b[0] == 0 && b[1] == 2))) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "IPV4 %u.%u.%u.%u:%u", unsigned(b[4]), unsigned(b[5]), unsigned(b[6]),
            unsigned(b[7]), unsigned(byte_io::readU16(b, 2)));
        return buf;
    }
    return hexValue(b);
}

std::string astSampRate(Bytes b)
{
    if (b.size() != 2)
        return hexValue(b);
    static constexpr std::array<const char*, 6> kRates { "8000", "11025", "16000", "22050", "44100", "48000" };
    const unsigned v = byte_io::readU16(b, 0);
    std::string s;
    for (unsigned i = 0; i < kRates.size(); ++i) {
        if (v & (1U << i)) {
            if (!s.empty())
                s += ',';
            s += kRates[i];
        }
    }
    return s.empty() ? "None Specified!" : s;
}

std::string astHexOrPresent(Bytes b)
{
    return b.empty() ? std::string("Present") : hexValue(b);
}

// ---- the table ------------------------------------------------------------------------------

constexpr IeInfo kTable[] = {
    { 1, "CALLED_NUMBER", "CALLED NUMBER", printString, astString },
    { 2, "CALLING_NUMBER", "CALLING NUMBER", printString, astString },
    { 3, "CALLING_ANI", "ANI", printString, astString },
    { 4, "CALLING_NAME", "CALLING NAME", printString, astString },
    { 5, "CALLED_CONTEXT", "CALLED CONTEXT", printString, astString },
    { 6, "USERNAME", "USERNAME", printString, astString },
    { 7, "PASSWORD", "PASSWORD", printString, astString },
    { 8, "CAPABILITY", "CAPABILITY", printU32, astInt },
    { 9, "FORMAT", "FORMAT", printU32, astInt },
    { 10, "LANGUAGE", "LANGUAGE", printString, astString },
    { 11, "VERSION", "VERSION", printU16Plain, astShort },
    { 12, "ADSICPE", "ADSICPE", printU16, astShort },
    { 13, "DNID", "DNID", printString, astString },
    { 14, "AUTHMETHODS", "AUTHMETHODS", printU16, astShort },
    { 15, "CHALLENGE", "CHALLENGE", printString, astStringHex },
    { 16, "MD5_RESULT", "MD5 RESULT", printString, astString },
    { 17, "RSA_RESULT", "RSA RESULT", printString, astString },
    { 18, "APPARENT_ADDR", "APPARENT ADDRESS", printHex, astAddr },
    { 19, "REFRESH", "REFRESH", printU16, astShort },
    { 20, "DPSTATUS", "DIALPLAN STATUS", printU16, astShort },
    { 21, "CALLNO", "CALL NUMBER", printU16, astShort },
    { 22, "CAUSE", "CAUSE", printString, astString },
    { 23, "IAX_UNKNOWN", "UNKNOWN IAX CMD", printU8Plain, astByte },
    { 24, "MSGCOUNT", "MESSAGE COUNT", printU16, astShort },
    { 25, "AUTOANSWER", "AUTO ANSWER REQ", printHex, astBytesOrPresent },
    { 26, "MUSICONHOLD", "MUSIC ON HOLD", printString, astString },
    { 27, "TRANSFERID", "TRANSFER ID", printU32, astInt },
    { 28, "RDNIS", "REFERRING DNIS", printString, astString },
    { 29, "PROVISIONING", "PROVISIONING", printHex, astHexOrPresent },
    { 30, "AESPROVISIONING", "AES PROVISIONG", printHex, astBytesOrPresent },
    { 31, "DATETIME", "DATE TIME", printU32, astDateTime },
    { 32, "DEVICETYPE", "DEVICE TYPE", printString, astString },
    { 33, "SERVICEIDENT", "SERVICE IDENT", printString, astString },
    { 34, "FIRMWAREVER", "FIRMWARE VER", printU16, astShort },
    { 35, "FWBLOCKDESC", "FW BLOCK DESC", printU32, astInt },
    { 36, "FWBLOCKDATA", "FW BLOCK DATA", printHex, astBytesOrPresent },
    { 37, "PROVVER", "PROVISIONG VER", printU32, astInt },
    { 38, "CALLINGPRES", "CALLING PRESNTN", printU8Plain, astByte },
    { 39, "CALLINGTON", "CALLING TYPEOFN", printU8Plain, astByte },
    { 40, "CALLINGTNS", "CALLING TRANSIT", printU16, astShort },
    { 41, "SAMPLINGRATE", "SAMPLINGRATE", printU16, astSampRate },
    { 42, "CAUSECODE", "CAUSE CODE", printU8Plain, astByte },
    { 43, "ENCRYPTION", "ENCRYPTION", printU16, astShort },
    { 44, "ENCKEY", "ENCRYPTION KEY", printHex, astBytesOrPresent },
    { 45, "CODEC_PREFS", "CODEC_PREFS", printString, astPrefs },
    { 46, "RR_JITTER", "RR_JITTER", printU32, astInt },
    { 47, "RR_LOSS", "RR_LOSS", printU32, astInt },
    { 48, "RR_PKTS", "RR_PKTS", printU32, astInt },
    { 49, "RR_DELAY", "RR_DELAY", printU16, astShort },
    { 50, "RR_DROPPED", "RR_DROPPED", printU32, astInt },
    { 51, "RR_OOO", "RR_OUTOFORDER", printU32, astInt },
    { 52, "VARIABLE", "VARIABLE", printString, astString },
    { 53, "OSPTOKEN", "OSPTOKEN", printHex, astBytesOrPresent },
    { 54, "CALLTOKEN", "CALLTOKEN", printString, astBytesOrPresent },
    { 55, "CAPABILITY2", "CAPABILITY2", printVersionedU64, astVersionedCodec },
    { 56, "FORMAT2", "FORMAT2", printVersionedU64, astVersionedCodec },
    { 57, "CALLINGANI2", "CALLING ANI2", printU32, astInt },
};

// The table is indexed by id - 1; keep it dense.
constexpr bool tableIsDense()
{
    for (std::size_t i = 0; i < std::size(kTable); ++i)
        if (kTable[i].id != i + 1)
            return false;
    return true;
}
static_assert(tableIsDense(), "IE table must be ordered by id without gaps");

} // namespace

// ---- table access and printing -----------------------------------------------------------------

const IeInfo* ieInfo(std::uint8_t id)
{
    if (id == 0 || id > std::size(kTable))
        return nullptr;
    return &kTable[id - 1];
}

std::string ieName(std::uint8_t id)
{
    if (const IeInfo* info = ieInfo(id))
        return info->name;
    return "IE_" + std::to_string(id);
}

std::string formatIe(const InformationElement& ie)
{
    const IeInfo* info = ieInfo(ie.id);
    const std::string value = info ? info->print(ie.data) : hexValue(ie.data);
    return ieName(ie.id) + "(" + std::to_string(ie.id) + ")[" + std::to_string(ie.data.size()) + "]=" + value;
}

std::string formatIeAsterisk(const InformationElement& ie)
{
    const IeInfo* info = ieInfo(ie.id);
    std::string name;
    std::string value;
    if (info) {
        name = info->asteriskName;
        value = info->printAsterisk(ie.data);
    } else {
        char buf[24];
        std::snprintf(buf, sizeof buf, "Unknown IE %03u", unsigned(ie.id));
        name = buf;
        value = astHexOrPresent(ie.data);
    }
    char head[32];
    std::snprintf(head, sizeof head, "   %-15.15s : ", name.c_str());
    return head + value;
}

} // namespace iax::core
