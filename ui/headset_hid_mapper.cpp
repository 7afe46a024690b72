#include "ui/headset_hid_mapper.h"

#include <algorithm>

namespace iax::ui {

namespace {
bool isLed(HidUsage u)
{
    return u == hid::kLedOffHook || u == hid::kLedRing || u == hid::kLedMute || u == hid::kLedHold || u == hid::kRinger;
}
} // namespace

HeadsetHidMapper::HeadsetHidMapper(HidReportDescriptor descriptor)
    : m_desc(std::move(descriptor))
{
    for (const HidField& f : m_desc.inputs) {
        if (f.application != hid::kHeadset || !f.variable)
            continue;
        if (f.usage == hid::kHookSwitch || f.usage == hid::kPhoneMute || f.usage == hid::kFlash)
            m_inputs.push_back({ f, 0 });
        if (f.usage == hid::kHookSwitch)
            m_hookToggle = f.relative;
    }
    for (const HidField& f : m_desc.outputs) {
        if (f.application == hid::kHeadset && f.variable && isLed(f.usage))
            m_leds.push_back(f);
    }
    m_usable = std::any_of(m_inputs.begin(), m_inputs.end(),
        [](const Input& i) { return i.field.usage == hid::kHookSwitch || i.field.usage == hid::kPhoneMute; });
}

std::vector<HeadsetAction> HeadsetHidMapper::inputReport(std::span<const std::uint8_t> report)
{
    std::vector<HeadsetAction> out;
    if (report.empty())
        return out;
    const std::uint8_t id = m_desc.usesReportIds ? report[0] : 0;
    const auto data = m_desc.usesReportIds ? report.subspan(1) : report;
    for (Input& in : m_inputs) {
        if (in.field.reportId != id)
            continue;
        const std::optional<std::int32_t> v = hidFieldValue(in.field, data);
        if (!v)
            continue;
        const bool pressed = *v != 0 && in.last == 0;
        in.last = *v;
        if (in.field.usage == hid::kHookSwitch) {
            if (m_hookToggle) {
                if (pressed)
                    out.push_back(m_state.offHook ? HeadsetAction::HangUp : HeadsetAction::Answer);
            } else if ((*v != 0) != m_hookLevel) {
                m_hookLevel = *v != 0;
                out.push_back(m_hookLevel ? HeadsetAction::Answer : HeadsetAction::HangUp);
            }
        } else if (pressed) {
            out.push_back(in.field.usage == hid::kPhoneMute ? HeadsetAction::ToggleMute : HeadsetAction::ToggleHold);
        }
    }
    return out;
}

bool HeadsetHidMapper::setCallState(const HeadsetCallState& state)
{
    const bool changed = !(state == m_state);
    if (state.offHook != m_state.offHook)
        m_hookLevel = state.offHook; // the device's hook follows the host's Off-Hook
    m_state = state;
    return changed;
}

std::vector<std::vector<std::uint8_t>> HeadsetHidMapper::outputReports() const
{
    std::vector<std::uint8_t> ids;
    for (const HidField& f : m_leds) {
        if (std::find(ids.begin(), ids.end(), f.reportId) == ids.end())
            ids.push_back(f.reportId);
    }
    std::vector<std::vector<std::uint8_t>> reports;
    for (const std::uint8_t id : ids) {
        std::vector<std::uint8_t> r(1 + std::size_t((m_desc.outputBits(id) + 7) / 8), 0);
        r[0] = id;
        for (const HidField& f : m_leds) {
            if (f.reportId != id || f.bitSize != 1) // LEDs are one-bit on/off controls
                continue;
            const bool on = (f.usage == hid::kLedOffHook && m_state.offHook)
                || ((f.usage == hid::kLedRing || f.usage == hid::kRinger) && m_state.ringing)
                || (f.usage == hid::kLedMute && m_state.muted && m_state.offHook)
                || (f.usage == hid::kLedHold && m_state.held);
            if (on)
                r[1 + std::size_t(f.bitOffset / 8)] |= std::uint8_t(1u << (f.bitOffset % 8));
        }
        reports.push_back(std::move(r));
    }
    return reports;
}

} // namespace iax::ui
