#pragma once
// SecretStore in memory, for unit tests (and as an explicit "remember for this session" store).
#include "core/phone/secret_store.h"

#include <QHash>

namespace iax::phone {

class MemorySecretStore : public SecretStore {
public:
    bool write(const QString& key, const QString& value, QString* error) override;
    std::optional<QString> read(const QString& key, QString* error) override;
    bool remove(const QString& key, QString* error) override;
    /// Everything stored (tests inspect it).
    const QHash<QString, QString>& values() const { return m_values; }

private:
    QHash<QString, QString> m_values;
};

} // namespace iax::phone
