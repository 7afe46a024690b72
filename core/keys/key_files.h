#pragma once
// Writing generated key files: the private key created exclusively with mode 0600 from its first
// byte, the public key (NAME.pub, the PEM form Asterisk's inkeys accept) replaced atomically.
// Shared by `iaxphone-cli keygen` and the GUI's "Generate key pair…". Also the owner-only
// directory and file helpers of every file IAXPHONE keeps for the user. Any thread; plain file I/O.
#include "core/protocol/result.h"

#include <QByteArray>
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

/// Creates directory `dir` and its missing parents; every directory created here gets mode 0700
/// (directories that exist are left as they are: the user may have chosen a shared one). False
/// when a directory cannot be created. Used for the key store, the settings and the call history.
bool makePrivateDirs(const QString& dir);

/// Writes `data` to `path` atomically (QSaveFile) with mode 0600 from the first byte written,
/// also when it replaces a file that had a wider mode. Errors: "io" (a sentence naming the path).
Status writePrivateFile(const QString& path, const QByteArray& data);

} // namespace iax::core
