#pragma once
// `iaxphone-cli keygen NAME [--bits N] [--out DIR] [--passphrase-file F] [--force]`
// `iaxphone-cli keys list|import FILE|remove NAME|fetch NAME [--key-dir DIR] ...`
// The CLI side (options, messages) of key generation and the trusted public-key directory; the
// work is core/keys' (key_generation.h, public_key_store.h, key_server_client.h).
#include <QStringList>

#include <string>

class QTextStream;

namespace iax::cli {

/// Runs `keygen` (args[0] is the program name, args[1] "keygen"): writes NAME.key (mode 0600,
/// created exclusively) and NAME.pub, prints the fingerprint. --bits other than 1024 is refused
/// (a larger key's signature does not fit one IAX2 IE).
/// Returns the exit code (exit_codes.h); errors go to stderr.
int runKeygen(const QStringList& args);
/// As above with explicit output streams (tests).
int runKeygen(const QStringList& args, QTextStream& out, QTextStream& err);

/// Runs `keys` (args[1] "keys"): list / import FILE|- / remove NAME / fetch NAME on a key directory
/// (--key-dir, default <data dir>/iaxphone/keys). Returns the exit code.
int runKeys(const QStringList& args);
/// As above with explicit output streams (tests).
int runKeys(const QStringList& args, QTextStream& out, QTextStream& err);

/// Reads a passphrase from the first line of `file` (line ending stripped; the buffer is wiped).
/// False with a sentence in *error when the file is unreadable or its first line empty.
bool readPassphraseFile(const QString& file, std::string* out, QString* error);

} // namespace iax::cli
