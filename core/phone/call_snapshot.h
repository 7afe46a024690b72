#pragma once
// Immutable per-call values the PhoneController hands to the GUI thread (by queued signals).
// Plain data; copying is cheap. The UI refers to calls only by `CallSnapshot::id`.
#include "core/phone/call_quality.h"
#include "core/phone/call_transfer.h"
#include "core/protocol/events.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace iax::phone {

/// Who placed the call.
enum class CallDirection { Outgoing, Incoming };

/// What the user sees of a call's progress. HungUp and Failed are terminal (`cause` says why).
enum class CallState { Calling, Ringing, Answered, Held, HungUp, Failed };

/// Honest encryption state, the engine's own (core::EncryptionState): Encrypted only when the engine
/// proved both directions (a frame of the peer decrypted and validated, and one of our encrypted
/// full frames acknowledged).
using core::EncryptionState;

/// How an encrypted call stands against the peers the user met in the end-to-end mode (e2e_trust.h).
enum class E2eTrustStatus {
    None, ///< not an end-to-end call, and the peer never was one
    Unverified, ///< end-to-end, words not confirmed for this peer yet
    Verified, ///< end-to-end, the user confirmed this peer's words before ("End-to-end, verified")
    Downgrade, ///< encrypted but not end-to-end, while this peer was end-to-end before (red warning)
    IdentityChanged, ///< end-to-end, but the peer's identity differs from the pinned one (red warning)
};

/// Encryption details shown by the indicator's details dialog. Empty strings mean "not known".
struct EncryptionDetails {
    QString cipher; ///< "AES-128", "AES-128-GCM" (end-to-end) or empty
    QString mode; ///< "e2e" (end-to-end between IAXPhones, docs/E2E.md), "hop" (AES-128-CBC) or empty
    QString sas; ///< end-to-end mode: the four words both phones show (compare them by voice), else empty
    QString peerIdentity; ///< end-to-end mode: the peer's verified Ed25519 identity fingerprint, else empty
    /// Set by the GUI's CallListModel from Settings::e2ePeers (the controller leaves None).
    E2eTrustStatus e2eTrust = E2eTrustStatus::None;
    QString auth; ///< "md5", "rsa", or a fallback sentence ("md5 (RSA unavailable: unknown key)")
    /// How the peer was authenticated, from the engine: "authenticated by RSA", "authenticated by MD5
    /// (RSA unavailable: <reason>)" … (empty before authentication).
    QString authDetails;
    bool keyRotation = false; ///< key rotation in use for this call
    int rekeysSent = 0;
    int rekeysReceived = 0;
    int decryptFailures = 0;
    quint64 framesEncrypted = 0;
    quint64 framesDecrypted = 0;
    bool secureDialUsed = false; ///< the destination was sent as encrypted DTMF (secure dial)
    QString downgradeWarning; ///< opportunistic policy: why the call is not encrypted
    QString failureReason; ///< Failed, or a refusal under the "required" policy

    friend bool operator==(const EncryptionDetails&, const EncryptionDetails&) = default;
};

/// Secure dial of one call as the GUI shows it (SecureDialer's progress). Stage None: the call is
/// not a secure-dial call.
struct SecureDialProgress {
    enum class Stage { None, Waiting, Sent, Failed };
    Stage stage = Stage::None; ///< Waiting for encryption or sending digits, Sent (all digits), Failed
    QString message; ///< the user-readable sentence of the last step ("" with None)

    friend bool operator==(const SecureDialProgress&, const SecureDialProgress&) = default;
};

/// One call as the engine last reported it, plus what the GUI learnt of it meanwhile (the fields
/// after `wrongSecret`, kept by the GUI's CallListModel; the controller leaves them empty).
struct CallSnapshot {
    int id = -1; ///< engine call id; stable for the call's life
    QString accountId; ///< AccountSettings::id of the account the call uses
    QString peer; ///< display name of the other side (or its number)
    QString number; ///< number dialled (outgoing) or caller number (incoming)
    CallDirection direction = CallDirection::Outgoing;
    CallState state = CallState::Calling;
    QString cause; ///< why a call is HungUp/Failed (user-readable sentence)
    QDateTime answeredAt; ///< UTC time the call was answered; invalid before
    QString codec; ///< "opus", "alaw", "ulaw" … or empty before ACCEPT
    bool muted = false;
    EncryptionState encryption = EncryptionState::Off;
    EncryptionDetails details;
    /// Our call failed authentication: the account's secret (or key) is probably wrong; `cause`
    /// says "wrong secret for account NAME? …".
    bool wrongSecret = false;
    /// How a terminal call ended (the engine's kind; Normal before the end and for a plain hangup).
    core::CallEnd::Kind endKind = core::CallEnd::Kind::Normal;
    /// Its ISDN cause code (CallEnd::code; 0 when none).
    int endCode = 0;
    /// Live quality (RTT, jitter, loss, the peer's reports, MOS), refreshed about every second
    /// while the call is answered; `known` false before.
    CallQuality quality;
    /// The WAV file the call is being recorded to ("" = not recording; PhoneController::setRecording).
    QString recordingFile;
    TransferProgress transfer; ///< blind transfer of this call (state None: none asked for)
    /// Answered without the user: the PBX asked for it (AUTOANSWER) or the account's "answer after
    /// N s" ran out. The GUI says so.
    bool autoAnswered = false;

    SecureDialProgress secureDial; ///< secure dial progress (stage None: not secure dial)
    QString keyNote; ///< the key notice of this call (e.g. the caller's key pinned on first use)
    QString dialled; ///< what the user typed to place the call (the destination for secure dial)
    QDateTime firstSeen; ///< UTC time the GUI first saw the call (dialled or reported)
    QDateTime endedAt; ///< UTC time the first terminal snapshot arrived; invalid before
    bool everEncrypted = false; ///< the call was Encrypted at least once
    QString contactName; ///< the contact whose number this is ("" = nobody in the address book)

    friend bool operator==(const CallSnapshot&, const CallSnapshot&) = default;
};

/// True for the states after which no more snapshots of the call arrive.
inline bool isTerminal(CallState s)
{
    return s == CallState::HungUp || s == CallState::Failed;
}

} // namespace iax::phone

Q_DECLARE_METATYPE(iax::phone::CallSnapshot)
Q_DECLARE_METATYPE(iax::phone::EncryptionDetails)
