#include "core/phone/call_tracker.h"

#include "core/protocol/codec_names.h"
#include "core/protocol/constants.h"

#include <algorithm>

namespace iax::phone {

CallTracker::CallTracker(QObject* parent)
    : QObject(parent)
{ }

QString CallTracker::codecName(std::uint64_t format)
{
    if (format == 0)
        return {};
    const std::string n = core::codecName(format);
    return n.empty() ? QStringLiteral("format 0x%1").arg(format, 0, 16) : QString::fromStdString(n);
}

void CallTracker::addOutgoing(int id, const QString& accountId, const QString& number, EncryptionPolicy policy)
{
    Track& t = m_calls[id];
    t = Track {};
    t.policy = policy;
    t.snap.id = id;
    t.snap.accountId = accountId;
    t.snap.number = number;
    t.snap.peer = number;
    t.snap.direction = CallDirection::Outgoing;
    t.snap.state = CallState::Calling;
    t.snap.encryption = EncryptionState::Off; // nothing is encrypted until the engine says so
    publish(t);
}

void CallTracker::setPolicyForAccount(const QString& accountId, EncryptionPolicy policy)
{
    m_policies[accountId] = policy;
}

void CallTracker::addRegistration(quint32 regId, const QString& accountId)
{
    m_regs[regId] = accountId;
}

void CallTracker::removeRegistration(quint32 regId)
{
    m_regs.erase(regId);
}

const CallSnapshot* CallTracker::call(int id) const
{
    const auto it = m_calls.find(id);
    return it == m_calls.end() ? nullptr : &it->second.snap;
}

QList<int> CallTracker::liveCallsOf(const QString& accountId) const
{
    QList<int> out;
    for (const auto& [id, t] : m_calls) {
        if (t.snap.accountId == accountId && !t.finished)
            out << id;
    }
    return out;
}

QList<int> CallTracker::liveCalls() const
{
    QList<int> out;
    for (const auto& [id, t] : m_calls) {
        if (!t.finished)
            out << id;
    }
    return out;
}

bool CallTracker::isFinished(int id) const
{
    const auto it = m_calls.find(id);
    return it != m_calls.end() && it->second.finished;
}

void CallTracker::forget(int id)
{
    m_calls.erase(id);
}

void CallTracker::publish(Track& t)
{
    CallState s = t.base;
    if (s == CallState::Answered && (t.localHold || t.peerHold))
        s = CallState::Held;
    t.snap.state = s;
    Q_EMIT callUpdated(t.snap);
}

template<typename Change> bool CallTracker::changeTrack(int id, bool evenFinished, Change change)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || (it->second.finished && !evenFinished))
        return false;
    change(it->second);
    publish(it->second);
    return true;
}

bool CallTracker::setLocalHold(int id, bool on)
{
    return changeTrack(id, false, [on](Track& t) { t.localHold = on; });
}

bool CallTracker::setMuted(int id, bool on)
{
    return changeTrack(id, false, [on](Track& t) { t.snap.muted = on; });
}

bool CallTracker::setTransfer(int id, const TransferProgress& progress)
{
    return changeTrack(id, true, [&progress](Track& t) { t.snap.transfer = progress; });
}

bool CallTracker::setAutoAnswered(int id)
{
    return changeTrack(id, false, [](Track& t) { t.snap.autoAnswered = true; });
}

bool CallTracker::setRecording(int id, const QString& path)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second.finished)
        return false;
    it->second.snap.recordingFile = path;
    publish(it->second);
    return true;
}

void CallTracker::failLocally(int id, const QString& cause)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second.finished)
        return;
    Track& t = it->second;
    t.finished = true;
    t.base = CallState::Failed;
    t.snap.cause = cause;
    publish(t);
    Q_EMIT callEnded(id);
}

bool CallTracker::applyStats(int id, const core::CallStats& stats, int playoutDelayMs, int ownDelayMs, qint64 underruns)
{
    const auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second.finished)
        return false;
    Track& t = it->second;
    const CallSnapshot before = t.snap;
    mergeDetails(t, stats.encryption);
    if (t.answered) {
        t.snap.quality = estimateQuality(stats, t.snap.codec, playoutDelayMs, ownDelayMs);
        t.snap.quality.playoutUnderruns = underruns;
    }
    if (!(t.snap == before))
        publish(t);
    return true;
}

