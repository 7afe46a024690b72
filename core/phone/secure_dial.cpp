#include "core/phone/secure_dial.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace iax::phone {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SecureDial", text);
}
} // namespace

std::optional<QString> SecureDial::digitsFor(const QString& destination, QChar terminator, QString* error)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9*#A-Da-d]+$"));
    if (!digits.match(destination).hasMatch()) {
        *error = tr("Secure dial can only send digits 0-9, *, # and A-D; \"%1\" contains others.").arg(destination);
        return std::nullopt;
    }
    QString out = destination.toUpper();
    if (!terminator.isNull())
        out += terminator;
    return out;
}

SecureDial::SecureDial(QString digits, int pauseMs, int encryptionTimeoutMs)
    : m_digits(std::move(digits))
    , m_pauseMs(pauseMs)
    , m_timeoutMs(encryptionTimeoutMs)
    , m_message(tr("Waiting for encryption before sending the destination…"))
{ }

bool SecureDial::isDone() const
{
    return m_status == SecureDialStatus::Sent || m_status == SecureDialStatus::Refused
        || m_status == SecureDialStatus::Abandoned;
}

void SecureDial::setStatus(SecureDialStatus s, SecureDialFailure f, QString message, std::vector<Action>& out)
{
    m_status = s;
    m_failure = f;
    m_message = std::move(message);
    if (isDone()) {
        m_encryptionDeadline.reset();
        m_nextDigitAt.reset();
    }
    out.push_back({ Action::Kind::StatusChanged, {}, {} });
}

void SecureDial::stop(SecureDialFailure f, const QString& reason, bool hangUp, std::vector<Action>& out)
{
    if (hangUp)
        out.push_back({ Action::Kind::HangUp, {}, {} });
    setStatus(hangUp ? SecureDialStatus::Refused : SecureDialStatus::Abandoned, f, reason, out);
}

std::vector<SecureDial::Action> SecureDial::update(const SecureDialCall& call, qint64 nowMs)
{
    if (m_mode == SecureDialMode::Tbd)
        return updateTbd(call, nowMs);
    std::vector<Action> out;
    if (isDone())
        return out;
    m_call = call;
    using E = core::EncryptionState;
    if (call.encryption == E::Negotiating)
        m_sawNegotiating = true;
    const QString why = call.reason;
    // Not (or no longer) encrypted: hang up. Which sentence depends on whether digits went out.
    const auto refuse = [&](SecureDialFailure none, const char* noneText, const QString& w) {
        if (m_next > 0)
            stop(SecureDialFailure::EncryptionLost,
                tr("Encryption was lost (%1); the rest of the destination was not sent.").arg(w), true, out);
        else
            stop(none, tr(noneText).arg(w), true, out);
    };
    if (call.encryption == E::Failed) {
        refuse(SecureDialFailure::EncryptionFailed,
            QT_TRANSLATE_NOOP("SecureDial", "The call could not be encrypted (%1); the destination was not sent."),
            why.isEmpty() ? tr("encryption failed") : why);
        return out;
    }
    if (call.ended) {
        stop(SecureDialFailure::CallEnded,
            tr("The call ended before the destination could be sent encrypted%1.")
                .arg(why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why)),
            false, out);
        return out;
    }
    if (call.encryption == E::Off && (call.answered || m_sawNegotiating || m_next > 0)) {
        refuse(SecureDialFailure::NotEncrypted,
            QT_TRANSLATE_NOOP("SecureDial", "The call is not encrypted (%1); the destination was not sent."),
            why.isEmpty() ? tr("the peer did not agree to encryption") : why);
        return out;
    }
    if (m_status != SecureDialStatus::Waiting)
        return out;
    if (call.answered && !m_encryptionDeadline && call.encryption != E::Encrypted)
        m_encryptionDeadline = nowMs + m_timeoutMs;
    if (call.encryption == E::Encrypted && call.answered && !call.held) {
        m_encryptionDeadline.reset();
        m_nextDigitAt = nowMs + m_pauseMs;
        setStatus(SecureDialStatus::Sending, SecureDialFailure::None,
            tr("Call encrypted; sending the destination as encrypted DTMF…"), out);
    }
    return out;
}

std::vector<SecureDial::Action> SecureDial::advance(qint64 nowMs)
{
    std::vector<Action> out;
    if (m_status == SecureDialStatus::Waiting && m_encryptionDeadline && nowMs >= *m_encryptionDeadline) {
        stop(SecureDialFailure::Timeout,
            (m_mode == SecureDialMode::Tbd
                    ? tr("Encryption was not confirmed in time (%1 s after the PBX accepted the call); the "
                         "destination was not sent.")
                    : tr("Encryption was not confirmed in time (%1 s after the answer); the destination was not "
                         "sent."))
                .arg(m_timeoutMs / 1000.0),
            true, out);
        return out;
    }
    if (m_status == SecureDialStatus::Sending && m_nextDigitAt && nowMs >= *m_nextDigitAt) {
        // One digit per pause, paced from now (a late caller does not get a burst the PBX could
        // merge). Strict before every digit: only while Encrypted (update() stops otherwise) and
        // not on hold (then the digits wait).
        m_nextDigitAt = nowMs + m_pauseMs;
        if (m_call.encryption != core::EncryptionState::Encrypted || m_call.held)
            return out;
        if (m_next < int(m_digits.size()))
            out.push_back({ Action::Kind::SendDigit, m_digits.at(m_next++), {} });
        if (m_next >= int(m_digits.size()))
            setStatus(SecureDialStatus::Sent, SecureDialFailure::None, tr("Destination sent encrypted"), out);
    }
    return out;
}

std::optional<qint64> SecureDial::nextDeadline() const
{
    if (m_status == SecureDialStatus::Waiting)
        return m_encryptionDeadline;
    if (m_status == SecureDialStatus::Sending)
        return m_nextDigitAt;
    return std::nullopt;
}

} // namespace iax::phone
