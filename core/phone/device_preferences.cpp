#include "core/phone/device_preferences.h"

namespace iax::phone {

QStringList devicePreferences(const QString& chosen, const QStringList& history)
{
    QStringList out;
    for (const QString& id : QStringList { chosen } + history) {
        if (!id.isEmpty() && !out.contains(id))
            out.append(id);
    }
    return out;
}

QStringList ringerPreferences(const QString& chosen, const QStringList& history)
{
    return chosen.isEmpty() ? QStringList { QString() } : devicePreferences(chosen, history);
}

QStringList rememberDevice(const QStringList& history, const QString& previous, const QString& chosen)
{
    if (previous == chosen)
        return history;
    QStringList out = devicePreferences(previous, history);
    out.removeAll(chosen);
    while (out.size() > kDeviceHistoryLength)
        out.removeLast();
    return out;
}

} // namespace iax::phone
