#include "core/analysis/pcap_reader.h"

#include "core/protocol/byte_io.h"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <span>

namespace iax::core {

namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint8_t kProtoUdp = 17;

// Link types by number, so this builds against libpcap headers that lack some names.
constexpr int kDltNull = 0;
constexpr int kDltEn10Mb = 1;
constexpr int kDltRaw = 12; // DLT_RAW on most platforms
constexpr int kDltRawAlt = 14; // DLT_RAW on OpenBSD
constexpr int kDltLoop = 108;
constexpr int kDltLinuxSll = 113;
constexpr int kLinktypeRaw = 101; // LINKTYPE_RAW as stored in files (libpcap maps it to DLT_RAW)
constexpr int kDltIpv4 = 228;
constexpr int kDltIpv6 = 229;
constexpr int kDltLinuxSll2 = 276;

struct PcapCloser {
    void operator()(pcap_t* p) const { pcap_close(p); }
};

/// Where the IP header starts and which IP version it is (4 or 6), or nullopt if not IP.
struct L3 {
    std::size_t offset;
    int version;
};

int versionFromEthertype(std::uint16_t type)
{
    if (type == kEtherIpv4)
        return 4;
    if (type == kEtherIpv6)
        return 6;
    return 0;
}

int versionFromFirstNibble(Bytes pkt, std::size_t at)
{
    if (pkt.size() <= at)
        return 0;
    const int v = pkt[at] >> 4;
    return (v == 4 || v == 6) ? v : 0;
}

std::optional<L3> findIp(int linktype, Bytes pkt)
{
    switch (linktype) {
    case kDltEn10Mb: {
        if (pkt.size() < 14)
            return std::nullopt;
        std::size_t at = 12;
        std::uint16_t type = byte_io::readU16(pkt, at);
        // Skip up to two VLAN tags.
        for (int i = 0; i < 2 && (type == kEtherVlan || type == kEtherQinQ); ++i) {
            at += 4;
            if (pkt.size() < at + 2)
                return std::nullopt;
            type = byte_io::readU16(pkt, at);
        }
        const int v = versionFromEthertype(type);
        if (!v)
            return std::nullopt;
        return L3 { at + 2, v };
    }
    case kDltNull:
    case kDltLoop: {
        // 4-byte address family: host order for NULL, network order for LOOP. AF_INET is 2
        // everywhere; AF_INET6 differs per OS (10, 24, 28, 30), so look at the IP version nibble.
        if (pkt.size() < 4)
            return std::nullopt;
        const int v = versionFromFirstNibble(pkt, 4);
        if (!v)
            return std::nullopt;
        return L3 { 4, v };
    }
    case kDltLinuxSll: {
        if (pkt.size() < 16)
            return std::nullopt;
        const int v = versionFromEthertype(byte_io::readU16(pkt, 14));
        if (!v)
            return std::nullopt;
        return L3 { 16, v };
    }
    case kDltLinuxSll2: {
        if (pkt.size() < 20)
            return std::nullopt;
        const int v = versionFromEthertype(byte_io::readU16(pkt, 0));
        if (!v)
            return std::nullopt;
        return L3 { 20, v };
    }
    case kDltRaw:
    case kDltRawAlt:
    case kLinktypeRaw:
    case kDltIpv4:
    case kDltIpv6: {
        const int v = versionFromFirstNibble(pkt, 0);
        if (!v)
            return std::nullopt;
        return L3 { 0, v };
    }
    default:
        return std::nullopt;
    }
}

std::string ipv4Text(Bytes b)
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", unsigned(b[0]), unsigned(b[1]), unsigned(b[2]), unsigned(b[3]));
    return buf;
}

// RFC 5952 text form of an IPv6 address (longest run of zero groups compressed).
std::string ipv6Text(Bytes b)
{
    std::uint16_t g[8];
    for (int i = 0; i < 8; ++i)
        g[i] = byte_io::readU16(b, std::size_t(i) * 2);
    int bestStart = -1, bestLen = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0)
            ++j;
        if (j - i > bestLen && j - i >= 2) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    std::string s;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            s += "::";
            i += bestLen - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':')
            s += ':';
        char buf[8];
        std::snprintf(buf, sizeof buf, "%x", unsigned(g[i]));
        s += buf;
    }
    return s;
}

