#include "core/net/engine_host.h"

#include <QNetworkDatagram>

namespace iax::net {

EngineHost::EngineHost(core::EngineConfig config, QObject* parent)
    : QObject(parent)
    , m_engine(std::make_unique<core::Engine>(std::move(config), m_rng))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EngineHost::onTimer);
    connect(&m_socket, &QUdpSocket::readyRead, this, &EngineHost::readPending);
}

EngineHost::~EngineHost() = default;

bool EngineHost::bind(const QHostAddress& address, quint16 port, QString* error)
{
    if (!m_socket.bind(address, port, QUdpSocket::DontShareAddress)) {
        if (error)
            *error = QStringLiteral("cannot bind UDP %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_socket.errorString());
        return false;
    }
    return true;
}

core::PeerAddress EngineHost::toPeer(const QHostAddress& a, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4)
        return { QHostAddress(v4).toString().toStdString(), port };
    QHostAddress plain(a);
    plain.setScopeId(QString());
    return { plain.toString().toStdString(), port };
}

void EngineHost::readPending()
{
    while (m_socket.hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket.receiveDatagram(65536);
        if (!d.isValid())
            break;
        ++m_received;
        const QByteArray data = d.data();
        m_engine->receive(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.constData()),
                              static_cast<std::size_t>(data.size())),
            toPeer(d.senderAddress(), static_cast<quint16>(d.senderPort())), now());
    }
    pump();
}

void EngineHost::onTimer()
{
    m_engine->handleTimeout(now());
    pump();
}

void EngineHost::pump()
{
    for (;;) {
        bool any = false;
        while (auto t = m_engine->pollTransmit()) {
            any = true;
            QHostAddress to(QString::fromStdString(t->to.host));
            if (to.protocol() == QAbstractSocket::IPv4Protocol
                && m_socket.localAddress().protocol() == QAbstractSocket::IPv6Protocol
                && m_socket.localAddress() != QHostAddress::AnyIPv6)
                to = QHostAddress(QStringLiteral("::ffff:") + to.toString());
            const qint64 n = m_socket.writeDatagram(
                reinterpret_cast<const char*>(t->bytes.data()), static_cast<qint64>(t->bytes.size()), to, t->to.port);
            if (n < 0)
                ++m_sendErrors;
            else
                ++m_sent;
        }
        while (auto e = m_engine->pollEvent()) {
            any = true;
            if (onEvent)
                onEvent(*e);
        }
        if (!any)
            break;
    }
    if (auto d = m_engine->nextDeadline()) {
        const auto ms = std::max<std::int64_t>(0, (*d - now()).count());
        m_timer.start(static_cast<int>(std::min<std::int64_t>(ms, 24 * 3600 * 1000)));
    } else {
        m_timer.stop();
    }
}

} // namespace iax::net
