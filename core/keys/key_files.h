#pragma once
// Writing generated key files: the private key created exclusively with mode 0600 from its first
// byte, the public key (NAME.pub, the PEM form Asterisk's inkeys accept) replaced atomically.
// Shared by `iaxphone-cli keygen` and the GUI's "Generate key pair…". Any thread; plain file I/O.
#include "core/protocol/result.h"

#include <QString>

#include <string>

namespace iax::core {

/// Creates `path` exclusively with mode 0600 (no umask window), writes `pem` and re-applies 0600.
/// Never follows or replaces an existing file or symlink. On failure nothing is left behind.
/// Errors: "exists" (path or a symlink there exists), "io" (cannot create or write).
Status writePrivateKeyFile(const QString& path, const std::string& pem);

/// Writes `pem` to `path` atomically (a temporary file renamed over it), replacing an existing
/// file. Errors: "io".
Status writePublicKeyFile(const QString& path, const std::string& pem);

} // namespace iax::core
