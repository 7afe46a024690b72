#pragma once
// Test helper: writes UDP datagrams (with IPv4/IPv6 + UDP headers and a link-layer header) into a
// pcap file through libpcap's pcap_open_dead/pcap_dump, so captures can be built from encoder output
// and fed to tshark or to our own reader. Test-only; not thread-safe.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace iax::test {

/// An IP address (4 bytes = IPv4, 16 bytes = IPv6) and a UDP port.
struct Endpoint {
    std::vector<std::uint8_t> ip;
    std::uint16_t port = 0;

    static Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port);
    static Endpoint v6(const std::array<std::uint8_t, 16>& addr, std::uint16_t port);
};

/// Link-layer framing of the written file.
enum class LinkType {
    Loopback, ///< DLT_NULL (4-byte host-order address family), IPv4 only
    Ethernet, ///< DLT_EN10MB
    RawIp, ///< DLT_RAW (no link header)
    LinuxSll, ///< DLT_LINUX_SLL (16-byte cooked header)
};

/// Writes a pcap file. Construction opens it; check ok() (error() says why it failed).
class PcapWriter {
public:
    PcapWriter(const std::string& path, LinkType link);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    bool ok() const { return m_dumper != nullptr; }
    const std::string& error() const { return m_error; }

    /// Appends one UDP datagram. Timestamps advance by 20 ms per packet from a fixed epoch.
    void writeUdp(const Endpoint& src, const Endpoint& dst, std::span<const std::uint8_t> payload);
    /// Appends a packet given with its link-layer header already in place (for malformed cases).
    void writePacket(std::span<const std::uint8_t> packet);
    /// The packet writeUdp() would write next (link header + IP + UDP + payload).
    std::vector<std::uint8_t> buildUdp(
        const Endpoint& src, const Endpoint& dst, std::span<const std::uint8_t> payload) const;
    /// Same for any link type, without a file; `ipId` is the IPv4 identification field.
    static std::vector<std::uint8_t> buildUdp(LinkType link, const Endpoint& src, const Endpoint& dst,
        std::span<const std::uint8_t> payload, std::uint16_t ipId = 1);
    /// Flushes and closes the file (also done by the destructor).
    void close();

private:
    void* m_pcap = nullptr; // pcap_t*
    void* m_dumper = nullptr; // pcap_dumper_t*
    LinkType m_link;
    std::uint64_t m_count = 0;
    std::string m_error;
};

} // namespace iax::test
