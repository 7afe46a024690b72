#pragma once
// SecretStore in the OS keychain through qtkeychain (Secret Service/KWallet on Linux, Keychain on
// macOS, Credential Manager on Windows). Service name "iaxphone"; keys per account (see
// SecretStore::secretKey). No insecure fallback: when the keychain cannot be reached every call
// fails with the keychain's reason. GUI thread; each call waits in a local event loop
// (keychain_wait.h: with a notice set, a long wait is shown to the user, who may end it).
#include "core/phone/keychain_wait.h"
#include "core/phone/secret_store.h"

namespace QKeychain {
class Job;
}

namespace iax::phone {

class KeychainSecretStore : public SecretStore {
public:
    /// `service` names the keychain entries; `timeoutMs` bounds each wait for the keychain.
    explicit KeychainSecretStore(QString service = QStringLiteral("iaxphone"), int timeoutMs = 20000);

    /// Shows `notice` (not owned; nullptr: none) when a call waits longer than `noticeAfterMs`,
    /// and then waits up to `patientTimeoutMs` in all (the user may be typing the keyring's
    /// password). When the user ends a wait through it, the calls after it fail at once too (the
    /// user chose to go on without the keychain) until retry().
    void setWaitNotice(KeychainWaitNotice* notice, int noticeAfterMs = 1000, int patientTimeoutMs = 180000);
    /// Asks the keychain again after the user went on without it.
    void retry() override { m_gaveUp = false; }
    /// True after the user ended a wait, until retry().
    bool gaveUp() const { return m_gaveUp; }

    bool write(const QString& key, const QString& value, QString* error) override;
    std::optional<QString> read(const QString& key, QString* error) override;
    bool remove(const QString& key, QString* error) override;

private:
    /// Starts `job` (owned from here on: it deletes itself when it finishes, even after the wait
    /// ended) and waits for it. True when it finished without error; a read's data into *text.
    bool run(QKeychain::Job* job, QString* error, bool* notFound = nullptr, QString* text = nullptr);

    QString m_service;
    KeychainWaitLimits m_limits;
    KeychainWaitNotice* m_notice = nullptr;
    bool m_gaveUp = false;
};

} // namespace iax::phone
