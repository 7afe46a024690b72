// Headset buttons on the HID telephony page (issue 19), pure: the report-descriptor parser and the
// mapper against a real headset's descriptor (tests/data/hid, sources in its README) — the fields
// it declares, the input reports of its buttons in both hook-switch styles (absolute level,
// relative toggle), Phone Mute and Flash, the LED output report bytes for each call state, and
// malformed or truncated descriptors refused without reading past their end.
#include "support/hid_descriptors.h"
#include "ui/headset_hid_mapper.h"
#include "ui/hid_report_descriptor.h"

#include <QTest>

using namespace iax::ui;

namespace {

using Bytes = std::vector<std::uint8_t>;

HidReportDescriptor jabra()
{
    HidParseResult r = parseHidReportDescriptor(iax::test::hidDescriptorFile("jabra-link-380c.hex"));
    if (!r.descriptor)
        qFatal("the Jabra descriptor was refused: %s", r.error.c_str());
    return *r.descriptor;
}

const HidField* find(const std::vector<HidField>& fields, HidUsage usage, HidUsage application)
{
    for (const HidField& f : fields) {
        if (f.usage == usage && f.application == application)
            return &f;
    }
    return nullptr;
}

using A = HeadsetAction;
using Actions = std::vector<HeadsetAction>;

} // namespace

