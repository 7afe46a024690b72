#pragma once
// Notices that the host's network changed under a running phone (issue 19: a laptop's life): the
// set of interface addresses (polled; QNetworkInformation's reachability and transport changes
// when the platform has a backend), a wall-clock jump against the monotonic clock (resume from
// sleep: the monotonic clock stands still while the machine sleeps), a send the kernel refuses
// because the network is gone, and a NAT rebinding (the APPARENT_ADDR a registrar reports
// changed). It only reports: EngineHost reacts (rebinds, re-registers, tells the calls' peers).
// Lives on the host thread; everything is driven by its timer or by the host's calls, and what
// it looks at comes from an injected NetworkProbe (a simulated host in tests).
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace iax::net {

/// What the monitor reads from the host: the real one (systemNetworkProbe) or a simulated one.
class NetworkProbe {
public:
    virtual ~NetworkProbe() = default;
    /// The addresses of the interfaces that are up (numeric, any order). Never fails: empty
    /// when there are none.
    virtual QStringList addresses() const = 0;
    /// Wall-clock time, ms since the epoch (jumps forward after a sleep).
    virtual qint64 wallMs() const = 0;
    /// Monotonic time, ms (stands still while the machine sleeps).
    virtual qint64 monotonicMs() const = 0;
};

/// The host's interfaces (QNetworkInterface) and clocks. Any thread.
std::unique_ptr<NetworkProbe> systemNetworkProbe();

/// Why the monitor reported a change.
enum class NetworkChange {
    Addresses, ///< an interface address appeared or went away
    Resumed, ///< the wall clock jumped against the monotonic one (resume from sleep)
    Reachability, ///< QNetworkInformation: reachability or transport medium changed
    SendFailed, ///< the kernel refused a send (network unreachable, address not available)
    ApparentAddress, ///< a registrar sees us at another address (NAT rebinding)
};
/// "addresses", "resumed", "reachability", "send-failed", "apparent-address".
const char* networkChangeName(NetworkChange c);

/// What EngineHost made of a network change (EngineHost::networkStatus). Plain data.
struct NetworkStatus {
    enum class State { Changed, Reconnecting, Recovered };
    State state = State::Changed;
    NetworkChange why = NetworkChange::Addresses;
    QString detail; ///< Changed: what the monitor saw; Reconnecting: a rebind, if one happened
    QString localAddress; ///< the socket's address now ("0.0.0.0" = any)
    int registrations = 0; ///< live registrations re-registering (Reconnecting) or registered
    int calls = 0; ///< answered calls told our new source (Reconnecting)
    qint64 afterMs = 0; ///< Recovered: ms since the change
};
/// "changed", "reconnecting", "recovered".
const char* networkStateName(NetworkStatus::State s);

class NetworkMonitor : public QObject {
    Q_OBJECT
public:
    /// A wall-clock jump against the monotonic clock larger than this between two polls is a sleep.
    static constexpr qint64 kSleepJumpMs = 5000;
    static constexpr int kPollIntervalMs = 2000;

    /// Takes the probe and reads its addresses once (the baseline). Host thread.
    explicit NetworkMonitor(std::unique_ptr<NetworkProbe> probe, QObject* parent = nullptr);

    /// Polls every `intervalMs` from now on. Host thread.
    void start(int intervalMs = kPollIntervalMs);
    /// Also follows QNetworkInformation's reachability and transport medium when a backend loads
    /// (none on a host without NetworkManager or GLib's monitor: then polling alone). Returns the
    /// backend's name, "" when none loaded. Host thread.
    QString watchSystemReachability();
    /// One look at the probe (the timer calls it; tests call it directly): emits changed() for new
    /// or vanished addresses and for a clock jump.
    void poll();
    /// The kernel refused a send because the network is gone: changed(SendFailed) for the first
    /// such failure after a send that worked (not once per datagram).
    void sendFailed(const QString& detail);
    /// A send worked (re-arms sendFailed).
    void sendWorked() { m_sendFailing = false; }
    /// A REGACK of registration `reg` said the server sees us at `address` ("ip:port"):
    /// changed(ApparentAddress) when it said something else before (a NAT rebinding).
    void apparentAddress(quint32 reg, const QString& address);
    /// Registration `reg` ended: its apparent address is forgotten.
    void forgetRegistration(quint32 reg) { m_apparent.remove(reg); }
    /// Our address changed anyway: the next REGACKs set new apparent addresses to compare with
    /// (the change they show is this one, not a NAT rebinding).
    void forgetApparentAddresses() { m_apparent.clear(); }
    /// The addresses the last poll saw, sorted.
    const QStringList& addresses() const { return m_addresses; }
    /// Reads the addresses now (e.g. after a refused send, before the next poll) and returns them
    /// sorted; the next poll reports changes against these (so the change is not reported twice).
    const QStringList& refreshAddresses();

Q_SIGNALS:
    /// The network changed: `what`, and a sentence with the details (addresses, seconds asleep).
    void changed(iax::net::NetworkChange what, const QString& detail);

private:
    void onReachability(int reachability);

    std::unique_ptr<NetworkProbe> m_probe;
    QTimer* m_timer = nullptr;
    QStringList m_addresses;
    qint64 m_lastWall = 0;
    qint64 m_lastMonotonic = 0;
    bool m_sendFailing = false;
    int m_reachability = -1; // QNetworkInformation::Reachability, -1 = not known yet
    QHash<quint32, QString> m_apparent;
};

} // namespace iax::net

Q_DECLARE_METATYPE(iax::net::NetworkChange)
Q_DECLARE_METATYPE(iax::net::NetworkStatus)
