#include "core/phone/call_presentation.h"

#include "core/protocol/call_causes.h"

#include <QCoreApplication>

namespace iax::phone {

namespace {

QString tr(const char* text)
{
    // The context lupdate gives a namespace-level tr("…") here (tst_translations checks it).
    return QCoreApplication::translate("iax::phone", text);
}

/// "5551234 (via dtmf, sent encrypted)" and its siblings for a destination and access extension.
QString secureTitle(const QString& destination, const QString& extension, SecureDialProgress::Stage stage)
{
    using Stage = SecureDialProgress::Stage;
    const QString how = stage == Stage::Sent ? tr("sent encrypted")
        : stage == Stage::Failed             ? tr("not sent")
                                             : tr("not sent yet");
    if (extension.isEmpty() || extension == destination)
        return QStringLiteral("%1 (%2)").arg(destination, how);
    return QStringLiteral("%1 (%2)").arg(destination, tr("via %1, %2").arg(extension, how));
}

} // namespace

QString callTitle(const CallSnapshot& c)
{
    if (c.secureDial.stage != SecureDialProgress::Stage::None && !c.dialled.isEmpty())
        return secureTitle(c.dialled, c.number, c.secureDial.stage);
    if (!c.contactName.isEmpty()) // a contact's name, with the number it called from or was called at
        return c.number.isEmpty() || c.number == c.contactName ? c.contactName
                                                               : QStringLiteral("%1 (%2)").arg(c.contactName, c.number);
    return c.peer.isEmpty() ? c.number : c.peer;
}

QString historyTitle(const CallHistoryEntry& e)
{
    if (e.bySecureDial())
        return secureTitle(e.number, e.via.isEmpty() ? e.peer : e.via,
            e.secureDial ? SecureDialProgress::Stage::Sent : SecureDialProgress::Stage::Failed);
    if (e.peer.isEmpty() || e.peer == e.number)
        return e.number;
    if (e.number.isEmpty()) // a PBX's call without caller ID: its address alone, not "127.0.0.30:4569 ()"
        return e.peer;
    return QStringLiteral("%1 (%2)").arg(e.peer, e.number);
}

int callDurationSeconds(const CallSnapshot& c, const QDateTime& now)
{
    if (!c.answeredAt.isValid())
        return 0;
    const QDateTime end = c.endedAt.isValid() ? c.endedAt : now;
    return int(std::max<qint64>(0, c.answeredAt.secsTo(end)));
}

FailureText failureText(const CallSnapshot& c)
{
    using K = core::CallEnd::Kind;
    const bool failed = c.state == CallState::Failed;
    if (!failed && c.encryption != EncryptionState::Failed && c.details.failureReason.isEmpty())
        return {};
    FailureText f;
    if (c.wrongSecret)
        f.summary = tr("The server did not accept this account's secret (or key); check it in Settings.");
    else if (c.endKind == K::EncryptionRefused && c.cause.startsWith(QLatin1String("end-to-end")))
        // The engine's reasons of call_e2e.cpp: the mode was required (a contact marked "always
        // end-to-end", --e2e require) and the peer did not agree, or signed with another identity.
        f.summary = tr("The call was refused: it must be end-to-end encrypted, and the other side did not agree "
                       "(or its identity key changed).");
    else if (c.endKind == K::EncryptionRefused
        || (!failed && !c.details.failureReason.isEmpty() && c.encryption != EncryptionState::Failed))
        f.summary = tr("The server does not encrypt calls for this account; your settings require encryption.");
    else if (c.endKind == K::EncryptionFailure || c.encryption == EncryptionState::Failed)
        f.summary = tr("The call's encryption failed, so it is not private.");
    else if (c.endKind == K::Busy)
        f.summary = tr("The number is busy.");
    else if (c.endKind == K::Congestion)
        f.summary = tr("The server is busy or has no route to that number.");
    else if (c.endKind == K::AuthFailed)
        f.summary = tr("The server refused the call's authentication.");
    else if (c.endKind == K::Unreachable)
        f.summary = tr("The server did not answer.");
    else if (c.endKind == K::Timeout)
        f.summary = tr("The call timed out.");
    else if (c.endKind == K::Rejected && (c.endCode == core::cause::kNoRoute || c.endCode == core::cause::kUnallocated))
        f.summary = tr("The server has no such number or extension.");
    else if (c.endKind == K::Rejected && c.endCode == core::cause::kIncompatible)
        f.summary = tr("The server offers this account no codec this phone has (Opus, G.711 µ-law or A-law).");
    else if (c.endKind == K::Rejected)
        f.summary = tr("The call was rejected.");
    else
        f.summary = tr("The call failed.");
    // The technical reasons, each once: the refusal usually quotes the engine's cause.
    const QString& reason = c.details.failureReason;
    if (reason.isEmpty() || (!c.cause.isEmpty() && !reason.contains(c.cause)))
        f.detail = c.cause;
    if (!reason.isEmpty())
        f.detail = f.detail.isEmpty() ? reason : reason + QLatin1Char('\n') + f.detail;
    return f;
}

} // namespace iax::phone
