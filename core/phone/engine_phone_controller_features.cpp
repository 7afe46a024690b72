// EnginePhoneController: the call features IAX2 carries natively (issue 18) — blind transfer (its
// progress by phone::transferEnded / transferTimedOut), TEXT in a call, auto-answer after N s.
// GUI thread; engine commands are posted to the engine thread.
#include "core/net/engine_host.h"
#include "core/net/engine_thread.h"
#include "core/phone/engine_phone_controller.h"
#include "core/protocol/engine.h"

#include <QTimer>

namespace iax::phone {

void EnginePhoneController::transfer(int callId, const QString& target)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId))
        return;
    const QString t = target.trimmed();
    if (t.isEmpty()) {
        Q_EMIT commandFailed(callId, tr("Enter the extension to transfer the call to."));
        return;
    }
    if (c->state != CallState::Answered && c->state != CallState::Held) {
        Q_EMIT commandFailed(callId, tr("Only an answered call can be transferred."));
        return;
    }
    if (c->transfer.state == TransferState::Requested)
        return; // one at a time: the PBX answers the first by hanging our leg up
    if (encryptionMissing(*c)) {
        m_tracker.setTransfer(
            callId, transferRefused(t, tr("this account requires encryption and the call is not encrypted yet")));
        return;
    }
    const int at = t.indexOf(QLatin1Char('@'));
    const std::string number = (at < 0 ? t : t.left(at)).toStdString();
    const std::string context = at < 0 ? std::string() : t.mid(at + 1).toStdString();
    m_tracker.setTransfer(callId, transferRequested(t));
    const core::CallId id(callId);
    host().post([this, id, t, number, context](core::Engine& e, core::Millis now) {
        std::string why;
        if (e.transfer(id, number, context, now, &why))
            return;
        QMetaObject::invokeMethod( // engine thread → GUI thread
            this,
            [this, id, t, w = QString::fromStdString(why)] {
                const CallSnapshot* c = m_tracker.call(int(id));
                if (c && c->transfer.state == TransferState::Requested)
                    m_tracker.setTransfer(int(id), transferRefused(t, w));
            },
            Qt::QueuedConnection);
    });
    QTimer::singleShot(kTransferWaitMs, this, [this, callId, t] {
        const CallSnapshot* c = m_tracker.call(callId);
        if (!c || c->transfer.state != TransferState::Requested || c->transfer.target != t)
            return;
        m_tracker.setTransfer(callId, transferTimedOut(c->transfer));
    });
}

void EnginePhoneController::sendText(int callId, const QString& text)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId) || text.isEmpty())
        return;
    if (encryptionMissing(*c)) {
        Q_EMIT commandFailed(
            callId, tr("Text not sent: this account requires encryption and the call is not encrypted yet."));
        return;
    }
    const core::CallId id(callId);
    host().post([this, id, text](core::Engine& e, core::Millis now) {
        std::string why;
        const bool ok = e.sendText(id, text.toStdString(), now, &why);
        QMetaObject::invokeMethod( // engine thread → GUI thread
            this,
            [this, id, ok, text, w = QString::fromStdString(why)] {
                if (ok)
                    Q_EMIT textMessage(int(id), true, text);
                else
                    Q_EMIT commandFailed(int(id), tr("Text not sent: %1").arg(w));
            },
            Qt::QueuedConnection);
    });
}

bool EnginePhoneController::encryptionMissing(const CallSnapshot& c) const
{
    const auto it = m_accounts.find(c.accountId);
    return it != m_accounts.end() && it->second.settings.encryption == EncryptionPolicy::Required
        && c.encryption != EncryptionState::Encrypted;
}

void EnginePhoneController::featureEvent(const core::EngineEvent& event)
{
    if (const auto* t = std::get_if<core::TextReceived>(&event)) {
        if (m_tracker.call(int(t->call)))
            Q_EMIT textMessage(int(t->call), false, QString::fromStdString(t->text));
        return;
    }
    const auto* s = std::get_if<core::CallStateChanged>(&event);
    if (!s)
        return;
    const int id = int(s->call);
    const bool ended = s->state == core::CallState::HungUp || s->state == core::CallState::Rejected
        || s->state == core::CallState::Failed;
    if (!ended)
        return;
    const bool byUs = m_hungUpHere.erase(id) > 0;
    const CallSnapshot* c = m_tracker.call(id);
    if (c && c->transfer.state == TransferState::Requested) // before the terminal snapshot: it carries it
        m_tracker.setTransfer(id, transferEnded(c->transfer, s->state, s->end, byUs));
    m_autoAnswering.erase(id);
}

void EnginePhoneController::afterTracked(const core::EngineEvent& event)
{
    const auto* in = std::get_if<core::IncomingCall>(&event);
    if (in && m_autoAnswering.count(int(in->call)))
        m_tracker.setAutoAnswered(int(in->call));
}

void EnginePhoneController::answerLater(int id, int seconds)
{
    QTimer::singleShot(seconds * 1000, this, [this, id] {
        const CallSnapshot* c = m_tracker.call(id);
        if (!c || m_tracker.isFinished(id) || c->direction != CallDirection::Incoming
            || (c->state != CallState::Ringing && c->state != CallState::Calling))
            return; // answered, rejected or gone meanwhile
        host().answer(core::CallId(id));
        m_tracker.setAutoAnswered(id);
    });
}

} // namespace iax::phone
