// EnginePhoneController's live statistics: every second the engine's CallStats of each live call
// and its media's playout delay go to the CallTracker, which refreshes the encryption counters and
// estimates the call's quality (call_quality.h).
#include "core/net/engine_thread.h"
#include "core/phone/engine_phone_controller.h"
#include "core/phone/phone_media_access.h"
#include "core/protocol/engine.h"

#include <map>
#include <memory>
#include <tuple>
#include <vector>

namespace iax::phone {

void EnginePhoneController::startStatsPolling()
{
    m_statsTimer = new QTimer(this);
    m_statsTimer->setInterval(1000);
    connect(m_statsTimer, &QTimer::timeout, this, &EnginePhoneController::pollStats);
    m_statsTimer->start();
}

void EnginePhoneController::setStatsInterval(int ms)
{
    m_statsTimer->setInterval(ms);
}

void EnginePhoneController::pollStats()
{
    const QList<int> ids = m_tracker.liveCalls();
    if (ids.isEmpty())
        return;
    // Filled on the engine/media thread by the media lambdas, read there by the stats lambda posted
    // after them (the host runs them in order).
    auto delays = std::make_shared<std::map<int, int>>();
    auto audio = std::make_shared<std::map<int, CallAudioStats>>();
    for (const int id : ids)
        withPhoneMedia(host(), core::CallId(id), [delays, audio, id](PhoneCallMedia& m) {
            (*delays)[id] = m.playoutDelayMs();
            (*audio)[id] = m.audioStats();
        });
    host().post([this, ids, delays, audio](core::Engine& e, core::Millis) {
        std::vector<std::tuple<int, core::CallStats, int, CallAudioStats>> out;
        for (const int id : ids) {
            if (const auto s = e.callStats(core::CallId(id))) {
                const auto d = delays->find(id);
                const auto a = audio->find(id);
                out.emplace_back(
                    id, *s, d == delays->end() ? -1 : d->second, a == audio->end() ? CallAudioStats {} : a->second);
            }
        }
        if (out.empty())
            return;
        QMetaObject::invokeMethod(
            this,
            [this, out = std::move(out)] {
                for (const auto& [id, stats, delay, audio] : out)
                    m_tracker.applyStats(
                        id, stats, delay, audio.latencyMs, audio.latencyMs < 0 ? -1 : qint64(audio.underruns));
            },
            Qt::QueuedConnection);
    });
}

} // namespace iax::phone
