// Registration after a network change (issue 19): re-register at once, retry within seconds.
#include "core/protocol/registration.h"

namespace iax::core {

void Registration::networkChanged(Millis retryCap, Millis now)
{
    if (m_releasing || m_finished)
        return;
    if (m_state == RegistrationState::Failed && !m_restartAt)
        return; // refused by the server (or unsendable): failed for good, no network makes it work
    m_failures = 0;
    m_retryCap = retryCap;
    m_restartAt = now;
}

} // namespace iax::core
