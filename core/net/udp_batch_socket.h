#pragma once
// Batched UDP I/O on Linux, beside the portable QUdpSocket path of EngineHost: a socket bound by
// QUdpSocket is taken over by its own descriptor, read with recvmmsg (UDP_GRO reads split into
// their datagrams) and written with sendmmsg (runs of equal-sized datagrams to one peer as
// UDP_SEGMENT buffers), with address caches so that no address is parsed or printed per
// datagram. Elsewhere adopt() returns nullptr and EngineHost stays on QUdpSocket.
//
// Threading: the thread that adopted the socket (EngineHost's host thread) does everything.
// Failure model: a send the kernel refuses is counted in counters().sendErrors and dropped; a
// refused segmentation offload turns offload off for good (datagrams go one per buffer).
#include "core/protocol/engine_types.h"

#include <QHostAddress>
#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

class QUdpSocket;

namespace iax::net {

/// The Engine's form of a socket address (IPv4 dotted, also from a v4-mapped IPv6 address; IPv6
/// without scope). Any thread.
core::PeerAddress toPeerAddress(const QHostAddress& a, quint16 port);

class UdpBatchSocket final : public QObject {
    Q_OBJECT
public:
    /// Datagrams per recvmmsg at most (and pending datagrams that trigger a sendmmsg).
    static constexpr int kBatch = 64;

    /// What went through the socket; offloaded and coalesced datagrams are also counted in sent
    /// and received (as in HostStats).
    struct Counters {
        std::uint64_t received = 0, receivedCoalesced = 0;
        std::uint64_t sent = 0, sentOffloaded = 0, sendErrors = 0;
        /// Of sendErrors: refused because the network is gone (ENETUNREACH, ENETDOWN, EADDRNOTAVAIL).
        std::uint64_t networkGone = 0;
    };

    /// Linux: takes over `bound` (a bound QUdpSocket): reads and writes a duplicate of its
    /// descriptor, turns on segmentation offload where the kernel has it (IAXPHONE_UDP_GSO=0:
    /// never) and closes `bound`. nullptr off Linux or when the descriptor cannot be duplicated
    /// (`bound` is left as it was). Call on the thread that will use the socket.
    static std::unique_ptr<UdpBatchSocket> adopt(QUdpSocket& bound);
    ~UdpBatchSocket() override;

    /// Reads one recvmmsg batch (kBatch reads at most; more waiting raises readyRead again) and
    /// hands every datagram in it to `onDatagram`. Nothing to read: returns without a call.
    void read(const std::function<void(std::span<const std::uint8_t>, const core::PeerAddress&)>& onDatagram);
    /// Queues a datagram for flush(); flushes by itself once kBatch are queued.
    void send(core::Transmit&& t);
    /// Hands the queued datagrams to the kernel, up to 64 per sendmmsg; runs of 16 or more
    /// equal-sized datagrams to one peer as one UDP_SEGMENT buffer each.
    void flush();
    const Counters& counters() const { return m_counters; }

Q_SIGNALS:
    /// Datagrams are waiting to be read.
    void readyRead();

private:
    UdpBatchSocket();
    struct Impl; // the descriptor, the batch buffers and the address caches (udp_batch_socket.cpp)
    std::unique_ptr<Impl> m_d;
    Counters m_counters;
};

} // namespace iax::net