void CallTracker::mergeDetails(Track& t, const core::EncryptionDetails& d)
{
    EncryptionDetails& u = t.snap.details;
    if (!d.cipher.empty())
        u.cipher = QString::fromStdString(d.cipher);
    if (!d.auth.empty())
        u.auth = QString::fromStdString(d.auth);
    if (!d.authDetails.empty())
        u.authDetails = QString::fromStdString(d.authDetails);
    if (!d.mode.empty())
        u.mode = QString::fromStdString(d.mode);
    if (!d.sas.empty())
        u.sas = QString::fromStdString(d.sas);
    if (!d.peerIdentity.empty())
        u.peerIdentity = QString::fromStdString(d.peerIdentity);
    u.keyRotation = d.rotationSupported;
    // Counters only grow; Rekey events may have counted ahead of a detail snapshot.
    u.rekeysSent = std::max(u.rekeysSent, d.rekeysSent);
    u.rekeysReceived = std::max(u.rekeysReceived, d.rekeysReceived);
    u.decryptFailures = std::max(u.decryptFailures, d.decryptFailures);
    u.framesEncrypted = std::max<quint64>(u.framesEncrypted, d.framesEncrypted);
    u.framesDecrypted = std::max<quint64>(u.framesDecrypted, d.framesDecrypted);
}

void CallTracker::onEncryption(const core::EncryptionStateChanged& e)
{
    const auto it = m_calls.find(int(e.call));
    if (it == m_calls.end())
        return;
    Track& t = it->second;
    mergeDetails(t, e.details);
    const QString reason = QString::fromStdString(e.details.reason);
    EncryptionDetails& d = t.snap.details;
    switch (e.state) {
    case core::EncryptionState::Encrypted:
        // Honesty rule: both directions proven, or it is still Negotiating.
        if (e.details.rxProven && e.details.txProven) {
            t.snap.encryption = EncryptionState::Encrypted;
            d.downgradeWarning.clear();
        } else if (t.snap.encryption != EncryptionState::Failed) {
            t.snap.encryption = EncryptionState::Negotiating;
        }
        break;
    case core::EncryptionState::Negotiating:
        if (t.snap.encryption != EncryptionState::Failed) {
            t.snap.encryption = EncryptionState::Negotiating;
            d.downgradeWarning.clear();
        }
        break;
    case core::EncryptionState::Off:
        if (t.snap.encryption == EncryptionState::Failed)
            break; // a failure stays visible
        t.snap.encryption = EncryptionState::Off;
        if (t.policy == EncryptionPolicy::Opportunistic)
            d.downgradeWarning = tr("This call is not encrypted: %1")
                                     .arg(reason.isEmpty() ? tr("the peer did not agree to encryption") : reason);
        else if (t.policy == EncryptionPolicy::Required)
            d.failureReason = tr("Encryption is required but the call is not encrypted: %1")
                                  .arg(reason.isEmpty() ? tr("the peer did not agree to encryption") : reason);
        break;
    case core::EncryptionState::Failed:
        t.snap.encryption = EncryptionState::Failed;
        d.failureReason = reason.isEmpty() ? tr("Encryption failed.") : tr("Encryption failed: %1").arg(reason);
        break;
    }
    publish(t);
}

void CallTracker::onState(const core::CallStateChanged& s)
{
    const auto it = m_calls.find(int(s.call));
    if (it == m_calls.end())
        return; // an incoming call still authenticating: shown once IncomingCall arrives
    Track& t = it->second;
    if (t.finished)
        return;
    const QString reason = QString::fromStdString(s.end.reason);
    switch (s.state) {
    case core::CallState::Calling:
    case core::CallState::Authenticating:
    case core::CallState::Proceeding:
        t.base = t.snap.direction == CallDirection::Incoming ? CallState::Ringing : CallState::Calling;
        break;
    case core::CallState::Incoming:
    case core::CallState::Ringing:
        t.base = CallState::Ringing;
        break;
    case core::CallState::Answered:
        t.base = CallState::Answered;
        if (!t.answered) {
            t.answered = true;
            t.snap.answeredAt = QDateTime::currentDateTimeUtc();
        }
        break;
    case core::CallState::HungUp:
    case core::CallState::Rejected:
    case core::CallState::Failed: {
        t.finished = true;
        t.base = s.state == core::CallState::HungUp ? CallState::HungUp : CallState::Failed;
        using K = core::CallEnd::Kind;
        QString cause = reason;
        if (cause.isEmpty()) {
            switch (s.end.kind) {
            case K::Busy:
                cause = tr("busy");
                break;
            case K::Congestion:
                cause = tr("congestion");
                break;
            case K::AuthFailed:
                cause = tr("authentication failed");
                break;
            case K::Unreachable:
                cause = tr("peer unreachable");
                break;
            case K::Timeout:
                cause = tr("timeout");
                break;
            case K::Rejected:
                cause = tr("rejected");
                break;
            default:
                break;
            }
        }
        t.snap.cause = cause;
        t.snap.endKind = s.end.kind;
        t.snap.endCode = s.end.code;
        if (s.end.kind == K::AuthFailed && t.snap.direction == CallDirection::Outgoing) {
            // The peer refused our credentials or never answered our encrypted AUTHREP.
            const auto name = m_accountNames.find(t.snap.accountId);
            t.snap.wrongSecret = true;
            t.snap.cause = tr("wrong secret for account %1? %2")
                               .arg(name == m_accountNames.end() ? t.snap.accountId : name->second, cause);
        }
        if (s.end.kind == K::EncryptionRefused)
            t.snap.details.failureReason
                = tr("Call refused (encryption is required): %1")
                      .arg(cause.isEmpty() ? tr("the peer did not agree to encryption") : cause);
        if (s.end.kind == K::EncryptionFailure) {
            t.snap.encryption = EncryptionState::Failed;
            if (t.snap.details.failureReason.isEmpty())
                t.snap.details.failureReason
                    = tr("Encryption failed: %1").arg(cause.isEmpty() ? tr("frames could not be decrypted") : cause);
        }
        if (t.snap.encryption == EncryptionState::Negotiating)
            t.snap.encryption = EncryptionState::Off; // never proven: not encrypted
        publish(t);
        Q_EMIT callEnded(t.snap.id);
        return;
    }
    }
    publish(t);
}

