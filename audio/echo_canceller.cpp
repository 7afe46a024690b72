#include "audio/echo_canceller.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>

namespace iax::audio {

EchoCanceller::EchoCanceller(int rate, int tailMs, int latencyFrames)
    : m_rate(rate)
    , m_frame(rate / 50)
    , m_latencyFrames(latencyFrames)
    , m_tailFrames((tailMs + 19) / 20)
    , m_out(static_cast<std::size_t>(rate / 50))
{
    m_echo = speex_echo_state_init(m_frame, rate * tailMs / 1000);
    int r = rate;
    speex_echo_ctl(m_echo, SPEEX_ECHO_SET_SAMPLING_RATE, &r);
    m_pre = speex_preprocess_state_init(m_frame, rate);
    int on = 1, off = 0, level = -20;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &level);
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_AGC, &off);
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_DEREVERB, &off);
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_ECHO_STATE, m_echo);
    reset();
}

EchoCanceller::~EchoCanceller()
{
    speex_preprocess_state_destroy(m_pre);
    speex_echo_state_destroy(m_echo);
}

void EchoCanceller::setNoiseSuppression(bool on)
{
    m_ns = on;
    int v = on ? 1 : 0;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_DENOISE, &v);
}

void EchoCanceller::reset()
{
    speex_echo_state_reset(m_echo);
    m_silentRefs = 0;
    m_reference.clear();
    // Pre-fill so each capture frame is paired with a reference played `latencyFrames` earlier.
    for (int i = 0; i < m_latencyFrames; ++i)
        m_reference.emplace_back(static_cast<std::size_t>(m_frame), std::int16_t(0));
}

void EchoCanceller::playback(std::span<const std::int16_t> frame)
{
    if (int(frame.size()) != m_frame)
        return;
    m_reference.emplace_back(frame.begin(), frame.end());
    while (int(m_reference.size()) > m_latencyFrames + 25) // capture stalled: keep it bounded
        m_reference.pop_front();
}

void EchoCanceller::capture(std::span<std::int16_t> frame)
{
    if (int(frame.size()) != m_frame)
        return;
    std::vector<std::int16_t> ref;
    if (!m_reference.empty()) {
        ref = std::move(m_reference.front());
        m_reference.pop_front();
    } else {
        ref.assign(frame.size(), 0); // playback stalled: nothing to cancel
    }
    const bool silentRef
        = std::all_of(ref.begin(), ref.end(), [](std::int16_t s) { return s >= -kSilentPeak && s <= kSilentPeak; });
    m_silentRefs = silentRef ? std::min(m_silentRefs + 1, m_tailFrames + 1) : 0;
    // The filter has seen more than a tail of far-end silence: no echo can be in this frame,
    // and skipping silent frames leaves its far-end history as it is (silence).
    const bool gated = m_aec && m_silentRefs > m_tailFrames;
    if (m_aec && !gated) {
        speex_echo_cancellation(m_echo, frame.data(), ref.data(), m_out.data());
        std::copy(m_out.begin(), m_out.end(), frame.begin());
    }
    if (gated)
        ++m_gated;
    // Residual echo suppression only with a fresh estimate from this frame's cancellation.
    attachEcho(m_aec && !gated);
    if (m_ns || (m_aec && !gated))
        speex_preprocess_run(m_pre, frame.data()); // NS and/or residual echo suppression
}

void EchoCanceller::attachEcho(bool on)
{
    if (on == m_echoAttached)
        return;
    m_echoAttached = on;
    speex_preprocess_ctl(m_pre, SPEEX_PREPROCESS_SET_ECHO_STATE, on ? m_echo : nullptr);
}

} // namespace iax::audio
