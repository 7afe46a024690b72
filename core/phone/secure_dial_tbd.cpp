// SecureDial's Tbd mode ("encrypted dial"): the NEW went to "TBD"; the PBX authenticates the call,
// ACCEPTs it and waits. Only when the call is accepted AND proven Encrypted does the destination go
// out, whole, in one IAX DIAL (encrypted like every frame after AUTHREP). Not encrypted, failed, or
// not proven within the timeout after the ACCEPT: nothing is sent and the call is hung up.
#include "core/phone/secure_dial.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SecureDial", text);
}
} // namespace

std::optional<QString> SecureDial::numberFor(const QString& destination, QString* error)
{
    bool ok = !destination.isEmpty() && destination.size() <= 80
        && destination.compare(QLatin1String(core::kTbdCalledNumber), Qt::CaseInsensitive) != 0;
    for (QChar c : destination)
        ok = ok && c.unicode() > 0x20 && c.unicode() < 0x7F && c != QLatin1Char('/') && c != QLatin1Char('@');
    if (!ok) {
        *error = tr("Encrypted dial needs a destination of 1 to 80 printable characters without spaces, '/' or "
                    "'@' (and not \"TBD\"); \"%1\" is not one.")
                     .arg(destination);
        return std::nullopt;
    }
    return destination;
}

SecureDial SecureDial::encryptedDial(QString number, int encryptionTimeoutMs)
{
    SecureDial d(std::move(number), 0, encryptionTimeoutMs);
    d.m_mode = SecureDialMode::Tbd;
    return d;
}

std::vector<SecureDial::Action> SecureDial::updateTbd(const SecureDialCall& call, qint64 nowMs)
{
    std::vector<Action> out;
    if (isDone())
        return out;
    m_call = call;
    using E = core::EncryptionState;
    const bool accepted = call.accepted || call.answered;
    if (call.encryption == E::Failed) {
        stop(SecureDialFailure::EncryptionFailed,
            tr("The call could not be encrypted (%1); the destination was not sent.")
                .arg(call.reason.isEmpty() ? tr("encryption failed") : call.reason),
            true, out);
        return out;
    }
    if (call.ended) {
        stop(SecureDialFailure::CallEnded,
            tr("The call ended before the destination could be sent encrypted%1.")
                .arg(call.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(call.reason)),
            false, out);
        return out;
    }
    if (call.encryption == E::Off && accepted) {
        stop(SecureDialFailure::NotEncrypted,
            tr("The call is not encrypted (%1); the destination was not sent.")
                .arg(call.reason.isEmpty() ? tr("the peer did not agree to encryption") : call.reason),
            true, out);
        return out;
    }
    if (!accepted)
        return out;
    if (call.encryption != E::Encrypted) {
        if (!m_encryptionDeadline)
            m_encryptionDeadline = nowMs + m_timeoutMs;
        return out;
    }
    out.push_back({ Action::Kind::SendNumber, {}, m_digits });
    m_next = int(m_digits.size());
    setStatus(SecureDialStatus::Sent, SecureDialFailure::None, tr("Destination sent encrypted (IAX DIAL)"), out);
    return out;
}

} // namespace iax::phone
