#include "app/cli/json_events.h"

#include "audio/voice_codec.h"
#include "core/protocol/terminal_text.h"

#include <QJsonDocument>

#include <cstdio>

namespace iax::cli {

namespace {
QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

CliEvent callEvent(const core::CallStateChanged& s)
{
    const QString state = callStateName(s.state);
    QJsonObject o { { "event", "call" }, { "call", qint64(s.call) }, { "state", state } };
    if (!s.end.reason.empty())
        o["cause"] = qs(s.end.reason);
    if (s.end.code)
        o["causecode"] = s.end.code;
    return { o,
        QStringLiteral("call %1 %2%3")
            .arg(s.call)
            .arg(state, s.end.reason.empty() ? QString() : ": " + qs(s.end.reason)) };
}

// The end-to-end mode (docs/E2E.md) in an encryption event: "mode" once a call is encrypted, the
// SAS words (also in the sentence) and the frames dropped for tampering or replay in that mode.
CliEvent withE2e(CliEvent ev, const core::EncryptionDetails& d)
{
    if (!d.mode.empty())
        ev.json["mode"] = qs(d.mode);
    if (!d.sas.empty()) {
        ev.json["sas"] = qs(d.sas);
        ev.human += ", end-to-end, SAS: " + qs(d.sas);
    }
    if (!d.peerIdentity.empty()) { // the peer's verified Ed25519 identity (docs/E2E.md, "Identity")
        ev.json["peer_identity"] = qs(d.peerIdentity);
        ev.human += ", peer identity " + qs(d.peerIdentity);
    }
    if (d.e2eTampered)
        ev.json["e2e_tampered"] = qint64(d.e2eTampered);
    if (d.e2eReplayed)
        ev.json["e2e_replayed"] = qint64(d.e2eReplayed);
    return ev;
}

CliEvent encryptionEvent(const core::EncryptionStateChanged& e)
{
    QJsonObject o { { "event", "encryption" }, { "call", qint64(e.call) }, { "state", core::stateName(e.state) },
        { "keyrotate", e.details.rotationSupported } };
    if (!e.details.auth.empty())
        o["auth"] = qs(e.details.auth);
    if (!e.details.cipher.empty())
        o["cipher"] = qs(e.details.cipher);
    if (!e.details.authDetails.empty())
        o["auth_details"] = qs(e.details.authDetails);
    o["rx_proven"] = e.details.rxProven;
    o["tx_proven"] = e.details.txProven;
    const bool why = !e.details.reason.empty() && e.state != core::EncryptionState::Encrypted;
    if (why)
        o["reason"] = qs(e.details.reason);
    return { o,
        QStringLiteral("call %1 encryption %2%3%4")
            .arg(e.call)
            .arg(core::stateName(e.state),
                e.details.auth.empty() ? QString()
                                       : QStringLiteral(" (%1%2)").arg(qs(e.details.auth),
                                           e.details.cipher.empty() ? QString() : ", " + qs(e.details.cipher)),
                why ? ": " + qs(e.details.reason) : QString()) };
}

CliEvent statsEvent(const core::CallFinished& f)
{
    const auto& st = f.stats;
    QJsonObject o { { "event", "stats" }, { "call", qint64(f.call) }, { "frames_sent", qint64(st.framesSent) },
        { "frames_received", qint64(st.framesReceived) }, { "voice_sent", qint64(st.voiceSent) },
        { "voice_received", qint64(st.voiceReceived) }, { "retransmits", qint64(st.retransmits) },
        { "decrypt_failures", st.encryption.decryptFailures }, { "rekeys_tx", st.encryption.rekeysSent },
        { "rekeys_rx", st.encryption.rekeysReceived }, { "frames_encrypted", qint64(st.encryption.framesEncrypted) },
        { "frames_decrypted", qint64(st.encryption.framesDecrypted) }, { "jitter", st.jitterMs },
        { "loss", qint64(st.lost) }, { "rtt", st.rttMs } };
    if (!st.encryption.authDetails.empty())
        o["auth_details"] = qs(st.encryption.authDetails);
    return { o,
        QStringLiteral("call %1 stats: sent %2 frames (%3 voice), received %4 (%5 voice), %6 retransmits, %7 "
                       "decrypt failures, rekeys tx %8 rx %9, jitter %10 ms, lost %11, rtt %12 ms")
            .arg(f.call)
            .arg(st.framesSent)
            .arg(st.voiceSent)
            .arg(st.framesReceived)
            .arg(st.voiceReceived)
            .arg(st.retransmits)
            .arg(st.encryption.decryptFailures)
            .arg(st.encryption.rekeysSent)
            .arg(st.encryption.rekeysReceived)
            .arg(st.jitterMs)
            .arg(st.lost)
            .arg(st.rttMs) };
}

CliEvent registrationEvent(const core::RegistrationStateChanged& r)
{
    QJsonObject o { { "event", "registration" }, { "state", core::stateName(r.state) }, { "refresh", r.refresh } };
    if (!r.reason.empty())
        o["reason"] = qs(r.reason);
    if (!r.apparentAddress.empty())
        o["address"] = qs(r.apparentAddress);
    QString voicemail;
    if (r.voicemail) { // only when the server sent MSGCOUNT
        o["voicemail_new"] = r.voicemail->newMessages;
        o["voicemail_old"] = r.voicemail->oldMessages;
        voicemail = QStringLiteral(" (voicemail: %1 new, %2 old)")
                        .arg(r.voicemail->newMessages)
                        .arg(r.voicemail->oldMessages);
    }
    return { o,
        QStringLiteral("registration %1%2%3")
            .arg(core::stateName(r.state), r.reason.empty() ? QString() : ": " + qs(r.reason), voicemail) };
}
} // namespace

QString callStateName(core::CallState s)
{
    switch (s) {
    case core::CallState::Calling:
    case core::CallState::Authenticating:
    case core::CallState::Proceeding:
        return QStringLiteral("calling");
    case core::CallState::Ringing:
    case core::CallState::Incoming:
        return QStringLiteral("ringing");
    case core::CallState::Answered:
        return QStringLiteral("answered");
    case core::CallState::HungUp:
        return QStringLiteral("hungup");
    case core::CallState::Rejected:
        return QStringLiteral("rejected");
    case core::CallState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

namespace {
// "incoming": who called (address, CALLING_NUMBER/NAME), for which user, through which
// registration ("account" user@registrar when the PBX we are registered to placed it), and how
// the caller was authenticated.
CliEvent incomingEvent(const core::IncomingCall& in)
{
    QJsonObject o { { "event", "incoming" }, { "call", qint64(in.call) }, { "from", qs(in.from.toString()) },
        { "user", qs(in.account) }, { "called", qs(in.calledNumber) }, { "codec", qs(audio::formatName(in.format)) } };
    QString account;
    if (in.registration) {
        account = qs(in.account) + "@" + qs(in.from.toString());
        o["account"] = account;
        o["registration"] = qint64(in.registration);
    }
    if (!in.auth.empty())
        o["auth"] = qs(in.auth);
    if (!in.callingNumber.empty())
        o["calling_number"] = qs(in.callingNumber);
    if (!in.callingName.empty())
        o["calling_name"] = qs(in.callingName);
    if (!in.authDetails.empty())
        o["auth_details"] = qs(in.authDetails);
    QString caller = qs(in.from.toString());
    if (!in.callingName.empty() || !in.callingNumber.empty())
        caller += QStringLiteral(" (%1 <%2>)").arg(qs(in.callingName), qs(in.callingNumber));
    return CliEvent { o,
        QStringLiteral("incoming call %1 from %2 to '%3'%4%5")
            .arg(in.call)
            .arg(caller, qs(in.calledNumber), account.isEmpty() ? QString() : " for " + account,
                in.authDetails.empty() ? QString() : ", " + qs(in.authDetails)) };
}
} // namespace

std::optional<CliEvent> describeEvent(const core::EngineEvent& ev)
{
    if (const auto* s = std::get_if<core::CallStateChanged>(&ev)) {
        if (s->state == core::CallState::Authenticating || s->state == core::CallState::Proceeding
            || s->state == core::CallState::Incoming) // "incoming" has its own event
            return std::nullopt;
        return callEvent(*s);
    }
    if (const auto* in = std::get_if<core::IncomingCall>(&ev))
        return incomingEvent(*in);
    if (const auto* k = std::get_if<core::PeerKeyNeeded>(&ev))
        return CliEvent { QJsonObject { { "event", "key" }, { "call", qint64(k->call) }, { "name", qs(k->name) },
                              { "state", "lookup" } },
            QStringLiteral("call %1: looking up the public key of '%2'").arg(k->call).arg(qs(k->name)) };
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev))
        return withE2e(encryptionEvent(*e), e->details);
    if (const auto* r = std::get_if<core::Rekey>(&ev)) {
        const char* dir = r->direction == core::KeyDirection::Tx ? "tx" : "rx";
        return CliEvent { QJsonObject { { "event", "rekey" }, { "call", qint64(r->call) }, { "direction", dir } },
            QStringLiteral("call %1 key rotated (%2)").arg(r->call).arg(dir) };
    }
    if (const auto* d = std::get_if<core::DtmfReceived>(&ev)) {
        if (d->begin)
            return std::nullopt;
        return CliEvent { QJsonObject { { "event", "dtmf" }, { "call", qint64(d->call) }, { "direction", "rx" },
                              { "digit", QString(QChar(d->digit)) } },
            QStringLiteral("call %1: received DTMF %2").arg(d->call).arg(QChar(d->digit)) };
    }
    if (const auto* t = std::get_if<core::TextReceived>(&ev))
        return CliEvent { QJsonObject { { "event", "text" }, { "call", qint64(t->call) }, { "text", qs(t->text) } },
            QStringLiteral("call %1: text '%2'").arg(t->call).arg(qs(t->text)) };
    if (const auto* h = std::get_if<core::HoldChanged>(&ev))
        return CliEvent { QJsonObject { { "event", "hold" }, { "call", qint64(h->call) }, { "held", h->held } },
            QStringLiteral("call %1 %2 by the peer").arg(h->call).arg(h->held ? "held" : "resumed") };
    if (const auto* f = std::get_if<core::CallFinished>(&ev))
        return statsEvent(*f);
    if (const auto* r = std::get_if<core::RegistrationStateChanged>(&ev)) {
        if (r->state == core::RegistrationState::Registering)
            return std::nullopt;
        return registrationEvent(*r);
    }
    if (const auto* p = std::get_if<core::PeerRegistered>(&ev))
        return CliEvent { QJsonObject { { "event", "peer" }, { "user", qs(p->username) },
                              { "address", qs(p->address.toString()) },
                              { "state", p->refresh > 0 ? "registered" : "unregistered" }, { "refresh", p->refresh } },
            QStringLiteral("user %1 %2 at %3")
                .arg(qs(p->username), p->refresh > 0 ? "registered" : "unregistered", qs(p->address.toString())) };
    return std::nullopt; // VoiceReceived (media), CallAccepted (the call event says it)
}

CliEvent describeKeyLookup(const net::KeyLookupReport& r)
{
    QJsonObject o { { "event", "key" }, { "name", r.name }, { "state", r.outcome }, { "reason", r.message } };
    if (r.call)
        o["call"] = qint64(r.call);
    if (!r.fingerprint.isEmpty())
        o["fingerprint"] = r.fingerprint;
    if (!r.offeredFingerprint.isEmpty() && r.offeredFingerprint != r.fingerprint)
        o["offered_fingerprint"] = r.offeredFingerprint;
    if (!r.url.isEmpty())
        o["url"] = r.url;
    if (!r.errorCode.isEmpty())
        o["error"] = r.errorCode;
    const QString who = r.call ? QStringLiteral("call %1: ").arg(r.call) : QString();
    return { o,
        who + (r.outcome == QLatin1String("refused") ? QStringLiteral("SECURITY WARNING: ") : QString()) + r.message };
}

const char* phoneEventHelp()
{
    return "Events (--json: one object per line on stdout; otherwise one sentence per line):\n"
           "  {\"event\":\"listening\",\"port\":P}\n"
           "  {\"event\":\"network\",\"state\":\"changed|reconnecting|recovered\",\"reason\":...,\"detail\":...,\n"
           "   \"after_ms\":N}   (the address changed, a resume from sleep, a NAT rebinding: re-registered at once)\n"
           "  {\"event\":\"registration\",\"state\":\"registered|failed|unregistered\",\"refresh\":S,\"reason\":...,\n"
           "   \"voicemail_new\":N,\"voicemail_old\":M}   (the counts only when the REGACK carried MSGCOUNT)\n"
           "  {\"event\":\"incoming\",\"call\":ID,\"from\":...,\"user\":...,\"called\":...,\"codec\":...,\n"
           "   \"auth\":\"md5|rsa\",\"calling_number\":...,\"calling_name\":...,\"account\":\"user@registrar\",\n"
           "   \"registration\":N}   (account, registration: a call placed by the server we are registered to)\n"
           "  "
           "{\"event\":\"call\",\"call\":ID,\"state\":\"calling|ringing|answered|hungup|rejected|failed\",\"cause\":..."
           "}\n"
           "  "
           "{\"event\":\"encryption\",\"call\":ID,\"state\":\"off|negotiating|encrypted|failed\",\"auth\":\"md5|rsa\","
           "\n"
           "   \"keyrotate\":bool,\"cipher\":\"AES-128|AES-128-GCM\",\"mode\":\"hop|e2e\",\"sas\":\"four words\",\n"
           "   \"peer_identity\":\"fingerprint\",\"e2e_tampered\":N,\"e2e_replayed\":N,\n"
           "   \"rx_proven\":bool,\"tx_proven\":bool,\"reason\":...,\n"
           "   \"auth_details\":\"authenticated by MD5 (RSA unavailable: ...)\"}   (auth_details also in incoming, "
           "stats)\n"
           "  "
           "{\"event\":\"key\",\"call\":ID,\"name\":...,\"state\":\"lookup|store|pinned|refreshed|refused|failed|"
           "unknown\",\n"
           "   \"fingerprint\":...,\"offered_fingerprint\":...,\"url\":...,\"error\":...,\"reason\":...}   "
           "(--key-dir/--key-server)\n"
           "  {\"event\":\"rekey\",\"call\":ID,\"direction\":\"tx|rx\"}\n"
           "  {\"event\":\"dtmf\",\"call\":ID,\"direction\":\"rx|tx\",\"digit\":\"5\"}\n"
           "  {\"event\":\"digits\",\"call\":ID,\"digits\":\"5551234\",\"complete\":bool,\"encrypted\":bool}\n"
           "   (--answer gateway: once per call, at '#' (complete), after 5 s without a digit, or at hang-up;\n"
           "   later digits come as dtmf events with \"ignored\":true)\n"
           "  {\"event\":\"securedial\",\"call\":ID,\"state\":\"sent|refused\",\"reason\":...}   (--encrypted-dial "
           "adds "
           "\"mode\":\"tbd\")\n"
           "  {\"event\":\"stats\",\"call\":ID,\"frames_sent\":N,\"frames_received\":N,\"voice_sent\":N,\n"
           "   \"voice_received\":N,\"retransmits\":N,\"decrypt_failures\":N,\"rekeys_tx\":N,\"rekeys_rx\":N,\n"
           "   \"frames_encrypted\":N,\"frames_decrypted\":N,\"jitter\":MS,\"loss\":N,\"rtt\":MS}   (at hang-up)\n"
           "  {\"event\":\"transfer\",\"call\":ID,\"to\":\"EXT\",\"state\":\"requested|done|failed\",\"reason\":...}"
           "   (--transfer)\n"
           "  {\"event\":\"text\",\"call\":ID,\"text\":...}   (received; sent by --text: \"direction\":\"tx\")\n"
           "  incoming gains \"dnd\":true (--dnd: refused as busy) and \"autoanswer\":\"honoured|ignored\" (the PBX\n"
           "   asked for auto-answer; honoured with register --auto-answer)\n"
           "  also: hold, peer (a user registered to listen), device (--audio fallback)\n";
}

std::string EventPrinter::line(const CliEvent& e) const
{
    // Causes, TEXT, names and numbers come from the peer: nothing in them may act on the terminal.
    return m_json ? core::escapeJsonControls(QJsonDocument(e.json).toJson(QJsonDocument::Compact).toStdString())
                  : core::escapeForTerminal(e.human.toStdString());
}

void EventPrinter::print(const CliEvent& e) const
{
    const std::string text = line(e);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace iax::cli
