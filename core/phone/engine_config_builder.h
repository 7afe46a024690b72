#pragma once
// The one place where an account — the desktop app's AccountSettings or the CLI's options — becomes
// what the Engine takes: the EngineConfig, the UserConfig incoming calls are checked against, the
// DialRequest of each call and the RegistrationRequest (DATETIME, key rotation, codec preference,
// RSA keys, encryption policy, the key-fetch bound). Both front ends fill an EngineAccount and
// call these functions. Plain functions without I/O except the two key loaders; any thread.
#include "core/phone/settings.h"
#include "core/protocol/engine_types.h"
#include "core/protocol/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iax::phone {

/// An account as the Engine needs it, whichever front end it came from. Plain data; the secret
/// is wiped when the object is destroyed.
struct EngineAccount {
    std::string username; ///< USERNAME of our calls and registration; the user callers name
    core::SecretString secret; ///< MD5 secret and the AES key source
    std::shared_ptr<const core::RsaKey> outkey; ///< signs RSA challenges (null = none)
    std::vector<std::shared_ptr<const core::RsaKey>> inkeys; ///< callers' accepted public keys
    std::uint16_t authMethods = core::AuthMethod::Md5; ///< offered in AUTHREQ to callers
    /// Offered to the calls of the server we register to (a PBX ringing its phone); nullopt = authMethods.
    std::optional<std::uint16_t> registrarAuthMethods;
    bool allowPlaintextAuth = false; ///< plaintext passwords: accepted from callers and sent when asked
    bool lookupCallerKey = false; ///< RSA: ask for a caller's key by name (PeerKeyNeeded)
    bool allowMd5Fallback = false; ///< RSA impossible for a call → MD5 (+AES) for that call
    core::EncryptionPolicy encryption = core::EncryptionPolicy::Opportunistic;
    bool keyRotation = true; ///< advertise and use RTKEY
    int keyRotationIntervalSeconds = 0; ///< 0 = as Asterisk: at the first voice frame, then 120–300 s
    std::vector<std::uint64_t> codecs { core::Codec::Ulaw }; ///< preference order, format bits
    std::string callingName; ///< CALLING NAME of our calls ("" = none)
    /// Registration keepalive behind NAT, seconds (RegistrationRequest::keepaliveSeconds; 0 = off).
    std::uint16_t keepaliveSeconds = 0;
};

/// The DATETIME IE of a NEW: `localTime` packed as in RFC 5456 §8.6.28 (2-second resolution).
std::uint32_t packedDatetime(const QDateTime& localTime);
/// The KeyRotation of an account: `intervalSeconds` > 0 fixes the interval, 0 keeps Asterisk's.
core::KeyRotation keyRotation(bool enabled, int intervalSeconds);
/// Codec names (case and spaces ignored: "opus", "alaw", "ulaw" …) → format bits, in order.
/// Names not known are skipped and listed in *unknown (when given).
std::vector<std::uint64_t> codecPreference(const QStringList& names, QStringList* unknown = nullptr);
/// "off", "opportunistic", "required" → the policy; nullopt for anything else.
std::optional<core::EncryptionPolicy> encryptionPolicyFromName(const QString& name);

/// Loads the RSA private key that signs our challenges and checks that its signature fits the
/// RSA_RESULT IE. Errors: the loader's ("bad-passphrase", unreadable file …), "rsa-key-too-large".
core::Result<std::shared_ptr<const core::RsaKey>> loadSigningKey(const QString& path, const std::string& passphrase);
/// Loads a caller's RSA public key and checks its strength. Errors: the loader's, "weak-key".
core::Result<std::shared_ptr<const core::RsaKey>> loadTrustedKey(const QString& path);

/// The desktop account as the Engine needs it: RSA accounts offer RSA only (caller keys looked up
/// by name, MD5 fallback as the account allows) and sign with `outkey`; MD5 accounts offer MD5 and
/// sign nothing; the registrar's calls are proven by MD5 or the account's trusted keys; unknown
/// codec names are skipped (none left: G.711 µ-law); our calls carry the user name as CALLING NAME.
EngineAccount engineAccount(const AccountSettings& settings, const QString& secret,
    std::shared_ptr<const core::RsaKey> outkey, std::vector<std::shared_ptr<const core::RsaKey>> inkeys);

/// The user incoming calls for `account` are authenticated and encrypted as.
core::UserConfig userConfig(const EngineAccount& account);
/// A call from `account` to `number` (in `context`, "" = the peer's default) at `peer`; with
/// `now`, the NEW carries it as DATETIME.
core::DialRequest dialRequest(const EngineAccount& account, const core::PeerAddress& peer, const QString& number,
    const QString& context = {}, const std::optional<QDateTime>& now = std::nullopt);
/// A registration of `account` to `server`; the server's own calls are accepted as the account
/// (its registrarAuthMethods, never a key lookup: the PBX proves the account's secret).
core::RegistrationRequest registrationRequest(
    const EngineAccount& account, const core::PeerAddress& server, std::uint16_t refreshSeconds = 60);
/// The Engine's configuration: `users`, the end-to-end mode on (docs/E2E.md), and with `keyFetchTimeout` (a key server is used) an
/// incoming RSA call waits callerKeyWait(keyFetchTimeout) (caller_keys.h) for the caller's key.
core::EngineConfig engineConfig(
    std::vector<core::UserConfig> users = {}, std::optional<std::chrono::milliseconds> keyFetchTimeout = std::nullopt);

} // namespace iax::phone
