// EngineHost's reaction to a network change (issue 19): the NetworkMonitor reports, the host
// rebinds a socket whose address went away, has the Engine re-register at once and tell the
// answered calls' peers our new source, and reports Changed → Reconnecting → Recovered.
#include "core/net/engine_host.h"

#include "core/protocol/call_state.h"

#include <QNetworkInterface>

namespace iax::net {

namespace {

bool isWildcard(const QHostAddress& a)
{
    return a.isNull() || a == QHostAddress::Any || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6;
}

} // namespace

void EngineHost::watchNetwork(std::unique_ptr<NetworkProbe> probe, int pollIntervalMs)
{
    run(
        [&] {
            delete m_monitor;
            const bool system = !probe;
            m_monitor = new NetworkMonitor(system ? systemNetworkProbe() : std::move(probe), this);
            // Queued: a change seen while pumping (a refused send) is handled after the pump.
            connect(m_monitor, &NetworkMonitor::changed, this, &EngineHost::onNetworkChanged, Qt::QueuedConnection);
            if (system)
                m_monitor->watchSystemReachability();
            m_monitor->start(pollIntervalMs);
        },
        true);
}

void EngineHost::networkChanged(NetworkChange what, const QString& detail)
{
    run([this, what, detail] { onNetworkChanged(what, detail); });
}

void EngineHost::pollNetwork()
{
    run([this] {
        if (m_monitor)
            m_monitor->poll();
    });
}

void EngineHost::onNetworkChanged(NetworkChange what, const QString& detail)
{
    if (m_port.load() == 0)
        return; // not bound: nothing to move
    NetworkStatus st;
    st.why = what;
    st.detail = detail;
    st.localAddress = m_boundAddress.toString();
    Q_EMIT networkStatus(st);

    const QString rebound = rebindForNetwork();
    if (m_monitor)
        m_monitor->forgetApparentAddresses();
    const core::Millis t = now();
    int calls = 0;
    for (core::CallId id : m_engine->liveCalls())
        if (m_media.count(id))
            ++calls;
    m_engine->networkChanged(t, kNetworkRetryCap);
    for (auto& [reg, recovered] : m_regRecovered)
        recovered = false;
    m_reconnectingSince = t.count();
    st.state = NetworkStatus::State::Reconnecting;
    st.detail = rebound;
    st.localAddress = m_boundAddress.toString();
    st.registrations = int(m_regRecovered.size());
    st.calls = calls;
    Q_EMIT networkStatus(st);
    pump();
    checkRecovered();
}

QString EngineHost::rebindForNetwork()
{
    const QStringList present = m_monitor ? m_monitor->refreshAddresses() : QStringList();
    const bool requestedPresent = isWildcard(m_requestedAddress) || present.contains(m_requestedAddress.toString());
    QHostAddress want = m_requestedAddress;
    if (!requestedPresent)
        want = m_requestedAddress.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(QHostAddress::AnyIPv6)
                                                                              : QHostAddress(QHostAddress::AnyIPv4);
    if (want == m_boundAddress)
        return {};
    const QHostAddress before = m_boundAddress;
    const quint16 port = m_port.load();
    m_batch.reset();
    m_socket->close();
    QString why;
    if (!bindSocket(want, port, &why) && !bindSocket(want, 0, &why)) { // the port may be taken meanwhile
        // Keep trying on the next change; the Engine's sends fail (counted) until then.
        m_boundAddress = QHostAddress();
        return tr("could not rebind from %1: %2").arg(before.toString(), why);
    }
    return tr("socket moved from %1 to %2:%3").arg(before.toString(), want.toString()).arg(m_port.load());
}

void EngineHost::noteSendOutcome()
{
    if (!m_monitor)
        return;
    const std::uint64_t gone = m_networkGoneSends + (m_batch ? m_batch->counters().networkGone : 0);
    const std::uint64_t sent = m_stats.datagramsSent + (m_batch ? m_batch->counters().sent : 0);
    if (gone != m_networkGoneSeen)
        m_monitor->sendFailed(tr("a send failed: the network is unreachable or our address is gone"));
    else if (sent != m_sentSeen)
        m_monitor->sendWorked();
    m_networkGoneSeen = gone;
    m_sentSeen = sent;
}

void EngineHost::noteRegistration(const core::RegistrationStateChanged& r)
{
    if (r.state == core::RegistrationState::Unregistered
        || (r.state == core::RegistrationState::Failed && r.failure == core::RegistrationFailure::Refused)) {
        // Ended, or refused for good (no retry): nothing to wait for.
        m_regRecovered.erase(r.reg);
        if (m_monitor)
            m_monitor->forgetRegistration(r.reg);
    } else {
        const auto it = m_regRecovered.try_emplace(r.reg, false).first;
        if (r.state == core::RegistrationState::Registered) {
            it->second = true;
            if (m_monitor)
                m_monitor->apparentAddress(r.reg, QString::fromStdString(r.apparentAddress));
        }
    }
    checkRecovered();
}

void EngineHost::checkRecovered()
{
    if (!m_reconnectingSince)
        return;
    for (const auto& [reg, recovered] : m_regRecovered)
        if (!recovered)
            return;
    NetworkStatus st;
    st.state = NetworkStatus::State::Recovered;
    st.localAddress = m_boundAddress.toString();
    st.registrations = int(m_regRecovered.size());
    st.afterMs = now().count() - *m_reconnectingSince;
    m_reconnectingSince.reset();
    Q_EMIT networkStatus(st);
}

} // namespace iax::net
