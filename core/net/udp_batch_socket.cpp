#include "core/net/udp_batch_socket.h"

#include <algorithm>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <cerrno>
#include <net/if.h>
#include <netinet/udp.h>
#include <unistd.h>
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

void EngineHost::readBatch()
{
#if defined(Q_OS_LINUX)
    // One batch per event-loop turn: the notifier fires again while more is waiting, after the
    // commands, timers and media ticks that came due meanwhile (a flood delays a hang-up by
    // one batch, never by the whole backlog).
    BatchIo& b = *m_batch;
    for (int i = 0; i < BatchIo::kBatch; ++i) {
        b.riov[std::size_t(i)] = { b.rx.get() + std::size_t(i) * BatchIo::kStride, BatchIo::kSlot };
        msghdr& h = b.rmsg[std::size_t(i)].msg_hdr;
        h = {};
        h.msg_name = &b.rfrom[std::size_t(i)];
        h.msg_namelen = sizeof(sockaddr_storage);
        h.msg_iov = &b.riov[std::size_t(i)];
        h.msg_iovlen = 1;
        h.msg_control = b.rctl[std::size_t(i)].bytes;
        h.msg_controllen = sizeof(BatchIo::Control);
    }
    int n = 0;
    do
        n = ::recvmmsg(b.fd, b.rmsg.data(), BatchIo::kBatch, MSG_DONTWAIT, nullptr);
    while (n < 0 && errno == EINTR);
    const core::Millis t = now();
    for (int i = 0; i < n; ++i) {
        auto& m = b.rmsg[std::size_t(i)];
        const std::uint8_t* const data = b.rx.get() + std::size_t(i) * BatchIo::kStride;
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
            m_stats.datagramsReceivedCoalesced += (m.msg_len + segment - 1) / segment;
        std::size_t at = 0;
        do { // an empty datagram is one datagram too
            const std::size_t len = std::min(segment, std::size_t(m.msg_len) - at);
            ++m_stats.datagramsReceived;
            m_engine->receive(std::span<const std::uint8_t>(data + at, len), from, t);
            at += len;
        } while (at < m.msg_len);
    }
    pump();
    return;
#endif
}

void EngineHost::flushTransmits()
{
#if defined(Q_OS_LINUX)
    if (!m_batch || m_batch->pending.empty())
        return;
    BatchIo& b = *m_batch;
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
            const BatchIo::Dest& d = b.destOf(t.to);
            if (d.len == 0) {
                if (countUnsendable)
                    ++m_stats.sendErrors; // e.g. IPv6 peer on an IPv4 socket, as writeDatagram refuses it
                ++i;
                continue;
            }
            const std::size_t size = t.bytes.size();
            std::size_t run = 1;
            if (b.gso && size > 0 && size <= BatchIo::kMaxGsoSegment) {
                while (i + run < total && run < BatchIo::kMaxGsoSegments && (run + 1) * size <= BatchIo::kMaxGsoBytes
                    && b.pending[i + run].bytes.size() == size && b.pending[i + run].to == t.to)
                    ++run;
            }
            const std::size_t perMessage = run >= BatchIo::kMinGsoRun ? run : 1;
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
            m_stats.sendErrors += b.scount[at]; // these datagrams are dropped (full buffer, unreachable…); go on
            ++at;
            continue;
        }
        for (int k = 0; k < n; ++k) {
            const std::size_t sent = b.scount[at + std::size_t(k)];
            m_stats.datagramsSent += sent;
            if (sent > 1)
                m_stats.datagramsSentOffloaded += sent;
        }
        at += std::size_t(n);
    }
    b.pending.clear();
#endif
}

} // namespace iax::net
