#include "audio/pulse_devices.h"

#include <pulse/context.h>
#include <pulse/introspect.h>
#include <pulse/mainloop.h>

#include <chrono>
#include <thread>

namespace iax::audio {

namespace {
/// What the callbacks fill in.
struct Query {
    std::vector<PulseDevice> devices;
    int listsPending = 2; // sinks, sources
};

/// libpulse's callback for one sink (Info = pa_sink_info, input false) or source; eol ends a list.
template<class Info, bool input> void onDevice(pa_context*, const Info* info, int eol, void* user)
{
    auto* q = static_cast<Query*>(user);
    if (eol) {
        --q->listsPending;
        return;
    }
    if (info && info->name)
        q->devices.push_back({ kPulseIdPrefix + std::string(info->name), info->name,
            info->description ? info->description : info->name, input });
}
} // namespace

std::vector<PulseDevice> listPulseDevices(int timeoutMs)
{
    pa_mainloop* loop = pa_mainloop_new();
    if (!loop)
        return {};
    pa_context* ctx = pa_context_new(pa_mainloop_get_api(loop), "iaxphone device list");
    Query q;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    bool asked = false, failed = !ctx || pa_context_connect(ctx, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0;
    while (!failed && q.listsPending > 0 && std::chrono::steady_clock::now() < deadline) {
        if (pa_mainloop_iterate(loop, 0, nullptr) < 0)
            break;
        const pa_context_state_t state = pa_context_get_state(ctx);
        if (!PA_CONTEXT_IS_GOOD(state)) {
            failed = true;
        } else if (state == PA_CONTEXT_READY && !asked) {
            asked = true;
            if (pa_operation* op = pa_context_get_sink_info_list(ctx, &onDevice<pa_sink_info, false>, &q))
                pa_operation_unref(op);
            if (pa_operation* op = pa_context_get_source_info_list(ctx, &onDevice<pa_source_info, true>, &q))
                pa_operation_unref(op);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    if (ctx) {
        pa_context_disconnect(ctx);
        pa_context_unref(ctx);
    }
    pa_mainloop_free(loop);
    if (failed || q.listsPending > 0)
        return {};
    return q.devices;
}

std::string pulseDeviceName(const std::string& id)
{
    const std::string prefix = kPulseIdPrefix;
    return id.rfind(prefix, 0) == 0 ? id.substr(prefix.size()) : std::string();
}

std::string pulseStreamTarget(const std::string& id)
{
    return id == kPulseDefaultId ? std::string() : pulseDeviceName(id);
}

} // namespace iax::audio
