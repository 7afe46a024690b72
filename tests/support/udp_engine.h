#pragma once
// A PBX for end-to-end tests: the sans-IO Engine driven by a QUdpSocket on 127.0.0.1 and a wall
// clock in the test's own thread (what core/net does, minimal), so a test can place calls to a
// real iaxphone-cli or GUI the way a PBX does. Events are kept for inspection. GUI/test thread.
#include "core/protocol/engine.h"

#include <QElapsedTimer>
#include <QNetworkDatagram>
#include <QTimer>
#include <QUdpSocket>

#include <algorithm>
#include <functional>

namespace iax::test {

/// An Engine driven by a QUdpSocket on 127.0.0.1 and a wall clock (what core/net does, minimal).
class UdpEngine : public QObject {
public:
    explicit UdpEngine(core::EngineConfig cfg)
        : m_engine(std::move(cfg), m_rng)
    {
        m_clock.start();
        m_sock.bind(QHostAddress::LocalHost, 0);
        m_timer.setSingleShot(true);
        connect(&m_sock, &QUdpSocket::readyRead, this, [this] {
            while (m_sock.hasPendingDatagrams()) {
                const QNetworkDatagram d = m_sock.receiveDatagram();
                const QByteArray b = d.data();
                if (recordWire)
                    wire.push_back({ d.senderAddress().toString(), quint16(d.senderPort()), QStringLiteral("127.0.0.1"),
                        port(), b });
                if (const int ms = holdBack ? holdBack(b) : 0; ms > 0) { // a slow server: later
                    QTimer::singleShot(ms, this, [this, b, from = d.senderAddress(), port = d.senderPort()] {
                        m_engine.receive(
                            std::span(reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())),
                            core::PeerAddress { from.toString().toStdString(), quint16(port) }, now());
                        pump();
                    });
                    continue;
                }
                m_engine.receive(std::span(reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())),
                    core::PeerAddress { d.senderAddress().toString().toStdString(), quint16(d.senderPort()) }, now());
            }
            pump();
        });
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_engine.handleTimeout(now());
            pump();
        });
    }
    core::Millis now() const { return core::Millis(m_clock.elapsed()); }
    quint16 port() const { return m_sock.localPort(); }
    core::Engine& engine() { return m_engine; }
    /// Sends what the Engine queued, collects its events, re-arms the timer.
    void pump()
    {
        while (auto t = m_engine.pollTransmit()) {
            if (recordWire)
                wire.push_back({ QStringLiteral("127.0.0.1"), port(), QString::fromStdString(t->to.host), t->to.port,
                    QByteArray(reinterpret_cast<const char*>(t->bytes.data()), qsizetype(t->bytes.size())) });
            m_sock.writeDatagram(reinterpret_cast<const char*>(t->bytes.data()), qint64(t->bytes.size()),
                QHostAddress(QString::fromStdString(t->to.host)), t->to.port);
        }
        while (auto ev = m_engine.pollEvent())
            events.push_back(*ev);
        if (auto d = m_engine.nextDeadline())
            m_timer.start(int(std::max<qint64>(0, (*d - now()).count())));
    }
    std::optional<core::CallState> stateOf(core::CallId id) const
    {
        std::optional<core::CallState> s;
        for (const auto& ev : events)
            if (auto* c = std::get_if<core::CallStateChanged>(&ev); c && c->call == id)
                s = c->state;
        return s;
    }
    std::optional<core::CallEnd> endOf(core::CallId id) const
    {
        std::optional<core::CallEnd> e;
        for (const auto& ev : events)
            if (auto* c = std::get_if<core::CallStateChanged>(&ev); c && c->call == id)
                e = c->end;
        return e;
    }
    std::vector<core::EngineEvent> events;
    /// One datagram sent or received (when recordWire), e.g. to decrypt with the capture decoder.
    struct WireDatagram {
        QString src;
        quint16 srcPort;
        QString dst;
        quint16 dstPort;
        QByteArray bytes;
    };
    bool recordWire = false;
    std::vector<WireDatagram> wire;
    /// Milliseconds to hold a received datagram back before the Engine sees it (0 = at once);
    /// empty = none held back. Plays a server that processes some requests late.
    std::function<int(const QByteArray&)> holdBack;

private:
    core::SeededRandom m_rng { 99 };
    core::Engine m_engine;
    QUdpSocket m_sock;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

/// A call as a PBX places it to the phone registered at `phone` (Asterisk's Dial(IAX2/desk)): no
/// USERNAME, called number "s", caller "Front Desk" <5551234>, the account's `secret`, encryption
/// required, ulaw.
inline core::DialRequest pbxCallTo(const core::PeerAddress& phone, const char* secret)
{
    core::DialRequest d;
    d.peer = phone;
    d.secret = secret;
    d.calledNumber = "s";
    d.callingNumber = "5551234";
    d.callingName = "Front Desk";
    d.encryption = core::EncryptionPolicy::Required;
    d.codecs = { core::Codec::Ulaw };
    return d;
}

/// The Engine configuration of a registrar (and PBX) of one user with `secret`.
inline core::EngineConfig registrarOf(const char* user, const char* secret)
{
    core::EngineConfig c;
    core::UserConfig u;
    u.username = user;
    u.secret = secret;
    c.users.push_back(u);
    return c;
}

} // namespace iax::test
