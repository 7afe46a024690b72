// `--audio` with real sound devices (PortAudio → PulseAudio null sink, run under
// tests/scripts/with-pulse.sh): devices are listed with stable ids, and a bad device is a clear
// error. (The device pipeline itself is covered by tst_audio_device.)
#include "support/cli_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace iax::test;

class TestCliAudio : public QObject {
    Q_OBJECT
private slots:
    void devicesAreListed()
    {
        Proc p({ "devices", "--json" });
        QCOMPARE(p.finish(), 0);
        QVERIFY2(p.m_out.contains(R"("default_output":true)"), p.m_out.constData());
    }

    // Issue 19 "a quiet console": ALSA and JACK, woken by PortAudio, print dozens of lines of
    // their own on a machine like this one (no sound card, no JACK server); the user sees only
    // the device list.
    void devicesPrintOnlyTheList()
    {
        Proc p({ "devices" });
        QCOMPARE(p.finish(), 0);
        QVERIFY2(p.m_err.trimmed().isEmpty(), p.m_err.constData());
        const QList<QByteArray> lines = p.m_out.trimmed().split('\n');
        QVERIFY(!lines.isEmpty());
        for (const QByteArray& line : lines)
            QVERIFY2(line.contains(" (in ") && line.contains(" Hz"), line.constData());
    }

    // ... and the messages are not thrown away but logged at debug level, where a developer
    // switches them on.
    void backendMessagesAreDebugLogging()
    {
        qputenv("QT_LOGGING_RULES", "iax.audio.backend.debug=true");
        Proc p({ "devices" });
        qunsetenv("QT_LOGGING_RULES");
        QCOMPARE(p.finish(), 0);
        const QList<QByteArray> lines = p.m_err.trimmed().split('\n');
        QVERIFY2(!p.m_err.trimmed().isEmpty(),
            "ALSA and JACK said nothing: on this kind of machine (null sink only) they do");
        bool alsa = false, jack = false;
        for (const QByteArray& line : lines) {
            QVERIFY2(line.startsWith("iax.audio.backend: "), line.constData());
            alsa |= line.startsWith("iax.audio.backend: ALSA ");
            jack |= line.startsWith("iax.audio.backend: JACK");
        }
        QVERIFY2(alsa, p.m_err.constData());
        qInfo("%d lines of ALSA/JACK at debug level (JACK among them: %s)", int(lines.size()), jack ? "yes" : "no");
    }

    // Without a sound server (and, as on CI, without a sound card) the list is empty: the user is
    // told so on stderr instead of getting no output at all; stdout stays an empty list.
    void noDevicesIsSaid()
    {
        const QByteArray server = qgetenv("PULSE_SERVER");
        qputenv("PULSE_SERVER", "unix:/nonexistent/iaxphone-test/native");
        Proc p({ "devices" });
        const int status = p.finish();
        qputenv("PULSE_SERVER", server);
        QCOMPARE(status, 0);
        if (!p.m_out.trimmed().isEmpty())
            QSKIP("this machine has sound devices that PortAudio finds without PulseAudio");
        QVERIFY2(p.m_err.contains("no sound devices found"), p.m_err.constData());
        QCOMPARE(p.m_err.trimmed().count('\n'), 0); // one line, not ALSA's noise
    }

    void badDeviceIsAClearError()
    {
        Proc p({ "call", "iax2:a@127.0.0.1:9/1", "--audio", "--input-device", "no such device" });
        QCOMPARE(p.finish(), 1);
        QVERIFY(p.m_err.contains("no input device"));
    }
};

QTEST_GUILESS_MAIN(TestCliAudio)
#include "tst_cli_audio.moc"
