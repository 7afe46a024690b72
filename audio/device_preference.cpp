#include "audio/device_preference.h"

namespace iax::audio {

std::size_t preferenceRank(const std::vector<std::string>& preferences, const std::string& openId)
{
    for (std::size_t i = 0; i < preferences.size(); ++i) {
        const std::string& p = preferences[i];
        if (p.empty())
            continue;
        if (p == openId
            || (openId.size() > p.size() && openId.compare(openId.size() - p.size(), p.size(), p) == 0
                && openId[openId.size() - p.size() - 1] == ':'))
            return i;
    }
    return preferences.size();
}

std::string betterPreference(const std::vector<std::string>& preferences, const std::string& openId, bool openGone,
    const std::function<bool(const std::string&)>& available)
{
    const std::size_t rank = openGone ? preferences.size() : preferenceRank(preferences, openId);
    for (std::size_t i = 0; i < rank && i < preferences.size(); ++i) {
        if (!preferences[i].empty() && preferences[i] != "none" && available(preferences[i]))
            return preferences[i];
    }
    return {};
}

} // namespace iax::audio
