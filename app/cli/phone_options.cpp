#include "app/cli/phone_options.h"

#include "app/cli/cmd_keygen.h"
#include "app/cli/secrets.h"
#include "core/keys/identity_key.h"
#include "core/keys/key_generation.h"
#include "core/keys/key_server_client.h"

#include <QFileInfo>

namespace iax::cli {

void addPhoneOptions(QCommandLineParser& p, bool listen)
{
    p.addOption({ QStringLiteral("secret"),
        QStringLiteral("shared secret (visible in the process list: prefer --secret-file or IAXPHONE_SECRET)"),
        QStringLiteral("S") });
    p.addOption({ QStringLiteral("secret-file"), QStringLiteral("read the shared secret from the first line of F"),
        QStringLiteral("F") });
    p.addOption({ QStringLiteral("outkey"), QStringLiteral("RSA private key (PEM) to sign challenges"),
        QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("outkey-passphrase-file"),
        QStringLiteral("passphrase of an encrypted --outkey: the first line of F (or env IAXPHONE_KEY_PASSPHRASE)"),
        QStringLiteral("F") });
    p.addOption(
        { QStringLiteral("inkey"), QStringLiteral("RSA public key of a caller (repeatable)"), QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("user"),
        QStringLiteral("accept calls for this user name (repeatable; all share the secret)"), QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("auth"), QStringLiteral("md5|rsa|any (default any)"), QStringLiteral("M"),
        QStringLiteral("any") });
    p.addOption({ QStringLiteral("allow-plaintext"),
        QStringLiteral("allow plaintext password authentication (never by default)") });
    p.addOption({ QStringLiteral("encryption"), QStringLiteral("off|opportunistic|required (default opportunistic)"),
        QStringLiteral("P"), QStringLiteral("opportunistic") });
    p.addOption({ QStringLiteral("e2e"),
        QStringLiteral("off|prefer|require (default prefer): end-to-end encryption with another IAXPhone "
                       "(docs/E2E.md); require: refuse any call without it (exit 6)"),
        QStringLiteral("M"), QStringLiteral("prefer") });
    p.addOption({ QStringLiteral("identity"),
        QStringLiteral("off|FILE (default off): sign end-to-end calls with the Ed25519 identity in FILE, "
                       "generated there (mode 0600) when it does not exist (docs/E2E.md, \"Identity\")"),
        QStringLiteral("FILE"), QStringLiteral("off") });
    p.addOption({ QStringLiteral("no-keyrotate"), QStringLiteral("neither advertise nor send key rotation (RTKEY)") });
    p.addOption({ QStringLiteral("rotate-interval"),
        QStringLiteral("rotate our key every SEC seconds (default: random 120-300 s, as Asterisk)"),
        QStringLiteral("SEC") });
    p.addOption({ QStringLiteral("codecs"), QStringLiteral("codec preference order (default ulaw,alaw,opus)"),
        QStringLiteral("LIST"), QStringLiteral("ulaw,alaw,opus") });
    p.addOption({ QStringLiteral("bind"),
        listen ? QStringLiteral("ADDR[:PORT] to listen on (default 0.0.0.0:4569)")
               : QStringLiteral("local ADDR[:PORT] (default: any address, ephemeral port)"),
        QStringLiteral("ADDR") });
    p.addOption({ QStringLiteral("play"),
        QStringLiteral("play this WAV file (any rate) into the call (default silence)"), QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("record"),
        QStringLiteral("record what the peer sends into this WAV file (Ogg Opus when it ends in .opus or .ogg)"),
        QStringLiteral("FILE") });
    p.addOption({ QStringLiteral("dtmf"),
        QStringLiteral("send these digits after answer (only once encrypted, unless encryption is off)"),
        QStringLiteral("DIGITS") });
    p.addOption({ QStringLiteral("secure-dial"),
        QStringLiteral("call EXTEN on the same host, then send the URI's extension as encrypted DTMF"),
        QStringLiteral("EXTEN") });
    p.addOption({ QStringLiteral("secure-dial-terminator"),
        QStringLiteral("digit sent after the number in secure dial (default #)"), QStringLiteral("D"),
        QStringLiteral("#") });
    p.addOption({ QStringLiteral("encrypted-dial"),
        QStringLiteral("call: send the URI's extension only inside the encrypted call (NEW to TBD, then an "
                       "encrypted IAX DIAL); nothing is sent when the call is not encrypted (exit 6)") });
    p.addOption({ QStringLiteral("transfer"),
        QStringLiteral("call: once answered (and encrypted when required), blind-transfer the party the PBX "
                       "bridged us to to EXT (IAX TRANSFER); exit 0 when the PBX takes it and hangs up our leg"),
        QStringLiteral("EXT[@CONTEXT]") });
    p.addOption({ QStringLiteral("transfer-after"),
        QStringLiteral("call --transfer: wait SEC seconds after the answer first (default 0)"),
        QStringLiteral("SEC") });
    p.addOption({ QStringLiteral("dnd"),
        QStringLiteral("listen/register: do not disturb: refuse every incoming call as busy (REJECT, cause 17: "
                       "the PBX takes its busy path, e.g. voicemail)") });
    p.addOption({ QStringLiteral("auto-answer"),
        QStringLiteral("register: honour the registrar's auto-answer request (AUTOANSWER IE); the incoming "
                       "event says \"autoanswer\":\"honoured\" (the CLI answers every call anyway)") });
    p.addOption({ QStringLiteral("text"),
        QStringLiteral("call: send MSG as a TEXT frame once answered (only once encrypted, unless encryption is "
                       "off)"),
        QStringLiteral("MSG") });
    p.addOption({ QStringLiteral("answer"), QStringLiteral("echo|play:FILE|record:FILE|gateway (listen/register)"),
        QStringLiteral("MODE") });
    p.addOption({ QStringLiteral("duration"),
        QStringLiteral("hang up SEC seconds after answer (register: stay registered SEC seconds; exit 0 only "
                       "when the registration held that long)"),
        QStringLiteral("SEC") });
    p.addOption({ QStringLiteral("timeout"),
        QStringLiteral("give up an unanswered call after SEC seconds (default 60); register: exit 3 when "
                       "the first registration is not acknowledged by then"),
        QStringLiteral("SEC"), QStringLiteral("60") });
    p.addOption(
        { QStringLiteral("max-calls"), QStringLiteral("exit after N calls (listen/register)"), QStringLiteral("N") });
    p.addOption({ QStringLiteral("refresh"),
        QStringLiteral("register: ask for a registration of SEC seconds, renewed at 3/4 of what the server grants "
                       "(default 60)"),
        QStringLiteral("SEC"), QStringLiteral("60") });
    p.addOption({ QStringLiteral("keepalive"),
        QStringLiteral("register: re-register at least every SEC seconds to keep a NAT binding open and learn our "
                       "apparent address (0 = only the refresh; default 25)"),
        QStringLiteral("SEC"), QStringLiteral("25") });
    p.addOption({ QStringLiteral("json"), QStringLiteral("one JSON object per event on stdout") });
    p.addOption({ QStringLiteral("audio"),
        QStringLiteral("use the sound devices: microphone into the call, the call to the speaker") });
    p.addOption({ QStringLiteral("input-device"),
        QStringLiteral("input device id (see 'iaxphone-cli devices'; default: the system default)"),
        QStringLiteral("ID") });
    p.addOption({ QStringLiteral("output-device"), QStringLiteral("output device id (default: the system default)"),
        QStringLiteral("ID") });
    p.addOption({ QStringLiteral("frame-ms"),
        QStringLiteral("Opus frame duration in ms, 10 or 20 (default 20; 10 = lower latency, twice the packets; "
                       "G.711 always sends 20)"),
        QStringLiteral("MS"), QStringLiteral("20") });
    p.addOption({ QStringLiteral("key-dir"),
        QStringLiteral("listen/register: trusted-key directory; a caller's key is NAME.pub for its user name "
                       "(default with --key-server: %1)")
            .arg(core::defaultKeyDirectory()),
        QStringLiteral("DIR") });
    p.addOption({ QStringLiteral("key-server"),
        QStringLiteral("listen/register: fetch an unknown caller's public key from this HTTPS URL template "
                       "(e.g. https://keys.example.net/{name}.pub), pin it on first use, refuse a changed key"),
        QStringLiteral("URL") });
    p.addOption({ QStringLiteral("ca-file"),
        QStringLiteral("listen/register: also trust the CA certificate(s) in F for the key server (repeatable)"),
        QStringLiteral("F") });
    p.addOption({ QStringLiteral("key-timeout-ms"),
        QStringLiteral("listen/register: key-server timeout (default 5000; the call waits at most this + 3 s)"),
        QStringLiteral("MS"), QStringLiteral("5000") });
    p.addOption({ QStringLiteral("max-age-hours"),
        QStringLiteral("listen/register: re-fetch a pinned key older than this, in the background (default 24)"),
        QStringLiteral("H"), QStringLiteral("24") });
    p.addOption({ QStringLiteral("allow-http"),
        QStringLiteral("listen/register: permit an http:// key-server template (testing only)") });
    p.addOption({ QStringLiteral("md5-fallback"),
        QStringLiteral("listen/register: when RSA cannot complete for a call (caller's key unknown, fetch "
                       "failed), authenticate it by MD5 (+AES) instead of rejecting it; needs the secret") });
}

namespace {
bool parseInt(const QString& s, int lo, int hi, int* out)
{
    bool ok = false;
    const int v = s.toInt(&ok);
    if (!ok || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}
} // namespace

bool readPhoneOptions(const QCommandLineParser& p, bool listen, PhoneOptions* o, QString* error)
{
    if (!collectSecrets(p, &o->secrets, error))
        return false;
    o->outkeyPath = p.value(QStringLiteral("outkey"));
    if (p.isSet(QStringLiteral("outkey-passphrase-file"))) {
        if (o->outkeyPath.isEmpty()) {
            *error = QStringLiteral("--outkey-passphrase-file needs --outkey");
            return false;
        }
        if (!readPassphraseFile(p.value(QStringLiteral("outkey-passphrase-file")), &o->outkeyPassphrase, error))
            return false;
    } else if (!o->outkeyPath.isEmpty()) {
        o->outkeyPassphrase = qEnvironmentVariable("IAXPHONE_KEY_PASSPHRASE").toStdString();
    }
    o->inkeyPaths = p.values(QStringLiteral("inkey"));
    o->users = p.values(QStringLiteral("user"));
    QStringList keyFiles = o->inkeyPaths;
    keyFiles << o->outkeyPath;
    for (const QString& f : keyFiles) {
        if (!f.isEmpty() && !QFileInfo(f).isReadable()) {
            *error = QStringLiteral("cannot read key file '%1'").arg(f);
            return false;
        }
    }
    o->auth = p.value(QStringLiteral("auth"));
    if (o->auth != QLatin1String("md5") && o->auth != QLatin1String("rsa") && o->auth != QLatin1String("any")) {
        *error = QStringLiteral("--auth must be md5, rsa or any");
        return false;
    }
    o->allowPlaintext = p.isSet(QStringLiteral("allow-plaintext"));
    const auto policy = phone::encryptionPolicyFromName(p.value(QStringLiteral("encryption")));
    if (!policy) {
        *error = QStringLiteral("--encryption must be off, opportunistic or required");
        return false;
    }
    o->encryption = *policy;
    o->keyRotate = !p.isSet(QStringLiteral("no-keyrotate"));
    if (const QString e2e = p.value(QStringLiteral("e2e"));
        e2e == QLatin1String("off") || e2e == QLatin1String("prefer") || e2e == QLatin1String("require")) {
        o->e2e = e2e != QLatin1String("off");
        o->e2eRequired = e2e == QLatin1String("require");
    } else {
        *error = QStringLiteral("--e2e must be off, prefer or require");
        return false;
    }
    if (const QString id = p.value(QStringLiteral("identity")); !id.isEmpty() && id != QLatin1String("off")) {
        auto loaded = core::loadOrCreateIdentityFile(id);
        if (!loaded) {
            *error = QStringLiteral("--identity: %1").arg(QString::fromStdString(loaded.error().reason));
            return false;
        }
        o->identity = std::make_shared<const core::Ed25519Identity>(std::move(loaded).value());
    }
    if (o->e2eRequired && o->encryption == core::EncryptionPolicy::Off) {
        *error = QStringLiteral("--e2e require needs encryption (not --encryption off)");
        return false;
    }
    if (p.isSet(QStringLiteral("rotate-interval"))
        && !parseInt(p.value(QStringLiteral("rotate-interval")), 1, 86400, &o->rotateInterval)) {
        *error = QStringLiteral("--rotate-interval must be 1 to 86400 seconds");
        return false;
    }
    if (!readCodecs(p.value(QStringLiteral("codecs")), &o->codecs, error))
        return false;
    QString bind = p.value(QStringLiteral("bind"));
    if (bind.isEmpty() && listen)
        bind = QStringLiteral("0.0.0.0:4569");
    if (!bind.isEmpty()) {
        const auto b = parseBindAddress(bind, listen ? 4569 : 0, error);
        if (!b)
            return false;
        o->bindAddress = b->first;
        o->bindPort = b->second;
    }
    o->play = p.value(QStringLiteral("play"));
    if (!o->play.isEmpty() && !QFileInfo(o->play).isReadable()) {
        *error = QStringLiteral("cannot read --play file '%1'").arg(o->play);
        return false;
    }
    o->record = p.value(QStringLiteral("record"));
    o->dtmf = p.value(QStringLiteral("dtmf"));
    static const QString kDigits = QStringLiteral("0123456789*#ABCDabcd");
    for (QChar c : o->dtmf)
        if (!kDigits.contains(c)) {
            *error = QStringLiteral("--dtmf: '%1' is not a DTMF digit").arg(c);
            return false;
        }
    o->secureDial = p.value(QStringLiteral("secure-dial"));
    o->secureDialTerminator = p.value(QStringLiteral("secure-dial-terminator"));
    if (o->secureDialTerminator.size() > 1
        || (!o->secureDialTerminator.isEmpty() && !kDigits.contains(o->secureDialTerminator[0]))) {
        *error = QStringLiteral("--secure-dial-terminator must be one DTMF digit (or empty)");
        return false;
    }
    o->encryptedDial = p.isSet(QStringLiteral("encrypted-dial"));
    if (o->encryptedDial && !o->secureDial.isEmpty()) {
        *error = QStringLiteral("--encrypted-dial and --secure-dial are two ways to hide the number: give one");
        return false;
    }
    if (o->encryptedDial && o->encryption == core::EncryptionPolicy::Off) {
        *error = QStringLiteral("--encrypted-dial needs encryption (not --encryption off)");
        return false;
    }
    if (!readFeatureOptions(p, o, error))
        return false;
    const QString ans = p.value(QStringLiteral("answer"));
    if (!ans.isEmpty()) {
        if (ans == QLatin1String("echo"))
            o->answer = AnswerMode::Echo;
        else if (ans == QLatin1String("gateway"))
            o->answer = AnswerMode::Gateway;
        else if (ans.startsWith(QLatin1String("play:")) && ans.size() > 5) {
            o->answer = AnswerMode::Play;
            o->answerFile = ans.mid(5);
            if (!QFileInfo(o->answerFile).isReadable()) {
                *error = QStringLiteral("cannot read --answer play file '%1'").arg(o->answerFile);
                return false;
            }
        } else if (ans.startsWith(QLatin1String("record:")) && ans.size() > 7) {
            o->answer = AnswerMode::Record;
            o->answerFile = ans.mid(7);
        } else {
            *error = QStringLiteral("--answer must be echo, play:FILE, record:FILE or gateway");
            return false;
        }
    } else if (listen) {
        o->answer = AnswerMode::Echo;
    }
    if (p.isSet(QStringLiteral("duration"))
        && !parseInt(p.value(QStringLiteral("duration")), 1, 7 * 86400, &o->duration)) {
        *error = QStringLiteral("--duration must be a positive number of seconds");
        return false;
    }
    if (!parseInt(p.value(QStringLiteral("timeout")), 1, 86400, &o->timeout)) {
        *error = QStringLiteral("--timeout must be a positive number of seconds");
        return false;
    }
    if (!parseInt(p.value(QStringLiteral("refresh")), 1, 65535, &o->refresh)) {
        *error = QStringLiteral("--refresh must be a number of seconds from 1 to 65535");
        return false;
    }
    if (!parseInt(p.value(QStringLiteral("keepalive")), 0, 3600, &o->keepalive)) {
        *error = QStringLiteral("--keepalive must be a number of seconds from 0 (off) to 3600");
        return false;
    }
    if (p.isSet(QStringLiteral("max-calls"))
        && !parseInt(p.value(QStringLiteral("max-calls")), 1, 1000000, &o->maxCalls)) {
        *error = QStringLiteral("--max-calls must be a positive number");
        return false;
    }
    o->json = p.isSet(QStringLiteral("json"));
    o->audio = p.isSet(QStringLiteral("audio"));
    o->inputDevice = p.value(QStringLiteral("input-device"));
    o->outputDevice = p.value(QStringLiteral("output-device"));
    const QString frameMs = p.value(QStringLiteral("frame-ms"));
    if (frameMs != QLatin1String("10") && frameMs != QLatin1String("20")) {
        *error = QStringLiteral("--frame-ms must be 10 or 20, not '%1'").arg(frameMs);
        return false;
    }
    o->frameMs = frameMs.toInt();
    if (!o->audio && (p.isSet(QStringLiteral("input-device")) || p.isSet(QStringLiteral("output-device")))) {
        *error = QStringLiteral("--input-device and --output-device need --audio");
        return false;
    }
    if (o->audio && (!o->play.isEmpty() || !o->record.isEmpty())) {
        *error = QStringLiteral("--audio cannot be combined with --play or --record");
        return false;
    }
    return readKeyOptions(p, o, error);
}

bool readCodecs(const QString& list, std::vector<std::uint64_t>* out, QString* error)
{
    QStringList unknown;
    *out = phone::codecPreference(list.split(',', Qt::SkipEmptyParts), &unknown);
    if (!unknown.isEmpty()) {
        *error = QStringLiteral("unknown codec '%1' (use opus, alaw, ulaw)").arg(unknown.first());
        return false;
    }
    if (out->empty()) {
        *error = QStringLiteral("--codecs lists no codec");
        return false;
    }
    return true;
}

phone::EngineAccount engineAccount(const PhoneOptions& o, std::shared_ptr<const core::RsaKey> outkey,
    std::vector<std::shared_ptr<const core::RsaKey>> inkeys)
{
    phone::EngineAccount a;
    a.secret = o.secrets.isEmpty() ? std::string() : o.secrets.first().toStdString();
    a.outkey = std::move(outkey);
    a.inkeys = std::move(inkeys);
    a.authMethods = o.auth == QLatin1String("md5") ? core::AuthMethod::Md5
        : o.auth == QLatin1String("rsa")           ? core::AuthMethod::Rsa
                                                   : std::uint16_t(core::AuthMethod::Md5 | core::AuthMethod::Rsa);
    a.allowPlaintextAuth = o.allowPlaintext;
    a.lookupCallerKey = o.keyLookup(); // by the caller's user name: NAME.pub / {name}
    a.allowMd5Fallback = o.md5Fallback;
    a.encryption = o.encryption;
    a.keyRotation = o.keyRotate;
    a.keyRotationIntervalSeconds = o.rotateInterval;
    a.codecs = o.codecs;
    return a;
}

bool readKeyOptions(const QCommandLineParser& p, PhoneOptions* o, QString* error)
{
    o->keyDir = p.value(QStringLiteral("key-dir"));
    o->keyServer = p.value(QStringLiteral("key-server"));
    o->allowHttp = p.isSet(QStringLiteral("allow-http"));
    o->md5Fallback = p.isSet(QStringLiteral("md5-fallback"));
    if (!o->keyServer.isEmpty()) {
        if (auto st = core::KeyServerClient::validateTemplate(o->keyServer, o->allowHttp); !st) {
            *error = QStringLiteral("--key-server: %1").arg(QString::fromStdString(st.error().reason));
            return false;
        }
    }
    for (const QString& caFile : p.values(QStringLiteral("ca-file"))) {
        const auto certs = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (certs.isEmpty()) {
            *error = QStringLiteral("--ca-file: no PEM certificate in '%1'").arg(caFile);
            return false;
        }
        o->keyServerCa += certs;
    }
    if (!parseInt(p.value(QStringLiteral("key-timeout-ms")), 100, 60000, &o->keyTimeoutMs)) {
        *error = QStringLiteral("--key-timeout-ms must be 100 to 60000 milliseconds");
        return false;
    }
    if (!parseInt(p.value(QStringLiteral("max-age-hours")), 0, 87600, &o->keyMaxAgeHours)) {
        *error = QStringLiteral("--max-age-hours must be 0 to 87600 hours");
        return false;
    }
    const bool serverOnly = p.isSet(QStringLiteral("ca-file")) || p.isSet(QStringLiteral("key-timeout-ms"))
        || p.isSet(QStringLiteral("max-age-hours")) || o->allowHttp;
    if (serverOnly && o->keyServer.isEmpty()) {
        *error = QStringLiteral("--ca-file, --key-timeout-ms, --max-age-hours and --allow-http need --key-server");
        return false;
    }
    if (o->md5Fallback && o->secrets.isEmpty()) {
        *error = QStringLiteral("--md5-fallback needs the shared secret (MD5 and the AES key are derived from it)");
        return false;
    }
    return true;
}

} // namespace iax::cli
