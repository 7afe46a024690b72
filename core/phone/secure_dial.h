#pragma once
// Secure dial, the rule itself (sans-IO: no Qt event loop, no clock; the caller passes the time):
// the call goes to a fixed extension of the PBX without the real number; only once the call is
// proven Encrypted (both directions) and answered are the destination digits sent as DTMF, one
// every `pauseMs`; if it is not encrypted (Off, Failed, or not proven within the timeout after the
// answer) no (further) digit is sent and the call is hung up. Used by both front ends: the CLI's
// `call --secure-dial` and the desktop app's SecureDialer (through SecureDialDriver).
// The Tbd mode ("encrypted dial", native in IAX2) calls the PBX's "TBD" destination instead: once
// the PBX has ACCEPTed the call and it is proven Encrypted, the whole number goes out at once in an
// encrypted IAX DIAL frame (Engine::sendDial); otherwise nothing is sent and the call is hung up.
#include "core/protocol/events.h"

#include <QChar>
#include <QString>

#include <optional>
#include <vector>

namespace iax::phone {

/// How long secure dial waits after the answer for the call to be proven encrypted. The PBX's
/// digit collection starts at its answer and gives up soon (the live Asterisk's Read() in
/// /work/shared/asterisk-peer `onward`: 5 s), and the Engine proves encryption with the ACCEPT
/// and ANSWER frames, before or with the answer; digits sent later would reach a dialplan that has
/// stopped listening for them.
inline constexpr int kSecureDialEncryptionTimeoutMs = 5000;
/// Default pause between two digits.
inline constexpr int kSecureDialDigitPauseMs = 250;

/// How the destination travels: as DTMF digits to a fixed extension after the answer, or as the
/// CALLED_NUMBER of an IAX DIAL after the PBX accepted a NEW to "TBD" (core::kTbdCalledNumber).
enum class SecureDialMode { Dtmf, Tbd };

/// Where a secure dial stands.
enum class SecureDialStatus {
    Waiting, ///< waiting for the answer and proven encryption; nothing sent
    Sending, ///< encrypted and answered: the digits are going out
    Sent, ///< every digit (and the terminator) went out while the call was Encrypted
    Refused, ///< not (or no longer) encrypted, or not in time: the call is hung up
    Abandoned, ///< the call ended before all digits were sent
};

/// Why a secure dial stopped (None while it goes on or when it succeeded).
enum class SecureDialFailure { None, NotEncrypted, EncryptionFailed, Timeout, EncryptionLost, CallEnded };

/// What the call looks like now (from a CallSnapshot or from the CLI's engine events).
struct SecureDialCall {
    bool accepted = false; ///< the PBX ACCEPTed the call (Tbd: it waits for the DIAL)
    bool answered = false; ///< answered (or held after the answer)
    bool held = false; ///< on hold: digits wait
    bool ended = false; ///< hung up, rejected or failed
    core::EncryptionState encryption = core::EncryptionState::Off;
    QString reason; ///< why encryption is Off/Failed, or why the call ended ("" = not known)
};

class SecureDial {
public:
    /// One thing the front end must do, in order.
    struct Action {
        enum class Kind { SendDigit, SendNumber, HangUp, StatusChanged } kind;
        QChar digit; ///< SendDigit
        QString number; ///< SendNumber (Tbd): the whole destination, for one IAX DIAL
    };

    /// The digits to send for `destination` (upper case) followed by `terminator` (null = none);
    /// nullopt with a sentence in *error when it is empty or holds anything but 0-9, *, #, A-D.
    static std::optional<QString> digitsFor(const QString& destination, QChar terminator, QString* error);

    /// Tbd mode: `destination` as it may go into CALLED_NUMBER (1-80 printable ASCII characters,
    /// no space, '/' or '@', not "TBD" itself); nullopt with a sentence in *error otherwise.
    static std::optional<QString> numberFor(const QString& destination, QString* error);
    /// An encrypted dial (Tbd mode) of `number` (already checked by numberFor), waiting at most
    /// `encryptionTimeoutMs` after the PBX's ACCEPT for proven encryption. Status Waiting.
    static SecureDial encryptedDial(QString number, int encryptionTimeoutMs = kSecureDialEncryptionTimeoutMs);

    /// A secure dial that will send `digits` (already checked), waiting at most
    /// `encryptionTimeoutMs` after the answer for encryption. Status Waiting; starts at `nowMs`.
    explicit SecureDial(QString digits, int pauseMs = kSecureDialDigitPauseMs,
        int encryptionTimeoutMs = kSecureDialEncryptionTimeoutMs);

    /// The call changed (state, encryption) at `nowMs`. Returns what to do now.
    std::vector<Action> update(const SecureDialCall& call, qint64 nowMs);
    /// Time passed: sends due digits, refuses when the encryption deadline is over.
    std::vector<Action> advance(qint64 nowMs);
    /// When advance() next has something to do (nullopt: only an update() can change anything).
    std::optional<qint64> nextDeadline() const;

    SecureDialMode mode() const { return m_mode; }
    SecureDialStatus status() const { return m_status; }
    SecureDialFailure failure() const { return m_failure; }
    /// A user-readable sentence for the status ("Waiting for encryption…", the reason it stopped).
    QString message() const { return m_message; }
    /// Digits sent so far.
    int sentCount() const { return m_next; }
    /// True once nothing more can happen (Sent, Refused or Abandoned).
    bool isDone() const;

private:
    void setStatus(SecureDialStatus s, SecureDialFailure f, QString message, std::vector<Action>& out);
    void stop(SecureDialFailure f, const QString& reason, bool hangUp, std::vector<Action>& out);
    /// update() of the Tbd mode (secure_dial_tbd.cpp).
    std::vector<Action> updateTbd(const SecureDialCall& call, qint64 nowMs);

    SecureDialMode m_mode = SecureDialMode::Dtmf;
    QString m_digits;
    int m_pauseMs;
    int m_timeoutMs;
    int m_next = 0;
    bool m_sawNegotiating = false;
    SecureDialCall m_call;
    std::optional<qint64> m_encryptionDeadline; ///< set at the answer while not Encrypted
    std::optional<qint64> m_nextDigitAt; ///< while Sending
    SecureDialStatus m_status = SecureDialStatus::Waiting;
    SecureDialFailure m_failure = SecureDialFailure::None;
    QString m_message;
};

} // namespace iax::phone
