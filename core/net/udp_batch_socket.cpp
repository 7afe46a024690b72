#include "core/net/udp_batch_socket.h"

#include <QSocketNotifier>
#include <QUdpSocket>

#include <algorithm>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <unordered_map>
#include <vector>
#endif

namespace iax::net {

core::PeerAddress toPeerAddress(const QHostAddress& a, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4)
        return { QHostAddress(v4).toString().toStdString(), port };
    QHostAddress plain(a);
    plain.setScopeId(QString());
    return { plain.toString().toStdString(), port };
}

#if defined(Q_OS_LINUX)
struct UdpBatchSocket::Impl {
    static constexpr int kBatch = UdpBatchSocket::kBatch;
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

    ~Impl()
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
struct UdpBatchSocket::Impl { };
#endif

UdpBatchSocket::UdpBatchSocket() = default;

UdpBatchSocket::~UdpBatchSocket() = default;

std::unique_ptr<UdpBatchSocket> UdpBatchSocket::adopt(QUdpSocket& bound)
{
#if defined(Q_OS_LINUX)
    // Its own descriptor (a duplicate, so closing the QUdpSocket leaves it open) with a notifier
    // of its own.
    const int fd = ::dup(int(bound.socketDescriptor()));
    if (fd < 0)
        return nullptr;
    std::unique_ptr<UdpBatchSocket> s(new UdpBatchSocket);
    s->m_d = std::make_unique<Impl>();
    Impl& b = *s->m_d;
    b.fd = fd;
    sockaddr_storage local {};
    socklen_t len = sizeof(local);
    b.family = ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0 ? local.ss_family : AF_INET;
    // Segmentation offload where the kernel has it (a zero size is the probe: it changes
    // nothing); IAXPHONE_UDP_GSO=0 turns it off, e.g. to capture on this host.
    const int zero = 0, one = 1;
    b.gso = qEnvironmentVariable("IAXPHONE_UDP_GSO") != QLatin1String("0")
        && ::setsockopt(fd, SOL_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0
        && ::setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof(one)) == 0;
    bound.close();
    b.notifier = new QSocketNotifier(fd, QSocketNotifier::Read);
    connect(b.notifier, &QSocketNotifier::activated, s.get(), &UdpBatchSocket::readyRead);
    return s;
#else
    Q_UNUSED(bound);
    return nullptr;
#endif
}

void UdpBatchSocket::read(
    const std::function<void(std::span<const std::uint8_t>, const core::PeerAddress&)>& onDatagram)
{
#if defined(Q_OS_LINUX)
    // One batch per event-loop turn: the notifier fires again while more is waiting, after the
    // commands, timers and media ticks that came due meanwhile (a flood delays a hang-up by
    // one batch, never by the whole backlog).
    Impl& b = *m_d;
    for (int i = 0; i < Impl::kBatch; ++i) {
        b.riov[std::size_t(i)] = { b.rx.get() + std::size_t(i) * Impl::kStride, Impl::kSlot };
        msghdr& h = b.rmsg[std::size_t(i)].msg_hdr;
        h = {};
        h.msg_name = &b.rfrom[std::size_t(i)];
        h.msg_namelen = sizeof(sockaddr_storage);
        h.msg_iov = &b.riov[std::size_t(i)];
        h.msg_iovlen = 1;
        h.msg_control = b.rctl[std::size_t(i)].bytes;
        h.msg_controllen = sizeof(Impl::Control);
    }
    int n = 0;
    do
        n = ::recvmmsg(b.fd, b.rmsg.data(), Impl::kBatch, MSG_DONTWAIT, nullptr);
    while (n < 0 && errno == EINTR);
    for (int i = 0; i < n; ++i) {
        auto& m = b.rmsg[std::size_t(i)];
        const std::uint8_t* const data = b.rx.get() + std::size_t(i) * Impl::kStride;
        // A UDP_GRO read holds several datagrams of one peer, each `segment` bytes but the last.
        std::size_t segment = m.msg_len;
        for (cmsghdr* c = CMSG_FIRSTHDR(&m.msg_hdr); c; c = CMSG_NXTHDR(&m.msg_hdr, c)) {
            if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
                int g = 0;
                std::memcpy(&g, CMSG_DATA(c), sizeof(g));
                if (g > 0)
                    segment = std::size_t(g);
            }
        }
        const core::PeerAddress& from = b.peerOf(b.rfrom[std::size_t(i)]);
        if (segment < m.msg_len)
            m_counters.receivedCoalesced += (m.msg_len + segment - 1) / segment;
        std::size_t at = 0;
        do { // an empty datagram is one datagram too
            const std::size_t len = std::min(segment, std::size_t(m.msg_len) - at);
            ++m_counters.received;
            onDatagram(std::span<const std::uint8_t>(data + at, len), from);
            at += len;
        } while (at < m.msg_len);
    }
#else
    Q_UNUSED(onDatagram);
#endif
}

