#pragma once
// What a listener hears from one call: a MediaSession without a sound device, ticked once per
// 20 ms of a virtual clock, records the far end (as --record does) and notes for every played
// 20 ms frame what the jitter buffer made of it. Measures the silent share of 100 ms windows (as
// scripts/silent-share.py does for a WAV) and the runs of frames without a packet (PLC bursts).
// Test-only; one thread.
#include "audio/file_sink.h"
#include "audio/media_session.h"
#include "audio/wav_file.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace iax::sim {

/// A 100 ms window is silent when its RMS is below this (-40 dBFS; the test tones are -6 dBFS).
inline constexpr double kSilentRms = 328;

/// Share (0..1) of whole 100 ms windows of `pcm` at `rate` whose RMS is below kSilentRms.
inline double silentShare(std::span<const std::int16_t> pcm, int rate)
{
    const std::size_t n = std::size_t(rate / 10);
    std::size_t windows = 0, silent = 0;
    for (std::size_t at = 0; n && at + n <= pcm.size(); at += n) {
        double sum = 0;
        for (std::size_t i = at; i < at + n; ++i)
            sum += double(pcm[i]) * double(pcm[i]);
        ++windows;
        silent += std::sqrt(sum / double(n)) < kSilentRms ? 1 : 0;
    }
    return windows ? double(silent) / double(windows) : 1.0;
}

/// One 100 ms window per character: '#' sound, '.' silent (for failure messages).
inline std::string windowMap(std::span<const std::int16_t> pcm, int rate)
{
    const std::size_t n = std::size_t(rate / 10);
    std::string out;
    for (std::size_t at = 0; n && at + n <= pcm.size(); at += n) {
        double sum = 0;
        for (std::size_t i = at; i < at + n; ++i)
            sum += double(pcm[i]) * double(pcm[i]);
        out += std::sqrt(sum / double(n)) < kSilentRms ? '.' : '#';
    }
    return out;
}

class PlayoutProbe {
public:
    /// A G.711 µ-law session recording into `wavPath` (a temporary file of the test).
    explicit PlayoutProbe(std::string wavPath)
        : m_path(std::move(wavPath))
        , m_session(audio::MediaSession::create(core::Codec::Ulaw))
    {
        auto sink = audio::FileSink::create(m_path, 8000, 8000);
        if (sink)
            m_session->setSink(std::move(sink).value());
    }
    /// A received voice payload at virtual time `nowMs`.
    void push(std::span<const std::uint8_t> payload, std::uint32_t ts, std::int64_t nowMs)
    {
        m_session->pushReceived(payload, ts, nowMs);
    }
    /// Plays one 20 ms frame (call every 20 ms of virtual time) and notes its kind:
    /// 'P' a packet, 'C' concealed (PLC or FEC), '-' silence.
    void tick(std::int64_t nowMs)
    {
        const auto before = m_session->stats().jitter;
        m_session->tick(nowMs);
        const auto after = m_session->stats().jitter;
        if (after.played > before.played)
            m_kinds += 'P';
        else if (after.concealed > before.concealed || after.recovered > before.recovered)
            m_kinds += 'C';
        else
            m_kinds += '-';
    }
    /// Closes the recording and returns it (8 kHz).
    std::vector<std::int16_t> finish()
    {
        m_session->setSink(nullptr);
        auto pcm = audio::readWavMono(m_path, 8000);
        return pcm ? std::move(pcm).value() : std::vector<std::int16_t> {};
    }
    /// The kind of every frame played so far, from the first tick.
    const std::string& kinds() const { return m_kinds; }
    audio::JitterStats jitter() const { return m_session->stats().jitter; }

    /// Runs of consecutive frames without a packet ('C' or '-') of at least `minFrames`, between
    /// the first and the last packet (the start and the end of the stream do not count).
    int gapRuns(int minFrames) const
    {
        const auto first = m_kinds.find('P');
        const auto last = m_kinds.rfind('P');
        if (first == std::string::npos)
            return 0;
        int runs = 0, run = 0;
        for (std::size_t i = first; i <= last; ++i) {
            if (m_kinds[i] == 'P') {
                runs += run >= minFrames ? 1 : 0;
                run = 0;
            } else {
                ++run;
            }
        }
        return runs;
    }
    /// The longest such run, in frames.
    int longestGap() const
    {
        const auto first = m_kinds.find('P');
        const auto last = m_kinds.rfind('P');
        int longest = 0, run = 0;
        for (std::size_t i = first; first != std::string::npos && i <= last; ++i) {
            run = m_kinds[i] == 'P' ? 0 : run + 1;
            longest = std::max(longest, run);
        }
        return longest;
    }

private:
    std::string m_path;
    std::unique_ptr<audio::MediaSession> m_session;
    std::string m_kinds;
};

} // namespace iax::sim
