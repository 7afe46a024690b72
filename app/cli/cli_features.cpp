// The CLI's side of the features IAX2 carries natively (issue 18): what CliPhone follows of the
// engine's events for them before the usual printing, and the blind transfer (--transfer). Main
// thread.
#include "app/cli/cli_phone.h"
#include "app/cli/exit_codes.h"

namespace iax::cli {

namespace {
/// How long the PBX has to take a transfer: Asterisk moves the bridged party and hangs our leg up
/// at once (milliseconds on loopback); when it cannot, it says nothing at all (a log warning only).
constexpr int kTransferWaitMs = 10000;
} // namespace

void CliPhone::onFeatureEvent(const core::EngineEvent& ev)
{
    if (const auto* a = std::get_if<core::CallAccepted>(&ev)) {
        m_calls[a->call].accepted = true;
        if (m_mode == Mode::Call && a->call == m_outgoing)
            updateSecureDial(); // --encrypted-dial: the PBX waits for the DIAL now
        return;
    }
    if (m_mode != Mode::Call || m_opt.transfer.isEmpty())
        return;
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
            if (s->state == core::CallState::HungUp)
                printTransfer("done", QStringLiteral("the PBX took the transfer and hung up our leg"));
            else
                printTransfer("failed", QString::fromStdString(s->end.reason));
        }
        return;
    }
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev); e && e->call == m_outgoing)
        QTimer::singleShot(0, this, &CliPhone::maybeTransfer); // after onEncryption recorded it
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
                QTimer::singleShot(kTransferWaitMs, this, [this] {
                    if (m_transferStep == TransferStep::Requested)
                        transferFailed(QStringLiteral("the PBX did not take the transfer: our leg was not hung up "
                                                      "within %1 s (Asterisk refuses silently, e.g. when nobody "
                                                      "is bridged to us)")
                                           .arg(kTransferWaitMs / 1000));
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
