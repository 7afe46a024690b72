#pragma once
// The one interface between the GUI and the telephony engine.
//
// Threading contract: the production implementation (written against core/net's EngineHost) runs
// the Engine on its own engine/media thread. Every command below is called on the GUI thread and
// is queued to that thread; every signal is emitted on the GUI thread (queued connections carrying
// immutable snapshots). No pointers cross threads: the UI refers to calls by `CallSnapshot::id`
// and to accounts by `AccountSettings::id`. A refused command never throws: it is reported
// through commandFailed() with a user-readable sentence.
//
// Ordering guarantees the UI relies on:
//  - a call's first callUpdated() (or incomingCall()) precedes any other signal about it;
//  - callUpdated() carries the complete current state (never a delta); its `encryption` field only
//    says Encrypted after the engine proved both directions;
//  - after a terminal snapshot (HungUp/Failed) the call is removed with callRemoved(id).
#include "core/phone/call_snapshot.h"
#include "core/phone/registration_snapshot.h"
#include "core/phone/settings.h"

#include <QObject>

namespace iax::phone {

/// Secrets of one account, passed separately so plain settings never carry them by accident.
struct AccountSecrets {
    QString secret; ///< shared secret (MD5 auth and the AES key; also needed with RSA+AES)
    QString keyPassphrase; ///< passphrase of the RSA private key file (empty = none)
};

class PhoneController : public QObject {
    Q_OBJECT
public:
    explicit PhoneController(QObject* parent = nullptr);
    ~PhoneController() override;

    /// Adds or replaces an account (matched by `account.id`). GUI thread. Applies to new calls and
    /// registrations; live calls keep their settings.
    virtual void setAccount(const AccountSettings& account, const AccountSecrets& secrets) = 0;
    /// Forgets an account: unregisters it and hangs up its calls. Unknown ids are ignored.
    virtual void removeAccount(const QString& accountId) = 0;
    /// Starts registering `accountId` (registrationChanged follows). Unknown id → commandFailed(-1, …).
    virtual void registerAccount(const QString& accountId) = 0;
    /// Stops the registration (REGREL); registrationChanged(Offline) follows.
    virtual void unregisterAccount(const QString& accountId) = 0;

