#pragma once
// EngineHost's batched UDP I/O on Linux (EngineHost::BatchIo): the bound socket's own descriptor
// read with recvmmsg (UDP_GRO reads split into their datagrams) and written with sendmmsg (runs
// of equal-sized datagrams to one peer as UDP_SEGMENT buffers), and the address caches that keep
// addresses from being parsed or printed per datagram. Host thread only. EngineHost::readBatch
// and EngineHost::flushTransmits are in udp_batch_socket.cpp.
#include "core/net/engine_host.h"

#include <QHostAddress>
#include <QSocketNotifier>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>
#endif

namespace iax::net {

/// The Engine's form of a socket address (IPv4 dotted, also from a v4-mapped IPv6 address; IPv6
/// without scope). Any thread.
core::PeerAddress toPeerAddress(const QHostAddress& a, quint16 port);

#if defined(Q_OS_LINUX)
struct EngineHost::BatchIo {
    static constexpr int kBatch = EngineHost::kReadsPerTurn;
    static constexpr std::size_t kSlot = 65536; // the largest UDP payload fits: never truncated
    // Slots 64 KiB + 17 cache lines apart: 64 KiB apart, every slot's first bytes would fall in
    // the same cache set.
    static constexpr std::size_t kStride = kSlot + 17 * 64;
    static constexpr std::size_t kMaxCached = 4096; // a spoofing flood cannot grow the caches further
    // UDP segmentation offload (Linux >= 4.18): a run of equal-sized datagrams to one peer goes
    // down the stack as one buffer the kernel cuts into datagrams (UDP_SEGMENT), and a socket with
    // UDP_GRO takes such runs in one read. Only runs of at least kMinGsoRun (a trunk or a load
    // test: many calls to one peer in one tick): a capture on the sending host shows a run as one
    // large datagram, so an ordinary call's datagrams stay one per buffer on every layer.
    static constexpr std::size_t kMinGsoRun = 16;
    static constexpr std::size_t kMaxGsoSegments = 64; // the kernel's UDP_MAX_SEGMENTS
    static constexpr std::size_t kMaxGsoSegment = 1200; // fits any path MTU the kernel accepts
    static constexpr std::size_t kMaxGsoBytes = 60000; // below the 64 KiB of one IP datagram

    /// A received source address as the kernel gave it (IPv4, or IPv6 without scope).
    struct RawKey {
        std::array<std::uint8_t, 16> addr {};
        std::uint16_t port = 0;
        std::uint8_t family = 0;
        bool operator==(const RawKey&) const = default;
    };
    struct RawKeyHash {
        std::size_t operator()(const RawKey& k) const noexcept
        {
            std::uint64_t a = 0, b = 0;
            std::memcpy(&a, k.addr.data(), 8);
            std::memcpy(&b, k.addr.data() + 8, 8);
            return std::hash<std::uint64_t> {}(a * 0x9E3779B97F4A7C15ull ^ b ^ (std::uint64_t(k.port) << 8) ^ k.family);
        }
    };
    struct Dest {
        sockaddr_storage addr {};
        socklen_t len = 0; // 0: not sendable from this socket
    };

    int fd = -1;
    int family = AF_INET;
    QSocketNotifier* notifier = nullptr;
    bool gso = false; // UDP_SEGMENT works on this socket (cleared when the kernel refuses it)
    std::unique_ptr<std::uint8_t[]> rx { new std::uint8_t[kBatch * kStride] }; // uninitialised: pages touched on use
    std::array<mmsghdr, kBatch> rmsg {};
    std::array<iovec, kBatch> riov {};
    std::array<sockaddr_storage, kBatch> rfrom {};
    union Control { // room for one UDP_SEGMENT (uint16) or UDP_GRO (int) control message
        cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int))];
    };
    std::array<Control, kBatch> rctl {};
    std::vector<core::Transmit> pending;
    // One message per datagram, or per GSO run; its iovecs point into `pending`.
    std::vector<mmsghdr> smsg;
    std::vector<iovec> siov;
    std::vector<sockaddr_storage> sto; // each message's destination (copied: the cache may be cleared)
    std::vector<Control> sctl;
    std::vector<std::size_t> sfirst, scount; // each message's first pending datagram and how many
    std::unordered_map<RawKey, core::PeerAddress, RawKeyHash> peers;
    std::unordered_map<core::PeerAddress, Dest, core::PeerAddressHash> dests;

    ~BatchIo()
    {
        delete notifier;
        if (fd >= 0)
            ::close(fd);
    }

    const core::PeerAddress& peerOf(const sockaddr_storage& from)
    {
        RawKey k;
        if (from.ss_family == AF_INET) {
            const auto& in = reinterpret_cast<const sockaddr_in&>(from);
            std::memcpy(k.addr.data(), &in.sin_addr, 4);
            k.port = ntohs(in.sin_port);
        } else {
            const auto& in6 = reinterpret_cast<const sockaddr_in6&>(from);
            std::memcpy(k.addr.data(), &in6.sin6_addr, 16);
            k.port = ntohs(in6.sin6_port);
        }
        k.family = std::uint8_t(from.ss_family);
        if (const auto it = peers.find(k); it != peers.end())
            return it->second;
        if (peers.size() >= kMaxCached)
            peers.clear();
        return peers.emplace(k, toPeerAddress(QHostAddress(reinterpret_cast<const sockaddr*>(&from)), k.port))
            .first->second;
    }

    const Dest& destOf(const core::PeerAddress& to)
    {
        if (const auto it = dests.find(to); it != dests.end())
            return it->second;
        if (dests.size() >= kMaxCached)
            dests.clear();
        Dest d;
        const QHostAddress a(QString::fromStdString(to.host));
        bool isV4 = false;
        const quint32 v4 = a.toIPv4Address(&isV4);
        if (isV4 && family == AF_INET) {
            auto& in = reinterpret_cast<sockaddr_in&>(d.addr);
            in.sin_family = AF_INET;
            in.sin_port = htons(to.port);
            in.sin_addr.s_addr = htonl(v4);
            d.len = sizeof(sockaddr_in);
        } else if (family == AF_INET6 && (isV4 || a.protocol() == QAbstractSocket::IPv6Protocol)) {
            auto& in6 = reinterpret_cast<sockaddr_in6&>(d.addr);
            in6.sin6_family = AF_INET6;
            in6.sin6_port = htons(to.port);
            const Q_IPV6ADDR bytes
                = isV4 ? QHostAddress(QStringLiteral("::ffff:") + a.toString()).toIPv6Address() : a.toIPv6Address();
            std::memcpy(&in6.sin6_addr, bytes.c, 16);
            if (!isV4 && !a.scopeId().isEmpty()) {
                bool numeric = false;
                const uint id = a.scopeId().toUInt(&numeric);
                in6.sin6_scope_id = numeric ? id : ::if_nametoindex(a.scopeId().toLocal8Bit().constData());
            }
            d.len = sizeof(sockaddr_in6);
        }
        return dests.emplace(to, d).first->second;
    }
};
#else
struct EngineHost::BatchIo { };
#endif

} // namespace iax::net
