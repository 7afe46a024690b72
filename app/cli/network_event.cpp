// The CLI's "network" event (issue 19): what the engine host made of a network change.
#include "app/cli/json_events.h"

namespace iax::cli {

CliEvent describeNetworkStatus(const net::NetworkStatus& s)
{
    QJsonObject o { { "event", "network" }, { "state", net::networkStateName(s.state) } };
    QString human;
    switch (s.state) {
    case net::NetworkStatus::State::Changed:
        o["reason"] = net::networkChangeName(s.why);
        o["detail"] = s.detail;
        human = QStringLiteral("network changed (%1): %2").arg(net::networkChangeName(s.why), s.detail);
        break;
    case net::NetworkStatus::State::Reconnecting:
        o["local"] = s.localAddress;
        o["registrations"] = s.registrations;
        o["calls"] = s.calls;
        if (!s.detail.isEmpty())
            o["detail"] = s.detail;
        human = QStringLiteral("reconnecting: re-registering %1 registration(s), telling %2 call(s) our new address%3")
                    .arg(s.registrations)
                    .arg(s.calls)
                    .arg(s.detail.isEmpty() ? QString() : QStringLiteral(" (") + s.detail + QLatin1Char(')'));
        break;
    case net::NetworkStatus::State::Recovered:
        o["after_ms"] = s.afterMs;
        o["registrations"] = s.registrations;
        human = QStringLiteral("network recovered after %1 ms").arg(s.afterMs);
        break;
    }
    return { o, human };
}

} // namespace iax::cli
