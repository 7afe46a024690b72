#pragma once
// Generating an RSA key pair into a key directory: NAME.key (private, mode 0600, created
// exclusively) and NAME.pub (public, the PEM form Asterisk's keys directory accepts), and the
// default trusted-key directory both front ends use. `iaxphone-cli keygen` presents it; the
// phone layer and the settings dialog use defaultKeyDirectory(). Any thread; blocking file I/O
// and OpenSSL key generation (milliseconds to a second).
#include "core/protocol/result.h"
#include "core/protocol/rsa_keygen.h"

#include <QString>

#include <string>

namespace iax::core {

/// The default trusted-key directory: QStandardPaths GenericDataLocation + "/iaxphone/keys".
QString defaultKeyDirectory();

/// The files generateKeyPairFiles() wrote.
struct GeneratedKeyFiles {
    QString privateKeyPath; ///< DIR/NAME.key
    QString publicKeyPath; ///< DIR/NAME.pub
    int bits = 0;
    std::string fingerprint; ///< SHA-256 of the public key, hex with colons
};

/// Generates a key pair of `bits` (see isSupportedRsaKeyBits) and writes DIR/NAME.key and
/// DIR/NAME.pub, creating `directory` (mode 0700) when missing. A non-empty `passphrase` encrypts
/// the private key; it is wiped before returning, as is the private PEM. Existing files are
/// replaced only with `replace`. Errors (reason names the path): "dir" (cannot create the
/// directory), "exists" (a file or symlink is there), "replace" (it cannot be removed), and those
/// of generateRsaKeyPair, writePrivateKeyFile and writePublicKeyFile.
Result<GeneratedKeyFiles> generateKeyPairFiles(
    const QString& directory, const QString& name, int bits, std::string& passphrase, bool replace);

} // namespace iax::core
