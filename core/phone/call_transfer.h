#pragma once
// Blind transfer (issue 18): what the user is told of an IAX TRANSFER. Asterisk moves the party
// bridged to our call and hangs our leg up at once; when it cannot, it says nothing at all. So a
// transfer is "done" when the PBX hangs our leg up, "failed" when the call ends any other way or
// the PBX stays silent for kTransferWaitMs. One rule for both front ends (EnginePhoneController,
// the CLI's --transfer). Pure functions and values, any thread.
#include "core/protocol/events.h"

#include <QMetaType>
#include <QString>

namespace iax::phone {

/// How long the PBX has to take a transfer before it counts as refused (Asterisk answers in
/// milliseconds on loopback, or never).
inline constexpr int kTransferWaitMs = 10000;

/// Where a blind transfer of one call stands. None: no transfer asked for.
enum class TransferState { None, Requested, Done, Failed };

/// A call's blind transfer as the GUI shows it (CallSnapshot::transfer) and the CLI prints it.
struct TransferProgress {
    TransferState state = TransferState::None;
    QString target; ///< the extension asked for (TARGET or TARGET@CONTEXT)
    QString reason; ///< why Done/Failed, a sentence ("" while Requested)

    friend bool operator==(const TransferProgress&, const TransferProgress&) = default;
};

/// The TRANSFER to `target` was sent.
TransferProgress transferRequested(const QString& target);
/// The call ended while `p` was Requested: Done when the PBX hung our leg up (`state` HungUp and
/// not by us), else Failed with the end's reason. Any other `p` comes back unchanged.
TransferProgress transferEnded(const TransferProgress& p, core::CallState state, const core::CallEnd& end, bool byUs);
/// kTransferWaitMs passed: Failed when `p` is still Requested, else unchanged.
TransferProgress transferTimedOut(const TransferProgress& p);
/// The engine refused to send the TRANSFER (`why` its reason): Failed.
TransferProgress transferRefused(const QString& target, const QString& why);
/// "requested", "done", "failed" ("" for None): the CLI's JSON state.
QString transferStateName(TransferState s);

} // namespace iax::phone

Q_DECLARE_METATYPE(iax::phone::TransferProgress)