/// Extracts one UDP datagram from the IP packet at `l3`; false if not UDP or truncated.
bool extractUdp(Bytes pkt, const L3& l3, CapturedDatagram& out)
{
    Bytes ip = pkt.subspan(l3.offset);
    std::string srcIp, dstIp;
    Bytes l4;
    if (l3.version == 4) {
        if (ip.size() < 20 || (ip[0] >> 4) != 4)
            return false;
        const std::size_t ihl = std::size_t(ip[0] & 0x0F) * 4;
        if (ihl < 20 || ip.size() < ihl)
            return false;
        if (ip[9] != kProtoUdp)
            return false;
        const std::uint16_t frag = byte_io::readU16(ip, 6);
        if ((frag & 0x1FFF) != 0) // a later fragment: no UDP header here
            return false;
        std::size_t total = byte_io::readU16(ip, 2);
        if (total < ihl)
            return false;
        if (total > ip.size())
            total = ip.size(); // bounded by the captured length; the UDP length check decides
        srcIp = ipv4Text(ip.subspan(12, 4));
        dstIp = ipv4Text(ip.subspan(16, 4));
        out.src = srcIp;
        out.dst = dstIp;
        l4 = ip.subspan(ihl, total - ihl);
    } else {
        if (ip.size() < 40 || (ip[0] >> 4) != 6)
            return false;
        if (ip[6] != kProtoUdp) // extension headers are not chased
            return false;
        std::size_t plen = byte_io::readU16(ip, 4);
        if (plen > ip.size() - 40)
            plen = ip.size() - 40;
        out.src = "[" + ipv6Text(ip.subspan(8, 16)) + "]";
        out.dst = "[" + ipv6Text(ip.subspan(24, 16)) + "]";
        l4 = ip.subspan(40, plen);
    }
    if (l4.size() < 8)
        return false;
    out.srcPort = byte_io::readU16(l4, 0);
    out.dstPort = byte_io::readU16(l4, 2);
    const std::size_t udpLen = byte_io::readU16(l4, 4);
    if (udpLen < 8 || udpLen > l4.size())
        return false; // truncated by the snap length, or a bogus length
    out.payload.assign(l4.begin() + 8, l4.begin() + std::ptrdiff_t(udpLen));
    out.src += ":" + std::to_string(out.srcPort);
    out.dst += ":" + std::to_string(out.dstPort);
    return true;
}

// Every UDP datagram of an open capture (see readUdpCapture).
std::vector<CapturedDatagram> readDatagrams(pcap_t* pcap, std::uint16_t port, std::size_t* skipped)
{
    const int linktype = pcap_datalink(pcap);

    std::vector<CapturedDatagram> out;
    std::size_t skip = 0;
    std::size_t number = 0;
    for (;;) {
        pcap_pkthdr* hdr = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(pcap, &hdr, &data);
        if (rc == PCAP_ERROR_BREAK || rc == PCAP_ERROR)
            break; // end of file, or a damaged tail: keep what was read
        if (rc != 1)
            continue;
        ++number;
        const Bytes pkt(data, hdr->caplen);
        CapturedDatagram d;
        d.packetNumber = number;
        d.timestamp = double(hdr->ts.tv_sec) + double(hdr->ts.tv_usec) / 1e6;
        const auto l3 = findIp(linktype, pkt);
        if (!l3 || !extractUdp(pkt, *l3, d)) {
            ++skip;
            continue;
        }
        if (port != 0 && d.srcPort != port && d.dstPort != port)
            continue; // filtered out, not counted as skipped
        out.push_back(std::move(d));
    }
    if (skipped)
        *skipped = skip;
    return out;
}

} // namespace

Result<std::vector<CapturedDatagram>> readUdpCapture(const std::string& path, std::uint16_t port, std::size_t* skipped)
{
    char err[PCAP_ERRBUF_SIZE] = { 0 };
    std::unique_ptr<pcap_t, PcapCloser> pcap(pcap_open_offline(path.c_str(), err));
    if (!pcap)
        return makeError("open-failed", "cannot read capture '" + path + "': " + err);
    return readDatagrams(pcap.get(), port, skipped);
}

#if !defined(_WIN32)
Result<std::vector<CapturedDatagram>> readUdpCaptureBytes(
    std::span<const std::uint8_t> capture, std::uint16_t port, std::size_t* skipped)
{
    if (capture.empty()) // fmemopen() refuses a size of 0 (and libpcap an empty file)
        return makeError("open-failed", "cannot read capture from memory: empty");
    // A read-only stream over the caller's bytes (fmemopen does not write in mode "r").
    std::FILE* stream = fmemopen(const_cast<std::uint8_t*>(capture.data()), capture.size(), "r");
    if (!stream)
        return makeError("open-failed", std::string("cannot read capture from memory: ") + std::strerror(errno));
    char err[PCAP_ERRBUF_SIZE] = { 0 };
    std::unique_ptr<pcap_t, PcapCloser> pcap(pcap_fopen_offline(stream, err));
    if (!pcap) {
        std::fclose(stream); // pcap_close() closes it once libpcap has taken it
        return makeError("open-failed", std::string("cannot read capture from memory: ") + err);
    }
    return readDatagrams(pcap.get(), port, skipped);
}
#endif

} // namespace iax::core
