#pragma once
// Persisted call history (a JSON file, newest first, at most `limit` entries) and the numbers for
// the dial field's completion. The file is written with mode 0600 (its directory 0700 when
// created here). GUI thread.
#include "core/phone/call_snapshot.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace iax::phone {

/// One finished call.
struct CallHistoryEntry {
    QString accountId;
    QString number;
    QString peer;
    CallDirection direction = CallDirection::Outgoing;
    QDateTime startedAt; ///< UTC
    int durationSeconds = 0; ///< 0 = not answered
    bool encrypted = false; ///< reached Encrypted at least once
    bool secureDial = false; ///< destination sent by secure dial
    /// Secure dial's access extension ("" = not a secure-dial call): with `accountId` and `number`
    /// it says how to place the call again. Files from before it was written get it on load.
    QString via;
    QString outcome; ///< "answered", "missed", "failed: …"

    /// True when the call was placed by secure dial (whether or not the destination went out).
    bool bySecureDial() const { return secureDial || !via.isEmpty(); }

    friend bool operator==(const CallHistoryEntry&, const CallHistoryEntry&) = default;
};

class CallHistory : public QObject {
    Q_OBJECT
public:
    /// History stored in `filePath` (the app uses defaultPath()). Loads it now.
    explicit CallHistory(QString filePath, int limit = 500, QObject* parent = nullptr);
    /// $XDG_DATA_HOME/iaxphone/history.json on Linux.
    static QString defaultPath();
    /// The entry of a call that is gone: `last` is its final snapshot with the GUI's fields
    /// (dialled, firstSeen, endedAt, everEncrypted, secureDial); `now` ends a call that never
    /// reached a terminal state.
    static CallHistoryEntry entryOf(const CallSnapshot& last, const QDateTime& now);

    /// Entries, newest first.
    const QList<CallHistoryEntry>& entries() const { return m_entries; }
    /// Distinct numbers, most recent first (for completion).
    QStringList numbers() const;
    /// Prepends `entry` and saves. False with *error when the file cannot be written (kept in memory).
    bool add(const CallHistoryEntry& entry, QString* error = nullptr);
    /// Empties the history and saves.
    bool clear(QString* error = nullptr);
    /// The problem found when loading (empty = none; a broken file starts an empty history).
    QString loadError() const { return m_loadError; }
    /// The entries in a history file's bytes, newest first, at most `limit`; nullopt when the
    /// bytes are not a JSON array. What the constructor reads; pure, any thread.
    static std::optional<QList<CallHistoryEntry>> parseJson(const QByteArray& json, int limit);
    /// The history file's bytes for `entries` (what add() and clear() write). Pure, any thread.
    static QByteArray toJson(const QList<CallHistoryEntry>& entries);

Q_SIGNALS:
    /// The entries changed.
    void changed();

private:
    void load();
    bool save(QString* error);

    QString m_path;
    int m_limit;
    QList<CallHistoryEntry> m_entries;
    QString m_loadError;
};

} // namespace iax::phone
