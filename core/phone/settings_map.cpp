#include "core/phone/settings_map.h"

#include <QVarLengthArray>

#include <utility>

namespace iax::phone {

SettingsMap::SettingsMap(QVariantMap values)
    : m_values(std::move(values))
{ }

QVariant SettingsMap::value(const QString& key, const QVariant& defaultValue) const
{
    // The full key in a stack buffer, looked up without a copy: readFrom() asks for ~25 keys per
    // account, most of them absent, and a heap string per lookup was most of its cost.
    QVarLengthArray<QChar, 128> full;
    full.append(m_prefix.constData(), m_prefix.size());
    full.append(key.constData(), key.size());
    return m_values.value(QString::fromRawData(full.constData(), full.size()), defaultValue);
}

void SettingsMap::setValue(const QString& key, const QVariant& value)
{
    m_values.insert(fullKey(key), value);
}

QVariantMap SettingsMap::takeValues()
{
    return std::exchange(m_values, {});
}

void SettingsMap::remove(const QString& key)
{
    const QString full = fullKey(key);
    const QString under = full.isEmpty() ? QString() : full + QLatin1Char('/');
    for (auto it = m_values.begin(); it != m_values.end();) {
        if (it.key() == full || it.key().startsWith(under))
            it = m_values.erase(it);
        else
            ++it;
    }
}

void SettingsMap::clear()
{
    m_values.clear();
}

void SettingsMap::enter(const QString& prefix, bool array)
{
    Level level { m_prefix, QString() };
    m_prefix += prefix + QLatin1Char('/');
    if (array)
        level.arrayBase = m_prefix;
    m_levels.append(level);
}

void SettingsMap::leave()
{
    if (!m_levels.isEmpty())
        m_prefix = m_levels.takeLast().outer;
}

void SettingsMap::beginGroup(const QString& prefix)
{
    enter(prefix, false);
}

void SettingsMap::endGroup()
{
    leave();
}

int SettingsMap::beginReadArray(const QString& prefix)
{
    enter(prefix, true);
    return value(QStringLiteral("size")).toInt();
}

void SettingsMap::beginWriteArray(const QString& prefix, int size)
{
    enter(prefix, true);
    if (size < 0)
        remove(QStringLiteral("size"));
    else
        setValue(QStringLiteral("size"), size);
}

void SettingsMap::setArrayIndex(int i)
{
    if (!m_levels.isEmpty() && !m_levels.last().arrayBase.isEmpty())
        m_prefix = m_levels.last().arrayBase + QString::number(i + 1) + QLatin1Char('/');
}

void SettingsMap::endArray()
{
    leave();
}

QStringList SettingsMap::childGroups() const
{
    QStringList groups;
    auto it = m_values.lowerBound(m_prefix);
    while (it != m_values.end() && it.key().startsWith(m_prefix)) {
        const qsizetype slash = it.key().indexOf(QLatin1Char('/'), m_prefix.size());
        if (slash < 0) {
            ++it;
            continue;
        }
        groups.append(it.key().mid(m_prefix.size(), slash - m_prefix.size()));
        // Past every key of this group: they all start with "PREFIX/GROUP/", and '0' follows '/'.
        it = m_values.lowerBound(it.key().left(slash) + QLatin1Char('/' + 1));
    }
    groups.sort(); // by name, as QSettings: "g" before "g!", which the keys "g!/…" < "g/…" reverse
    return groups;
}

} // namespace iax::phone
