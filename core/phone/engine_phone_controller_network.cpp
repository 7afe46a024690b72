// EnginePhoneController: the network change sentences of the status bar (issue 19).
#include "core/net/engine_host.h"
#include "core/phone/engine_phone_controller.h"

namespace iax::phone {

void EnginePhoneController::onNetworkStatus(const net::NetworkStatus& status)
{
    switch (status.state) {
    case net::NetworkStatus::State::Changed:
        return; // Reconnecting follows at once and says it
    case net::NetworkStatus::State::Reconnecting:
        Q_EMIT networkStatus(status.calls > 0
                ? tr("Network changed: reconnecting… (%n call(s) moving)", "", status.calls)
                : tr("Network changed: reconnecting…"));
        return;
    case net::NetworkStatus::State::Recovered:
        Q_EMIT networkStatus(status.registrations > 0
                ? tr("Reconnected: registered again after %1 s").arg(double(status.afterMs) / 1000.0, 0, 'f', 1)
                : tr("Reconnected"));
        return;
    }
}

} // namespace iax::phone
