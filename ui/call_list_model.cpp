#include "ui/call_list_model.h"

#include "core/phone/call_presentation.h"
#include "core/phone/phone_controller.h"
#include "ui/phone_names.h"

namespace iax::ui {

CallListModel::CallListModel(PhoneController* controller, QObject* parent)
    : QAbstractListModel(parent)
{
    if (controller) {
        connect(controller, &PhoneController::callUpdated, this, &CallListModel::applySnapshot);
        connect(controller, &PhoneController::incomingCall, this, &CallListModel::applySnapshot);
        connect(controller, &PhoneController::callRemoved, this, &CallListModel::removeCall);
    }
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &CallListModel::tick);
}

int CallListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

QString CallListModel::stateText(const CallSnapshot& c)
{
    QString s;
    switch (c.state) {
    case CallState::Calling:
        s = c.direction == CallDirection::Outgoing ? tr("Calling…") : tr("Connecting…");
        break;
    case CallState::Ringing:
        s = c.direction == CallDirection::Incoming ? tr("Incoming call") : tr("Ringing");
        break;
    case CallState::Answered:
        s = tr("In call");
        break;
    case CallState::Held:
        s = tr("On hold");
        break;
    case CallState::HungUp:
        s = tr("Ended");
        break;
    case CallState::Failed:
        s = tr("Failed");
        break;
    }
    if (c.state == CallState::HungUp && !c.cause.isEmpty())
        s = tr("%1: %2").arg(s, c.cause);
    return s;
}

