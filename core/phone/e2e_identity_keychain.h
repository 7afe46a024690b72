#pragma once
// The user's Ed25519 identity of the end-to-end mode (docs/E2E.md, "Identity") in the OS keychain:
// read from the SecretStore key "identity/ed25519" (the base64 of the 32-byte seed,
// core/keys/identity_key.h), or generated from OpenSSL's CSPRNG and stored there on first use. The
// private key never reaches a settings file or a log. GUI thread (the SecretStore's).
#include "core/phone/secret_store.h"
#include "core/protocol/e2e_identity.h"

#include <QString>

#include <memory>

namespace iax::phone {

/// The SecretStore key of the identity: "identity/ed25519".
inline QString identitySecretKey()
{
    return QStringLiteral("identity/ed25519");
}

/// The stored identity, or a new one (generated and stored). nullptr with a sentence in *error when
/// the keychain cannot be read or written, or holds something that is not an identity (then it is
/// left as it is: the phone runs without an identity rather than replace a key the user may need).
std::shared_ptr<const core::Ed25519Identity> loadOrCreateIdentity(SecretStore& secrets, QString* error);
/// The fingerprint of `identity` as Settings shows it ("" for nullptr).
QString identityFingerprintText(const std::shared_ptr<const core::Ed25519Identity>& identity);

} // namespace iax::phone
