#pragma once
// SettingsStore on QSettings (INI format). Plain values only: secrets are skipped by construction.
// The file is kept at mode 0600 (its directory 0700 when created here).
#include "core/phone/settings_store.h"

#include <QString>

class QSettings;

namespace iax::phone {

class SettingsMap;

class QSettingsStore : public SettingsStore {
public:
    /// Uses the INI file at `iniPath` (tests give a temp path; the app the default user path).
    explicit QSettingsStore(QString iniPath);
    /// At most this many accounts are read from a file (a damaged file may claim millions).
    static constexpr int kMaxAccounts = 200;
    /// The default INI path of the user ($XDG_CONFIG_HOME/iaxphone/iaxphone.ini on Linux).
    static QString defaultPath();

    Settings load(QString* warning = nullptr) const override;
    bool save(const Settings& settings, QString* error) override;

    /// What load() and save() do between the file and Settings: the settings under their INI keys,
    /// read from or written to a QSettings, or to the in-memory SettingsMap with the same layout
    /// (the settings fuzzer's, without file I/O). `where` names the source in a warning; writeTo()
    /// replaces everything `q` held and never writes a secret.
    static Settings readFrom(QSettings& q, const QString& where, QString* warning = nullptr);
    /// (`maxAccounts` below kMaxAccounts: the fuzzer's, so that an input claiming hundreds of
    /// accounts costs a few, not 200 copies of the defaults; the cap's warning is the same.)
    static Settings readFrom(
        SettingsMap& q, const QString& where, QString* warning = nullptr, int maxAccounts = kMaxAccounts);
    static void writeTo(QSettings& q, const Settings& settings);
    static void writeTo(SettingsMap& q, const Settings& settings);

private:
    QString m_path;
};

} // namespace iax::phone
