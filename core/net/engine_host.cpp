#include "core/net/engine_host.h"

#include "core/protocol/call_state.h"

#include <QThread>
#include <QVariant>

#include <algorithm>

namespace iax::net {

namespace {
constexpr int kTickMs = 20;
constexpr int kMaxFramesPerTick = 5; // a tick later than 100 ms drops the backlog: real time wins
constexpr qint64 kLateTickMs = 40;

void addCallStats(HostStats& t, const core::CallStats& s)
{
    t.framesSent += s.framesSent;
    t.framesReceived += s.framesReceived;
    t.voiceSent += s.voiceSent;
    t.voiceReceived += s.voiceReceived;
    t.retransmits += s.retransmits;
    t.lost += s.lost;
    t.decryptFailures += std::uint64_t(std::max(0, s.encryption.decryptFailures));
    t.rekeysSent += std::uint64_t(std::max(0, s.encryption.rekeysSent));
    t.rekeysReceived += std::uint64_t(std::max(0, s.encryption.rekeysReceived));
}
} // namespace

EngineHost::EngineHost(core::EngineConfig config, QObject* parent)
    : QObject(parent)
    , m_engine(std::make_unique<core::Engine>(std::move(config), m_rng))
    , m_socket(new QUdpSocket(this))
    , m_timer(new QTimer(this))
    , m_tick(new QTimer(this))
    , m_rxBuffer(65536, Qt::Uninitialized)
{
    qRegisterMetaType<iax::core::EngineEvent>("iax::core::EngineEvent");
    qRegisterMetaType<iax::net::HostStats>("iax::net::HostStats");
    qRegisterMetaType<iax::core::CallId>("iax::core::CallId");
    qRegisterMetaType<iax::net::KeyLookupReport>("iax::net::KeyLookupReport");
    m_clock.start();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_tick->setTimerType(Qt::PreciseTimer);
    m_tick->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &EngineHost::onTimer);
    connect(m_tick, &QTimer::timeout, this, &EngineHost::onTick);
    connect(m_socket, &QUdpSocket::readyRead, this, &EngineHost::readPending);
}

EngineHost::~EngineHost()
{
    // Before the Engine goes: the lookup's pending answers and reports reach into it.
    delete m_keys;
    m_keys = nullptr;
    for (auto& [id, m] : m_media)
        if (m.port)
            m.port->close();
}

bool EngineHost::onHostThread() const
{
    return QThread::currentThread() == thread();
}

void EngineHost::run(std::function<void()> f, bool blocking)
{
    if (onHostThread()) {
        f();
        return;
    }
    QMetaObject::invokeMethod(
        this, [f = std::move(f)] { f(); }, blocking ? Qt::BlockingQueuedConnection : Qt::QueuedConnection);
}

bool EngineHost::bind(const QHostAddress& address, quint16 port, QString* error)
{
    bool ok = false;
    QString why;
    run(
        [&] {
            ok = bindSocket(address, port, &why);
            if (!ok)
                return;
            m_requestedAddress = address;
            if (!m_monitor)
                watchNetwork(nullptr);
        },
        true);
    if (!ok && error)
        *error = why;
    return ok;
}

bool EngineHost::bindSocket(const QHostAddress& address, quint16 port, QString* why)
{
    if (!m_socket->bind(address, port, QUdpSocket::DontShareAddress)) {
        *why = QStringLiteral("cannot bind UDP %1:%2: %3")
                   .arg(address.toString())
                   .arg(port)
                   .arg(m_socket->errorString());
        return false;
    }
    // Room for bursts of a few thousand calls' voice frames.
    m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, QVariant(4 * 1024 * 1024));
    m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, QVariant(4 * 1024 * 1024));
    m_port = m_socket->localPort();
    m_boundAddress = address;
    // Linux: batched I/O on the socket Qt bound (QUdpSocket stays the path elsewhere).
    m_batch = UdpBatchSocket::adopt(*m_socket);
    if (m_batch)
        connect(m_batch.get(), &UdpBatchSocket::readyRead, this, &EngineHost::readPending);
    return true;
}

