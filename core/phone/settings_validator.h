#pragma once
// Checks Settings before they are applied. Pure logic (reads key files only to see that they are
// readable); GUI thread or any thread.
#include "core/phone/settings.h"

#include <QCoreApplication>
#include <QStringList>

namespace iax::phone {

class SettingsValidator {
    Q_DECLARE_TR_FUNCTIONS(iax::phone::SettingsValidator)
public:
    /// Problems of one account as sentences for the user (empty = valid).
    static QStringList validateAccount(const AccountSettings& account);
    /// Problems of all settings, each prefixed with the account name; includes duplicate names.
    static QStringList validate(const Settings& settings);
    /// True for a plausible host name, IPv4 or IPv6 address (no scheme, no port, no spaces).
    static bool isValidHost(const QString& host);
};

} // namespace iax::phone
