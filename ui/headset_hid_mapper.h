#pragma once
// A telephony headset's buttons and lights (issue 19), from its HID report descriptor: the input
// fields of the top-level Telephony/Headset collection (usage page 0x0B, usage 0x05) become call
// actions, and the call state becomes the output reports that light its LEDs (LED page 0x08).
// Pure (no Qt, no hidapi): fed input reports, asked for output reports; any one thread.
//
// Hook Switch (0x0B/0x20) comes in two styles, told apart by the descriptor's Relative flag:
//  - absolute (a level, the usual one): the device reports its hook state, 1 = off hook. A change
//    to 1 picks up (answer), to 0 hangs up. The host sets the device's state with the Off-Hook LED
//    (HID usage tables: telephony devices follow the host's Off-Hook), so after a call answered on
//    screen the next press reports 0 and hangs up — and a device that echoes the LED back is no
//    new press.
//  - relative (a toggle): each press (a change from 0 to non-zero) switches the hook against the
//    call state: on hook → answer, off hook → hang up.
// Phone Mute (0x2F) and Flash (0x21) are presses in either style (0 → non-zero): toggle mute,
// hold/resume. LEDs: Off-Hook (0x17) while a call is answered or held, Ring (0x18) and the
// Telephony page's Ringer (0x9E) while one rings, Mute (0x09) while the answered call is muted,
// Hold (0x20) while held.
#include "ui/hid_report_descriptor.h"

#include <cstdint>
#include <span>
#include <vector>

namespace iax::ui {

/// What a headset button asks for.
enum class HeadsetAction {
    Answer, ///< off hook: answer the ringing call
    HangUp, ///< on hook: hang up the call in progress
    ToggleMute,
    ToggleHold, ///< Flash
};

/// The calls as the headset should show them.
struct HeadsetCallState {
    bool ringing = false; ///< an incoming call rings
    bool offHook = false; ///< a call is answered or held
    bool muted = false; ///< the call in progress is muted
    bool held = false; ///< the call in progress is on hold

    friend bool operator==(const HeadsetCallState&, const HeadsetCallState&) = default;
};

namespace hid {
constexpr std::uint16_t kTelephonyPage = 0x0B;
constexpr std::uint16_t kLedPage = 0x08;
constexpr HidUsage kHeadset = hidUsage(kTelephonyPage, 0x05);
constexpr HidUsage kHookSwitch = hidUsage(kTelephonyPage, 0x20);
constexpr HidUsage kFlash = hidUsage(kTelephonyPage, 0x21);
constexpr HidUsage kPhoneMute = hidUsage(kTelephonyPage, 0x2F);
constexpr HidUsage kRinger = hidUsage(kTelephonyPage, 0x9E);
constexpr HidUsage kLedMute = hidUsage(kLedPage, 0x09);
constexpr HidUsage kLedOffHook = hidUsage(kLedPage, 0x17);
constexpr HidUsage kLedRing = hidUsage(kLedPage, 0x18);
constexpr HidUsage kLedHold = hidUsage(kLedPage, 0x20);
} // namespace hid

class HeadsetHidMapper {
public:
    /// The mapper of a device with `descriptor`; usable() says whether it is a telephony headset.
    explicit HeadsetHidMapper(HidReportDescriptor descriptor);

    /// True when the descriptor has a top-level Telephony/Headset collection with a Hook Switch
    /// or a Phone Mute input.
    bool usable() const { return m_usable; }
    /// True when the hook switch is the relative (toggle) style; false for absolute or none.
    bool hookIsToggle() const { return m_hookToggle; }
    /// Test hook: treat the hook switch as the relative (toggle) style whatever the descriptor says.
    void setHookToggle(bool toggle) { m_hookToggle = toggle; }

    /// The actions of one input report as hidapi reads it: the report id byte first when the
    /// descriptor uses report ids, then the data. Unknown ids, short or empty reports: none.
    std::vector<HeadsetAction> inputReport(std::span<const std::uint8_t> report);

    /// Takes the calls' state (the absolute hook follows the Off-Hook LED). True when the LEDs
    /// change, i.e. outputReports() should be sent again.
    bool setCallState(const HeadsetCallState& state);
    /// The call state last given to setCallState().
    const HeadsetCallState& callState() const { return m_state; }

    /// The output reports that show callState(), ready for hid_write: report id byte first (0 when
    /// the descriptor uses none), then the data, every LED of the telephony collection set or
    /// cleared. Empty when the headset has no such LED.
    std::vector<std::vector<std::uint8_t>> outputReports() const;

private:
    /// A field's previous value (edges), by its index in m_inputs.
    struct Input {
        HidField field;
        std::int32_t last = 0;
    };

    HidReportDescriptor m_desc;
    std::vector<Input> m_inputs; ///< hook, mute and flash fields of the telephony collection
    std::vector<HidField> m_leds; ///< LED and ringer outputs of the telephony collection
    HeadsetCallState m_state;
    bool m_usable = false;
    bool m_hookToggle = false;
    bool m_hookLevel = false; ///< absolute style: the hook state the device reported or was set to
};

} // namespace iax::ui
