#pragma once
// Drives the sans-IO Engine on one thread: owns the UDP socket (IPv4 and IPv6), a monotonic
// clock, the deadline timer and the CSPRNG. Everything here runs on the thread that owns the
// EngineHost (the engine/media thread); other threads talk to it by queued invocations.
#include "core/protocol/engine.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include <functional>
#include <memory>

namespace iax::net {

class EngineHost : public QObject {
    Q_OBJECT
public:
    explicit EngineHost(core::EngineConfig config, QObject* parent = nullptr);
    ~EngineHost() override;

    /// Binds the UDP socket. `address` may be AnyIPv4, AnyIPv6 or Any (dual stack). Port 0 = ephemeral.
    /// On failure returns false with a sentence in *error.
    bool bind(const QHostAddress& address, quint16 port, QString* error);
    quint16 localPort() const { return m_socket.localPort(); }

    /// The Engine (host thread only). After issuing commands call pump().
    core::Engine& engine() { return *m_engine; }
    /// Monotonic time for the Engine.
    core::Millis now() const { return core::Millis(m_clock.elapsed()); }
    /// Sends queued datagrams, delivers events, re-arms the deadline timer.
    void pump();

    /// Receives every Engine event, on the host thread.
    std::function<void(const core::EngineEvent&)> onEvent;

    std::uint64_t datagramsSent() const { return m_sent; }
    std::uint64_t datagramsReceived() const { return m_received; }
    std::uint64_t sendErrors() const { return m_sendErrors; }

    /// "1.2.3.4" / "::1" (IPv4-mapped IPv6 folded to IPv4) for the Engine's PeerAddress.
    static core::PeerAddress toPeer(const QHostAddress& a, quint16 port);

private:
    void readPending();
    void onTimer();

    core::CsprngRandom m_rng;
    std::unique_ptr<core::Engine> m_engine;
    QUdpSocket m_socket;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::uint64_t m_sent = 0, m_received = 0, m_sendErrors = 0;
};

} // namespace iax::net
