#pragma once
// The media side of one answered call, as EngineHost sees it: a source of encoded voice payloads
// and a sink for the peer's voice. EngineHost creates one per answered call through a
// MediaFactory and drives it on the engine/media thread every frameMs() (audio::CallMedia for calls
// with files, echo or a sound card; the CLI's load generator). Implementations never block.
#include "core/protocol/events.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace iax::net {

/// What a MediaFactory knows about the call it makes media for.
struct MediaCallInfo {
    core::CallId call = 0;
    std::uint64_t format = 0; ///< the negotiated codec (one IAX2 format bit)
    bool outgoing = false; ///< we placed the call
};

class CallMediaPort {
public:
    virtual ~CallMediaPort() = default;
    /// Engine/media thread, from the host's timer (every frameMs()) on the ticks where at least one
    /// frame is due: append the voice payloads to send now (in the call's format, each sent as
    /// frameMs() of voice) to `out`. `framesDue` (>= 1) is the host's own count: frames due by its clock since
    /// the media started, less those it has pulled (1 normally, more after a late tick, capped by
    /// engine_host.cpp's kMaxFramesPerTick).
    /// It is advice, not a quota: a port that paces itself (audio::CallMedia, whose MediaSession
    /// keeps its own clock) appends what it has, which may be more, fewer or none.
    virtual void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) = 0;
    /// Duration of each payload pull() appends: 20 ms, or 10 for 10 ms Opus frames. Constant for
    /// the port's life; any thread.
    virtual int frameMs() const { return 20; }
    /// How often the host ticks this call, ms (10..frameMs()): a sound card with 10 ms frames is
    /// topped up every 10 ms even when 20 ms frames are sent. Constant for the port's life.
    virtual int tickMs() const { return frameMs(); }
    /// Engine/media thread, after each pull(): ms from now when the next pull() is best made (a
    /// sound card's next captured frame: sent as soon as it is there), or -1 for the host's own
    /// period (tickMs()). A port that answers >= 0 is pulled on every tick, due or not.
    virtual int msUntilTick() const { return -1; }
    /// Engine/media thread: one voice frame from the peer (still encoded).
    virtual void push(const core::VoiceReceived& voice) = 0;
    /// True once the source has nothing more to send and the call may end (a --play file ended).
    /// EngineHost reports it once through EngineHost::mediaFinished.
    virtual bool sourceFinished() const { return false; }
    /// The call ended (engine/media thread): flush recordings. Called once, before destruction;
    /// failures are returned as a sentence ("" = fine) and reported through EngineHost::mediaError.
    virtual std::string close() { return {}; }
};

/// Makes the media of an answered call (engine/media thread). May return nullptr (no media).
using MediaFactory = std::function<std::unique_ptr<CallMediaPort>(const MediaCallInfo&)>;

} // namespace iax::net
