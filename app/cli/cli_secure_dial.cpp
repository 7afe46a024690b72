// `call --secure-dial EXTEN`: the CLI's glue around the one secure-dial rule
// (core/phone/secure_dial.h): it feeds the outgoing call's state to a SecureDialDriver, sends the
// digits it releases and prints the `securedial` events in the CLI's words. Main thread.
#include "app/cli/cli_phone.h"
#include "app/cli/exit_codes.h"

#include <cstdio>

namespace iax::cli {

int CliPhone::startSecureDial(const QString& destination)
{
    const QChar terminator = m_opt.secureDialTerminator.isEmpty() ? QChar() : m_opt.secureDialTerminator.at(0);
    QString error;
    const auto digits = phone::SecureDial::digitsFor(destination, terminator, &error);
    if (!digits) {
        std::fprintf(stderr, "iaxphone-cli: --secure-dial: %s\n", qPrintable(error));
        return ExitBadArguments;
    }
    // --dtmf digits go first, under the same rule (only once encrypted).
    m_secure = std::make_unique<phone::SecureDialDriver>(phone::SecureDial(m_opt.dtmf + *digits));
    connect(m_secure.get(), &phone::SecureDialDriver::sendDigit, this, [this](QChar d) { sendDigit(m_outgoing, d); });
    connect(m_secure.get(), &phone::SecureDialDriver::hangUpRequested, this,
        [this] { host().hangup(m_outgoing, QStringLiteral("secure dial refused")); });
    connect(m_secure.get(), &phone::SecureDialDriver::statusChanged, this,
        [this](phone::SecureDialStatus s, const QString&) { onSecureDialStatus(s); });
    return ExitOk;
}

void CliPhone::updateSecureDial()
{
    if (!m_secure || m_mode != Mode::Call || !m_outgoing)
        return;
    const CallInfo& c = m_calls[m_outgoing];
    phone::SecureDialCall v;
    v.answered = c.answered;
    v.ended = c.finished;
    v.encryption = c.enc;
    v.reason = c.encReason;
    m_secure->update(v);
}

bool CliPhone::secureDialRefused() const
{
    return m_secure && m_secure->dial().status() == phone::SecureDialStatus::Refused;
}

void CliPhone::onSecureDialStatus(phone::SecureDialStatus status)
{
    const core::CallId id = m_outgoing;
    if (status == phone::SecureDialStatus::Sent) {
        m_print.print(QJsonObject { { "event", "securedial" }, { "call", qint64(id) }, { "state", "sent" },
                          { "encrypted", true } },
            QStringLiteral("call %1: destination sent encrypted").arg(id));
        return;
    }
    if (status != phone::SecureDialStatus::Refused)
        return;
    QString reason;
    switch (m_secure->dial().failure()) {
    case phone::SecureDialFailure::Timeout:
        reason = QStringLiteral("encryption was not proven within %1 s; no digit was sent")
                     .arg(phone::kSecureDialEncryptionTimeoutMs / 1000.0);
        break;
    case phone::SecureDialFailure::EncryptionLost:
        reason = QStringLiteral("encryption was lost after %1 digit(s); the rest was not sent")
                     .arg(m_secure->dial().sentCount());
        break;
    default:
        reason = QStringLiteral("the call is not encrypted; no digit was sent");
        break;
    }
    m_print.print(
        QJsonObject { { "event", "securedial" }, { "call", qint64(id) }, { "state", "refused" }, { "reason", reason } },
        QStringLiteral("secure dial refused: %1").arg(reason));
}

} // namespace iax::cli
