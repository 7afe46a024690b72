// "Echo cancellation on headsets too" (issue 19) reaches a call's real media: the desktop's
// DeviceCallAudio makes the call's CallMedia/MediaSession on a device (a FakeDevice named as a
// headset or as laptop speakers instead of the sound card) and the session's canceller runs or is
// skipped as the two settings say — for the next call (the request) and mid-call (the user changed
// the setting while talking; PhoneCallMedia::setEchoCancellation). Without a microphone it never
// runs. MediaSession::echoCancelling() is the observation (as tst_audio_cpu observes a skip).
#include "audio/fake_device.h"
#include "core/protocol/constants.h"
#include "ui/device_call_audio.h"

#include <QTest>

using namespace iax;

namespace {

const std::string kHeadset = "ALSA:Logitech USB Headset: Audio (hw:1,0)";
const std::string kSpeakers = "ALSA:HDA Intel PCH: ALC257 Analog (hw:0,0)";

/// DeviceCallAudio on a fake device whose output has `outputName`.
std::unique_ptr<ui::DeviceCallAudio> audioOn(const std::string& outputName)
{
    auto dev = std::make_unique<audio::FakeDevice>(48000);
    dev->setOutputName(outputName);
    return std::make_unique<ui::DeviceCallAudio>(std::move(dev));
}

phone::CallMediaRequest request(bool echo, bool onHeadsets)
{
    phone::CallMediaRequest r;
    r.call.call = 7;
    r.call.format = core::Codec::Opus;
    r.echoCancellation = echo;
    r.echoCancellationOnHeadsets = onHeadsets;
    return r;
}

/// Whether the media of a call made under `r` on `outputName` runs the canceller.
bool cancels(const std::string& outputName, const phone::CallMediaRequest& r)
{
    auto audio = audioOn(outputName);
    phone::CallMediaResult made = audio->create(r);
    if (!made.media)
        qFatal("no media: %s", made.error.c_str());
    const bool on = made.media->audioStats().echoCancelling;
    made.media->close();
    return on;
}

} // namespace

class TstUiHeadsetEcho : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theNextCallFollowsTheSettings()
    {
        QVERIFY(!cancels(kHeadset, request(true, false))); // the default: no echo path, no canceller
        QVERIFY(cancels(kHeadset, request(true, true))); // the user forced it on
        QVERIFY(cancels(kSpeakers, request(true, false)));
        QVERIFY(cancels(kSpeakers, request(true, true)));
        QVERIFY(!cancels(kHeadset, request(false, true))); // echo cancellation off: off everywhere
        QVERIFY(!cancels(kSpeakers, request(false, false)));
    }

    void aCallInProgressFollowsAChange()
    {
        auto audio = audioOn(kHeadset);
        phone::CallMediaResult made = audio->create(request(true, false));
        QVERIFY(made.media);
        phone::PhoneCallMedia& media = *made.media;
        QVERIFY(!media.audioStats().echoCancelling);
        media.setEchoCancellation(true, true); // "on headsets too" ticked during the call
        QVERIFY(media.audioStats().echoCancelling);
        media.setEchoCancellation(false, true); // echo cancellation off altogether
        QVERIFY(!media.audioStats().echoCancelling);
        media.setEchoCancellation(true, false); // back to the default: skipped on the headset
        QVERIFY(!media.audioStats().echoCancelling);
        media.close();
    }

    void neverWithoutAMicrophone()
    {
        // No sound card (--audio none): silence is sent, nothing to cancel, whatever the settings.
        ui::DeviceCallAudio none(false);
        phone::CallMediaResult made = none.create(request(true, true));
        QVERIFY(made.media);
        QVERIFY(!made.media->audioStats().echoCancelling);
        made.media->setEchoCancellation(true, true);
        QVERIFY(!made.media->audioStats().echoCancelling);
        made.media->close();
    }
};

QTEST_GUILESS_MAIN(TstUiHeadsetEcho)
#include "tst_ui_headset_echo.moc"
