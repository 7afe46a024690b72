#pragma once
// Secure dial: reach a destination without its number ever travelling in clear. The call goes to
// the account's "secure dial extension" (a DTMF-onward extension on the server); only after the
// controller reports the call Encrypted are the destination digits sent as DTMF, one every
// `pause`, followed by the terminator. If the call ends up not encrypted (Off after negotiation,
// or Failed) no digit is sent, the call is hung up and the reason is reported.
// UI-side logic, no widgets; GUI thread.
#include "core/phone/call_snapshot.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace iax::phone {

class PhoneController;

/// Secure dial parameters of one account.
struct SecureDialConfig {
    QString extension; ///< empty = secure dial unavailable
    QChar terminator = QLatin1Char('#'); ///< null = none
    int pauseMs = 250;
    int encryptionTimeoutMs = 15000; ///< after answer, how long to wait for Encrypted
};

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
    struct Pending;
    void onCallUpdated(const CallSnapshot& call);
    void onCallRemoved(int callId);
    void sendNext(int callId);
    void abort(int callId, const QString& reason, bool hangup);
    void release(std::shared_ptr<Pending> p);

    PhoneController* m_controller;
    QHash<int, std::shared_ptr<Pending>> m_pending;
};

} // namespace iax::phone
