#pragma once
// Call-progress and feedback tones generated locally (never sent): ringback (we are calling,
// the peer rings), ringing (an incoming call), busy, congestion, and DTMF key feedback (the two
// ITU-T Q.23 frequencies). Continuous sums of sines with on/off cadences; phase-continuous
// across frames. Media thread (or any single thread).
#include <cstdint>
#include <span>
#include <vector>

namespace iax::audio {

enum class Tone {
    None,
    Ringback, ///< 440+480 Hz, 2 s on / 4 s off (North American ringback)
    Ringing, ///< 400+450 Hz, 0.4 on / 0.2 off / 0.4 on / 2 s off (local ring of an incoming call)
    Busy, ///< 480+620 Hz, 0.5 s on / 0.5 s off
    Congestion, ///< 480+620 Hz, 0.25 s on / 0.25 s off (reorder)
    Dtmf, ///< a DTMF digit's pair for a fixed duration, then silence
};

/// The two frequencies of a DTMF digit (0-9, *, #, A-D); {0, 0} for anything else.
struct DtmfPair {
    int low = 0;
    int high = 0;
};
DtmfPair dtmfFrequencies(char digit);

/// `samples` samples of a sine of `hz` at `rate`, peaking at `amplitude`, starting at phase 0
/// (test and confirmation tones, the load generator's frame). Pure; any thread.
std::vector<std::int16_t> sineWave(double hz, int rate, std::size_t samples, double amplitude = 8000);

class ToneGenerator {
public:
    /// `amplitude`: peak of each sine component (the sum peaks at twice that).
    explicit ToneGenerator(int rate, int amplitude = 4000);

    /// Starts a tone from the beginning of its cadence (Tone::None stops).
    void start(Tone tone);
    /// DTMF feedback for `digit`, `durationMs` long; false (nothing started) for an invalid digit.
    bool startDtmf(char digit, int durationMs = 120);
    void stop() { start(Tone::None); }
    Tone current() const { return m_tone; }
    /// True while something audible may still come (a finished DTMF burst is inactive).
    bool active() const;
    /// Writes the next samples of the tone (silence when none) into `out`.
    void generate(std::span<std::int16_t> out);
    /// Adds the next samples of the tone into `out` (saturating), for mixing over far-end audio.
    void mix(std::span<std::int16_t> out);

private:
    struct Cadence {
        double f1, f2;
        std::vector<int> segmentsMs; ///< on, off, on, off… repeating; empty = continuous
    };
    double next();

    int m_rate;
    int m_amplitude;
    Tone m_tone = Tone::None;
    Cadence m_cad {};
    std::int64_t m_pos = 0; ///< samples since start
    std::int64_t m_limit = -1; ///< samples until the tone ends (-1: never)
    double m_ph1 = 0, m_ph2 = 0;
};

} // namespace iax::audio
