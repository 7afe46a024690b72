// The ringer's device preference list (issue 19) on a real sound device (PortAudio → ALSA's pulse
// plugin → the private PulseAudio of tests/scripts/with-pulse.sh, whose default sink is "spk"):
// the ringtone plays on the first device of the list that is there, and on the system default
// when none is.
#include "support/pulse_device_support.h"
#include "ui/port_audio_sounds.h"

#include <QtTest>

using namespace iax::ui;
using iax::test::pactl;

namespace {
/// The sinks our playback streams play to (this private server has no other client).
QStringList sinksOfOurStreams()
{
    QMap<QString, QString> sinkName;
    for (const QString& line : pactl({ "list", "sinks", "short" }).split('\n')) {
        const QStringList f = line.split('\t');
        if (f.size() >= 2)
            sinkName[f[0]] = f[1];
    }
    QStringList out;
    for (const QString& line : pactl({ "list", "sink-inputs", "short" }).split('\n')) {
        const QStringList f = line.split('\t');
        if (f.size() >= 2)
            out << sinkName.value(f[1]);
    }
    return out;
}
} // namespace

class TestUiRinger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ringsOnTheFirstAvailableDevice()
    {
        const QString module = pactl({ "load-module", "module-null-sink", "sink_name=bell2", "rate=48000" }).trimmed();
        QVERIFY2(!module.isEmpty(), "pactl load-module failed");
        const auto cleanup = qScopeGuard([&] { pactl({ "unload-module", module }); });
        PortAudioSounds sounds;
        QSignalSpy problems(&sounds, &PortAudioSounds::problem);
        // The headset chosen last is unplugged: the bell chosen before it rings.
        sounds.startRinging(1, QString(), { "PulseAudio:unplugged-headset", "PulseAudio:bell2" });
        QVERIFY2(sounds.isRinging(), qPrintable(sounds.lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(sinksOfOurStreams(), QStringList({ "bell2" }), 10000);
        sounds.stopRinging(1);
        QTRY_COMPARE_WITH_TIMEOUT(sinksOfOurStreams(), QStringList(), 10000);
        // Nothing of the list is there: the system default rings.
        sounds.startRinging(2, QString(), { "PulseAudio:unplugged-headset" });
        QVERIFY2(sounds.isRinging(), qPrintable(sounds.lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(sinksOfOurStreams(), QStringList({ "spk" }), 10000);
        sounds.stopRinging(2);
        QCOMPARE(problems.count(), 0);
    }
};

QTEST_MAIN(TestUiRinger)
#include "tst_ui_ringer.moc"
