#include "core/phone/engine_config_builder.h"

#include "core/phone/caller_keys.h"

#include "core/protocol/auth.h"
#include "core/protocol/codec_names.h"
#include "core/protocol/rsa_keygen.h"

#include <algorithm>

namespace iax::phone {

std::uint32_t packedDatetime(const QDateTime& localTime)
{
    const QDate d = localTime.date();
    const QTime c = localTime.time();
    return (std::uint32_t(d.year() - 2000) << 25) | (std::uint32_t(d.month()) << 21) | (std::uint32_t(d.day()) << 16)
        | (std::uint32_t(c.hour()) << 11) | (std::uint32_t(c.minute()) << 5) | std::uint32_t(c.second() / 2);
}

core::KeyRotation keyRotation(bool enabled, int intervalSeconds)
{
    core::KeyRotation r;
    r.enabled = enabled;
    if (intervalSeconds > 0)
        r.minInterval = r.maxInterval = core::Millis(qint64(intervalSeconds) * 1000);
    return r;
}

std::vector<std::uint64_t> codecPreference(const QStringList& names, QStringList* unknown)
{
    std::vector<std::uint64_t> out;
    for (const QString& name : names) {
        if (const auto f = core::voiceFormatFromName(name.trimmed().toLower().toStdString()))
            out.push_back(f);
        else if (unknown)
            *unknown << name;
    }
    return out;
}

std::optional<core::EncryptionPolicy> encryptionPolicyFromName(const QString& name)
{
    for (const EncryptionPolicy p :
        { EncryptionPolicy::Off, EncryptionPolicy::Opportunistic, EncryptionPolicy::Required })
        if (name == toString(p))
            return p;
    return std::nullopt;
}

core::Result<std::shared_ptr<const core::RsaKey>> loadSigningKey(const QString& path, const std::string& passphrase)
{
    auto k = core::RsaKey::privateFromFile(path.toStdString(), passphrase);
    if (!k)
        return k.error();
    if (const core::Status fits = core::checkRsaSigningKeyBits(k->bits()); !fits)
        return fits.error();
    return std::shared_ptr<const core::RsaKey>(std::make_shared<core::RsaKey>(std::move(k).value()));
}

core::Result<std::shared_ptr<const core::RsaKey>> loadTrustedKey(const QString& path)
{
    auto k = core::RsaKey::publicFromFile(path.toStdString());
    if (!k)
        return k.error();
    if (const core::Status strong = core::checkRsaKeyStrength(*k); !strong)
        return strong.error();
    return std::shared_ptr<const core::RsaKey>(std::make_shared<core::RsaKey>(std::move(k).value()));
}

EngineAccount engineAccount(const AccountSettings& s, const QString& secret, std::shared_ptr<const core::RsaKey> outkey,
    std::vector<std::shared_ptr<const core::RsaKey>> inkeys)
{
    EngineAccount a;
    a.username = s.username.toStdString();
    a.secret = secret.toStdString();
    a.inkeys = std::move(inkeys);
    if (s.auth == AuthMethod::Rsa) {
        // RSA only in AUTHREQ; the caller's key comes from the account's trusted keys, the
        // trusted-key store or the key server (PeerKeyNeeded, by the caller's user name). When
        // none is usable, MD5+AES for that call only if the account allows it.
        a.authMethods = core::AuthMethod::Rsa;
        a.lookupCallerKey = true;
        a.allowMd5Fallback = s.allowMd5Fallback;
        a.outkey = std::move(outkey);
    } else {
        a.authMethods = core::AuthMethod::Md5;
    }
    // The server's own calls (a PBX ringing its phone names no user): the account's, proven by MD5
    // with its secret (or by the account's trusted keys).
    a.registrarAuthMethods = std::uint16_t((a.inkeys.empty() ? 0 : core::AuthMethod::Rsa) | core::AuthMethod::Md5);
    a.encryption = s.encryption;
    a.keyRotation = s.keyRotation;
    a.keyRotationIntervalSeconds = s.keyRotationIntervalSeconds;
    a.keepaliveSeconds = std::uint16_t(std::clamp(s.keepaliveSeconds, 0, 3600));
    a.codecs = codecPreference(s.codecs);
    if (a.codecs.empty())
        a.codecs.push_back(core::Codec::Ulaw);
    a.callingName = a.username;
    return a;
}

core::UserConfig userConfig(const EngineAccount& a)
{
    core::UserConfig u;
    u.username = a.username;
    u.secret = a.secret;
    u.inkeys = a.inkeys;
    u.authMethods = a.authMethods;
    if (a.allowPlaintextAuth)
        u.authMethods |= core::AuthMethod::Plaintext;
    u.encryption = a.encryption;
    u.rotation = keyRotation(a.keyRotation, a.keyRotationIntervalSeconds);
    u.codecs = a.codecs;
    u.lookupCallerKey = a.lookupCallerKey;
    u.allowMd5Fallback = a.allowMd5Fallback;
    return u;
}

core::DialRequest dialRequest(const EngineAccount& a, const core::PeerAddress& peer, const QString& number,
    const QString& context, const std::optional<QDateTime>& now)
{
    core::DialRequest d;
    d.peer = peer;
    d.username = a.username;
    d.secret = a.secret;
    d.outkey = a.outkey;
    d.calledNumber = number.toStdString();
    d.calledContext = context.toStdString();
    d.callingName = a.callingName;
    d.codecs = a.codecs;
    d.encryption = a.encryption;
    d.rotation = keyRotation(a.keyRotation, a.keyRotationIntervalSeconds);
    d.allowPlaintextAuth = a.allowPlaintextAuth;
    if (now)
        d.datetime = packedDatetime(*now);
    return d;
}

core::RegistrationRequest registrationRequest(
    const EngineAccount& a, const core::PeerAddress& server, std::uint16_t refreshSeconds)
{
    core::RegistrationRequest r;
    r.server = server;
    r.username = a.username;
    r.secret = a.secret;
    r.outkey = a.outkey;
    r.refreshSeconds = refreshSeconds;
    r.keepaliveSeconds = a.keepaliveSeconds;
    r.incoming = userConfig(a);
    if (a.registrarAuthMethods) {
        r.incoming->authMethods = *a.registrarAuthMethods;
        if (a.allowPlaintextAuth)
            r.incoming->authMethods |= core::AuthMethod::Plaintext;
    }
    r.incoming->lookupCallerKey = false; // the PBX proves the account's secret, not a key of its own
    return r;
}

core::EngineConfig engineConfig(
    std::vector<core::UserConfig> users, std::optional<std::chrono::milliseconds> keyFetchTimeout)
{
    core::EngineConfig c;
    c.users = std::move(users);
    c.e2e = true; // between IAXPhones; a PBX ignores the offer and gets AES-128-CBC (docs/E2E.md)
    // A key fetch ends by itself after its timeout; the Engine's own bound is a backstop.
    if (keyFetchTimeout)
        c.peerKeyTimeout = callerKeyWait(*keyFetchTimeout);
    return c;
}

} // namespace iax::phone
