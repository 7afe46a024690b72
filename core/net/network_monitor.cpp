#include "core/net/network_monitor.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkInformation>
#include <QNetworkInterface>

#include <algorithm>

namespace iax::net {

namespace {

class SystemProbe final : public NetworkProbe {
public:
    SystemProbe() { m_clock.start(); }
    QStringList addresses() const override
    {
        QStringList out;
        for (const QNetworkInterface& i : QNetworkInterface::allInterfaces()) {
            if (!(i.flags() & QNetworkInterface::IsUp) || !(i.flags() & QNetworkInterface::IsRunning))
                continue;
            for (const QNetworkAddressEntry& e : i.addressEntries())
                out << e.ip().toString();
        }
        return out;
    }
    qint64 wallMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    qint64 monotonicMs() const override { return m_clock.elapsed(); }

private:
    QElapsedTimer m_clock;
};

QStringList sorted(QStringList l)
{
    l.sort();
    l.removeDuplicates();
    return l;
}

} // namespace

std::unique_ptr<NetworkProbe> systemNetworkProbe()
{
    return std::make_unique<SystemProbe>();
}

const char* networkChangeName(NetworkChange c)
{
    switch (c) {
    case NetworkChange::Addresses:
        return "addresses";
    case NetworkChange::Resumed:
        return "resumed";
    case NetworkChange::Reachability:
        return "reachability";
    case NetworkChange::SendFailed:
        return "send-failed";
    case NetworkChange::ApparentAddress:
        return "apparent-address";
    }
    return "?";
}

const char* networkStateName(NetworkStatus::State s)
{
    switch (s) {
    case NetworkStatus::State::Changed:
        return "changed";
    case NetworkStatus::State::Reconnecting:
        return "reconnecting";
    case NetworkStatus::State::Recovered:
        return "recovered";
    }
    return "?";
}

NetworkMonitor::NetworkMonitor(std::unique_ptr<NetworkProbe> probe, QObject* parent)
    : QObject(parent)
    , m_probe(std::move(probe))
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<iax::net::NetworkChange>("iax::net::NetworkChange");
    qRegisterMetaType<iax::net::NetworkStatus>("iax::net::NetworkStatus");
    m_addresses = sorted(m_probe->addresses());
    m_lastWall = m_probe->wallMs();
    m_lastMonotonic = m_probe->monotonicMs();
    connect(m_timer, &QTimer::timeout, this, &NetworkMonitor::poll);
}

void NetworkMonitor::start(int intervalMs)
{
    if (intervalMs > 0)
        m_timer->start(intervalMs);
    else
        m_timer->stop();
}

QString NetworkMonitor::watchSystemReachability()
{
    if (!QNetworkInformation::instance()
        && !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return {};
    QNetworkInformation* info = QNetworkInformation::instance();
    if (!info)
        return {};
    m_reachability = int(info->reachability());
    connect(info, &QNetworkInformation::reachabilityChanged, this,
        [this](QNetworkInformation::Reachability r) { onReachability(int(r)); });
    connect(info, &QNetworkInformation::transportMediumChanged, this, [this](QNetworkInformation::TransportMedium) {
        Q_EMIT changed(NetworkChange::Reachability, tr("the network's transport medium changed"));
    });
    return info->backendName();
}

void NetworkMonitor::onReachability(int reachability)
{
    const int before = m_reachability;
    m_reachability = reachability;
    if (before == reachability)
        return;
    const auto name = [](int r) {
        switch (QNetworkInformation::Reachability(r)) {
        case QNetworkInformation::Reachability::Disconnected:
            return QStringLiteral("disconnected");
        case QNetworkInformation::Reachability::Local:
            return QStringLiteral("local");
        case QNetworkInformation::Reachability::Site:
            return QStringLiteral("site");
        case QNetworkInformation::Reachability::Online:
            return QStringLiteral("online");
        case QNetworkInformation::Reachability::Unknown:
            break;
        }
        return QStringLiteral("unknown");
    };
    Q_EMIT changed(NetworkChange::Reachability, tr("reachability %1 → %2").arg(name(before), name(reachability)));
}

void NetworkMonitor::poll()
{
    const qint64 wall = m_probe->wallMs();
    const qint64 mono = m_probe->monotonicMs();
    const qint64 jump = (wall - m_lastWall) - (mono - m_lastMonotonic);
    m_lastWall = wall;
    m_lastMonotonic = mono;
    const QStringList now = sorted(m_probe->addresses());
    QStringList gone, added;
    std::set_difference(m_addresses.begin(), m_addresses.end(), now.begin(), now.end(), std::back_inserter(gone));
    std::set_difference(now.begin(), now.end(), m_addresses.begin(), m_addresses.end(), std::back_inserter(added));
    m_addresses = now;
    if (!gone.isEmpty() || !added.isEmpty()) {
        QStringList parts;
        if (!added.isEmpty())
            parts << tr("new address %1").arg(added.join(QStringLiteral(", ")));
        if (!gone.isEmpty())
            parts << tr("address %1 gone").arg(gone.join(QStringLiteral(", ")));
        Q_EMIT changed(NetworkChange::Addresses, parts.join(QStringLiteral("; ")));
    } else if (std::abs(jump) > kSleepJumpMs) {
        Q_EMIT changed(NetworkChange::Resumed,
            jump > 0 ? tr("resumed after about %1 s asleep").arg(jump / 1000)
                     : tr("the wall clock went back %1 s").arg(-jump / 1000));
    }
}

const QStringList& NetworkMonitor::refreshAddresses()
{
    m_addresses = sorted(m_probe->addresses());
    return m_addresses;
}

void NetworkMonitor::sendFailed(const QString& detail)
{
    if (m_sendFailing)
        return;
    m_sendFailing = true;
    Q_EMIT changed(NetworkChange::SendFailed, detail);
}

void NetworkMonitor::apparentAddress(quint32 reg, const QString& address)
{
    if (address.isEmpty())
        return;
    const QString before = m_apparent.value(reg);
    m_apparent.insert(reg, address);
    if (!before.isEmpty() && before != address)
        Q_EMIT changed(
            NetworkChange::ApparentAddress, tr("the server now sees us at %1 (was %2)").arg(address, before));
}

} // namespace iax::net
