#pragma once
// The calls as a list model, one row per live call: the GUI's only per-call store. Rows come from
// PhoneController snapshots; what the GUI learns of a call besides (secure dial progress, key
// note, dialled number, first-seen and end times) is merged into the row's CallSnapshot, also when
// it arrives before the call's first snapshot. The encryption role changes only when a snapshot
// from the controller says so: nothing in the UI can set it. GUI thread.
#include "core/phone/call_snapshot.h"
#include "ui/phone_names.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include <functional>

namespace iax::phone {
class PhoneController;
}

namespace iax::ui {

class CallListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        CallIdRole = Qt::UserRole + 1, ///< int
        PeerRole, ///< QString
        NumberRole, ///< QString
        DirectionRole, ///< int (CallDirection)
        StateRole, ///< int (CallState)
        StateTextRole, ///< QString ("Ringing", "Answered", "Failed: busy" …)
        DurationRole, ///< int seconds since answered (0 before)
        DurationTextRole, ///< QString "m:ss" or "h:mm:ss"; empty before answered
        CodecRole, ///< QString
        MutedRole, ///< bool
        EncryptionStateRole, ///< int (EncryptionState) — the only input of the padlock
        EncryptionDetailsRole, ///< QVariant<EncryptionDetails> (secureDialUsed merged in)
        BannerRole, ///< QString: downgrade warning / refusal / failure reason ("" = none)
        SnapshotRole, ///< QVariant<CallSnapshot>: the last snapshot with the GUI's fields merged in
        SecureDialStageRole, ///< int (SecureDialProgress::Stage)
        SecureDialTextRole, ///< QString: the last secure dial step ("" = not secure dial)
        KeyNoteRole, ///< QString: the call's key notice ("" = none)
        DialledRole, ///< QString: what the user typed to place the call ("" = not dialled here)
        FirstSeenRole, ///< QDateTime (UTC): when the GUI first saw the call
        FailureDetailRole, ///< QString: the technical reasons behind the banner's sentence ("" = none)
        DismissableRole, ///< bool: our failed call, on show until dismissed (or kFailedShownSecs)
    };
    Q_ENUM(Role)

    /// Follows `controller` (may be nullptr: feed with applySnapshot/removeCall).
    explicit CallListModel(PhoneController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Inserts or updates the row of `call.id` with the controller's fields of `call`; the GUI's
    /// fields (secure dial, key note, dialled, first seen) stay as the model has them.
    void applySnapshot(const CallSnapshot& call);
    /// The controller forgot `callId`: removes its row and what was noted of it (no-op when
    /// unknown) — except our own failed call, whose row stays on show (callRemoved is emitted now all
    /// the same) until dismissCall() or kFailedShownSecs after it ended.
    void removeCall(int callId);
    /// Removes the row of our failed call `callId` now (no-op for other calls); when the controller
    /// still has the call, callRemoved follows when it forgets it.
    void dismissCall(int callId);
    /// Removes the failed calls kept on show that ended kFailedShownSecs or more before `now`
    /// (the model's 1 s tick calls it with the current time).
    void expireFailed(const QDateTime& now);
    /// How long a failed call stays on show after it ended, unless dismissed.
    static constexpr int kFailedShownSecs = 30;
    /// Notes that the user placed `callId` by typing `dialled` (first seen now, unless earlier).
    void setDialled(int callId, const QString& dialled);
    /// Sets the secure dial progress of `callId` (Sent also marks secureDialUsed in its details).
    void setSecureDial(int callId, const SecureDialProgress& progress);
    /// Sets the key notice of `callId` ("" clears it).
    void setKeyNote(int callId, const QString& note);
    /// Sets the address-book name of `callId`'s peer (the row's title; "" clears it).
    void setContactName(int callId, const QString& name);
    /// Row of `callId`, or -1.
    int rowOf(int callId) const;
    /// How each call's details.e2eTrust is judged (issue 20: E2eTrustKeeper sets it from the
    /// settings' trust list); unset: always None. refreshE2eTrust() judges every row again.
    void setE2eTrust(std::function<E2eTrustStatus(const CallSnapshot&)> judge) { m_e2eTrust = std::move(judge); }
    void refreshE2eTrust();
    /// Last snapshot of `callId` (nullptr when unknown).
    const CallSnapshot* snapshot(int callId) const;
    /// Human text of a call state (with the cause for a hung-up call; a failure's reason is the
    /// banner's).
    static QString stateText(const CallSnapshot& call);

Q_SIGNALS:
    /// The row of `call.id` was inserted (`isNew`) or changed by a controller snapshot; `call` has
    /// the GUI's fields merged in.
    void callChanged(const CallSnapshot& call, bool isNew);
    /// The controller forgot call `last.id` (a failed call's row may stay on show; see removeCall);
    /// `last` is its final merged snapshot. Also for a call the
    /// user placed (setDialled) that was removed before any snapshot: then `last` has only the
    /// GUI's fields.
    void callRemoved(const CallSnapshot& last);

public:
    /// Replaces the model's clock (UTC "now" of first-seen and end times, durations and the
    /// expiry of failed calls); tests pass a virtual one. Default: the system clock.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    /// Advances the durations shown to the clock's now and expires failed calls shown long enough;
    /// the model's 1 s timer calls it while it has rows.
    void tick();

private:
    void removeRow(int row);
    /// Applies `change` to the row of `callId` (dataChanged) or, before its first snapshot, to
    /// what waits for it.
    template<typename Change> void note(int callId, Change change);

    QList<CallSnapshot> m_calls;
    /// The GUI's fields of calls noted before their first snapshot (call id → fields only).
    QHash<int, CallSnapshot> m_early;
    QList<int> m_shownFailed; ///< failed calls the controller forgot, kept on show
    QHash<int, CallSnapshot> m_dismissed; ///< failed calls dismissed before the controller forgot them
    QTimer m_tick;
    QDateTime m_now; ///< "now" of the durations shown (the last tick or snapshot)
    std::function<QDateTime()> m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    std::function<E2eTrustStatus(const CallSnapshot&)> m_e2eTrust;
};

} // namespace iax::ui
