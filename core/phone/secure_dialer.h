#pragma once
// Secure dial in the desktop app: a thin Qt adapter between the PhoneController and the rule in
// SecureDial (secure_dial.h): it dials the account's "secure dial extension", feeds each call's
// snapshots to a SecureDialDriver, sends the digits it releases and hangs up when it refuses.
// UI-side logic, no widgets; GUI thread.
#include "core/phone/call_snapshot.h"
#include "core/phone/secure_dial.h"
#include "core/phone/settings.h"

#include <QHash>
#include <QObject>

namespace iax::phone {

class PhoneController;
class SecureDialDriver;

/// Secure dial parameters of one account.
struct SecureDialConfig {
    QString extension; ///< empty = secure dial unavailable
    QChar terminator = QLatin1Char('#'); ///< null = none
    int pauseMs = kSecureDialDigitPauseMs;
    int encryptionTimeoutMs = kSecureDialEncryptionTimeoutMs; ///< after answer, how long to wait for Encrypted
    /// The call to the access extension requires encryption (PhoneController::dialEncrypted): a
    /// contact marked "always encrypted" is called.
    bool requireEncryption = false;
};

/// True when `account` can call by secure dial: it has an access extension and encryption is not
/// off. The dial panel's toggle and calling a history entry again both ask here.
bool secureDialAvailable(const AccountSettings& account);
/// The secure dial parameters of `account` (extension, terminator, pause between digits).
SecureDialConfig secureDialConfig(const AccountSettings& account);

class SecureDialer : public QObject {
    Q_OBJECT
public:
    explicit SecureDialer(PhoneController* controller, QObject* parent = nullptr);
    ~SecureDialer() override;

    /// Dials `destination` through the secure dial extension of `config`. Returns the call id (-1
    /// when the controller refused the call or the destination/extension is unusable; failed() says
    /// why).
    int dial(const QString& accountId, const QString& destination, const SecureDialConfig& config);
    /// True while `callId` is a secure-dial call whose digits are not all sent yet.
    bool isPending(int callId) const;

Q_SIGNALS:
    /// A user-readable progress sentence ("Waiting for encryption…", "Sending the destination…").
    void progress(int callId, const QString& message);
    /// All digits and the terminator were sent while the call was Encrypted.
    void destinationSent(int callId, const QString& message);
    /// Secure dial gave up: no (more) digits were sent and the call was hung up. A sentence.
    void failed(int callId, const QString& reason);

private:
    void onCallUpdated(const CallSnapshot& call);
    void onCallRemoved(int callId);
    void onStatus(int callId, SecureDialStatus status, const QString& message);

    PhoneController* m_controller;
    QHash<int, SecureDialDriver*> m_pending; ///< children; removed (deleteLater) when done
};

} // namespace iax::phone
