#pragma once
// Where secrets live (account secrets, private-key passphrases): the OS keychain in the app
// (KeychainSecretStore), memory in unit tests (MemorySecretStore). GUI thread; calls may spin a
// local event loop while the keychain answers.
#include <QString>

#include <optional>

namespace iax::phone {

class SecretStore {
public:
    virtual ~SecretStore() = default;
    /// Stores `value` under `key` (replacing). False with a sentence in *error on failure.
    virtual bool write(const QString& key, const QString& value, QString* error) = 0;
    /// The value under `key`; nullopt when absent (*error stays empty) or on failure (*error set).
    virtual std::optional<QString> read(const QString& key, QString* error) = 0;
    /// Removes `key`; removing an absent key succeeds. False with *error on failure.
    virtual bool remove(const QString& key, QString* error) = 0;
    /// The user asks again (OK in the settings dialog) after choosing to go on without the store
    /// (KeychainSecretStore's "Go on without the keychain"): the next calls try it again.
    virtual void retry() { }

    /// Key of an account's shared secret: "account/<id>/secret".
    static QString secretKey(const QString& accountId) { return QStringLiteral("account/%1/secret").arg(accountId); }
    /// Key of an account's private-key passphrase: "account/<id>/key-passphrase".
    static QString passphraseKey(const QString& accountId)
    {
        return QStringLiteral("account/%1/key-passphrase").arg(accountId);
    }
};

} // namespace iax::phone
