#pragma once
// A caller Engine driven by hand on the test thread over its own loopback socket, for tests of a
// host (EngineHost) that must decide exactly what reaches it and in which order. Test thread only.
#include "core/net/engine_host.h"
#include "core/protocol/engine.h"
#include "core/protocol/random_source.h"

#include <QElapsedTimer>
#include <QUdpSocket>

#include <optional>
#include <span>

namespace iax::test {

/// An Engine configuration that accepts user `username` with `secret` under `policy` (a callee or
/// registrar for host tests).
inline core::EngineConfig oneUserConfig(
    const char* username, const char* secret, core::EncryptionPolicy policy = core::EncryptionPolicy::Required)
{
    core::EngineConfig cfg;
    core::UserConfig u;
    u.username = username;
    u.secret = secret;
    u.encryption = policy;
    cfg.users.push_back(u);
    return cfg;
}

struct HandDrivenCaller {
    core::CsprngRandom rng;
    core::Engine engine { core::EngineConfig {}, rng };
    QUdpSocket socket;
    QElapsedTimer clock;
    quint16 calleePort;
    std::optional<core::CallId> call;
    bool answered = false;
    std::optional<core::CallState> lastState; ///< the last state the call announced

    explicit HandDrivenCaller(quint16 port)
        : calleePort(port)
    {
        clock.start();
    }
    /// Milliseconds since construction: the Engine's clock.
    core::Millis now() const { return core::Millis(clock.elapsed()); }
    /// Dials `request` (its peer should be 127.0.0.1:calleePort); false when the Engine refuses.
    bool dial(core::DialRequest request)
    {
        call = engine.dial(std::move(request), now());
        return call.has_value();
    }
    /// Sends one datagram to the callee.
    void send(const core::Transmit& t)
    {
        socket.writeDatagram(
            reinterpret_cast<const char*>(t.bytes.data()), qint64(t.bytes.size()), QHostAddress::LocalHost, calleePort);
    }
    /// Reads what arrived, runs due timers, sends what the Engine has to send (unless `send` is
    /// false: it stays queued for the next call); notes the answer and the last state.
    void service(bool send = true)
    {
        QByteArray buffer(65536, Qt::Uninitialized);
        while (socket.hasPendingDatagrams()) {
            const qint64 n = socket.readDatagram(buffer.data(), buffer.size());
            if (n >= 0)
                engine.receive(std::span<const std::uint8_t>(
                                   reinterpret_cast<const std::uint8_t*>(buffer.constData()), std::size_t(n)),
                    { "127.0.0.1", calleePort }, now());
        }
        if (const auto d = engine.nextDeadline(); d && *d <= now())
            engine.handleTimeout(now());
        while (send) {
            const auto t = engine.pollTransmit();
            if (!t)
                break;
            this->send(*t);
        }
        while (const auto e = engine.pollEvent()) {
            if (const auto* s = std::get_if<core::CallStateChanged>(&*e)) {
                answered = answered || s->state == core::CallState::Answered;
                lastState = s->state;
            }
        }
    }
};

/// Makes `host` answer every incoming call, by id, from `context`'s thread (queued).
inline void answerEveryCall(net::EngineHost& host, QObject* context)
{
    QObject::connect(
        &host, &net::EngineHost::engineEvent, context,
        [&host](const core::EngineEvent& e) {
            if (const auto* in = std::get_if<core::IncomingCall>(&e))
                host.answer(in->call);
        },
        Qt::QueuedConnection);
}

} // namespace iax::test
