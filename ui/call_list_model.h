#pragma once
// The calls as a list model, one row per live call, fed only by PhoneController snapshots.
// The encryption role changes only when a snapshot from the controller says so: nothing in the
// UI can set it. GUI thread.
#include "core/phone/call_snapshot.h"
#include "ui/phone_names.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QTimer>

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
        SnapshotRole, ///< QVariant<CallSnapshot> as last received
    };
    Q_ENUM(Role)

    /// Follows `controller` (may be nullptr: feed with applySnapshot/removeCall).
    explicit CallListModel(PhoneController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Inserts or updates the row of `call.id`.
    void applySnapshot(const CallSnapshot& call);
    /// Removes the row of `callId` (no-op when absent).
    void removeCall(int callId);
    /// Records that secure dial sent the destination of `callId` encrypted (shown in details).
    void markSecureDial(int callId);
    /// Row of `callId`, or -1.
    int rowOf(int callId) const;
    /// Last snapshot of `callId` (nullptr when unknown).
    const CallSnapshot* snapshot(int callId) const;
    /// Human text of a call state (with the cause for terminal states).
    static QString stateText(const CallSnapshot& call);

private:
    void tickDurations();

    QList<CallSnapshot> m_calls;
    QHash<int, bool> m_secureDial;
    QTimer m_tick;
    QDateTime m_now; ///< "now" of the durations shown (the last tick or snapshot)
};

} // namespace iax::ui
