#pragma once
// Reads UDP datagrams out of pcap and pcapng captures through libpcap (offline only).
// Link types: Ethernet, BSD loopback (NULL/LOOP), Linux cooked (SLL, SLL2), raw IP; IPv4 and IPv6.
// Not thread-safe; one reader per thread.
#include "core/protocol/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace iax::core {

/// One UDP datagram from a capture.
struct CapturedDatagram {
    std::size_t packetNumber = 0; ///< 1-based index of the packet in the capture (as Wireshark/decoded.json "pkt")
    double timestamp = 0; ///< seconds since the epoch
    std::string src; ///< "ip:port" ("[v6]:port" for IPv6)
    std::string dst;
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    std::vector<std::uint8_t> payload; ///< UDP payload
};

/// Reads every UDP datagram of a capture file (optionally only those with either port == `port`,
/// 0 = all). Non-UDP and truncated packets are skipped and counted in `skipped`.
/// Errors: "open-failed" (unreadable or not a capture; reason carries libpcap's message).
Result<std::vector<CapturedDatagram>> readUdpCapture(
    const std::string& path, std::uint16_t port = 0, std::size_t* skipped = nullptr);
#if !defined(_WIN32) // POSIX fmemopen(); on Windows a FILE* may not cross into Npcap's C runtime either
/// The same for a capture already in memory (the bytes of a capture file), read by libpcap from
/// an fmemopen() stream: what readUdpCapture() gives for a file holding these bytes (fuzz_pcap).
/// Errors: "open-failed" (not a capture; reason carries libpcap's message).
Result<std::vector<CapturedDatagram>> readUdpCaptureBytes(
    std::span<const std::uint8_t> capture, std::uint16_t port = 0, std::size_t* skipped = nullptr);
#endif

} // namespace iax::core
