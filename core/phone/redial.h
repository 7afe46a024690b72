#pragma once
// Calling a history entry again (issue 21 item 11), one rule for the desktop app: the entry's
// account, the number the user dialled (never secure dial's access extension) and the entry's mode
// (secure dial or not, as that call was placed; an incoming call follows the account's secure dial
// default, as a typed number would), with the sentence that says what will happen or why it will
// not. Pure logic; GUI thread or any thread.
#include "core/phone/call_history.h"
#include "core/phone/settings.h"

#include <QString>

namespace iax::phone {

/// How an entry is called again.
struct RedialPlan {
    QString accountId; ///< the entry's account ("" when it no longer exists)
    QString number; ///< what to dial (the destination for secure dial); may be "" when refused
    bool secureDial = false; ///< through the account's secure dial extension
    /// "Calling 5551234 with account PBX (secure dial)." — or, when `refused`, why nothing is
    /// dialled and what the user can do instead.
    QString sentence;
    bool refused = false;
};

/// The plan for calling `entry` again with the accounts of `settings`. Refused when the entry's
/// account is gone, there is no number, or secure dial is needed but unavailable for the account
/// now or cannot carry the number (anything but 0-9 * # A-D).
RedialPlan planRedial(const CallHistoryEntry& entry, const Settings& settings);

} // namespace iax::phone
