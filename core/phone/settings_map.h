#pragma once
// An in-memory stand-in for the part of QSettings that QSettingsStore::readFrom()/writeTo() use:
// values under '/'-separated keys ("accounts/1/host", the INI file's layout), groups, arrays
// (QSettings' "NAME/size" and "NAME/<i+1>/KEY") and child groups, without a file. The settings
// fuzzer feeds it from a parsed INI text, so that an input exercises the reading, validating and
// writing of the settings without QSettings' file I/O per input (tests/fuzz/fuzz_settings.cpp).
// Keys are case-sensitive, as QSettings' INI keys are on Linux. Plain value, any thread.
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace iax::phone {

class SettingsMap {
public:
    SettingsMap() = default;
    /// The values under their full keys, as QSettings::allKeys() names them.
    explicit SettingsMap(QVariantMap values);

    /// Every value under its full key.
    const QVariantMap& values() const { return m_values; }
    /// Moves every value out, leaving the map empty (to change them in place without a copy).
    QVariantMap takeValues();

    // The QSettings calls of the same names, relative to the current group or array element.
    QVariant value(const QString& key, const QVariant& defaultValue = {}) const;
    void setValue(const QString& key, const QVariant& value);
    /// Removes `key` and every key under it.
    void remove(const QString& key);
    /// Removes every key, in whatever group (as QSettings::clear() does).
    void clear();
    void beginGroup(const QString& prefix);
    void endGroup();
    /// Enters the array `prefix` and returns its "size" value.
    int beginReadArray(const QString& prefix);
    /// Enters the array `prefix` and sets its "size" value to `size`.
    void beginWriteArray(const QString& prefix, int size);
    void setArrayIndex(int i);
    void endArray();
    /// The groups directly under the current group, sorted.
    QStringList childGroups() const;

private:
    struct Level {
        QString outer; ///< the prefix before this group or array was entered
        QString arrayBase; ///< "NAME/" of an array ("" for a group)
    };
    QString fullKey(const QString& key) const { return m_prefix + key; }
    void enter(const QString& prefix, bool array);
    void leave();

    QVariantMap m_values;
    QList<Level> m_levels;
    QString m_prefix; ///< "" or "group/…/"
};

} // namespace iax::phone
