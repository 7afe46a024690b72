#pragma once
// SettingsStore on QSettings (INI format). Plain values only: secrets are skipped by construction.
// The file is kept at mode 0600 (its directory 0700 when created here).
#include "core/phone/settings_store.h"

#include <QString>

namespace iax::phone {

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

private:
    QString m_path;
};

} // namespace iax::phone
