// The CLI's side of the features IAX2 carries natively (issue 18): what CliPhone follows of the
// engine's events for them before the usual printing, and the blind transfer (--transfer). Main
// thread.
#include "app/cli/cli_phone.h"
#include "app/cli/exit_codes.h"
#include "core/phone/call_transfer.h"
#include "core/phone/incoming_rule.h"

#include <cstdio>

namespace iax::cli {

namespace {
/// The phone layer's incoming rule with the CLI's options (--dnd for every call; --auto-answer).
phone::IncomingAction incomingAction(const PhoneOptions& o, const core::IncomingCall& in)
{
    phone::IncomingRules rules;
    rules.doNotDisturb = o.dnd;
    rules.autoAnswerFromPbx = o.autoAnswerFromPbx;
    return phone::decideIncoming(rules, false, in);
}
} // namespace

bool CliPhone::onFeatureEvent(const core::EngineEvent& ev)
{
    if (const auto* a = std::get_if<core::CallAccepted>(&ev)) {
        m_calls[a->call].accepted = true;
        if (m_mode == Mode::Call && a->call == m_outgoing)
            updateSecureDial(); // --encrypted-dial: the PBX waits for the DIAL now
        return false;
    }
    if (const auto* in = std::get_if<core::IncomingCall>(&ev);
        in && incomingAction(m_opt, *in) == phone::IncomingAction::RejectBusy) {
        m_calls[in->call] = CallInfo {}; // a call number used again is a new call
        if (auto line = describeEvent(ev)) {
            line->json[QStringLiteral("dnd")] = true;
            line->human += QStringLiteral(" (do not disturb: refused as busy)");
            m_print.print(*line);
        }
        const core::CallId call = in->call;
        host().post(
            [call](core::Engine& e, core::Millis now) { e.reject(call, phone::kDndCause, now, phone::kDndCauseCode); });
        return true;
    }
    if (m_mode == Mode::Call && !m_opt.text.isEmpty()) {
        const auto* s = std::get_if<core::CallStateChanged>(&ev);
        const auto* e = std::get_if<core::EncryptionStateChanged>(&ev);
        if ((s && s->call == m_outgoing && s->state == core::CallState::Answered) || (e && e->call == m_outgoing))
            QTimer::singleShot(0, this, &CliPhone::maybeSendText); // after onAnswered/onEncryption recorded it
    }
    if (m_mode != Mode::Call || m_opt.transfer.isEmpty())
        return false;
    if (const auto* s = std::get_if<core::CallStateChanged>(&ev); s && s->call == m_outgoing) {
        if (s->state == core::CallState::Answered && m_transferStep == TransferStep::Idle)
            QTimer::singleShot(m_opt.transferAfter * 1000, this, [this] {
                if (m_transferStep != TransferStep::Idle)
                    return;
                m_transferStep = TransferStep::Due;
                maybeTransfer();
            });
        const bool ended = s->state == core::CallState::HungUp || s->state == core::CallState::Rejected
            || s->state == core::CallState::Failed;
        if (ended && m_transferStep == TransferStep::Requested) {
            m_transferStep = TransferStep::Settled;
            const phone::TransferProgress p
                = phone::transferEnded(phone::transferRequested(m_opt.transfer), s->state, s->end, false);
            printTransfer(qPrintable(phone::transferStateName(p.state)), p.reason);
        }
        return false;
    }
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev); e && e->call == m_outgoing)
        QTimer::singleShot(0, this, &CliPhone::maybeTransfer); // after onEncryption recorded it
    return false;
}

void CliPhone::markFeatures(const core::EngineEvent& ev, CliEvent& line) const
{
    const auto* in = std::get_if<core::IncomingCall>(&ev);
    if (!in || !in->autoAnswerRequested)
        return;
    const bool honoured = incomingAction(m_opt, *in) == phone::IncomingAction::AutoAnswer;
    line.json[QStringLiteral("autoanswer")] = honoured ? QStringLiteral("honoured") : QStringLiteral("ignored");
    line.human += honoured ? QStringLiteral(" (auto-answer requested by the registrar: honoured)")
                           : QStringLiteral(" (auto-answer requested: ignored, not allowed or not the registrar)");
}

