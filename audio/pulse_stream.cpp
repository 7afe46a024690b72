#include "audio/pulse_stream.h"

#include "audio/steady_clock.h"

#include <pulse/context.h>
#include <pulse/error.h>
#include <pulse/rtclock.h>
#include <pulse/stream.h>
#include <pulse/thread-mainloop.h>
#include <pulse/timeval.h>

#include <algorithm>

namespace iax::audio {

namespace {
constexpr std::size_t kBytesPerSample = 2; // mono s16le

/// The server's error text for the context's last error.
std::string errorText(pa_context* c)
{
    return pa_strerror(pa_context_errno(c));
}
} // namespace

void PulseStream::stateChanged(bool ended)
{
    if (ended)
        m_failed.store(true, std::memory_order_release);
    pa_threaded_mainloop_signal(m_loop, 0); // wakes an open waiting for the state
}

void PulseStream::onContextState(pa_context* c, void* self)
{
    const pa_context_state_t st = pa_context_get_state(c);
    static_cast<PulseStream*>(self)->stateChanged(st == PA_CONTEXT_FAILED || st == PA_CONTEXT_TERMINATED);
}

void PulseStream::onStreamState(pa_stream* s, void* self)
{
    const pa_stream_state_t st = pa_stream_get_state(s);
    static_cast<PulseStream*>(self)->stateChanged(st == PA_STREAM_FAILED || st == PA_STREAM_TERMINATED);
}

// Mainloop thread: hands the server what is queued, in blocks of at most one fragment, up to what
// it asks for. When the ring runs dry the rest waits for the server's next request (it sends one
// per fragment played); only when its queue would fall below a fragment does silence fill it up
// to playbackKeepMs (an underrun, reported through padded()).
void PulseStream::onWrite(pa_stream* s, std::size_t bytes, void* self)
{
    auto* p = static_cast<PulseStream*>(self);
    struct Publish { // whichever way the request ends
        PulseStream* p;
        pa_stream* s;
        ~Publish() { p->publishQueued(s); }
    } publish { p, s };
    std::size_t want = bytes / kBytesPerSample;
    // The server asks for what its queue lacks to tlength: the rest is queued there now.
    std::size_t queued = p->m_tlengthSamples > want ? p->m_tlengthSamples - want : 0;
    std::size_t padTo = 0; // set once the queue runs low in this request
    while (want > 0) {
        std::size_t n = std::min(want, p->m_fragmentSamples) * kBytesPerSample;
        void* data = nullptr;
        if (pa_stream_begin_write(s, &data, &n) < 0 || !data || n < kBytesPerSample)
            return;
        const std::size_t k = std::min(n / kBytesPerSample, p->m_fragmentSamples);
        auto* out = static_cast<std::int16_t*>(data);
        std::size_t got = p->m_cb.play(p->m_cb.user, out, k);
        if (got < k) {
            if (padTo == 0 && queued + got < p->m_fragmentSamples)
                padTo = std::max(p->m_keepSamples, p->m_fragmentSamples);
            if (queued + got < padTo) {
                const std::size_t to = std::min(k, padTo - queued);
                std::fill(out + got, out + to, std::int16_t(0));
                got = to;
                p->m_cb.padded(p->m_cb.user);
            }
        }
        if (got == 0) {
            pa_stream_cancel_write(s);
            return;
        }
        if (pa_stream_write(s, data, got * kBytesPerSample, nullptr, 0, PA_SEEK_RELATIVE) < 0)
            return;
        queued += got;
        want -= got;
        if (got < k)
            return; // dry: the rest at the server's next request
    }
}

void PulseStream::publishQueued(pa_stream* s)
{
    pa_usec_t us = 0;
    int negative = 0;
    const pa_timing_info* t = pa_stream_get_timing_info(s);
    if (!t || pa_stream_get_latency(s, &us, &negative) != 0)
        return;
    // The stream's latency is its queue plus the sink's own; only the queue waits for us.
    const std::int64_t queued = negative ? 0 : std::int64_t(us) - std::int64_t(t->sink_usec);
    m_queuedUs.store(std::max<std::int64_t>(queued, 0), std::memory_order_relaxed);
    m_queuedAtUs.store(steadyUs(), std::memory_order_release);
}

std::int64_t PulseStream::playbackQueuedUs() const
{
    const std::int64_t at = m_queuedAtUs.load(std::memory_order_acquire);
    const std::int64_t queued = m_queuedUs.load(std::memory_order_relaxed);
    if (!m_play || queued < 0)
        return -1;
    return std::max<std::int64_t>(0, queued - (steadyUs() - at));
}

// Mainloop thread: the server's queue ran empty (our thread came too late, or the queue estimate
// was behind). The server asks for nothing more until it has a fragment again (prebuf), so what is
// queued, or silence (counted by onWrite()), goes in now.
void PulseStream::onUnderflow(pa_stream* s, void* self)
{
    onWrite(s, pa_stream_writable_size(s), self);
}

// Mainloop thread: hands every captured fragment over; a hole (no data from the server) as silence.
void PulseStream::onRead(pa_stream* s, std::size_t, void* self)
{
    auto* p = static_cast<PulseStream*>(self);
    while (pa_stream_readable_size(s) > 0) {
        const void* data = nullptr;
        std::size_t n = 0;
        if (pa_stream_peek(s, &data, &n) < 0 || n == 0)
            return;
        if (data) {
            p->m_cb.capture(p->m_cb.user, static_cast<const std::int16_t*>(data), n / kBytesPerSample);
        } else {
            static constexpr std::int16_t kZeros[480] = {};
            for (std::size_t left = n / kBytesPerSample; left > 0;) {
                const std::size_t k = std::min<std::size_t>(left, std::size(kZeros));
                p->m_cb.capture(p->m_cb.user, kZeros, k);
                left -= k;
            }
        }
        pa_stream_drop(s);
    }
}

template<class Ready> bool PulseStream::waitFor(Ready ready, int timeoutMs)
{
    // A timer ends the wait at the deadline when the server says nothing.
    m_timedOut = false;
    pa_time_event* timer = pa_context_rttime_new(
        m_ctx, pa_rtclock_now() + pa_usec_t(timeoutMs) * PA_USEC_PER_MSEC,
        [](pa_mainloop_api*, pa_time_event*, const struct timeval*, void* self) {
            auto* p = static_cast<PulseStream*>(self);
            p->m_timedOut = true;
            pa_threaded_mainloop_signal(p->m_loop, 0);
        },
        this);
    bool ok = false;
    while (!failed() && !m_timedOut) {
        if (ready()) {
            ok = true;
            break;
        }
        pa_threaded_mainloop_wait(m_loop);
    }
    if (timer)
        pa_threaded_mainloop_get_api(m_loop)->time_free(timer);
    return ok && !failed();
}

core::Result<std::unique_ptr<PulseStream>> PulseStream::open(const Config& config, Callbacks callbacks)
{
    std::unique_ptr<PulseStream> p(new PulseStream());
    p->m_cb = callbacks;
    p->m_rate = config.rate;
    p->m_fragmentSamples = std::size_t(config.rate) * std::size_t(config.fragmentMs) / 1000;
    p->m_keepSamples = std::size_t(config.rate) * std::size_t(config.playbackKeepMs) / 1000;
    p->m_loop = pa_threaded_mainloop_new();
    if (!p->m_loop)
        return core::makeError("open-failed", "cannot start libpulse's mainloop");
    p->m_ctx = pa_context_new(pa_threaded_mainloop_get_api(p->m_loop), "IAXPhone");
    if (!p->m_ctx)
        return core::makeError("open-failed", "cannot create a libpulse context");
    pa_context_set_state_callback(p->m_ctx, &PulseStream::onContextState, p.get());
    if (pa_context_connect(p->m_ctx, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0)
        return core::makeError("no-server", "no sound server: " + errorText(p->m_ctx));
    pa_threaded_mainloop_lock(p->m_loop);
    if (pa_threaded_mainloop_start(p->m_loop) < 0) {
        pa_threaded_mainloop_unlock(p->m_loop);
        return core::makeError("open-failed", "cannot start libpulse's mainloop thread");
    }
    p->m_running = true;
    struct Unlock {
        pa_threaded_mainloop* loop;
        ~Unlock() { pa_threaded_mainloop_unlock(loop); }
    } unlock { p->m_loop };
    if (!p->waitFor([&] { return pa_context_get_state(p->m_ctx) == PA_CONTEXT_READY; }, config.timeoutMs))
        return core::makeError("no-server", "no sound server answers: " + errorText(p->m_ctx));

    const pa_sample_spec spec { PA_SAMPLE_S16LE, std::uint32_t(config.rate), 1 };
    const auto bytes = [&](int ms) { return std::uint32_t(pa_usec_to_bytes(pa_usec_t(ms) * PA_USEC_PER_MSEC, &spec)); };
    const auto flags = pa_stream_flags_t(PA_STREAM_ADJUST_LATENCY | PA_STREAM_INTERPOLATE_TIMING
        | PA_STREAM_AUTO_TIMING_UPDATE | PA_STREAM_START_UNMUTED);
    auto device = [](const std::string& name) { return name.empty() ? nullptr : name.c_str(); };
    // -1: the server's choice. Playback: tlength queued, refilled a fragment (minreq) at a time;
    // record: handed over a fragment (fragsize) at a time.
    pa_buffer_attr attr { std::uint32_t(-1), std::uint32_t(-1), std::uint32_t(-1), std::uint32_t(-1),
        std::uint32_t(-1) };
    if (config.output) {
        pa_buffer_attr a = attr;
        a.tlength = bytes(config.playbackBufferMs);
        a.minreq = bytes(config.fragmentMs);
        // Playback starts (and restarts after an underflow) with one fragment queued: what the
        // first request's silence or frames give it (the default, tlength, would wait for more).
        a.prebuf = bytes(config.fragmentMs);
        p->m_play = pa_stream_new(p->m_ctx, "IAXPhone call playback", &spec, nullptr);
        if (p->m_play) {
            pa_stream_set_state_callback(p->m_play, &PulseStream::onStreamState, p.get());
            pa_stream_set_write_callback(p->m_play, &PulseStream::onWrite, p.get());
            pa_stream_set_underflow_callback(p->m_play, &PulseStream::onUnderflow, p.get());
        }
        if (!p->m_play
            || pa_stream_connect_playback(p->m_play, device(config.outputDevice), &a, flags, nullptr, nullptr) < 0)
            return core::makeError("open-failed", "cannot play: " + errorText(p->m_ctx));
    }
    if (config.input) {
        pa_buffer_attr a = attr;
        a.fragsize = bytes(config.fragmentMs);
        p->m_rec = pa_stream_new(p->m_ctx, "IAXPhone call capture", &spec, nullptr);
        if (p->m_rec) {
            pa_stream_set_state_callback(p->m_rec, &PulseStream::onStreamState, p.get());
            pa_stream_set_read_callback(p->m_rec, &PulseStream::onRead, p.get());
        }
        if (!p->m_rec || pa_stream_connect_record(p->m_rec, device(config.inputDevice), &a, flags) < 0)
            return core::makeError("open-failed", "cannot record: " + errorText(p->m_ctx));
    }
    const auto ready = [](pa_stream* s) { return !s || pa_stream_get_state(s) == PA_STREAM_READY; };
    if (!p->waitFor([&] { return ready(p->m_play) && ready(p->m_rec); }, config.timeoutMs)) {
        const int err = pa_context_errno(p->m_ctx);
        if (err == PA_ERR_NOENTITY)
            return core::makeError("no-device",
                "the sound server has no "
                    + (config.output && !ready(p->m_play) ? "sink '" + config.outputDevice + "'"
                                                          : "source '" + config.inputDevice + "'"));
        return core::makeError("open-failed", "the sound server refused the stream: " + std::string(pa_strerror(err)));
    }
    if (const pa_buffer_attr* a = p->m_play ? pa_stream_get_buffer_attr(p->m_play) : nullptr) {
        p->m_grantedOutS = double(pa_bytes_to_usec(a->tlength, &spec)) / 1e6;
        p->m_tlengthSamples = a->tlength / kBytesPerSample; // read by onWrite under the mainloop's lock
    }
    if (const pa_buffer_attr* a = p->m_rec ? pa_stream_get_buffer_attr(p->m_rec) : nullptr)
        p->m_grantedInS = double(pa_bytes_to_usec(a->fragsize, &spec)) / 1e6;
    return p;
}

PulseStream::~PulseStream()
{
    stop();
}

void PulseStream::stop()
{
    if (!m_loop)
        return;
    if (m_running)
        pa_threaded_mainloop_lock(m_loop);
    for (pa_stream** s : { &m_play, &m_rec }) {
        if (!*s)
            continue;
        pa_stream_set_state_callback(*s, nullptr, nullptr);
        pa_stream_set_write_callback(*s, nullptr, nullptr);
        pa_stream_set_underflow_callback(*s, nullptr, nullptr);
        pa_stream_set_read_callback(*s, nullptr, nullptr);
        pa_stream_disconnect(*s);
        pa_stream_unref(*s);
        *s = nullptr;
    }
    if (m_ctx) {
        pa_context_set_state_callback(m_ctx, nullptr, nullptr);
        pa_context_disconnect(m_ctx);
        pa_context_unref(m_ctx);
        m_ctx = nullptr;
    }
    if (m_running) {
        pa_threaded_mainloop_unlock(m_loop);
        pa_threaded_mainloop_stop(m_loop);
        m_running = false;
    }
    pa_threaded_mainloop_free(m_loop);
    m_loop = nullptr;
}

void PulseStream::latencies(double* inputS, double* outputS)
{
    if (m_rec)
        *inputS = m_grantedInS;
    if (m_play)
        *outputS = m_grantedOutS;
    if (!m_loop || !m_running)
        return;
    pa_threaded_mainloop_lock(m_loop);
    pa_usec_t us = 0;
    int negative = 0;
    if (m_play && pa_stream_get_latency(m_play, &us, &negative) == 0)
        *outputS = negative ? 0.0 : double(us) / 1e6;
    if (m_rec && pa_stream_get_latency(m_rec, &us, &negative) == 0)
        *inputS = negative ? 0.0 : double(us) / 1e6;
    pa_threaded_mainloop_unlock(m_loop);
}

PulseStream::Timing PulseStream::timing()
{
    Timing t;
    if (!m_loop || !m_running)
        return t;
    const pa_sample_spec spec { PA_SAMPLE_S16LE, std::uint32_t(m_rate), 1 };
    const auto ms = [&](std::uint64_t bytes) { return double(pa_bytes_to_usec(bytes, &spec)) / 1000.0; };
    pa_threaded_mainloop_lock(m_loop);
    pa_usec_t us = 0;
    int negative = 0;
    if (m_play) {
        if (pa_stream_get_latency(m_play, &us, &negative) == 0)
            t.playbackLatencyMs = negative ? 0.0 : double(us) / 1000.0;
        if (const pa_timing_info* i = pa_stream_get_timing_info(m_play))
            t.sinkMs = double(i->sink_usec) / 1000.0;
        if (const pa_buffer_attr* a = pa_stream_get_buffer_attr(m_play)) {
            t.tlengthMs = ms(a->tlength);
            t.minreqMs = ms(a->minreq);
            t.prebufMs = ms(a->prebuf);
        }
    }
    if (m_rec) {
        if (pa_stream_get_latency(m_rec, &us, &negative) == 0)
            t.recordLatencyMs = negative ? 0.0 : double(us) / 1000.0;
        if (const pa_timing_info* i = pa_stream_get_timing_info(m_rec))
            t.sourceMs = double(i->source_usec) / 1000.0;
        if (const pa_buffer_attr* a = pa_stream_get_buffer_attr(m_rec))
            t.fragsizeMs = ms(a->fragsize);
    }
    pa_threaded_mainloop_unlock(m_loop);
    return t;
}

} // namespace iax::audio