namespace {

/// Our own call that failed: the user must see why (a call we rejected, or a caller's failure,
/// goes like any ended call).
bool staysUntilDismissed(const CallSnapshot& c)
{
    return c.state == CallState::Failed && c.direction == CallDirection::Outgoing;
}

QString durationText(int secs)
{
    if (secs >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(secs / 3600)
            .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(secs % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QVariant CallListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= m_calls.size())
        return {};
    const CallSnapshot& c = m_calls[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case PeerRole:
        return callTitle(c);
    case CallIdRole:
        return c.id;
    case NumberRole:
        return c.number;
    case DirectionRole:
        return int(c.direction);
    case StateRole:
        return int(c.state);
    case StateTextRole:
        return stateText(c);
    case DurationRole:
        return callDurationSeconds(c, m_now);
    case DurationTextRole:
        return c.answeredAt.isValid() ? durationText(callDurationSeconds(c, m_now)) : QString();
    case CodecRole:
        return c.codec;
    case MutedRole:
        return c.muted;
    case EncryptionStateRole:
        return int(c.encryption);
    case EncryptionDetailsRole: {
        EncryptionDetails d = c.details;
        d.secureDialUsed = d.secureDialUsed || c.secureDial.stage == SecureDialProgress::Stage::Sent;
        return QVariant::fromValue(d);
    }
    case BannerRole:
        if (const FailureText f = failureText(c); !f.summary.isEmpty())
            return f.summary;
        if (c.encryption == EncryptionState::Off && !c.details.downgradeWarning.isEmpty())
            return c.details.downgradeWarning;
        return QString();
    case SnapshotRole:
        return QVariant::fromValue(c);
    case SecureDialStageRole:
        return int(c.secureDial.stage);
    case SecureDialTextRole:
        return c.secureDial.message;
    case KeyNoteRole:
        return c.keyNote;
    case DialledRole:
        return c.dialled;
    case FirstSeenRole:
        return c.firstSeen;
    case FailureDetailRole:
        return failureText(c).detail;
    case DismissableRole:
        return staysUntilDismissed(c);
    default:
        return {};
    }
}

QHash<int, QByteArray> CallListModel::roleNames() const
{
    return {
        { CallIdRole, "callId" },
        { PeerRole, "peer" },
        { NumberRole, "number" },
        { DirectionRole, "direction" },
        { StateRole, "state" },
        { StateTextRole, "stateText" },
        { DurationRole, "duration" },
        { DurationTextRole, "durationText" },
        { CodecRole, "codec" },
        { MutedRole, "muted" },
        { EncryptionStateRole, "encryptionState" },
        { EncryptionDetailsRole, "encryptionDetails" },
        { BannerRole, "banner" },
        { SnapshotRole, "snapshot" },
        { SecureDialStageRole, "secureDialStage" },
        { SecureDialTextRole, "secureDialText" },
        { KeyNoteRole, "keyNote" },
        { DialledRole, "dialled" },
        { FirstSeenRole, "firstSeen" },
        { FailureDetailRole, "failureDetail" },
        { DismissableRole, "dismissable" },
    };
}

int CallListModel::rowOf(int callId) const
{
    for (int i = 0; i < m_calls.size(); ++i) {
        if (m_calls[i].id == callId)
            return i;
    }
    return -1;
}

const CallSnapshot* CallListModel::snapshot(int callId) const
{
    const int row = rowOf(callId);
    return row < 0 ? nullptr : &m_calls[row];
}

namespace {

/// Copies the fields the GUI keeps (not the controller's) from `from` into `to`.
void keepGuiFields(CallSnapshot& to, const CallSnapshot& from)
{
    to.secureDial = from.secureDial;
    to.keyNote = from.keyNote;
    to.dialled = from.dialled;
    to.firstSeen = from.firstSeen;
    to.endedAt = from.endedAt;
    to.everEncrypted = from.everEncrypted;
    to.contactName = from.contactName;
}

} // namespace

void CallListModel::applySnapshot(const CallSnapshot& reported)
{
    m_now = m_clock();
    if (m_shownFailed.contains(reported.id)) // the engine reuses the id of a call it forgot
        dismissCall(reported.id);
    if (m_dismissed.contains(reported.id) && !isTerminal(reported.state))
        Q_EMIT callRemoved(m_dismissed.take(reported.id)); // reused before we heard it was forgotten
    else if (m_dismissed.contains(reported.id))
        return; // dismissed: no row again
    const int row = rowOf(reported.id);
    CallSnapshot call = reported;
    keepGuiFields(call, row >= 0 ? m_calls[row] : m_early.take(reported.id));
    if (!call.firstSeen.isValid())
        call.firstSeen = m_now;
    if (isTerminal(call.state) && !call.endedAt.isValid())
        call.endedAt = m_now;
    call.everEncrypted = call.everEncrypted || call.encryption == EncryptionState::Encrypted;
    if (m_e2eTrust)
        call.details.e2eTrust = m_e2eTrust(call);
    if (row < 0) {
        beginInsertRows({}, int(m_calls.size()), int(m_calls.size()));
        m_calls.append(call);
        endInsertRows();
    } else if (m_calls[row] != call) {
        m_calls[row] = call;
        Q_EMIT dataChanged(index(row), index(row));
    }
    if (!m_tick.isActive())
        m_tick.start();
    Q_EMIT callChanged(call, row < 0);
}

void CallListModel::refreshE2eTrust()
{
    for (int row = 0; row < m_calls.size() && m_e2eTrust; ++row) {
        const E2eTrustStatus t = m_e2eTrust(m_calls[row]);
        if (t != m_calls[row].details.e2eTrust) {
            m_calls[row].details.e2eTrust = t;
            Q_EMIT dataChanged(index(row), index(row));
        }
    }
}

void CallListModel::removeCall(int callId)
{
    CallSnapshot early = m_early.take(callId);
    if (m_dismissed.contains(callId)) {
        Q_EMIT callRemoved(m_dismissed.take(callId));
        return;
    }
    const int row = rowOf(callId);
    if (row < 0) {
        if (!early.dialled.isEmpty()) { // placed by the user, never reported: still a call
            early.id = callId;
            Q_EMIT callRemoved(early);
        }
        return;
    }
    const CallSnapshot last = m_calls[row];
    if (m_shownFailed.contains(callId))
        return;
    if (staysUntilDismissed(last)) { // until dismissed or expired
        m_shownFailed << callId;
    } else {
        removeRow(row);
    }
    Q_EMIT callRemoved(last);
}

void CallListModel::removeRow(int row)
{
    m_shownFailed.removeAll(m_calls[row].id);
    beginRemoveRows({}, row, row);
    m_calls.removeAt(row);
    endRemoveRows();
    if (m_calls.isEmpty())
        m_tick.stop();
}

void CallListModel::dismissCall(int callId)
{
    const int row = rowOf(callId);
    if (row < 0 || !staysUntilDismissed(m_calls[row]))
        return;
    if (!m_shownFailed.contains(callId))
        m_dismissed.insert(callId, m_calls[row]); // the controller has it still: callRemoved later
    removeRow(row);
}

void CallListModel::expireFailed(const QDateTime& now)
{
    const QList<int> shown = m_shownFailed;
    for (int id : shown) {
        const CallSnapshot* c = snapshot(id);
        if (c && c->endedAt.isValid() && c->endedAt.secsTo(now) >= kFailedShownSecs)
            dismissCall(id);
    }
}

template<typename Change> void CallListModel::note(int callId, Change change)
{
    const int row = rowOf(callId);
    if (row < 0) {
        change(m_early[callId]);
        return;
    }
    change(m_calls[row]);
    Q_EMIT dataChanged(index(row), index(row));
}

void CallListModel::setDialled(int callId, const QString& dialled)
{
    note(callId, [&](CallSnapshot& c) {
        c.dialled = dialled;
        if (!c.firstSeen.isValid())
            c.firstSeen = m_clock();
    });
}

void CallListModel::setSecureDial(int callId, const SecureDialProgress& progress)
{
    note(callId, [&](CallSnapshot& c) { c.secureDial = progress; });
}

void CallListModel::setKeyNote(int callId, const QString& note)
{
    this->note(callId, [&](CallSnapshot& c) { c.keyNote = note; });
}

void CallListModel::setContactName(int callId, const QString& name)
{
    this->note(callId, [&](CallSnapshot& c) { c.contactName = name; });
}

void CallListModel::tick()
{
    if (m_calls.isEmpty())
        return;
    m_now = m_clock(); // one clock for every view of this tick
    expireFailed(m_now);
    if (m_calls.isEmpty())
        return;
    Q_EMIT dataChanged(index(0), index(int(m_calls.size()) - 1), { DurationRole, DurationTextRole });
}

} // namespace iax::ui