void CliPhone::maybeSendText()
{
    if (m_textSent || m_done)
        return;
    const CallInfo& c = m_calls[m_outgoing];
    if (!c.answered || c.finished)
        return;
    if (m_opt.encryption != core::EncryptionPolicy::Off && c.enc != core::EncryptionState::Encrypted)
        return; // like --dtmf: only once encrypted (an Off state ends the wait with a refusal below)
    m_textSent = true;
    const core::CallId id = m_outgoing;
    host().post([this, id, text = m_opt.text.toStdString()](core::Engine& e, core::Millis now) {
        std::string why;
        const bool ok = e.sendText(id, text, now, &why);
        QMetaObject::invokeMethod( // engine thread → main thread
            this,
            [this, id, ok, w = QString::fromStdString(why)] {
                if (!ok) {
                    std::fprintf(stderr, "iaxphone-cli: call %u: %s\n", unsigned(id), qPrintable(w));
                    return;
                }
                m_print.print(QJsonObject { { "event", "text" }, { "call", qint64(id) }, { "direction", "tx" },
                                  { "text", m_opt.text } },
                    QStringLiteral("call %1: sent text '%2'").arg(id).arg(m_opt.text));
            },
            Qt::QueuedConnection);
    });
}

void CliPhone::maybeTransfer()
{
    if (m_transferStep != TransferStep::Due || m_done)
        return;
    const CallInfo& c = m_calls[m_outgoing];
    if (c.finished)
        return;
    // Like DTMF: under the required policy only once encrypted (the engine refuses it otherwise).
    if (m_opt.encryption == core::EncryptionPolicy::Required && c.enc != core::EncryptionState::Encrypted)
        return;
    m_transferStep = TransferStep::Requested;
    const core::CallId id = m_outgoing;
    host().post([this, id, to = m_opt.transfer.toStdString(), context = m_opt.transferContext.toStdString()](
                    core::Engine& e, core::Millis now) {
        std::string why;
        const bool ok = e.transfer(id, to, context, now, &why);
        QMetaObject::invokeMethod( // engine thread → main thread
            this,
            [this, ok, w = QString::fromStdString(why)] {
                if (!ok) {
                    transferFailed(w);
                    return;
                }
                printTransfer("requested");
                QTimer::singleShot(phone::kTransferWaitMs, this, [this] {
                    if (m_transferStep == TransferStep::Requested)
                        transferFailed(phone::transferTimedOut(phone::transferRequested(m_opt.transfer)).reason);
                });
            },
            Qt::QueuedConnection);
    });
}

void CliPhone::transferFailed(const QString& reason)
{
    if (m_transferStep == TransferStep::Settled)
        return;
    m_transferStep = TransferStep::Settled;
    printTransfer("failed", reason);
    finish(ExitFailure); // first: the hang-up below must not change the exit code
    host().hangup(m_outgoing, QStringLiteral("transfer failed"));
}

void CliPhone::printTransfer(const char* state, const QString& reason)
{
    QString to = m_opt.transfer;
    if (!m_opt.transferContext.isEmpty())
        to += QLatin1Char('@') + m_opt.transferContext;
    QJsonObject o { { "event", "transfer" }, { "call", qint64(m_outgoing) }, { "to", to }, { "state", state } };
    if (!reason.isEmpty())
        o[QStringLiteral("reason")] = reason;
    m_print.print(o,
        QStringLiteral("call %1: transfer to %2 %3%4")
            .arg(m_outgoing)
            .arg(to, QString::fromLatin1(state), reason.isEmpty() ? QString() : QStringLiteral(": ") + reason));
}

} // namespace iax::cli
