#include "audio/fake_device.h"

#include <algorithm>
#include <cstdlib>

namespace iax::audio {

namespace {
float peakOf(const std::vector<std::int16_t>& f)
{
    int peak = 0;
    for (auto s : f)
        peak = std::max(peak, std::abs(int(s)));
    return float(peak) / 32768.0f;
}
} // namespace

FakeDevice::FakeDevice(int rate, bool input, bool output, int frameMs)
    : m_rate(rate)
    , m_frameMs(frameMs)
    , m_hasInput(input)
    , m_hasOutput(output)
{
    makeRings();
}

void FakeDevice::makeRings()
{
    const auto frame = static_cast<std::size_t>(frameSamples());
    m_capture = std::make_unique<SpscRing>(16, frame);
    m_playback = std::make_unique<SpscRing>(16, frame);
    m_frame.assign(frame, 0);
}

void FakeDevice::setInput(std::vector<std::int16_t> pcm, bool loop)
{
    m_input = std::move(pcm);
    m_loop = loop;
    m_inputPos = 0;
}

void FakeDevice::advanceFrames(int n)
{
    for (int k = 0; k < n; ++k) {
        if (m_hasInput) {
            for (auto& s : m_frame) {
                if (m_loop && m_inputPos == m_input.size())
                    m_inputPos = 0;
                s = m_inputPos < m_input.size() ? m_input[m_inputPos++] : std::int16_t(0);
            }
            m_inLevel = peakOf(m_frame);
            if (!m_capture->push(m_frame.data()))
                ++m_overruns;
        }
        if (m_hasOutput) {
            if (!m_playback->pop(m_frame.data())) {
                std::fill(m_frame.begin(), m_frame.end(), std::int16_t(0));
                ++m_underruns;
            }
            m_outLevel = peakOf(m_frame);
            m_played.insert(m_played.end(), m_frame.begin(), m_frame.end());
        }
        ++m_framesDone;
    }
}

bool FakeDevice::writeFrame(const std::int16_t* frame)
{
    if (!m_hasOutput || !m_playback->push(frame))
        return false;
    m_writeTimes.push_back(m_clockMs);
    return true;
}

void FakeDevice::clock(std::int64_t nowMs)
{
    m_clockMs = nowMs;
    if (!m_follow)
        return;
    if (!m_started) {
        m_started = true;
        m_originMs = nowMs;
        m_framesDone = 0;
        return;
    }
    const std::int64_t due = (nowMs - m_originMs) / (m_frameMs * m_blockFrames) * m_blockFrames;
    if (due > m_framesDone)
        advanceFrames(int(due - m_framesDone));
}

void FakeDevice::simulateFallback(int newRate)
{
    m_events.push_back({ DeviceEvent::Kind::Lost, "the fake device stopped" });
    m_rate = newRate;
    makeRings();
    m_events.push_back({ DeviceEvent::Kind::FellBack, "switched to the default device (fake)" });
}

std::optional<DeviceEvent> FakeDevice::pollEvent()
{
    if (m_events.empty())
        return std::nullopt;
    DeviceEvent e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

} // namespace iax::audio
