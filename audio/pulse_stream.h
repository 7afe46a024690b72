#pragma once
// A call's sound through the PulseAudio server (or PipeWire's pulse server) spoken to directly with
// libpulse (issue 19): a playback and/or a record pa_stream on one pa_threaded_mainloop, with
// small fragments (5 ms as PortAudioDevice opens it). Through PortAudio and ALSA's pulse plugin the
// same sound moved in ~2 ms blocks through four threads (~1500 wakeups/s); here one thread wakes
// ~210 times a second for both directions (the server hands both at once).
// The stream callbacks only hand the server's buffers to the owner's functions (PortAudioDevice's
// ring code: no locks, no allocation there). Playback takes only what the owner has queued: the
// server's own queue is the cushion against a late media tick, and silence goes in only when that
// queue runs low (issue 19: padding a dry ring at once with a whole frame of silence kept a frame
// more queued than the loop needed). Open, query and stop on one owner thread (the media
// thread or a background open's helper); the callbacks run on libpulse's mainloop thread.
#include "core/protocol/result.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

struct pa_threaded_mainloop;
struct pa_context;
struct pa_stream;

namespace iax::audio {

class PulseStream {
public:
    /// What the streams hand over, on the mainloop thread (none may block). capture: `frames`
    /// captured samples (mono, 16-bit). play: copies up to `frames` samples queued for playback
    /// into `out` and returns how many (fewer, or 0, when nothing more is queued; never silence).
    /// padded: silence was played because play() had too little (an underrun).
    struct Callbacks {
        void* user = nullptr;
        void (*capture)(void* user, const std::int16_t* in, std::size_t frames) = nullptr;
        std::size_t (*play)(void* user, std::int16_t* out, std::size_t frames) = nullptr;
        void (*padded)(void* user) = nullptr;
    };

    /// What to open. A device name is the server's sink/source name; "" = the server's default
    /// (the stream then follows the default device when it changes).
    struct Config {
        bool input = false, output = false;
        std::string inputDevice, outputDevice;
        int rate = 48000;
        int fragmentMs = 5; ///< minreq (playback) and fragsize (record)
        int playbackBufferMs = 20; ///< tlength: what the server keeps queued for playback at most
        /// When the owner has nothing to play and the server's queue would drop below one
        /// fragment, silence fills it up to this much (also at the start): the queue the media
        /// tick's frames then find ahead of them, and what a late tick may use up. 15 ms = the
        /// queue the server grants for a 20 ms tlength with 5 ms fragments (the sink takes the
        /// other 5); 10 ms underran at load 10 on the null sink (BENCHMARKS.md).
        int playbackKeepMs = 15;
        int timeoutMs = 2000; ///< for connecting and for each stream to become ready
    };

    /// Connects to the server and starts the streams; blocks until they run. Errors: "no-server"
    /// (no server answers: the caller may use another way), "no-device" (the server has no such
    /// sink or source), "open-failed" (the server's reason). Any one thread; never throws.
    static core::Result<std::unique_ptr<PulseStream>> open(const Config& config, Callbacks callbacks);
    /// Stops and frees everything (stop()).
    ~PulseStream();
    PulseStream(const PulseStream&) = delete;
    PulseStream& operator=(const PulseStream&) = delete;

    /// Disconnects the streams and ends the mainloop thread; no callback runs afterwards.
    /// Idempotent. Owner thread.
    void stop();
    /// True once a stream or the connection failed (device gone and not moved, server gone).
    /// Any thread.
    bool failed() const { return m_failed.load(std::memory_order_acquire); }
    /// The server's current latency of the record and the playback stream (interpolated timing),
    /// seconds; what was granted at open when the server has no timing yet. A direction this
    /// stream does not have is left unchanged. Owner thread; takes the mainloop's lock briefly.
    void latencies(double* inputS, double* outputS);

    /// What the server says about the streams now, ms (-1: that direction is not open or the
    /// server has not said yet), for measuring where a loop's latency goes (issue 19).
    struct Timing {
        double playbackLatencyMs = -1; ///< pa_stream_get_latency: queued in the stream + the sink's latency
        double sinkMs = -1; ///< the sink's own latency (timing info)
        double recordLatencyMs = -1; ///< pa_stream_get_latency of the record stream: the source's + unread
        double sourceMs = -1; ///< the source's own latency (timing info; a monitor: its sink's)
        double tlengthMs = -1, minreqMs = -1, prebufMs = -1; ///< the playback buffer as granted
        double fragsizeMs = -1; ///< the record fragment as granted
    };
    /// The server's view now (interpolated timing). Owner thread; takes the mainloop's lock briefly.
    Timing timing();
    /// What the server still has queued of what we wrote (its stream buffer, not the sink's own
    /// latency), µs, now: as the mainloop thread measured it after its latest write, less the
    /// time since; -1 when there is no playback stream or no write yet. Lock-free (two atomics
    /// written by the mainloop thread), for the media thread (issue 19).
    std::int64_t playbackQueuedUs() const;

private:
    PulseStream() = default;
    /// Mainloop thread: a state change of the connection or a stream; `ended` marks a failure.
    void stateChanged(bool ended);
    static void onContextState(pa_context* c, void* self);
    static void onStreamState(pa_stream* s, void* self);
    static void onWrite(pa_stream* s, std::size_t bytes, void* self);
    static void onRead(pa_stream* s, std::size_t bytes, void* self);
    static void onUnderflow(pa_stream* s, void* self);
    /// Mainloop thread, after a request was answered: stores the queue for playbackQueuedUs().
    void publishQueued(pa_stream* s);
    /// Waits (mainloop locked) until `ready` or a failure or the deadline; false on failure.
    template<class Ready> bool waitFor(Ready ready, int timeoutMs);

    pa_threaded_mainloop* m_loop = nullptr;
    pa_context* m_ctx = nullptr;
    pa_stream* m_play = nullptr;
    pa_stream* m_rec = nullptr;
    Callbacks m_cb;
    std::size_t m_fragmentSamples = 0; ///< the largest block onWrite() asks play() for
    std::size_t m_tlengthSamples = 0; ///< the playback queue the server asks us to keep (granted tlength)
    std::size_t m_keepSamples = 0; ///< playbackKeepMs
    int m_rate = 48000;
    double m_grantedInS = 0, m_grantedOutS = 0;
    std::atomic<bool> m_failed { false };
    /// After each request: the server's queue then (µs) and when (steady clock, µs). The time is
    /// stored last and read first; a read between the two stores is off by a fragment at most.
    std::atomic<std::int64_t> m_queuedUs { -1 }, m_queuedAtUs { 0 };
    bool m_running = false;
    bool m_timedOut = false; ///< waitFor()'s deadline passed (mainloop lock held)
};

} // namespace iax::audio
