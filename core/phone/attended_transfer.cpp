#include "core/phone/attended_transfer.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
QString tr(const char* s)
{
    return QCoreApplication::translate("iax::phone::AttendedTransfer", s);
}
} // namespace

AttendedTransfer::Steps AttendedTransfer::start(int first, CallState firstState, const QString& number, QString* why)
{
    const QString n = number.trimmed();
    if (m_stage == Stage::Consulting) {
        *why = tr("A consult call is already running; complete or cancel it first.");
        return {};
    }
    if (firstState != CallState::Answered && firstState != CallState::Held) {
        *why = tr("Only an answered call can be transferred.");
        return {};
    }
    if (n.isEmpty()) {
        *why = tr("Enter the number to consult.");
        return {};
    }
    reset();
    m_stage = Stage::Consulting;
    m_first = first;
    m_number = n;
    Steps steps;
    if (firstState != CallState::Held)
        steps.push_back({ Step::Kind::Hold, first, {} });
    steps.push_back({ Step::Kind::Dial, -1, n });
    return steps;
}

void AttendedTransfer::consultPlaced(int consultCall)
{
    if (m_stage != Stage::Consulting)
        return;
    if (consultCall < 0) {
        reset();
        return;
    }
    m_consult = consultCall;
    m_consultState = CallState::Calling;
}

void AttendedTransfer::update(int callId, CallState state)
{
    if (m_stage != Stage::Consulting || callId < 0)
        return;
    if (callId == m_consult)
        m_consultState = state;
    if ((callId == m_consult || callId == m_first) && isTerminal(state))
        reset();
}

bool AttendedTransfer::canComplete() const
{
    return m_stage == Stage::Consulting && m_consult >= 0
        && (m_consultState == CallState::Ringing || m_consultState == CallState::Answered
            || m_consultState == CallState::Held);
}

AttendedTransfer::Steps AttendedTransfer::complete(QString* why)
{
    if (!canComplete()) {
        *why = m_stage == Stage::Consulting ? tr("Wait until the consulted number rings or answers.")
                                            : tr("There is no consult call to complete.");
        return {};
    }
    Steps steps { { Step::Kind::HangUp, m_consult, {} }, { Step::Kind::Transfer, m_first, m_number } };
    m_stage = Stage::Completed;
    return steps;
}

AttendedTransfer::Steps AttendedTransfer::cancel()
{
    if (m_stage != Stage::Consulting)
        return {};
    Steps steps;
    if (m_consult >= 0)
        steps.push_back({ Step::Kind::HangUp, m_consult, {} });
    steps.push_back({ Step::Kind::Unhold, m_first, {} });
    reset();
    return steps;
}

void AttendedTransfer::reset()
{
    m_stage = Stage::Idle;
    m_first = -1;
    m_consult = -1;
    m_consultState = CallState::Calling;
    m_number.clear();
}

} // namespace iax::phone