void EngineHost::setMediaFactory(MediaFactory factory)
{
    run([this, factory = std::move(factory)]() mutable { m_factory = std::move(factory); });
}

void EngineHost::setUsers(std::vector<core::UserConfig> users)
{
    run([this, users = std::move(users)]() mutable { m_engine->setUsers(std::move(users)); });
}

bool EngineHost::setKeyLookup(KeyLookupOptions options, QString* error)
{
    if (auto st = CallerKeyLookup::validate(options); !st) {
        if (error)
            *error = QString::fromStdString(st.error().reason);
        return false;
    }
    run(
        [&] {
            delete m_keys;
            m_keys = new CallerKeyLookup(
                std::move(options),
                [this](core::CallId call, core::PeerKeyAnswer answer) {
                    m_engine->providePeerKey(call, std::move(answer), now());
                    pump();
                },
                this);
            connect(m_keys, &CallerKeyLookup::report, this, &EngineHost::keyLookup);
        },
        true);
    return true;
}

std::optional<core::CallId> EngineHost::dial(core::DialRequest request)
{
    std::optional<core::CallId> id;
    run(
        [&] {
            id = m_engine->dial(std::move(request), now());
            pump();
        },
        true);
    return id;
}

core::RegId EngineHost::registerTo(core::RegistrationRequest request)
{
    core::RegId id = 0;
    run(
        [&] {
            id = m_engine->registerTo(std::move(request), now());
            pump();
        },
        true);
    return id;
}

void EngineHost::answer(core::CallId call)
{
    post([call](core::Engine& e, core::Millis now) {
        e.ring(call, now);
        e.answer(call, now);
    });
}

void EngineHost::reject(core::CallId call, const QString& cause)
{
    post([call, c = cause.toStdString()](core::Engine& e, core::Millis now) { e.reject(call, c, now); });
}

void EngineHost::hangup(core::CallId call, const QString& cause)
{
    post([call, c = cause.toStdString()](core::Engine& e, core::Millis now) { e.hangup(call, c, now); });
}

void EngineHost::hangupAll(const QString& cause)
{
    run([this, c = cause.toStdString()] {
        for (core::CallId id : m_engine->liveCalls())
            m_engine->hangup(id, c, now());
        pump();
    });
}

void EngineHost::sendDtmf(core::CallId call, char digit)
{
    run([this, call, digit] {
        std::string why;
        if (!m_engine->sendDtmf(call, digit, now(), &why))
            Q_EMIT commandFailed(
                call, QStringLiteral("DTMF %1 not sent: %2").arg(QChar(digit), QString::fromStdString(why)));
        pump();
    });
}

void EngineHost::unregister(core::RegId reg)
{
    post([reg](core::Engine& e, core::Millis now) { e.unregister(reg, now); });
}

void EngineHost::withMedia(core::CallId call, std::function<void(CallMediaPort&)> f)
{
    run([this, call, f = std::move(f)] {
        const auto it = m_media.find(call);
        if (it != m_media.end() && it->second.port)
            f(*it->second.port);
    });
}

void EngineHost::post(std::function<void(core::Engine&, core::Millis)> f)
{
    run([this, f = std::move(f)] {
        f(*m_engine, now());
        pump();
    });
}

void EngineHost::requestStats()
{
    run([this] { Q_EMIT statsReady(snapshot()); });
}

HostStats EngineHost::snapshot() const
{
    HostStats s = m_stats; // datagrams and the totals of ended calls
    s.callsAllocated = m_engine->callCount();
    s.callsWithMedia = m_media.size();
    for (core::CallId id : m_engine->liveCalls()) // the ended ones are in m_stats already
        if (const auto st = m_engine->callStats(id))
            addCallStats(s, *st);
    if (m_batch) {
        const UdpBatchSocket::Counters& b = m_batch->counters();
        s.datagramsReceived += b.received;
        s.datagramsReceivedCoalesced += b.receivedCoalesced;
        s.datagramsSent += b.sent;
        s.datagramsSentOffloaded += b.sentOffloaded;
        s.sendErrors += b.sendErrors;
    }
    s.engine = m_engine->counters();
    return s;
}

