#pragma once
// What the user confirmed about peers of the end-to-end mode (docs/E2E.md, "In the GUI"): per
// account and peer, whether a call with it was end-to-end before (so a later call without the mode
// is a downgrade) and whether the user compared the SAS words and pressed "Confirm words". Stored
// in Settings::e2ePeers; QSettingsStore writes it as the INI array "e2ePeers" (readE2eTrust/
// writeE2eTrust, format in docs/E2E.md). Plain values and functions; any thread, no I/O but the
// QSettings given (or none: the SettingsMap overloads).
#include "core/phone/call_snapshot.h"

#include <QList>
#include <QString>

class QSettings;

namespace iax::phone {

class SettingsMap;

/// One peer of one account.
struct E2ePeerTrust {
    QString accountId; ///< AccountSettings::id
    QString peer; ///< the peer's number (CallSnapshot::number), or the account's host when it has none
    bool seenE2e = false; ///< a call with it was end-to-end
    bool verified = false; ///< the user confirmed the words of such a call
    /// The peer's Ed25519 identity fingerprint pinned when the user confirmed the words of a call
    /// that carried one (trust on first use); "" = none pinned.
    QString identity;

    friend bool operator==(const E2ePeerTrust&, const E2ePeerTrust&) = default;
};

/// The key of `call`'s peer: its number, or `accountHost` when the number is empty.
QString e2ePeerOf(const CallSnapshot& call, const QString& accountHost);
/// The entry of (accountId, peer), or nullptr.
const E2ePeerTrust* findE2ePeer(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer);
/// How an encrypted call in `mode` ("e2e" / "hop") to (accountId, peer) stands; an end-to-end call
/// whose `identity` (fingerprint, "" = none) differs from a pinned one is IdentityChanged.
E2eTrustStatus e2eTrustStatus(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer,
    const QString& mode, const QString& identity = {});
/// Records an end-to-end call with (accountId, peer) and, when `confirmed`, that its words were
/// compared — and then pins `identity` (the call's peer fingerprint) when it is not empty. True when
/// `list` changed (then save it).
bool noteE2ePeer(QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer, bool confirmed,
    const QString& identity = {});
/// The identity pinned for (accountId, peer), "" when none.
QString pinnedE2eIdentity(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer);

/// Merges `from` into `into`: entries missing from `into` are added, and an entry's seenE2e and
/// verified become true when either list has them (nothing is ever unset), and `from`'s pinned
/// identity wins when it has one. True when `into` changed.
/// Used when a copy of the settings taken earlier (the settings dialog's) is applied while the live
/// list gained entries ("Confirm words" during a call).
bool mergeE2eTrust(QList<E2ePeerTrust>& into, const QList<E2ePeerTrust>& from);

/// Reads the INI array "e2ePeers" (at most kMaxE2ePeers entries; entries without an account or peer
/// are skipped).
QList<E2ePeerTrust> readE2eTrust(QSettings& settings);
QList<E2ePeerTrust> readE2eTrust(SettingsMap& settings);
/// Writes `list` as the INI array "e2ePeers".
void writeE2eTrust(QSettings& settings, const QList<E2ePeerTrust>& list);
void writeE2eTrust(SettingsMap& settings, const QList<E2ePeerTrust>& list);
inline constexpr int kMaxE2ePeers = 10000;

} // namespace iax::phone
