#pragma once
// How a call and a history entry read to the user, one rule for the live call list and the
// history: the title (the number dialled, also for secure dial), the one clock of a call's
// duration, and a failure as one plain sentence with the technical detail apart. Pure functions;
// any thread.
#include "core/phone/call_history.h"
#include "core/phone/call_snapshot.h"

#include <QDateTime>
#include <QString>

namespace iax::phone {

/// The call's title: its contact's name with the number ("Alice (5551234)"), else its peer (or
/// number); for secure dial the destination the user typed with the access extension, e.g.
/// "5551234 (via dtmf, sent encrypted)".
QString callTitle(const CallSnapshot& call);
/// The same title for a history entry (secure dial: "5551234 (via dtmf, sent encrypted)").
QString historyTitle(const CallHistoryEntry& entry);
/// Seconds the call has been (or was) answered: from answeredAt to endedAt, or to `now` while the
/// call is live; 0 before it was answered. The live row and the history entry both use it.
int callDurationSeconds(const CallSnapshot& call, const QDateTime& now);

/// A failed call told to the user: `summary` is one plain sentence; `detail` the technical reasons
/// (the engine's cause, the encryption refusal) for a "Details" view, "" when there are none.
struct FailureText {
    QString summary;
    QString detail;
};
/// The failure of `call` (state Failed, or an encryption failure/refusal on a live call);
/// empty summary when there is nothing to report.
FailureText failureText(const CallSnapshot& call);

} // namespace iax::phone
