#pragma once
// The headless softphone behind `call`, `listen` and `register`. It lives on the main (owner)
// thread; the Engine, the socket and every call's media run on the engine/media thread inside an
// EngineThread, reached only through EngineHost's queued methods and signals, by call id.
// It implements the answer modes (echo, play, record, gateway), --dtmf, secure dial (the rule in
// core/phone/secure_dial.h; its CLI glue in cli_secure_dial.cpp), --duration,
// --timeout and --max-calls, prints the contract's events, and decides the exit status
// (exit_codes.h).
#include "app/cli/gateway_input.h"
#include "app/cli/json_events.h"
#include "app/cli/phone_options.h"
#include "audio/call_media.h"
#include "core/net/engine_thread.h"
#include "core/phone/secure_dial_driver.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace iax::cli {

class CliPhone : public QObject {
    Q_OBJECT
public:
    enum class Mode { Call, Listen, Register };
    CliPhone(Mode mode, PhoneOptions options, QObject* parent = nullptr);
    ~CliPhone() override;

    /// Sets up keys, users, the sound device and the socket; then dials / listens / registers.
    /// Main thread. Returns an exit code != 0 on immediate failure (bad key file, bind failure,
    /// unresolvable host); otherwise the result comes later through finished().
    int start(const IaxUri* uri);

Q_SIGNALS:
    /// The job is done; `code` is the process exit status.
    void finished(int code);

private:
    struct CallInfo {
        bool accepted = false; // the peer ACCEPTed (caller)
        bool answered = false;
        bool finished = false; // terminal event seen (or reported by the timeout)
        core::EncryptionState enc = core::EncryptionState::Off;
        QString encReason; // why enc is Off/Failed (the engine's words)
        QString pendingDtmf; // digits still to send (after encryption)
        bool dtmfAllowedClear = false;
        GatewayInput gateway; // --answer gateway: the caller's digits
    };

    void onEngineEvent(const core::EngineEvent& e);
    void onMediaFinished(core::CallId id);
    void onAnswered(core::CallId id);
    void onEncryption(const core::EncryptionStateChanged& e);
    void onDtmf(const core::DtmfReceived& d);
    void gatewayCheck();
    /// Gateway: the call ended or the program ends; reports digits not reported yet.
    void gatewayCallEnded(core::CallId id);
    /// Prints the call's `digits` event; with `confirm`, plays the tone after which it hangs up.
    void reportDigits(core::CallId id, const GatewayReport& r, bool confirm);
    /// Gateway: flags the `dtmf` event of a digit that came after the call's report as ignored.
    void markIgnoredDigit(const core::DtmfReceived& d, CliEvent& line);
    void sendNextDigits();
    /// Sends one DTMF digit in call `id` and prints its `dtmf` event.
    void sendDigit(core::CallId id, QChar digit);
    /// call --secure-dial: checks the URI's extension and makes the secure dial that will send
    /// --dtmf, it and the terminator (cli_secure_dial.cpp). Exit code != 0 on bad digits.
    int startSecureDial(const QString& destination);
    /// call --encrypted-dial: checks the URI's extension and makes the Tbd-mode secure dial that
    /// sends it in an encrypted IAX DIAL (cli_secure_dial.cpp). Exit code != 0 on a bad extension.
    int startEncryptedDial(const QString& destination);
    /// Engine events the native features follow before the usual printing (CallAccepted for the
    /// encrypted dial, …; cli_features.cpp).
    /// True when the event needs nothing more (an incoming call refused by --dnd, printed here).
    bool onFeatureEvent(const core::EngineEvent& e);
    /// Adds what the features know to an event's line before it is printed (the incoming event's
    /// "autoanswer" under the phone layer's incoming rule).
    void markFeatures(const core::EngineEvent& e, CliEvent& line) const;
    /// call --text: sends the message once the call is answered (and encrypted unless encryption
    /// is off), once; prints the `text` event with "direction":"tx".
    void maybeSendText();
    /// call --transfer: sends the TRANSFER once it is due (answered, --transfer-after over, encrypted
    /// when required) and not sent yet (cli_features.cpp).
    void maybeTransfer();
    /// call --transfer: prints the `transfer` event (state requested|done|failed).
    void printTransfer(const char* state, const QString& reason = {});
    /// call --transfer: it failed (refused, or the PBX never hung our leg up): exit 1, hang up.
    void transferFailed(const QString& reason);
    /// call --secure-dial: hands the outgoing call's state to the secure dial.
    void updateSecureDial();
    /// call --secure-dial: prints the `securedial` sent/refused events.
    void onSecureDialStatus(phone::SecureDialStatus status);
    /// call --secure-dial: the secure dial refused the call (not encrypted, or not in time).
    bool secureDialRefused() const;
    void callEnded(core::CallId id, const core::CallStateChanged& s);
    void finish(int code);
    /// listen/register with --key-dir/--key-server: the host answers PeerKeyNeeded; "key" events.
    int startKeyLookup();
    /// register: --timeout for the first REGACK, --duration for how long it must hold.
    void startRegisterDeadlines();
    /// register: the registration changed; a failure ends the program (3 unreachable, 4 refused).
    void onRegistration(const core::RegistrationStateChanged& r);
    /// register: --duration is over; exit 0 when registered (then unregister), 3 when never.
    void registerDurationEnded();
    /// register: prints a `registration` failed event made here (no answer within a deadline).
    void registrationNeverAnswered(const QString& within);
    int codeFor(const core::CallEnd& end) const;
    /// The exit code of an answered call that ended as `s` says: ExitOk for a normal end (a
    /// HANGUP with a cause of the normal class, ours or the peer's); otherwise what went wrong —
    /// the peer vanished (3), a REJECT (5), a HANGUP with a failure cause (1), codeFor().
    int codeAfterAnswer(const core::CallStateChanged& s) const;
    net::EngineHost& host() { return m_engine->host(); }

    Mode m_mode;
    PhoneOptions m_opt;
    EventPrinter m_print;
    std::shared_ptr<audio::SharedDevice> m_device;
    std::map<core::CallId, CallInfo> m_calls;
    QTimer m_dtmfTimer;
    QTimer m_gatewayTimer;
    QElapsedTimer m_clock;
    int m_exitCode = 0;
    bool m_done = false;
    int m_callsDone = 0;
    core::CallId m_outgoing = 0;
    core::RegId m_reg = 0;
    bool m_registered = false; // register: a REGACK came and no failure since
    bool m_unregistering = false; // register: --duration is over, REGREL sent
    std::unique_ptr<phone::SecureDialDriver> m_secure; // call --secure-dial
    /// call --transfer: Idle (none asked or not due), Due (waiting for encryption), Requested
    /// (sent; waiting for the PBX to hang our leg up), Settled (done or failed).
    enum class TransferStep { Idle, Due, Requested, Settled } m_transferStep = TransferStep::Idle;
    bool m_textSent = false; // call --text went out (or was refused)
    bool m_anyAnswered = false;
    bool m_encryptedSeen = false;
    std::unique_ptr<net::EngineThread> m_engine; // last: its thread stops first
};

} // namespace iax::cli