void EngineHost::readPending()
{
    if (m_batch) {
        // One batch per turn of the event loop (kReadsPerTurn); all of it at one time.
        std::optional<core::Millis> t;
        m_batch->read([&](std::span<const std::uint8_t> bytes, const core::PeerAddress& from) {
            if (!t)
                t = now();
            m_engine->receive(bytes, from, *t);
        });
        pump();
        return;
    }
    QHostAddress from;
    quint16 port = 0;
    for (int reads = 0; reads < kReadsPerTurn && m_socket->hasPendingDatagrams(); ++reads) { // see kReadsPerTurn
        const qint64 size = m_socket->pendingDatagramSize();
        if (size > m_rxBuffer.size())
            m_rxBuffer.resize(size);
        const qint64 n = m_socket->readDatagram(m_rxBuffer.data(), m_rxBuffer.size(), &from, &port);
        if (n < 0)
            break;
        ++m_stats.datagramsReceived;
        m_engine->receive(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(m_rxBuffer.constData()),
                              static_cast<std::size_t>(n)),
            toPeerAddress(from, port), now());
    }
    pump();
}

void EngineHost::onTimer()
{
    m_engine->handleTimeout(now());
    pump();
}

void EngineHost::onTick()
{
    const qint64 t = m_clock.elapsed();
    const core::Millis nowMs(t);
    for (auto& [id, m] : m_media) {
        if (!m.port)
            continue;
        const int frameMs = m.port->frameMs();
        const int tickMs = std::clamp(m.port->tickMs(), 10, kTickMs);
        const qint64 expected = (t - m.startMs) / tickMs + 1;
        qint64 due = expected - m.framesPulled;
        if (due * tickMs > kLateTickMs + tickMs)
            ++m_stats.lateTicks;
        if (due > kMaxFramesPerTick) {
            m.framesPulled = expected - kMaxFramesPerTick;
            due = kMaxFramesPerTick;
        }
        m_payloads.clear();
        if (due > 0 || m.aligned)
            m.port->pull(int(std::max<qint64>(due, 1)), m_payloads);
        m.framesPulled += std::max<qint64>(0, due);
        for (const auto& p : m_payloads)
            m_engine->sendVoice(id, p, frameMs, nowMs); // refused before encryption when required: dropped
        if (!m.finishedReported && m.port->sourceFinished()) {
            m.finishedReported = true;
            Q_EMIT mediaFinished(id);
        }
    }
    scheduleTick();
    pump();
}

void EngineHost::scheduleTick()
{
    // A call on a sound card asks for its tick just after the card's next captured frame (issue
    // 19): on the free-running timer each frame waited up to a whole tick before it was sent, and
    // frames read a tick early or late looked like network jitter to the peer. The timer then
    // fires once at that time; with no such call it runs on its own period.
    int until = -1;
    for (auto& [id, m] : m_media) {
        const int wish = m.port ? m.port->msUntilTick() : -1; // asked once: it follows a running clock
        m.aligned = wish >= 0;
        if (m.aligned)
            until = until < 0 ? wish : std::min(until, wish);
    }
    if (until >= 0) {
        m_tick->setSingleShot(true);
        m_tick->start(std::clamp(until, 1, m_tickPeriodMs)); // at least every period for the other calls
    } else if (m_tick->isSingleShot()) {
        m_tick->setSingleShot(false);
        m_tick->start(m_tickPeriodMs);
    }
}

void EngineHost::startMedia(core::CallId call)
{
    if (!m_factory || m_media.count(call))
        return;
    MediaCallInfo info;
    info.call = call;
    info.format = m_engine->callFormat(call).value_or(0);
    info.outgoing = m_engine->callOutgoing(call);
    Media m;
    m.port = m_factory(info);
    if (!m.port)
        return;
    m.startMs = m_clock.elapsed();
    const int tickMs = std::clamp(m.port->tickMs(), 10, kTickMs);
    m_media.emplace(call, std::move(m));
    // The timer follows the shortest tick of the calls with media (10 ms Opus frames: 10 ms).
    if (!m_tick->isActive() || tickMs < m_tickPeriodMs) {
        m_tickPeriodMs = tickMs;
        m_tick->setSingleShot(false);
        m_tick->start(tickMs);
    }
}