class TstHeadsetHid : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesTheJabraLink380c()
    {
        const HidReportDescriptor d = jabra();
        QVERIFY(d.usesReportIds);
        QCOMPARE(
            d.applications, (std::vector<HidUsage> { hid::kHeadset, hidUsage(0xFF00, 0x01), hidUsage(0x0C, 0x01) }));
        // Input report 2: Hook Switch, Line Busy Tone, Line (Const,Var,Abs), then Phone Mute, Flash,
        // Redial, Speed Dial (Const,Var,Rel), a 4-bit key pad array, a programmable button, padding.
        const HidField* hook = find(d.inputs, hid::kHookSwitch, hid::kHeadset);
        QVERIFY(hook);
        QCOMPARE(int(hook->reportId), 2);
        QCOMPARE(hook->bitOffset, 0);
        QCOMPARE(hook->bitSize, 1);
        QVERIFY(!hook->relative);
        QVERIFY(hook->constant); // flagged Constant by the device, a live button all the same
        const HidField* mute = find(d.inputs, hid::kPhoneMute, hid::kHeadset);
        QVERIFY(mute && mute->relative && mute->bitOffset == 3 && mute->reportId == 2);
        const HidField* flash = find(d.inputs, hid::kFlash, hid::kHeadset);
        QVERIFY(flash && flash->relative && flash->bitOffset == 4);
        const auto keypad
            = std::find_if(d.inputs.begin(), d.inputs.end(), [](const HidField& f) { return !f.variable; });
        QVERIFY(keypad != d.inputs.end());
        QCOMPARE(keypad->bitOffset, 7);
        QCOMPARE(keypad->bitSize, 4);
        QCOMPARE(keypad->arrayUsages.size(), std::size_t(12)); // Phone Key 0 … Phone Key Pound
        QCOMPARE(keypad->arrayUsages.front(), hidUsage(0x0B, 0xB0));
        // The vendor collection's look-alike (page 0xFF30, usage 0x20) is not the hook switch.
        QVERIFY(find(d.inputs, hidUsage(0xFF30, 0x20), hidUsage(0xFF00, 0x01)));
        QVERIFY(!find(d.inputs, hid::kHookSwitch, hidUsage(0xFF00, 0x01)));
        // Output report 2: seven LEDs and the Ringer in the first byte, 8 padding bits.
        QCOMPARE(d.outputBits(2), 16);
        QCOMPARE(find(d.outputs, hid::kLedOffHook, hid::kHeadset)->bitOffset, 0);
        QCOMPARE(find(d.outputs, hid::kLedMute, hid::kHeadset)->bitOffset, 2);
        QCOMPARE(find(d.outputs, hid::kLedRing, hid::kHeadset)->bitOffset, 3);
        QCOMPARE(find(d.outputs, hid::kLedHold, hid::kHeadset)->bitOffset, 4);
        QCOMPARE(find(d.outputs, hid::kRinger, hid::kHeadset)->bitOffset, 7);
        QCOMPARE(d.outputBits(5), 62 * 8); // the vendor report
        // Consumer Control, report 1: nine buttons.
        QVERIFY(find(d.inputs, hidUsage(0x0C, 0xCD), hidUsage(0x0C, 0x01))); // Play/Pause
    }

    void absoluteHookSwitchIsALevel()
    {
        HeadsetHidMapper m(jabra());
        QVERIFY(m.usable());
        QVERIFY(!m.hookIsToggle());
        // A call rings; the user presses the headset's call button: Hook Switch 1 = off hook.
        m.setCallState({ .ringing = true });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions { A::Answer });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions {}); // the same level again
        m.setCallState({ .offHook = true });
        // Pressed again: the device goes on hook.
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x00, 0x00 }), Actions { A::HangUp });
        m.setCallState({});

        // Answered on screen: the Off-Hook LED puts the device off hook, and its echo is no press.
        m.setCallState({ .ringing = true });
        m.setCallState({ .offHook = true });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions {});
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x00, 0x00 }), Actions { A::HangUp }); // the next press
        // Hung up on screen: the device follows to on hook; its next press answers.
        m.setCallState({});
        m.setCallState({ .ringing = true });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions { A::Answer });
    }

    void relativeHookSwitchToggles()
    {
        HeadsetHidMapper m(jabra());
        m.setHookToggle(true); // see tests/data/hid/README.md: no public toggle-style descriptor
        QVERIFY(m.hookIsToggle());
        m.setCallState({ .ringing = true });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions { A::Answer }); // press
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x00, 0x00 }), Actions {}); // release
        m.setCallState({ .offHook = true });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions { A::HangUp });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x00, 0x00 }), Actions {});
        m.setCallState({});
        // No call: a press asks to go off hook (the window answers nothing then).
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions { A::Answer });
    }

    void muteAndFlashArePresses()
    {
        HeadsetHidMapper m(jabra());
        m.setCallState({ .offHook = true });
        // In a call the device reports its hook off (bit 0) with every report.
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x09, 0x00 }), Actions { A::ToggleMute }); // Phone Mute, bit 3
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions {});
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x09, 0x00 }), Actions { A::ToggleMute });
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions {});
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x11, 0x00 }), Actions { A::ToggleHold }); // Flash, bit 4
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x01, 0x00 }), Actions {});
        // Redial, Speed Dial, key pad and the programmable button do nothing here.
        QCOMPARE(m.inputReport(Bytes { 0x02, 0xE1, 0x0F }), Actions {});
        // Hung up with mute held down: both, in the report's order.
        QCOMPARE(m.inputReport(Bytes { 0x02, 0x08, 0x00 }), (Actions { A::HangUp, A::ToggleMute }));
    }

    void otherReportsDoNothing()
    {
        HeadsetHidMapper m(jabra());
        m.setCallState({ .ringing = true });
        QCOMPARE(m.inputReport(Bytes { 0x04, 0x01, 0x00 }), Actions {}); // the vendor look-alike
        QCOMPARE(m.inputReport(Bytes { 0x01, 0xFF, 0x01 }), Actions {}); // consumer keys
        QCOMPARE(m.inputReport(Bytes { 0x02 }), Actions {}); // no data
        QCOMPARE(m.inputReport(Bytes {}), Actions {});
        QCOMPARE(m.inputReport(Bytes { 0x09, 0x01, 0x00 }), Actions {}); // an id it does not have
    }

    void ledsShowTheCallState()
    {
        HeadsetHidMapper m(jabra());
        using Reports = std::vector<Bytes>;
        // Report 2: Off-Hook bit 0, Mute bit 2, Ring bit 3, Hold bit 4, Ringer bit 7; 2 data bytes.
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x00, 0x00 } }));
        QVERIFY(m.setCallState({ .ringing = true }));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x88, 0x00 } }));
        QVERIFY(!m.setCallState({ .ringing = true })); // no change: nothing to send
        QVERIFY(m.setCallState({ .offHook = true }));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x01, 0x00 } }));
        QVERIFY(m.setCallState({ .offHook = true, .muted = true }));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x05, 0x00 } }));
        QVERIFY(m.setCallState({ .offHook = true, .held = true }));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x11, 0x00 } }));
        // Call waiting: in a call while another rings.
        QVERIFY(m.setCallState({ .ringing = true, .offHook = true }));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x89, 0x00 } }));
        QVERIFY(m.setCallState({}));
        QCOMPARE(m.outputReports(), (Reports { { 0x02, 0x00, 0x00 } }));
    }

    void notAHeadset()
    {
        // The Jabra's Consumer Control collection alone (its last 45 bytes): no telephony buttons.
        const Bytes all = iax::test::hidDescriptorFile("jabra-link-380c.hex");
        const Bytes consumer(all.end() - 45, all.end());
        QCOMPARE(consumer.front(), std::uint8_t(0x05));
        HidParseResult r = parseHidReportDescriptor(consumer);
        QVERIFY2(r.descriptor, r.error.c_str());
        HeadsetHidMapper m(*r.descriptor);
        QVERIFY(!m.usable());
        QVERIFY(m.outputReports().empty());
        QCOMPARE(m.inputReport(Bytes { 0x01, 0x08, 0x00 }), Actions {});
    }

    void malformedDescriptorsAreRefused()
    {
        // Every prefix of the real descriptor parses or is refused, never read past (ASan build).
        const Bytes all = iax::test::hidDescriptorFile("jabra-link-380c.hex");
        int refused = 0;
        for (std::size_t n = 0; n < all.size(); ++n) {
            const Bytes cut(all.begin(), all.begin() + long(n));
            const HidParseResult r = parseHidReportDescriptor(cut);
            QVERIFY(r.descriptor.has_value() != !r.error.empty());
            refused += r.descriptor ? 0 : 1;
        }
        QVERIFY(refused > 0); // inside an item or a collection
        QVERIFY(!parseHidReportDescriptor(Bytes { 0x26, 0xFF }).descriptor); // a 2-byte item, 1 byte
        QVERIFY(!parseHidReportDescriptor(Bytes { 0xB4 }).descriptor); // Pop without Push
        QVERIFY(!parseHidReportDescriptor(Bytes { 0x85, 0x00 }).descriptor); // report id 0
        QVERIFY(!parseHidReportDescriptor(Bytes { 0xC0 }).descriptor); // End Collection alone
        QVERIFY(!parseHidReportDescriptor(Bytes { 0x75, 0x40 }).descriptor); // 64-bit fields
        QVERIFY(!parseHidReportDescriptor(Bytes { 0xFE, 0x05, 0x10, 0x00 }).descriptor); // short long item
        QVERIFY(!parseHidReportDescriptor(Bytes { 0x75, 0x20, 0x96, 0xFF, 0x7F, 0x81, 0x02 }).descriptor); // 128 KiB
        const Bytes pushes(9, 0xA4);
        QVERIFY(parseHidReportDescriptor(Bytes(pushes.begin(), pushes.begin() + 8)).descriptor);
        QVERIFY(!parseHidReportDescriptor(pushes).descriptor);
        QVERIFY(parseHidReportDescriptor(Bytes {}).descriptor); // empty: nothing declared
    }

    void fieldValues()
    {
        HidField f;
        f.bitOffset = 6;
        f.bitSize = 4;
        QCOMPARE(hidFieldValue(f, Bytes { 0xC0, 0x02 }), std::optional<std::int32_t>(0b1011));
        f.logicalMin = -8; // signed 4-bit: 1011 = -5
        QCOMPARE(hidFieldValue(f, Bytes { 0xC0, 0x02 }), std::optional<std::int32_t>(-5));
        QVERIFY(!hidFieldValue(f, Bytes { 0xC0 })); // report too short
    }
};

QTEST_APPLESS_MAIN(TstHeadsetHid)
#include "tst_headset_hid.moc"
