#pragma once
// The user's Ed25519 identity for the end-to-end mode (docs/E2E.md, "Identity"): generated with
// OpenSSL EVP from its CSPRNG, kept as the base64 of the 32-byte seed — in the OS keychain
// (phone::loadOrCreateIdentity) or, for iaxphone-cli --identity FILE, in a file created with mode
// 0600. The seed is a secret: never logged. Any thread; plain file I/O.
#include "core/protocol/e2e_identity.h"
#include "core/protocol/result.h"

#include <QString>

namespace iax::core {

/// A new identity from OpenSSL's CSPRNG (EVP_PKEY_keygen, Ed25519). Error "ed25519" on failure.
Result<Ed25519Identity> generateIdentity();
/// The stored form: base64 of the seed (44 characters).
QString identityToText(const Ed25519Identity& id);
/// Parses identityToText()'s form (surrounding space ignored). Error "identity-format" otherwise.
Result<Ed25519Identity> identityFromText(const QString& text);
/// Reads the identity in `path`, or generates one and writes it there (mode 0600, never replacing a
/// file). Errors: "identity-format" (a file that is not an identity), "io", "exists", "ed25519".
Result<Ed25519Identity> loadOrCreateIdentityFile(const QString& path);

} // namespace iax::core
