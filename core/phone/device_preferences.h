#pragma once
// Sound-device preference lists per role (microphone, speaker), issue 19: the device the user
// chose, then the devices chosen before it, most recent first. A call falls back along the list
// when its device disappears (then to the system default); the settings keep only the earlier
// choices (AudioSettings::inputHistory/outputHistory), so an old single device setting is simply a
// list of one. Pure functions; any thread.
#include <QString>
#include <QStringList>

namespace iax::phone {

/// Earlier choices kept per role.
inline constexpr int kDeviceHistoryLength = 5;

/// The preference list of a role: `chosen`, then `history`, without duplicates and without ""
/// (the system default, which always comes last anyway).
QStringList devicePreferences(const QString& chosen, const QStringList& history);

/// The ringer's preference list: the chosen device, then the earlier choices; just the system
/// default ({""}) when that is the choice (the ringer then follows the system, not old devices).
QStringList ringerPreferences(const QString& chosen, const QStringList& history);

/// The history after the user changed a role's device from `previous` to `chosen`: `previous`
/// goes to the front (unless it is "" or `chosen`), `chosen` leaves it; at most
/// kDeviceHistoryLength entries. Unchanged when previous == chosen.
QStringList rememberDevice(const QStringList& history, const QString& previous, const QString& chosen);

} // namespace iax::phone