void UdpBatchSocket::send(core::Transmit&& t)
{
#if defined(Q_OS_LINUX)
    m_d->pending.push_back(std::move(t));
    if (m_d->pending.size() >= std::size_t(kBatch))
        flush();
#else
    Q_UNUSED(t);
#endif
}

void UdpBatchSocket::flush()
{
#if defined(Q_OS_LINUX)
    if (!m_d || m_d->pending.empty())
        return;
    Impl& b = *m_d;
    const std::size_t total = b.pending.size();
    if (b.smsg.size() < total) {
        b.smsg.resize(total);
        b.siov.resize(total);
        b.sto.resize(total);
        b.sctl.resize(total);
        b.sfirst.resize(total);
        b.scount.resize(total);
    }
    // Messages for pending[from..]: one per datagram, or one per run of at least kMinGsoRun
    // equal-sized datagrams to one peer while segmentation offload works. Returns their number.
    const auto build = [&](std::size_t from, bool countUnsendable) {
        std::size_t msgs = 0, iov = 0;
        for (std::size_t i = from; i < total;) {
            const core::Transmit& t = b.pending[i];
            const Impl::Dest& d = b.destOf(t.to);
            if (d.len == 0) {
                if (countUnsendable)
                    ++m_counters.sendErrors; // e.g. IPv6 peer on an IPv4 socket, as writeDatagram refuses it
                ++i;
                continue;
            }
            const std::size_t size = t.bytes.size();
            std::size_t run = 1;
            if (b.gso && size > 0 && size <= Impl::kMaxGsoSegment) {
                while (i + run < total && run < Impl::kMaxGsoSegments && (run + 1) * size <= Impl::kMaxGsoBytes
                    && b.pending[i + run].bytes.size() == size && b.pending[i + run].to == t.to)
                    ++run;
            }
            const std::size_t perMessage = run >= Impl::kMinGsoRun ? run : 1;
            for (std::size_t done = 0; done < run; done += perMessage, ++msgs) {
                for (std::size_t k = 0; k < perMessage; ++k) {
                    auto& bytes = b.pending[i + done + k].bytes;
                    b.siov[iov + k] = { bytes.data(), bytes.size() };
                }
                std::memcpy(&b.sto[msgs], &d.addr, d.len);
                msghdr& h = b.smsg[msgs].msg_hdr;
                h = {};
                h.msg_name = &b.sto[msgs];
                h.msg_namelen = d.len;
                h.msg_iov = &b.siov[iov];
                h.msg_iovlen = perMessage;
                if (perMessage > 1) {
                    h.msg_control = b.sctl[msgs].bytes;
                    h.msg_controllen = CMSG_SPACE(sizeof(std::uint16_t));
                    cmsghdr* c = CMSG_FIRSTHDR(&h);
                    c->cmsg_level = SOL_UDP;
                    c->cmsg_type = UDP_SEGMENT;
                    c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
                    const auto segment = std::uint16_t(size);
                    std::memcpy(CMSG_DATA(c), &segment, sizeof(segment));
                }
                b.sfirst[msgs] = i + done;
                b.scount[msgs] = perMessage;
                iov += perMessage;
            }
            i += run;
        }
        return msgs;
    };
    std::size_t count = build(0, true);
    std::size_t at = 0;
    while (at < count) {
        const int n = ::sendmmsg(b.fd, b.smsg.data() + at, unsigned(count - at), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (b.scount[at] > 1
                && (errno == EIO || errno == EINVAL || errno == EMSGSIZE || errno == ENOPROTOOPT
                    || errno == EOPNOTSUPP)) {
                // The kernel, route or device refuses segmentation offload: one datagram per
                // buffer from now on, starting again with this run.
                b.gso = false;
                count = build(b.sfirst[at], false);
                at = 0;
                continue;
            }
            m_counters.sendErrors += b.scount[at]; // these datagrams are dropped (full buffer, unreachable…); go on
            if (errno == ENETUNREACH || errno == ENETDOWN || errno == EADDRNOTAVAIL)
                m_counters.networkGone += b.scount[at];
            ++at;
            continue;
        }
        for (int k = 0; k < n; ++k) {
            const std::size_t sent = b.scount[at + std::size_t(k)];
            m_counters.sent += sent;
            if (sent > 1)
                m_counters.sentOffloaded += sent;
        }
        at += std::size_t(n);
    }
    b.pending.clear();
#endif
}

} // namespace iax::net
