#pragma once
// SecretStore in the OS keychain through qtkeychain (Secret Service/KWallet on Linux, Keychain on
// macOS, Credential Manager on Windows). Service name "iaxphone"; keys per account (see
// SecretStore::secretKey). No insecure fallback: when the keychain cannot be reached every call
// fails with the keychain's reason. GUI thread; each call waits in a local event loop.
#include "core/phone/secret_store.h"

namespace iax::phone {

class KeychainSecretStore : public SecretStore {
public:
    /// `service` names the keychain entries; `timeoutMs` bounds each wait for the keychain.
    explicit KeychainSecretStore(QString service = QStringLiteral("iaxphone"), int timeoutMs = 20000);

    bool write(const QString& key, const QString& value, QString* error) override;
    std::optional<QString> read(const QString& key, QString* error) override;
    bool remove(const QString& key, QString* error) override;

private:
    QString m_service;
    int m_timeoutMs;
};

} // namespace iax::phone
