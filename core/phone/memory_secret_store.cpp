#include "core/phone/memory_secret_store.h"

namespace iax::phone {

bool MemorySecretStore::write(const QString& key, const QString& value, QString*)
{
    m_values.insert(key, value);
    return true;
}

std::optional<QString> MemorySecretStore::read(const QString& key, QString*)
{
    const auto it = m_values.constFind(key);
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

bool MemorySecretStore::remove(const QString& key, QString*)
{
    m_values.remove(key);
    return true;
}

} // namespace iax::phone
