// The CLI's side of the features IAX2 carries natively (issue 18): what CliPhone follows of the
// engine's events for them before the usual printing. Main thread.
#include "app/cli/cli_phone.h"

namespace iax::cli {

void CliPhone::onFeatureEvent(const core::EngineEvent& ev)
{
    if (const auto* a = std::get_if<core::CallAccepted>(&ev)) {
        m_calls[a->call].accepted = true;
        if (m_mode == Mode::Call && a->call == m_outgoing)
            updateSecureDial(); // --encrypted-dial: the PBX waits for the DIAL now
        return;
    }
}

} // namespace iax::cli
