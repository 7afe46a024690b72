#pragma once
// EnginePhoneController's way to its calls' media (internal to core/phone).
#include "core/net/engine_host.h"
#include "core/phone/call_audio.h"

namespace iax::phone {

/// Runs `f` on the engine/media thread on the media of call `id` when it has media made by a
/// CallAudio; nothing when it has none. Queued: returns at once (any thread).
template<typename F> void withPhoneMedia(net::EngineHost& host, core::CallId id, F f)
{
    host.withMedia(id, [f = std::move(f)](net::CallMediaPort& p) {
        if (auto* m = dynamic_cast<PhoneCallMedia*>(&p))
            f(*m);
    });
}

} // namespace iax::phone