void CallTracker::apply(const core::EngineEvent& event)
{
    if (const auto* s = std::get_if<core::CallStateChanged>(&event)) {
        onState(*s);
    } else if (const auto* in = std::get_if<core::IncomingCall>(&event)) {
        if (m_calls.count(int(in->call)))
            return;
        Track& t = m_calls[int(in->call)];
        t.snap.id = int(in->call);
        t.snap.direction = CallDirection::Incoming;
        // A call through a registration (the PBX names no user) is that registration's account's.
        const auto via = m_regs.find(in->registration);
        t.snap.accountId = via != m_regs.end() ? via->second
            : m_accountForUser                 ? m_accountForUser(QString::fromStdString(in->username))
                                               : QString();
        const auto pol = m_policies.find(t.snap.accountId);
        t.policy = pol == m_policies.end() ? EncryptionPolicy::Opportunistic : pol->second;
        t.snap.number = QString::fromStdString(in->callingNumber);
        t.snap.peer = !in->callingName.empty() ? QString::fromStdString(in->callingName)
            : !in->callingNumber.empty()       ? QString::fromStdString(in->callingNumber)
                                               : QString::fromStdString(in->from.toString());
        t.snap.codec = codecName(in->format);
        t.snap.details.authDetails = QString::fromStdString(in->authDetails);
        t.snap.details.mode = QString::fromStdString(in->mode); // "e2e" already; "hop" comes with encryption
        t.base = CallState::Ringing;
        t.snap.state = CallState::Ringing;
        t.snap.encryption = EncryptionState::Off;
        Q_EMIT incomingCall(t.snap);
    } else if (const auto* a = std::get_if<core::CallAccepted>(&event)) {
        const auto it = m_calls.find(int(a->call));
        if (it == m_calls.end())
            return;
        it->second.snap.codec = codecName(a->format);
        publish(it->second);
    } else if (const auto* e = std::get_if<core::EncryptionStateChanged>(&event)) {
        onEncryption(*e);
    } else if (const auto* r = std::get_if<core::Rekey>(&event)) {
        const auto it = m_calls.find(int(r->call));
        if (it == m_calls.end())
            return;
        auto& d = it->second.snap.details;
        (r->direction == core::KeyDirection::Tx ? d.rekeysSent : d.rekeysReceived) += 1;
        publish(it->second);
    } else if (const auto* h = std::get_if<core::HoldChanged>(&event)) {
        const auto it = m_calls.find(int(h->call));
        if (it == m_calls.end())
            return;
        it->second.peerHold = h->held;
        publish(it->second);
    } else if (const auto* f = std::get_if<core::CallFinished>(&event)) {
        const auto it = m_calls.find(int(f->call));
        if (it == m_calls.end())
            return;
        mergeDetails(it->second, f->stats.encryption);
        publish(it->second);
    } else if (const auto* reg = std::get_if<core::RegistrationStateChanged>(&event)) {
        const auto it = m_regs.find(reg->reg);
        if (it == m_regs.end())
            return;
        RegistrationSnapshot r;
        r.accountId = it->second;
        r.state = registrationStateOf(reg->state);
        r.refreshSeconds = reg->refresh;
        r.reason = QString::fromStdString(reg->reason);
        r.apparentAddress = QString::fromStdString(reg->apparentAddress);
        if (reg->voicemail) {
            r.voicemailNew = reg->voicemail->newMessages;
            r.voicemailOld = reg->voicemail->oldMessages;
        }
        Q_EMIT registrationChanged(r);
    }
}

RegistrationState registrationStateOf(core::RegistrationState s)
{
    switch (s) {
    case core::RegistrationState::Registering:
        return RegistrationState::Registering;
    case core::RegistrationState::Registered:
        return RegistrationState::Registered;
    case core::RegistrationState::Failed:
        return RegistrationState::Failed;
    case core::RegistrationState::Unregistered:
        break;
    }
    return RegistrationState::Offline;
}

} // namespace iax::phone
