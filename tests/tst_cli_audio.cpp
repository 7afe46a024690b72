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

    void badDeviceIsAClearError()
    {
        Proc p({ "call", "iax2:a@127.0.0.1:9/1", "--audio", "--input-device", "no such device" });
        QCOMPARE(p.finish(), 1);
        QVERIFY(p.m_err.contains("no input device"));
    }
};

QTEST_GUILESS_MAIN(TestCliAudio)
#include "tst_cli_audio.moc"
