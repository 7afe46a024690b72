#include "audio/tone_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace iax::audio {

DtmfPair dtmfFrequencies(char digit)
{
    static constexpr char kKeys[4][4]
        = { { '1', '2', '3', 'A' }, { '4', '5', '6', 'B' }, { '7', '8', '9', 'C' }, { '*', '0', '#', 'D' } };
    static constexpr int kLow[4] = { 697, 770, 852, 941 };
    static constexpr int kHigh[4] = { 1209, 1336, 1477, 1633 };
    if (digit >= 'a' && digit <= 'd')
        digit = static_cast<char>(digit - 'a' + 'A');
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            if (kKeys[r][c] == digit)
                return { kLow[r], kHigh[c] };
    return {};
}

std::vector<std::int16_t> sineWave(double hz, int rate, std::size_t samples, double amplitude)
{
    std::vector<std::int16_t> pcm(samples);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(amplitude * std::sin(2 * std::numbers::pi * hz * double(i) / rate));
    return pcm;
}

ToneGenerator::ToneGenerator(int rate, int amplitude)
    : m_rate(rate)
    , m_amplitude(amplitude)
{ }

void ToneGenerator::start(Tone tone)
{
    m_tone = tone;
    m_pos = 0;
    m_limit = -1;
    m_ph1 = m_ph2 = 0;
    switch (tone) {
    case Tone::Ringback:
        m_cad = { 440, 480, { 2000, 4000 } };
        break;
    case Tone::Ringing:
        m_cad = { 400, 450, { 400, 200, 400, 2000 } };
        break;
    case Tone::Busy:
        m_cad = { 480, 620, { 500, 500 } };
        break;
    case Tone::Congestion:
        m_cad = { 480, 620, { 250, 250 } };
        break;
    case Tone::None:
    case Tone::Dtmf:
        m_cad = { 0, 0, {} };
        break;
    }
}

bool ToneGenerator::startDtmf(char digit, int durationMs)
{
    const DtmfPair p = dtmfFrequencies(digit);
    if (!p.low)
        return false;
    start(Tone::Dtmf);
    m_cad = { double(p.low), double(p.high), {} };
    m_limit = std::int64_t(m_rate) * durationMs / 1000;
    return true;
}

bool ToneGenerator::active() const
{
    return m_tone != Tone::None && (m_limit < 0 || m_pos < m_limit);
}

double ToneGenerator::next()
{
    if (!active())
        return 0;
    bool on = true;
    if (!m_cad.segmentsMs.empty()) {
        std::int64_t period = 0;
        for (int s : m_cad.segmentsMs)
            period += s;
        std::int64_t t = (m_pos * 1000 / m_rate) % period;
        for (std::size_t i = 0; i < m_cad.segmentsMs.size(); ++i) {
            if (t < m_cad.segmentsMs[i]) {
                on = i % 2 == 0;
                break;
            }
            t -= m_cad.segmentsMs[i];
        }
    }
    ++m_pos;
    const double step = 2 * std::numbers::pi / m_rate;
    m_ph1 = std::fmod(m_ph1 + step * m_cad.f1, 2 * std::numbers::pi);
    m_ph2 = std::fmod(m_ph2 + step * m_cad.f2, 2 * std::numbers::pi);
    return on ? m_amplitude * (std::sin(m_ph1) + std::sin(m_ph2)) : 0.0;
}

void ToneGenerator::generate(std::span<std::int16_t> out)
{
    for (auto& s : out)
        s = static_cast<std::int16_t>(std::clamp(next(), -32768.0, 32767.0));
}

void ToneGenerator::mix(std::span<std::int16_t> out)
{
    for (auto& s : out)
        s = static_cast<std::int16_t>(std::clamp(double(s) + next(), -32768.0, 32767.0));
}

} // namespace iax::audio
