#pragma once
// Drives the sans-IO Engine on the engine/media thread: marshals commands into it and ticks it.
// Owns the UDP socket (IPv4 and IPv6: QUdpSocket, on Linux taken over by a UdpBatchSocket), a
// monotonic clock, the single deadline timer, the CSPRNG, and the media of every answered call
// (ticked every 20 ms). The calls themselves are the Engine's (no table of its own here). Other threads never touch the
// Engine: every public method below may be called from any thread and is queued into the host thread; events come back
// as queued signals. No pointers cross threads — calls and registrations are referred to by id.
//
// Use it through EngineThread (engine_thread.h), which owns the QThread, or on one thread alone
// (tests): then the methods run directly.
#include "core/net/call_media_port.h"
#include "core/net/caller_key_lookup.h"
#include "core/net/host_stats.h"
#include "core/net/network_monitor.h"
#include "core/net/udp_batch_socket.h"
#include "core/protocol/engine.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

namespace iax::net {

class EngineHost : public QObject {
    Q_OBJECT
public:
    /// Creates the Engine (with a CsprngRandom) and the socket, unbound. Construct it on any thread
    /// and move it to the host thread before use (EngineThread does both).
    explicit EngineHost(core::EngineConfig config, QObject* parent = nullptr);
    ~EngineHost() override;

    // ---- set-up (any thread; blocks until the host thread has done it) ----
    /// Binds the UDP socket to `address`:`port` (AnyIPv4, AnyIPv6, Any = dual stack, or one
    /// address; port 0 = ephemeral). False with a sentence in *error when the bind fails.
    bool bind(const QHostAddress& address, quint16 port, QString* error);
    /// The bound port (0 before bind). Any thread.
    quint16 localPort() const { return m_port.load(); }
    /// Media for answered calls (nullptr = none: voice frames from peers are dropped).
    void setMediaFactory(MediaFactory factory);
    /// Replaces the users accepted for incoming calls (queued).
    void setUsers(std::vector<core::UserConfig> users);
    /// Answers the Engine's PeerKeyNeeded (users with lookupCallerKey) from the trusted-key store
    /// and, if a URL template is set, the key server (see CallerKeyLookup). Blocks until set up on
    /// the host thread. False with a sentence in *error for a bad template.
    bool setKeyLookup(KeyLookupOptions options, QString* error);

    // ---- commands (any thread) ----
    /// Places a call; blocks until the Engine has allocated it. nullopt when the call table is full.
    std::optional<core::CallId> dial(core::DialRequest request);
    /// Starts a registration; blocks until the Engine has allocated it.
    core::RegId registerTo(core::RegistrationRequest request);
    /// Queued: RINGING then ANSWER for an incoming call.
    void answer(core::CallId call);
    /// Queued: REJECT an incoming call with a cause.
    void reject(core::CallId call, const QString& cause);
    /// Queued: HANGUP (or cancel) a call; unknown ids are ignored.
    void hangup(core::CallId call, const QString& cause);
    /// Queued: hangs up every call (for shutdown).
    void hangupAll(const QString& cause);
    /// Queued: one DTMF digit. A refusal (not answered, encryption required but not encrypted)
    /// comes back as commandFailed.
    void sendDtmf(core::CallId call, char digit);
    /// Queued: REGREL for a registration.
    void unregister(core::RegId reg);
    /// Queued: runs `f` on the media of `call` on the host thread (nothing if the call has none).
    void withMedia(core::CallId call, std::function<void(CallMediaPort&)> f);
    /// Queued: runs `f` with the Engine and the current time on the host thread, then flushes.
    /// For commands without a wrapper; `f` must capture values only.
    void post(std::function<void(core::Engine&, core::Millis)> f);
    /// Queued: a snapshot of the counters comes back through statsReady.
    void requestStats();

    // ---- network changes (engine_host_network.cpp; issue 19) ----
    /// Registration retries after a network change come at most this far apart (until a REGACK).
    static constexpr core::Millis kNetworkRetryCap { 3000 };
    /// Watches the network with `probe` (nullptr = the system's, with QNetworkInformation when a
    /// backend loads), polling every `pollIntervalMs` (0 = no timer: only the changes reported
    /// otherwise), and reacts to every change (see networkStatus). bind() does this with the
    /// system's probe unless it was called before. Blocks until set up on the host thread.
    void watchNetwork(std::unique_ptr<NetworkProbe> probe, int pollIntervalMs = NetworkMonitor::kPollIntervalMs);
    /// Queued: reacts as to a change the monitor saw (a test's simulated host, a user's
    /// "reconnect"): rebinds a socket whose address went away, re-registers at once, and tells
    /// the answered calls' peers our new source. Nothing before bind().
    void networkChanged(iax::net::NetworkChange what, const QString& detail);
    /// Queued: one poll of the network monitor now (tests; the monitor's timer does it otherwise).
    void pollNetwork();

