// Call features IAX2 carries natively beyond voice and DTMF: the encrypted dial (IAX DIAL after a
// NEW to "TBD") and the blind transfer (IAX TRANSFER). Both only send; the peer's answers (PROGRESS
// and ANSWER after DIAL, HANGUP after a transfer) take the ordinary paths of call.cpp.
#include "core/protocol/call.h"

namespace iax::core {

bool Call::sendDial(const std::string& number, Millis now, std::string* why)
{
    auto refuse = [&](const std::string& reason) {
        if (why)
            *why = "encrypted dial refused: " + reason;
        return false;
    };
    if (m_role != Role::Caller || m_calledNumber != kTbdCalledNumber)
        return refuse("the call was not placed to the TBD destination");
    if (ended())
        return refuse("the call has ended");
    if (m_dialSent)
        return refuse("the destination was sent already");
    if (m_state != CallState::Proceeding)
        return refuse("the peer has not accepted the call (or it is past dialling)");
    if (!m_tx || m_encState != EncryptionState::Encrypted)
        return refuse("the call is not encrypted, so the number would cross the wire in clear");
    if (number.empty() || number.size() > 255)
        return refuse("the number must be 1 to 255 characters");
    IeList ies;
    ies.addString(IeId::CalledNumber, number);
    m_dialSent = true;
    sendIax(IaxCommand::Dial, ies, now);
    return true;
}

bool Call::transfer(const std::string& number, const std::string& context, Millis now, std::string* why)
{
    if (!mediaAllowed("transfer", why))
        return false;
    if (number.empty() || number.size() > 255 || context.size() > 255) {
        if (why)
            *why = "transfer refused: the destination must be 1 to 255 characters";
        return false;
    }
    IeList ies;
    ies.addString(IeId::CalledNumber, number);
    if (!context.empty())
        ies.addString(IeId::CalledContext, context);
    sendIax(IaxCommand::Transfer, ies, now);
    return true;
}

} // namespace iax::core