    /// Places a call to `number` through `accountId`. Returns the new call id (callUpdated follows),
    /// or -1 when the call cannot be placed (commandFailed(-1, reason) is emitted). May block briefly
    /// while the engine thread allocates the call.
    virtual int dial(const QString& accountId, const QString& number) = 0;
    /// Places a call as dial() does, with encryption policy "required" whatever the account's (a
    /// contact marked "always encrypted"): the engine refuses or hangs up the call before any voice
    /// when it is not encrypted. This default refuses (commandFailed(-1, …), -1): a controller that
    /// cannot require encryption must not place the call in clear.
    virtual int dialEncrypted(const QString& accountId, const QString& number);
    /// Places a call as dialEncrypted() does that must also be end-to-end (a contact marked "always
    /// end-to-end", docs/E2E.md): the engine ends it before AUTHREP when the peer does not agree to
    /// the mode. This default refuses (commandFailed(-1, …), -1).
    /// `pinnedIdentity` (a fingerprint, "" = none): the callee must sign with it (identity pinned
    /// when the user confirmed the words before), else the call ends before AUTHREP.
    virtual int dialEndToEnd(const QString& accountId, const QString& number, const QString& pinnedIdentity);
    /// Answers an incoming call (RINGING then ANSWER).
    virtual void answer(int callId) = 0;
    /// Rejects an incoming call.
    virtual void reject(int callId) = 0;
    /// Hangs up (or cancels) a call. Unknown ids are ignored.
    virtual void hangup(int callId) = 0;
    /// Puts a call on hold (true) or takes it off hold (false); a snapshot with Held/Answered follows.
    virtual void hold(int callId, bool on) = 0;
    /// Mutes our microphone for the call (no voice sent); the snapshot's `muted` follows.
    virtual void mute(int callId, bool on) = 0;
    /// Sends one DTMF digit (0-9, *, #, A-D). Refused (commandFailed) when the call is not answered,
    /// or when the account requires encryption and the call is not Encrypted.
    virtual void sendDtmf(int callId, QChar digit) = 0;
    /// Selects the audio devices (AudioDeviceInfo ids; empty = system default) for live and future
    /// calls. A device that cannot be opened → commandFailed(-1, reason) and the old one stays.
    virtual void setDevices(const QString& inputId, const QString& outputId) = 0;
    /// The fallback order per role for calls answered from now on (device_preferences.h), most
    /// preferred first. Default: ignored (the chosen device, then the system default).
    virtual void setDevicePreferences(const QStringList& inputs, const QStringList& outputs)
    {
        (void)inputs;
        (void)outputs;
    }
    /// Echo cancellation and noise suppression for the microphone of calls answered from now on.
    virtual void setAudioProcessing(bool echoCancellation, bool noiseSuppression) = 0;
    /// Echo cancellation also on headsets (AudioSettings::echoCancellationOnHeadsets), for calls
    /// answered from now on and the calls in progress. GUI thread. Default: ignored.
    virtual void setEchoCancellationOnHeadsets(bool on) { (void)on; }
    /// Our Opus frame (10 or 20 ms; G.711 stays 20) for calls answered from now on. Default: ignored.
    virtual void setFrameMs(int ms) { (void)ms; }
    /// Blind transfer of answered call `callId` to `target` ("EXT" or "EXT@CONTEXT"): IAX TRANSFER
    /// inside the call, encrypted like the rest. The call's snapshot then says (`transfer`)
    /// requested, done once the PBX hangs our leg up, or failed (refused, the call ended otherwise,
    /// or phone::kTransferWaitMs of silence). This default refuses (commandFailed).
    virtual void transfer(int callId, const QString& target);
    /// Sends `text` in one TEXT frame; textMessage(callId, true, text) once sent. Refused
    /// (commandFailed) like sendDtmf. This default refuses.
    virtual void sendText(int callId, const QString& text);
    /// Do not disturb for every account (GeneralSettings::doNotDisturb): incoming calls are refused
    /// as busy (REJECT cause 17) and never shown. This default ignores it.
    virtual void setDoNotDisturb(bool on);
    /// Before the application quits (GUI thread): hangs up every call, sends REGREL for every
    /// registration and emits shutdownFinished() once the server acknowledged each (or gave up), or
    /// after `timeoutMs` at the latest. No registration starts afterwards. This default (for
    /// controllers without a server) emits shutdownFinished() at once, queued.
    virtual void shutdown(int timeoutMs);
    /// Records answered call `callId` to the WAV file `path` (stereo: what we send left, what we
    /// hear right), or stops with "" (the file is closed). The snapshot's `recordingFile` follows;
    /// a call that cannot be recorded → commandFailed(callId, reason). The recording ends with the
    /// call. This default (controllers without media) refuses with commandFailed.
    virtual void setRecording(int callId, const QString& path);

Q_SIGNALS:
    /// A call changed (complete current state). Emitted on the GUI thread.
    void callUpdated(const iax::phone::CallSnapshot& call);
    /// An authenticated incoming call waits for answer()/reject(). Also counts as its first update.
    void incomingCall(const iax::phone::CallSnapshot& call);
    /// A TEXT of call `callId`: received (`outgoing` false; plain text, never render it as rich
    /// text) or sent by sendText (`outgoing` true).
    void textMessage(int callId, bool outgoing, const QString& text);
    /// The call is gone (after its terminal snapshot). The id is not reused while the UI runs.
    void callRemoved(int callId);
    /// shutdown() is done: the application may exit now. Emitted once, on the GUI thread.
    void shutdownFinished();
    /// An account's registration changed.
    void registrationChanged(const iax::phone::RegistrationSnapshot& registration);
    /// A command was refused; `callId` is -1 for commands not about one call. A sentence.
    void commandFailed(int callId, const QString& reason);
    /// Something the user must see at once, e.g. a key server offered a caller's key that differs
    /// from the pinned one (refused; the pinned key stays). `callId` is -1 when no call is concerned.
    void securityWarning(int callId, const QString& message);
    /// Something about keys the user should know but need not act on at once, e.g. a caller's key
    /// fetched from the key server and pinned on first use (with its fingerprint, to check by
    /// another channel). `callId` is the call that caused it, -1 when none.
    void keyNotice(int callId, const QString& message);
    /// The network changed under us (new address, resume from sleep, NAT rebinding) and what came
    /// of it: "Reconnecting…", then "Reconnected …". A sentence for the status bar.
    void networkStatus(const QString& text);
};

} // namespace iax::phone
