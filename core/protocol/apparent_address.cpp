#include "core/protocol/apparent_address.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace iax::core {

namespace {
constexpr std::uint8_t kAfInet = 2;
constexpr std::uint8_t kAfInet6 = 10;

std::optional<std::array<std::uint8_t, 4>> parseV4(const std::string& s)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 || d > 255)
        return std::nullopt;
    return std::array<std::uint8_t, 4> { std::uint8_t(a), std::uint8_t(b), std::uint8_t(c), std::uint8_t(d) };
}

std::optional<std::array<std::uint8_t, 16>> parseV6(const std::string& s)
{
    // Groups of hex separated by ':' with at most one "::"; no embedded IPv4.
    std::array<std::uint16_t, 8> head {}, tail {};
    int nHead = 0, nTail = 0;
    bool gap = false;
    std::size_t i = 0;
    if (s.rfind("::", 0) == 0) {
        gap = true;
        i = 2;
    }
    while (i < s.size()) {
        unsigned v = 0;
        int digits = 0;
        while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])) && digits < 5) {
            v = v * 16
                + static_cast<unsigned>(
                    std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
            ++i;
            ++digits;
        }
        if (digits == 0 || digits > 4)
            return std::nullopt;
        if (gap) {
            if (nTail >= 8)
                return std::nullopt;
            tail[std::size_t(nTail++)] = std::uint16_t(v);
        } else {
            if (nHead >= 8)
                return std::nullopt;
            head[std::size_t(nHead++)] = std::uint16_t(v);
        }
        if (i == s.size())
            break;
        if (s[i] != ':')
            return std::nullopt;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap)
                return std::nullopt;
            gap = true;
            ++i;
        }
    }
    if (nHead + nTail > 8 || (!gap && nHead != 8))
        return std::nullopt;
    std::array<std::uint16_t, 8> g {};
    for (int k = 0; k < nHead; ++k)
        g[std::size_t(k)] = head[std::size_t(k)];
    for (int k = 0; k < nTail; ++k)
        g[std::size_t(8 - nTail + k)] = tail[std::size_t(k)];
    std::array<std::uint8_t, 16> out {};
    for (std::size_t k = 0; k < 8; ++k) {
        out[2 * k] = std::uint8_t(g[k] >> 8);
        out[2 * k + 1] = std::uint8_t(g[k] & 0xFF);
    }
    return out;
}

std::string formatV6(std::span<const std::uint8_t> a)
{
    std::array<unsigned, 8> g {};
    for (std::size_t k = 0; k < 8; ++k)
        g[k] = (unsigned(a[2 * k]) << 8) | a[2 * k + 1];
    // Longest run of zero groups (length >= 2) becomes "::" (RFC 5952).
    int best = -1, bestLen = 0;
    for (int k = 0; k < 8;) {
        int len = 0;
        while (k + len < 8 && g[std::size_t(k + len)] == 0)
            ++len;
        if (len > bestLen && len >= 2) {
            best = k;
            bestLen = len;
        }
        k += len ? len : 1;
    }
    std::string s;
    char buf[8];
    for (int k = 0; k < 8; ++k) {
        if (k == best) {
            s += "::";
            k += bestLen - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':')
            s += ':';
        std::snprintf(buf, sizeof buf, "%x", g[std::size_t(k)]);
        s += buf;
    }
    return s;
}
} // namespace

std::vector<std::uint8_t> encodeApparentAddress(const PeerAddress& addr)
{
    if (auto v6 = parseV6(addr.host); v6 && addr.host.find(':') != std::string::npos) {
        std::vector<std::uint8_t> out(28, 0);
        out[0] = kAfInet6;
        out[2] = std::uint8_t(addr.port >> 8);
        out[3] = std::uint8_t(addr.port & 0xFF);
        std::copy(v6->begin(), v6->end(), out.begin() + 8);
        return out;
    }
    std::vector<std::uint8_t> out(16, 0);
    out[0] = kAfInet;
    out[2] = std::uint8_t(addr.port >> 8);
    out[3] = std::uint8_t(addr.port & 0xFF);
    if (auto v4 = parseV4(addr.host))
        std::copy(v4->begin(), v4->end(), out.begin() + 4);
    return out;
}

std::optional<PeerAddress> decodeApparentAddress(std::span<const std::uint8_t> d)
{
    if (d.size() < 8)
        return std::nullopt;
    // The family is in the sender's host order: accept either byte order.
    const unsigned family = d[0] ? d[0] : d[1];
    const auto port = static_cast<std::uint16_t>((d[2] << 8) | d[3]);
    if (family == kAfInet) {
        return PeerAddress { std::to_string(d[4]) + "." + std::to_string(d[5]) + "." + std::to_string(d[6]) + "."
                + std::to_string(d[7]),
            port };
    }
    if (family == kAfInet6 && d.size() >= 24)
        return PeerAddress { formatV6(d.subspan(8, 16)), port };
    return std::nullopt;
}

} // namespace iax::core
