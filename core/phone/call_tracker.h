#pragma once
// Turns Engine events (core/protocol/events.h) into the complete CallSnapshot /
// RegistrationSnapshot values the GUI shows. The one place that decides what the user sees of a
// call's state and encryption: Encrypted is shown only when the engine's event says Encrypted AND
// its details prove both directions (rxProven and txProven); anything less is Negotiating.
// No threads, no I/O: EnginePhoneController feeds it on the GUI thread; tests feed it scripted
// events. Unknown call or registration ids are ignored (never a crash).
#include "core/phone/call_snapshot.h"
#include "core/phone/registration_snapshot.h"
#include "core/phone/settings.h"
#include "core/protocol/events.h"

#include <QObject>

#include <functional>
#include <map>

namespace iax::phone {

class CallTracker : public QObject {
    Q_OBJECT
public:
    /// Maps an incoming call's USERNAME to the account it belongs to ("" = none known).
    using AccountForUser = std::function<QString(const QString& username)>;

    explicit CallTracker(QObject* parent = nullptr);

    /// Looks up the account of incoming calls (default: none).
    void setAccountForUser(AccountForUser f) { m_accountForUser = std::move(f); }
    /// Registers a call we placed (engine id `id`) and emits its first snapshot (Calling).
    /// `policy` decides whether "not encrypted" is a downgrade warning (opportunistic) or a refusal.
    void addOutgoing(int id, const QString& accountId, const QString& number, EncryptionPolicy policy);
    /// Sets the policy used for an incoming call's account (for the downgrade warning).
    void setPolicyForAccount(const QString& accountId, EncryptionPolicy policy);
    /// The name shown for `accountId` in causes such as "wrong secret for account NAME?".
    void setAccountName(const QString& accountId, const QString& name) { m_accountNames[accountId] = name; }
    /// Registers a registration (engine id `regId`) of `accountId`.
    void addRegistration(quint32 regId, const QString& accountId);
    /// Forgets registration `regId` (its later events are ignored).
    void removeRegistration(quint32 regId);

    /// Applies one engine event; emits the resulting signals. VoiceReceived is ignored.
    void apply(const core::EngineEvent& event);
    /// Our side put the call on hold / took it off; emits the new snapshot. False for unknown ids.
    bool setLocalHold(int id, bool on);
    /// Our microphone muted for the call; emits the new snapshot. False for unknown ids.
    bool setMuted(int id, bool on);
    /// The engine's periodic statistics of call `id` (about every second): the encryption details'
    /// counters follow them live, and an answered call's quality is estimated from them with the
    /// media's playout delay (`playoutDelayMs` < 0: unknown). Emits a snapshot only when something
    /// shown changed. False for unknown or finished calls.
    /// `ownDelayMs` / `underruns`: the media's CallAudioStats (-1: none reported).
    bool applyStats(
        int id, const core::CallStats& stats, int playoutDelayMs, int ownDelayMs = -1, qint64 underruns = -1);
    /// The call's media records to `path` now ("" = stopped); emits the new snapshot. False for
    /// unknown or finished calls.
    bool setRecording(int id, const QString& path);
    /// The call's blind transfer progressed; emits the new snapshot (a finished call's too, so its
    /// last snapshot says whether the PBX took it). False for unknown ids.
    bool setTransfer(int id, const TransferProgress& progress);
    /// The call was answered without the user (auto-answer); emits the new snapshot.
    bool setAutoAnswered(int id);
    /// Marks `id` as ended locally (e.g. the engine refused to dial it): a Failed snapshot.
    void failLocally(int id, const QString& cause);
    /// Forgets a call (after callRemoved).
    void forget(int id);

    /// The current snapshot of `id`, or nullptr.
    const CallSnapshot* call(int id) const;
    /// Ids of the live (not finished) calls of `accountId`.
    QList<int> liveCallsOf(const QString& accountId) const;
    /// Ids of every live (not finished) call.
    QList<int> liveCalls() const;
    /// True when the engine's last word on `id` was a terminal state.
    bool isFinished(int id) const;

    /// Codec short name for an IAX2 format bit (core::codecName: "opus", "alaw", "ulaw" …), "format 0x…"
    /// for several bits or an unnamed one, empty for 0.
    static QString codecName(std::uint64_t format);

Q_SIGNALS:
    /// Complete current state of a call.
    void callUpdated(const iax::phone::CallSnapshot& call);
    /// An authenticated incoming call (its first snapshot).
    void incomingCall(const iax::phone::CallSnapshot& call);
    /// The call reached a terminal state (its terminal callUpdated was emitted just before).
    void callEnded(int id);
    /// A registration changed.
    void registrationChanged(const iax::phone::RegistrationSnapshot& registration);

private:
    struct Track {
        CallSnapshot snap;
        CallState base = CallState::Calling; ///< the engine's state, before the hold overlay
        EncryptionPolicy policy = EncryptionPolicy::Opportunistic;
        bool localHold = false;
        bool peerHold = false;
        bool answered = false;
        bool finished = false;
    };
    void publish(Track& t);
    /// Applies `change` to the track of `id` and publishes it; false for unknown ids, and for
    /// finished calls unless `evenFinished`.
    template<typename Change> bool changeTrack(int id, bool evenFinished, Change change);
    void onState(const core::CallStateChanged& s);
    void onEncryption(const core::EncryptionStateChanged& e);
    void mergeDetails(Track& t, const core::EncryptionDetails& d);

    AccountForUser m_accountForUser;
    std::map<int, Track> m_calls;
    std::map<quint32, QString> m_regs;
    std::map<QString, EncryptionPolicy> m_policies;
    std::map<QString, QString> m_accountNames;
};

/// The GUI's state of an engine registration state (Unregistered → Offline). Any thread.
RegistrationState registrationStateOf(core::RegistrationState s);

} // namespace iax::phone
