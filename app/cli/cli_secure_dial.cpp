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

int CliPhone::startEncryptedDial(const QString& destination)
{
    QString error;
    const auto number = phone::SecureDial::numberFor(destination, &error);
    if (!number) {
        std::fprintf(stderr, "iaxphone-cli: --encrypted-dial: %s\n", qPrintable(error));
        return ExitBadArguments;
    }
    m_secure = std::make_unique<phone::SecureDialDriver>(phone::SecureDial::encryptedDial(*number));
    connect(m_secure.get(), &phone::SecureDialDriver::sendNumber, this, [this](const QString& n) {
        const core::CallId id = m_outgoing;
        host().post([this, id, n = n.toStdString()](core::Engine& e, core::Millis now) {
            std::string why;
            if (!e.sendDial(id, n, now, &why)) // the call changed meanwhile: say so, end it (engine thread)
                QMetaObject::invokeMethod(
                    this,
                    [this, id, w = QString::fromStdString(why)] {
                        std::fprintf(stderr, "iaxphone-cli: call %u: %s\n", unsigned(id), qPrintable(w));
                        host().hangup(id, QStringLiteral("encrypted dial refused"));
                    },
                    Qt::QueuedConnection);
        });
    });
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
    v.accepted = c.accepted;
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
    const bool tbd = m_secure->dial().mode() == phone::SecureDialMode::Tbd;
    // The Tbd mode says so ("mode":"tbd"); the DTMF mode's events stay as they were.
    auto withMode = [tbd](QJsonObject o) {
        if (tbd)
            o[QStringLiteral("mode")] = QStringLiteral("tbd");
        return o;
    };
    if (status == phone::SecureDialStatus::Sent) {
        m_print.print(withMode(QJsonObject { { "event", "securedial" }, { "call", qint64(id) }, { "state", "sent" },
                          { "encrypted", true } }),
            tbd ? QStringLiteral("call %1: destination sent encrypted (IAX DIAL)").arg(id)
                : QStringLiteral("call %1: destination sent encrypted").arg(id));
        return;
    }
    if (status != phone::SecureDialStatus::Refused)
        return;
    QString reason;
    switch (m_secure->dial().failure()) {
    case phone::SecureDialFailure::Timeout:
        reason = QStringLiteral("encryption was not proven within %1 s; %2")
                     .arg(phone::kSecureDialEncryptionTimeoutMs / 1000.0)
                     .arg(tbd ? QStringLiteral("the number was not sent") : QStringLiteral("no digit was sent"));
        break;
    case phone::SecureDialFailure::EncryptionLost:
        reason = QStringLiteral("encryption was lost after %1 digit(s); the rest was not sent")
                     .arg(m_secure->dial().sentCount());
        break;
    default:
        reason = tbd ? QStringLiteral("the call is not encrypted; the number was not sent")
                     : QStringLiteral("the call is not encrypted; no digit was sent");
        break;
    }
    m_print.print(withMode(QJsonObject { { "event", "securedial" }, { "call", qint64(id) }, { "state", "refused" },
                      { "reason", reason } }),
        QStringLiteral("secure dial refused: %1").arg(reason));
}

} // namespace iax::cli
