#include "core/phone/settings_persistence.h"

#include <QObject>

namespace iax::phone {

Settings loadSettings(const SettingsStore& store, SecretStore& secrets, QString* warning)
{
    Settings s = store.load(warning);
    for (auto& a : s.accounts) {
        QString err;
        a.secret = secrets.read(SecretStore::secretKey(a.id), &err).value_or(QString());
        if (err.isEmpty())
            a.keyPassphrase = secrets.read(SecretStore::passphraseKey(a.id), &err).value_or(QString());
        if (!err.isEmpty() && warning)
            *warning = QObject::tr("The secrets of \"%1\" could not be read from the keychain: %2").arg(a.name, err);
    }
    return s;
}

namespace {

bool putSecret(SecretStore& secrets, const QString& key, const QString& value, QString* error)
{
    return value.isEmpty() ? secrets.remove(key, error) : secrets.write(key, value, error);
}

} // namespace

bool saveSettings(
    const Settings& settings, const Settings& previous, SettingsStore& store, SecretStore& secrets, QString* error)
{
    for (const auto& a : settings.accounts) {
        const AccountSettings* old = previous.account(a.id);
        QString err;
        if ((!old || old->secret != a.secret) && !putSecret(secrets, SecretStore::secretKey(a.id), a.secret, &err)) {
            if (error)
                *error = QObject::tr("The secret of \"%1\" could not be stored in the keychain: %2").arg(a.name, err);
            return false;
        }
        if ((!old || old->keyPassphrase != a.keyPassphrase)
            && !putSecret(secrets, SecretStore::passphraseKey(a.id), a.keyPassphrase, &err)) {
            if (error)
                *error = QObject::tr("The key passphrase of \"%1\" could not be stored in the keychain: %2")
                             .arg(a.name, err);
            return false;
        }
    }
    for (const auto& old : previous.accounts) {
        if (settings.account(old.id))
            continue;
        QString err;
        secrets.remove(SecretStore::secretKey(old.id), &err);
        secrets.remove(SecretStore::passphraseKey(old.id), &err);
    }
    return store.save(settings, error);
}

} // namespace iax::phone
