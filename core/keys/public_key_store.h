#pragma once
// The directory of trusted peer public keys (NAME.pub, like Asterisk's keys dir) plus a pin
// database (pins.json: name → SHA-256 fingerprint of the DER key, source, first seen, last fetched).
// Not thread-safe: one owner thread (the net thread, or the GUI/CLI thread when nothing else runs).
#include "core/protocol/auth.h"
#include "core/protocol/result.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

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

    /// Validates `pem` (must be an RSA public key, ≥ 1024 bits), writes NAME.pub and pins it.
    /// Errors: "bad-name", "bad-pem", "not-rsa", "weak-key", "key-changed" (a different key is
    /// pinned and `onChange` is Refuse), "io" (directory or file not writable).
    Result<PublicKeyInfo> importPem(
        const QString& name, const QByteArray& pem, const QString& source, OnChange onChange = OnChange::Refuse);
    /// Reads `path` and imports it; `name` defaults to the file's base name. Errors as importPem, plus "unreadable".
    Result<PublicKeyInfo> importFile(
        const QString& path, const QString& name = {}, OnChange onChange = OnChange::Refuse);
    /// Every NAME.pub of the directory, sorted by name, with fingerprints and pins.
    std::vector<PublicKeyInfo> list() const;
    /// Deletes NAME.pub and its pin. Errors: "bad-name", "not-found", "io".
    Status remove(const QString& name);

    /// The pin of `name`, if any.
    std::optional<KeyPin> pin(const QString& name) const;
    /// Loads NAME.pub; refuses a file whose fingerprint differs from its pin ("pin-mismatch").
    /// Errors: "bad-name", "not-found", "bad-pem", "not-rsa", "pin-mismatch".
    Result<std::shared_ptr<const RsaKey>> load(const QString& name) const;
    /// Every loadable key (the engine's inkeys); unusable entries are skipped (see list()).
    std::vector<std::shared_ptr<const RsaKey>> loadAll() const;
    /// Records a successful re-fetch that returned the pinned key. Errors: "not-found", "io".
    Status markFetched(const QString& name);

    /// Path of NAME.pub (no validation).
    QString pathFor(const QString& name) const;

private:
    using PinMap = QMap<QString, KeyPin>;
    QString pinFile() const;
    PinMap readPins() const;
    Status writePins(const PinMap& pins) const;

    QString m_dir;
    WallClock m_clock;
};

} // namespace iax::core