    /// Datagram reads (recvmmsg slots, or readDatagram calls off Linux) per turn of the host
    /// thread's event loop at most: whatever waits beyond them is read on the next turn, after the
    /// commands queued meanwhile, so a flood of datagrams cannot hold up a hang-up.
    static constexpr int kReadsPerTurn = UdpBatchSocket::kBatch;

Q_SIGNALS:
    /// Every Engine event except VoiceReceived (which goes to the call's media). Queued to the owner.
    void engineEvent(const iax::core::EngineEvent& event);
    /// The media source of `call` has nothing more to send (e.g. the play file ended).
    void mediaFinished(iax::core::CallId call);
    /// The media of `call` failed (e.g. the recording could not be written): a sentence.
    void mediaError(iax::core::CallId call, const QString& reason);
    /// A queued command was refused by the Engine: a sentence.
    void commandFailed(iax::core::CallId call, const QString& reason);
    /// Answer to requestStats().
    void statsReady(const iax::net::HostStats& stats);
    /// What a caller-key lookup did (store hit, pinned on first use, refused change, failure).
    void keyLookup(const iax::net::KeyLookupReport& report);
    /// The network changed and what came of it: Changed (with why), Reconnecting (registrations
    /// re-registering, calls told), Recovered (every registration registered again; at once
    /// when there is none), in this order for each change.
    void networkStatus(const iax::net::NetworkStatus& status);

private:
    bool onHostThread() const;
    /// Runs `f` on the host thread: directly if already there, else queued (or blocking).
    void run(std::function<void()> f, bool blocking = false);
    core::Millis now() const { return core::Millis(m_clock.elapsed()); }
    void readPending();
    void onTimer();
    void onTick();
    /// Re-arms the media tick: once, just after the next captured frame of a call on a sound
    /// card (CallMediaPort::msUntilTick()), or periodically (m_tickPeriodMs) when no call asks.
    void scheduleTick();
    void pump();
    /// Sends `t` now (QUdpSocket) or queues it for the batch socket's next flush (Linux).
    void send(core::Transmit&& t);
    void deliver(core::EngineEvent&& e);
    void startMedia(core::CallId call);
    void stopMedia(core::CallId call);
    HostStats snapshot() const;
    /// Binds m_socket (and the batch socket on Linux). Host thread. False with a sentence in *why.
    bool bindSocket(const QHostAddress& address, quint16 port, QString* why);
    // engine_host_network.cpp
    void onNetworkChanged(NetworkChange what, const QString& detail);
    /// The socket bound to an address that is gone moves to the wildcard address (same port), and
    /// back once the address returns. Returns a sentence saying what it did ("" = nothing).
    QString rebindForNetwork();
    /// After a flush: a send refused because the network is gone tells the monitor.
    void noteSendOutcome();
    /// Keeps registration states for Recovered; tells the monitor about APPARENT_ADDR.
    void noteRegistration(const core::RegistrationStateChanged& r);
    void checkRecovered();

    core::CsprngRandom m_rng;
    std::unique_ptr<core::Engine> m_engine;
    QUdpSocket* m_socket = nullptr; // child: moves with the host to its thread
    QTimer* m_timer = nullptr; // Engine deadline
    QTimer* m_tick = nullptr; // media tick: every m_tickPeriodMs, or once at a sound card's next frame
    int m_tickPeriodMs = 20; // the shortest tickMs() of the calls with media
    QElapsedTimer m_clock;
    MediaFactory m_factory;
    struct Media {
        std::unique_ptr<CallMediaPort> port;
        qint64 startMs = 0;
        qint64 framesPulled = 0;
        bool aligned = false; // the port asked for its tick at its sound card's next frame: pulled every tick
        bool finishedReported = false;
    };
    std::unordered_map<core::CallId, Media> m_media; // looked up for every voice frame received
    std::atomic<quint16> m_port { 0 };
    QByteArray m_rxBuffer;
    /// Linux: the bound socket taken over for recvmmsg/sendmmsg (m_socket is then closed).
    /// nullptr elsewhere.
    std::unique_ptr<UdpBatchSocket> m_batch;
    std::vector<std::vector<std::uint8_t>> m_payloads; // reused per tick
    HostStats m_stats;
    CallerKeyLookup* m_keys = nullptr; // child, created on the host thread by setKeyLookup
    // network changes (engine_host_network.cpp)
    NetworkMonitor* m_monitor = nullptr; // child, created by watchNetwork (or bind)
    QHostAddress m_requestedAddress; // what bind() was asked for
    QHostAddress m_boundAddress; // what the socket is bound to now
    std::map<core::RegId, bool> m_regRecovered; // live registrations: REGACK since the last change?
    std::optional<qint64> m_reconnectingSince; // ms of the host clock, while reconnecting
    std::uint64_t m_networkGoneSeen = 0; // send failures already told to the monitor
    std::uint64_t m_networkGoneSends = 0; // QUdpSocket path: sends refused as the network is gone
    std::uint64_t m_sentSeen = 0;
};

} // namespace iax::net
