#pragma once
// Where the plain (non-secret) settings live. Implementations must never persist
// AccountSettings::secret or ::keyPassphrase; load() returns them empty. GUI thread.
#include "core/phone/settings.h"

namespace iax::phone {

class SettingsStore {
public:
    virtual ~SettingsStore() = default;
    /// Reads the settings; missing values take the defaults of settings.h. Never fails: a broken
    /// file gives defaults (and the reason in *warning when given).
    virtual Settings load(QString* warning = nullptr) const = 0;
    /// Writes the plain values of `settings` (secrets skipped). False with *error on I/O failure.
    virtual bool save(const Settings& settings, QString* error) = 0;
};

} // namespace iax::phone
