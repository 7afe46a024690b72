#include "core/net/engine_host.h"

#include <QSocketNotifier>
#include <QThread>
#include <QVariant>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <cerrno>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace iax::net {

namespace {
constexpr int kTickMs = 20;
constexpr int kMaxFramesPerTick = 5; // a tick later than 100 ms drops the backlog: real time wins
constexpr qint64 kLateTickMs = 40;

core::PeerAddress toPeer(const QHostAddress& a, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4)
        return { QHostAddress(v4).toString().toStdString(), port };
    QHostAddress plain(a);
    plain.setScopeId(QString());
    return { plain.toString().toStdString(), port };
}

bool terminal(core::CallState s)
{
    return s == core::CallState::HungUp || s == core::CallState::Rejected || s == core::CallState::Failed;
}

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
        return peers.emplace(k, toPeer(QHostAddress(reinterpret_cast<const sockaddr*>(&from)), k.port)).first->second;
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
            ok = m_socket->bind(address, port, QUdpSocket::DontShareAddress);
            if (!ok) {
                why = QStringLiteral("cannot bind UDP %1:%2: %3")
                          .arg(address.toString())
                          .arg(port)
                          .arg(m_socket->errorString());
                return;
            }
            // Room for bursts of a few thousand calls' voice frames.
            m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, QVariant(4 * 1024 * 1024));
            m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, QVariant(4 * 1024 * 1024));
            m_port = m_socket->localPort();
#if defined(Q_OS_LINUX)
            // Batched I/O on the socket Qt bound: its own descriptor (a duplicate, so closing the
            // QUdpSocket leaves it open) with a notifier of our own.
            const int fd = ::dup(int(m_socket->socketDescriptor()));
            if (fd >= 0) {
                auto b = std::make_unique<BatchIo>();
                b->fd = fd;
                sockaddr_storage local {};
                socklen_t len = sizeof(local);
                b->family
                    = ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0 ? local.ss_family : AF_INET;
                // Segmentation offload where the kernel has it (a zero size is the probe: it
                // changes nothing); IAXPHONE_UDP_GSO=0 turns it off, e.g. to capture on this host.
                const int zero = 0, one = 1;
                b->gso = qEnvironmentVariable("IAXPHONE_UDP_GSO") != QLatin1String("0")
                    && ::setsockopt(fd, SOL_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0
                    && ::setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof(one)) == 0;
                m_socket->close();
                b->notifier = new QSocketNotifier(fd, QSocketNotifier::Read);
                connect(b->notifier, &QSocketNotifier::activated, this, &EngineHost::readPending);
                m_batch = std::move(b);
            }
#endif
        },
        true);
    if (!ok && error)
        *error = why;
    return ok;
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
            if (id)
                m_calls[*id] = true;
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
        std::vector<core::CallId> ids;
        for (const auto& [id, out] : m_calls)
            ids.push_back(id);
        for (core::CallId id : ids)
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
    for (const auto& [id, out] : m_calls)
        if (const auto st = m_engine->callStats(id))
            addCallStats(s, *st);
    s.engine = m_engine->counters();
    return s;
}

void EngineHost::readPending()
{
#if defined(Q_OS_LINUX)
    if (m_batch) {
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
    }
#endif
    QHostAddress from;
    quint16 port = 0;
    for (int reads = 0; reads < kReadsPerTurn && m_socket->hasPendingDatagrams(); ++reads) { // one batch, as above
        const qint64 size = m_socket->pendingDatagramSize();
        if (size > m_rxBuffer.size())
            m_rxBuffer.resize(size);
        const qint64 n = m_socket->readDatagram(m_rxBuffer.data(), m_rxBuffer.size(), &from, &port);
        if (n < 0)
            break;
        ++m_stats.datagramsReceived;
        m_engine->receive(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(m_rxBuffer.constData()),
                              static_cast<std::size_t>(n)),
            toPeer(from, port), now());
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
        const qint64 expected = (t - m.startMs) / kTickMs + 1;
        qint64 due = expected - m.framesPulled;
        if (due * kTickMs > kLateTickMs + kTickMs)
            ++m_stats.lateTicks;
        if (due > kMaxFramesPerTick) {
            m.framesPulled = expected - kMaxFramesPerTick;
            due = kMaxFramesPerTick;
        }
        m_payloads.clear();
        if (due > 0)
            m.port->pull(int(due), m_payloads);
        m.framesPulled += std::max<qint64>(0, due);
        for (const auto& p : m_payloads)
            m_engine->sendVoice(id, p, kTickMs, nowMs); // refused before encryption when required: dropped
        if (!m.finishedReported && m.port->sourceFinished()) {
            m.finishedReported = true;
            Q_EMIT mediaFinished(id);
        }
    }
    pump();
}

void EngineHost::startMedia(core::CallId call)
{
    if (!m_factory || m_media.count(call))
        return;
    MediaCallInfo info;
    info.call = call;
    info.format = m_engine->callFormat(call).value_or(0);
    const auto o = m_calls.find(call);
    info.outgoing = o != m_calls.end() && o->second;
    Media m;
    m.port = m_factory(info);
    if (!m.port)
        return;
    m.outgoing = info.outgoing;
    m.startMs = m_clock.elapsed();
    m_media.emplace(call, std::move(m));
    if (!m_tick->isActive())
        m_tick->start();
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
    if (m_media.empty())
        m_tick->stop();
}

void EngineHost::deliver(core::EngineEvent&& e)
{
    if (auto* v = std::get_if<core::VoiceReceived>(&e)) {
        const auto it = m_media.find(v->call);
        if (it != m_media.end() && it->second.port)
            it->second.port->push(*v);
        return;
    }
    if (const auto* s = std::get_if<core::CallStateChanged>(&e)) {
        m_calls.try_emplace(s->call, false);
        if (s->state == core::CallState::Answered)
            startMedia(s->call);
        else if (terminal(s->state))
            stopMedia(s->call);
    } else if (const auto* in = std::get_if<core::IncomingCall>(&e)) {
        m_calls.try_emplace(in->call, false);
    } else if (const auto* f = std::get_if<core::CallFinished>(&e)) {
        stopMedia(f->call);
        addCallStats(m_stats, f->stats);
        m_calls.erase(f->call);
    } else if (const auto* k = std::get_if<core::PeerKeyNeeded>(&e)) {
        const core::CallId call = k->call;
        const QString name = QString::fromStdString(k->name);
        m_calls.try_emplace(call, false);
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
#if defined(Q_OS_LINUX)
    if (m_batch) {
        m_batch->pending.push_back(std::move(t));
        if (m_batch->pending.size() >= std::size_t(BatchIo::kBatch))
            flushTransmits();
        return;
    }
#endif
    QHostAddress to(QString::fromStdString(t.to.host));
    if (to.protocol() == QAbstractSocket::IPv4Protocol
        && m_socket->localAddress().protocol() == QAbstractSocket::IPv6Protocol
        && m_socket->localAddress() != QHostAddress::AnyIPv6)
        to = QHostAddress(QStringLiteral("::ffff:") + to.toString());
    const qint64 n = m_socket->writeDatagram(
        reinterpret_cast<const char*>(t.bytes.data()), static_cast<qint64>(t.bytes.size()), to, t.to.port);
    if (n < 0)
        ++m_stats.sendErrors;
    else
        ++m_stats.datagramsSent;
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

void EngineHost::pump()
{
    for (;;) {
        bool any = false;
        while (auto t = m_engine->pollTransmit()) {
            any = true;
            send(std::move(*t));
        }
        flushTransmits();
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
