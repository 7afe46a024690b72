#include "audio/call_recorder.h"

#include "audio/sound_file_format.h"
#include "audio/spsc_ring.h"

#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace iax::audio {

namespace {

/// Frames each ring holds: 5 s of 20 ms frames.
constexpr std::size_t kRingFrames = 256;
/// One side this many frames ahead of the other (it was silent: on hold nothing is captured) is
/// written against silence rather than waited for.
constexpr std::size_t kMaxSkewFrames = 5;

} // namespace

core::Result<std::unique_ptr<CallRecorder>> CallRecorder::create(const std::string& path, int rate, int frameSamples)
{
    if (isOggOpusPath(path) && !isOpusRate(rate))
        return core::makeError("unwritable",
            "cannot write sound file '" + path + "': Ogg Opus records at 8, 12, 16, 24 or 48 kHz, not "
                + std::to_string(rate) + " Hz");
    SF_INFO info {};
    info.samplerate = rate;
    info.channels = 2;
    info.format = soundFileFormat(path);
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f)
        return core::makeError(
            "unwritable", "cannot write sound file '" + path + "': " + sf_strerror(nullptr) + soundFileHint(path));
    return std::unique_ptr<CallRecorder>(new CallRecorder(f, path, frameSamples));
}

CallRecorder::CallRecorder(SNDFILE* file, std::string path, int frameSamples)
    : m_file(file)
    , m_path(std::move(path))
    , m_frameSamples(frameSamples)
    , m_sent(std::make_unique<SpscRing>(kRingFrames, std::size_t(frameSamples)))
    , m_heard(std::make_unique<SpscRing>(kRingFrames, std::size_t(frameSamples)))
    , m_writer([this] { run(); })
{ }

CallRecorder::~CallRecorder()
{
    m_stop.store(true, std::memory_order_release);
    if (m_writer.joinable())
        m_writer.join();
    sf_close(m_file);
}

void CallRecorder::push(SpscRing& ring, std::span<const std::int16_t> frame)
{
    // Fixed-size slot: a short frame is padded, a long one cut (both never happen with one codec).
    std::int16_t buf[2048] = {};
    const std::size_t n = std::min({ frame.size(), std::size_t(m_frameSamples), std::size(buf) });
    std::copy_n(frame.begin(), n, buf);
    if (std::size_t(m_frameSamples) > std::size(buf) || !ring.push(buf))
        m_dropped.fetch_add(1, std::memory_order_relaxed);
}

void CallRecorder::pushSent(std::span<const std::int16_t> frame)
{
    push(*m_sent, frame);
}

void CallRecorder::pushHeard(std::span<const std::int16_t> frame)
{
    push(*m_heard, frame);
}

void CallRecorder::run()
{
    while (!m_stop.load(std::memory_order_acquire)) {
        drain(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    drain(true);
}

void CallRecorder::drain(bool all)
{
    const auto n = std::size_t(m_frameSamples);
    std::vector<std::int16_t> sent(n), heard(n), stereo(2 * n);
    for (;;) {
        const std::size_t s = m_sent->size(), h = m_heard->size();
        const bool pair = s > 0 && h > 0;
        const bool alone = (s > 0 || h > 0) && (all || s > h + kMaxSkewFrames || h > s + kMaxSkewFrames);
        if (!pair && !alone)
            return;
        if (!m_sent->pop(sent.data()))
            std::fill(sent.begin(), sent.end(), std::int16_t(0));
        if (!m_heard->pop(heard.data()))
            std::fill(heard.begin(), heard.end(), std::int16_t(0));
        for (std::size_t i = 0; i < n; ++i) {
            stereo[2 * i] = sent[i];
            stereo[2 * i + 1] = heard[i];
        }
        if (m_failed.load(std::memory_order_relaxed))
            continue; // keep the rings drained
        const sf_count_t w = sf_writef_short(m_file, stereo.data(), sf_count_t(n));
        m_written.fetch_add(w, std::memory_order_relaxed);
        if (w != sf_count_t(n))
            m_failed.store(true, std::memory_order_relaxed);
    }
}

} // namespace iax::audio
