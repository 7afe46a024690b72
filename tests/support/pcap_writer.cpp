#include "tests/support/pcap_writer.h"

#include <pcap/pcap.h>

#include <cstring>

namespace iax::test {

namespace {

void put16(std::vector<std::uint8_t>& out, std::uint16_t v)
{
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

std::uint32_t sumWords(std::span<const std::uint8_t> b, std::uint32_t acc)
{
    for (std::size_t i = 0; i + 1 < b.size(); i += 2)
        acc += (std::uint32_t(b[i]) << 8) | b[i + 1];
    if (b.size() % 2)
        acc += std::uint32_t(b.back()) << 8;
    return acc;
}

std::uint16_t foldChecksum(std::uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return static_cast<std::uint16_t>(~acc & 0xFFFF);
}

int dltFor(LinkType link)
{
    switch (link) {
    case LinkType::Loopback:
        return DLT_NULL;
    case LinkType::Ethernet:
        return DLT_EN10MB;
    case LinkType::RawIp:
        return DLT_RAW;
    case LinkType::LinuxSll:
        return DLT_LINUX_SLL;
    }
    return DLT_EN10MB;
}

} // namespace

Endpoint Endpoint::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port)
{
    return Endpoint { { a, b, c, d }, port };
}

Endpoint Endpoint::v6(const std::array<std::uint8_t, 16>& addr, std::uint16_t port)
{
    return Endpoint { std::vector<std::uint8_t>(addr.begin(), addr.end()), port };
}

PcapWriter::PcapWriter(const std::string& path, LinkType link)
    : m_link(link)
{
    pcap_t* p = pcap_open_dead(dltFor(link), 65535);
    if (!p) {
        m_error = "pcap_open_dead failed";
        return;
    }
    m_pcap = p;
    pcap_dumper_t* d = pcap_dump_open(p, path.c_str());
    if (!d) {
        m_error = pcap_geterr(p);
        return;
    }
    m_dumper = d;
}

PcapWriter::~PcapWriter()
{
    close();
}

void PcapWriter::close()
{
    if (m_dumper) {
        pcap_dump_close(static_cast<pcap_dumper_t*>(m_dumper));
        m_dumper = nullptr;
    }
    if (m_pcap) {
        pcap_close(static_cast<pcap_t*>(m_pcap));
        m_pcap = nullptr;
    }
}

std::vector<std::uint8_t> PcapWriter::buildUdp(
    const Endpoint& src, const Endpoint& dst, std::span<const std::uint8_t> payload) const
{
    return buildUdp(m_link, src, dst, payload, static_cast<std::uint16_t>(m_count + 1));
}

std::vector<std::uint8_t> PcapWriter::buildUdp(
    LinkType link, const Endpoint& src, const Endpoint& dst, std::span<const std::uint8_t> payload, std::uint16_t ipId)
{
    const bool v6 = src.ip.size() == 16;
    std::vector<std::uint8_t> out;
    switch (link) {
    case LinkType::Loopback: {
        const std::uint32_t family = 2; // AF_INET, host byte order
        std::uint8_t b[4];
        std::memcpy(b, &family, 4);
        out.insert(out.end(), b, b + 4);
        break;
    }
    case LinkType::Ethernet: {
        const std::uint8_t macs[12] = { 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01 };
        out.insert(out.end(), macs, macs + 12);
        put16(out, v6 ? 0x86DD : 0x0800);
        break;
    }
    case LinkType::RawIp:
        break;
    case LinkType::LinuxSll: {
        put16(out, 0); // packet type: to us
        put16(out, 772); // ARPHRD_LOOPBACK
        put16(out, 6); // address length
        const std::uint8_t addr[8] = { 0x02, 0, 0, 0, 0, 0x01, 0, 0 };
        out.insert(out.end(), addr, addr + 8);
        put16(out, v6 ? 0x86DD : 0x0800);
        break;
    }
    }

    const auto udpLen = static_cast<std::uint16_t>(8 + payload.size());
    std::vector<std::uint8_t> udp;
    put16(udp, src.port);
    put16(udp, dst.port);
    put16(udp, udpLen);
    put16(udp, 0); // checksum, filled below
    udp.insert(udp.end(), payload.begin(), payload.end());

    // UDP checksum over the pseudo header (optional for IPv4, mandatory for IPv6; done for both).
    std::uint32_t acc = sumWords(src.ip, 0);
    acc = sumWords(dst.ip, acc);
    acc += 17;
    acc += udpLen;
    acc = sumWords(udp, acc);
    std::uint16_t ck = foldChecksum(acc);
    if (ck == 0)
        ck = 0xFFFF;
    udp[6] = static_cast<std::uint8_t>(ck >> 8);
    udp[7] = static_cast<std::uint8_t>(ck);

    if (v6) {
        put16(out, 0x6000);
        put16(out, 0);
        put16(out, udpLen);
        out.push_back(17); // next header: UDP
        out.push_back(64); // hop limit
        out.insert(out.end(), src.ip.begin(), src.ip.end());
        out.insert(out.end(), dst.ip.begin(), dst.ip.end());
    } else {
        std::vector<std::uint8_t> ip;
        ip.push_back(0x45);
        ip.push_back(0);
        put16(ip, static_cast<std::uint16_t>(20 + udpLen));
        put16(ip, ipId); // identification
        put16(ip, 0x4000); // DF
        ip.push_back(64);
        ip.push_back(17);
        put16(ip, 0);
        ip.insert(ip.end(), src.ip.begin(), src.ip.end());
        ip.insert(ip.end(), dst.ip.begin(), dst.ip.end());
        const std::uint16_t hck = foldChecksum(sumWords(ip, 0));
        ip[10] = static_cast<std::uint8_t>(hck >> 8);
        ip[11] = static_cast<std::uint8_t>(hck);
        out.insert(out.end(), ip.begin(), ip.end());
    }
    out.insert(out.end(), udp.begin(), udp.end());
    return out;
}

void PcapWriter::writeUdp(const Endpoint& src, const Endpoint& dst, std::span<const std::uint8_t> payload)
{
    writePacket(buildUdp(src, dst, payload));
}

void PcapWriter::writePacket(std::span<const std::uint8_t> packet)
{
    if (!m_dumper)
        return;
    pcap_pkthdr hdr {};
    const std::uint64_t usec = m_count * 20000;
    hdr.ts.tv_sec = static_cast<decltype(hdr.ts.tv_sec)>(1700000000 + usec / 1000000);
    hdr.ts.tv_usec = static_cast<decltype(hdr.ts.tv_usec)>(usec % 1000000);
    hdr.caplen = static_cast<bpf_u_int32>(packet.size());
    hdr.len = hdr.caplen;
    pcap_dump(static_cast<u_char*>(m_dumper), &hdr, packet.data());
    ++m_count;
}

} // namespace iax::test
