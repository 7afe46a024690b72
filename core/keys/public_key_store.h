#pragma once
// The directory of trusted peer public keys (NAME.pub, like Asterisk's keys dir) plus a pin
// database (pins.json: name → SHA-256 fingerprint of the DER key, source, first seen, last fetched).
// One object belongs to one thread, but any number of objects on the same directory may work at
// once, in threads of one process and in other processes (the GUI's Trusted keys page, the engine
// thread's key lookup, `iaxphone-cli keys import`, `listen`): every change (import, remove,
// markFetched) is one read-modify-write under a QLockFile in the directory (pins.json.lock),
// re-reading pins.json inside the lock and replacing files atomically (QSaveFile). Readers take
// no lock: they always see a complete pins.json. A lock left by a crashed process is taken over
// as QLockFile does (its process is gone, or it is older than 30 s). The directory is created with
// mode 0700 and every file written with 0600 (who a user trusts is nobody else's business).
#include "core/protocol/auth.h"
#include "core/protocol/result.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLockFile;

namespace iax::core {

/// Wall-clock source, injectable for tests (max-age, first-seen).
using WallClock = std::function<QDateTime()>;

/// What the pin database remembers about one name.
struct KeyPin {
    QString fingerprint; ///< SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex
    QString source; ///< "file:<path>", "paste" or the key-server URL it was fetched from
    QDateTime firstSeen; ///< UTC, when the key was pinned
    QDateTime lastFetched; ///< UTC, last successful key-server fetch (invalid if never fetched)
};

/// One entry of PublicKeyStore::list().
struct PublicKeyInfo {
    QString name;
    QString path; ///< absolute path of NAME.pub
    QString fingerprint; ///< of the file's key ("" when the file does not load)
    int bits = 0;
    std::optional<KeyPin> pin; ///< absent for a NAME.pub dropped into the directory by hand
    QString problem; ///< "" or why the entry is unusable (bad PEM, fingerprint differs from the pin)
};

/// Trusted public keys on disk. Every error is a Result with a code and a sentence.
class PublicKeyStore {
public:
    /// What import does when NAME already has a different pinned key.
    enum class OnChange { Refuse, Replace };

    /// Uses (and creates on first write) `directory`. `clock` defaults to the current UTC time.
    explicit PublicKeyStore(QString directory, WallClock clock = {});

    /// True for names usable as a file name and a URL path segment: [A-Za-z0-9._-]{1,64}, no leading dot.
    /// Names come from the network (caller usernames), so everything else is refused.
    static bool isValidName(const QString& name);

    const QString& directory() const { return m_dir; }

    /// How long a change waits for another writer of the directory before failing with "busy"
    /// (default 10 s).
    void setLockTimeout(std::chrono::milliseconds timeout) { m_lockTimeout = timeout; }
    /// The lock file guarding pins.json (and the NAME.pub files) against concurrent changes.
    QString lockFilePath() const;

    /// Validates `pem` (must be an RSA public key, ≥ 1024 bits), writes NAME.pub and pins it.
    /// Errors: "bad-name", "bad-pem", "not-rsa", "weak-key", "key-changed" (a different key is
    /// pinned and `onChange` is Refuse), "io" (directory or file not writable), "busy" (another
    /// writer held the store's lock for longer than the lock timeout).
    Result<PublicKeyInfo> importPem(
        const QString& name, const QByteArray& pem, const QString& source, OnChange onChange = OnChange::Refuse);
    /// Reads `path` and imports it; `name` defaults to the file's base name. Errors as importPem, plus "unreadable".
    Result<PublicKeyInfo> importFile(
        const QString& path, const QString& name = {}, OnChange onChange = OnChange::Refuse);
    /// Every NAME.pub of the directory, sorted by name, with fingerprints and pins.
    std::vector<PublicKeyInfo> list() const;
    /// Deletes NAME.pub and its pin. Errors: "bad-name", "not-found", "io", "busy".
    Status remove(const QString& name);

    /// The pin of `name`, if any.
    std::optional<KeyPin> pin(const QString& name) const;
    /// Loads NAME.pub; refuses a file whose fingerprint differs from its pin ("pin-mismatch"). A
    /// mismatch is checked again under the lock, so a change in progress (NAME.pub replaced, its
    /// pin not yet) is not taken for tampering.
    /// Errors: "bad-name", "not-found", "bad-pem", "not-rsa", "weak-key" (under 1024 bits, a file
    /// put there by hand), "pin-mismatch".
    Result<std::shared_ptr<const RsaKey>> load(const QString& name) const;
    /// Every loadable key (the engine's inkeys); unusable entries are skipped (see list()).
    std::vector<std::shared_ptr<const RsaKey>> loadAll() const;
    /// Records a successful re-fetch that returned the pinned key. Errors: "not-found", "io", "busy".
    Status markFetched(const QString& name);

    /// Path of NAME.pub (no validation).
    QString pathFor(const QString& name) const;

private:
    using PinMap = QMap<QString, KeyPin>;
    /// Creates the directory and takes its lock, waiting at most `timeout` (the lock timeout when
    /// negative); released when the pointer goes. Errors: "io", "busy".
    Result<std::unique_ptr<QLockFile>> lock(std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) const;
    Result<std::shared_ptr<const RsaKey>> loadUnlocked(const QString& name) const;
    QString pinFile() const;
    PinMap readPins() const;
    Status writePins(const PinMap& pins) const;

    QString m_dir;
    WallClock m_clock;
    std::chrono::milliseconds m_lockTimeout { 10000 };
};

} // namespace iax::core