void EngineHost::stopMedia(core::CallId call)
{
    const auto it = m_media.find(call);
    if (it == m_media.end())
        return;
    const std::string error = it->second.port ? it->second.port->close() : std::string();
    m_media.erase(it);
    if (!error.empty())
        Q_EMIT mediaError(call, QString::fromStdString(error));
    if (m_media.empty()) {
        m_tick->stop();
        m_tick->setSingleShot(false);
        m_tickPeriodMs = kTickMs;
        m_tick->setInterval(kTickMs);
    }
}

void EngineHost::deliver(core::EngineEvent&& e)
{
    if (auto* v = std::get_if<core::VoiceReceived>(&e)) {
        const auto it = m_media.find(v->call);
        if (it != m_media.end() && it->second.port)
            it->second.port->push(*v);
        return;
    }
    if (const auto* r = std::get_if<core::RegistrationStateChanged>(&e))
        noteRegistration(*r);
    if (const auto* s = std::get_if<core::CallStateChanged>(&e)) {
        if (s->state == core::CallState::Answered)
            startMedia(s->call);
        else if (core::isFinal(s->state))
            stopMedia(s->call);
    } else if (const auto* f = std::get_if<core::CallFinished>(&e)) {
        stopMedia(f->call);
        addCallStats(m_stats, f->stats);
    } else if (const auto* k = std::get_if<core::PeerKeyNeeded>(&e)) {
        const core::CallId call = k->call;
        const QString name = QString::fromStdString(k->name);
        Q_EMIT engineEvent(e);
        if (m_keys) {
            m_keys->lookup(call, name); // answers later, from the event loop
        } else {
            QMetaObject::invokeMethod(
                this,
                [this, call] {
                    core::PeerKeyAnswer none;
                    none.unavailable
                        = { core::RsaAttempt::Outcome::KeyUnknown, "no key store or key server is configured" };
                    m_engine->providePeerKey(call, std::move(none), now());
                    pump();
                },
                Qt::QueuedConnection);
        }
        return;
    }
    Q_EMIT engineEvent(e);
}

void EngineHost::send(core::Transmit&& t)
{
    if (m_batch) {
        m_batch->send(std::move(t));
        return;
    }
    QHostAddress to(QString::fromStdString(t.to.host));
    if (to.protocol() == QAbstractSocket::IPv4Protocol
        && m_socket->localAddress().protocol() == QAbstractSocket::IPv6Protocol
        && m_socket->localAddress() != QHostAddress::AnyIPv6)
        to = QHostAddress(QStringLiteral("::ffff:") + to.toString());
    const qint64 n = m_socket->writeDatagram(
        reinterpret_cast<const char*>(t.bytes.data()), static_cast<qint64>(t.bytes.size()), to, t.to.port);
    if (n < 0) {
        ++m_stats.sendErrors;
        if (m_socket->error() == QAbstractSocket::NetworkError
            || m_socket->error() == QAbstractSocket::SocketAddressNotAvailableError)
            ++m_networkGoneSends;
    } else
        ++m_stats.datagramsSent;
}

void EngineHost::pump()
{
    for (;;) {
        bool any = false;
        while (auto t = m_engine->pollTransmit()) {
            any = true;
            send(std::move(*t));
        }
        if (m_batch)
            m_batch->flush();
        noteSendOutcome();
        while (auto e = m_engine->pollEvent()) {
            any = true;
            deliver(std::move(*e));
        }
        if (!any)
            break;
    }
    if (auto d = m_engine->nextDeadline()) {
        const auto ms = std::max<std::int64_t>(0, (*d - now()).count());
        m_timer->start(static_cast<int>(std::min<std::int64_t>(ms, 24 * 3600 * 1000)));
    } else {
        m_timer->stop();
    }
}

} // namespace iax::net
