// Issue 20, `iaxphone-cli decode` of end-to-end calls: two Engines place a call (voice and the DTMF
// digits 4242) on a simulated link, their datagrams are written to a pcap file with the project's
// PcapWriter, and the capture is decoded with the shared secret — by CaptureDecoder and by the real
// binary. In the end-to-end mode it shows the clear headers, says "end-to-end: not decryptable from
// the shared secret" and exits 8; the same call hop-by-hop decodes completely (exit 0).
#include "core/analysis/capture_decoder.h"
#include "sim/e2e_pair.h"
#include "support/cli_test_support.h"
#include "support/pcap_writer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

iax::test::Endpoint endpointOf(const PeerAddress& a)
{
    const QStringList parts = QString::fromStdString(a.host).split('.');
    return iax::test::Endpoint::v4(std::uint8_t(parts[0].toInt()), std::uint8_t(parts[1].toInt()),
        std::uint8_t(parts[2].toInt()), std::uint8_t(parts[3].toInt()), a.port);
}

// A call with voice both ways and DTMF 4242 from A, written to `path`.
void recordCall(bool e2e, const std::string& path)
{
    E2ePair p(withE2e(e2e), withE2e(e2e));
    const CallId id = p.connect();
    std::vector<std::uint8_t> voice(160, 0x5A);
    p.talk(id, 50, voice);
    p.sendDigits(id, "4242");
    QCOMPARE(p.digitsAtB(), std::string("4242"));
    QCOMPARE(p.encA(id).mode, std::string(e2e ? "e2e" : "hop"));
    iax::test::PcapWriter w(path, iax::test::LinkType::Ethernet);
    QVERIFY2(w.ok(), w.error().c_str());
    for (const auto& [from, t] : p.wire)
        w.writeUdp(endpointOf(from), endpointOf(t.to), t.bytes);
}

std::string dtmfOf(const CaptureSummary& s)
{
    std::string digits;
    for (const auto& [src, list] : s.dtmf)
        for (const auto& [what, d] : list)
            if (what == "DTMF_END")
                digits += d;
    return digits;
}

} // namespace

class TestDecodeE2e : public QObject {
    Q_OBJECT
private slots:
    void endToEndCaptureDoesNotDecryptHopByHopDoes_data()
    {
        QTest::addColumn<bool>("e2e");
        QTest::newRow("end-to-end") << true;
        QTest::newRow("hop-by-hop") << false;
    }
    void endToEndCaptureDoesNotDecryptHopByHopDoes()
    {
        QFETCH(bool, e2e);
        QTemporaryDir dir;
        const QString file = dir.path() + "/call.pcap";
        recordCall(e2e, file.toStdString());
        if (QTest::currentTestFailed())
            return;

        auto dgs = readUdpCapture(file.toStdString());
        QVERIFY(dgs.ok() && dgs->size() > 100);
        CaptureDecoder dec({ kSecret });
        int afterAuthRep = 0, notDecryptable = 0, withHeaders = 0;
        bool authRep = false;
        for (const auto& dg : *dgs)
            for (const auto& pkt : dec.feedAll(dg)) {
                if (pkt.full && pkt.full->isIax(IaxCommand::AuthRep)) {
                    authRep = true;
                    continue;
                }
                if (!authRep)
                    continue;
                ++afterAuthRep;
                if (pkt.error == kEndToEndNote) {
                    ++notDecryptable;
                    QVERIFY(pkt.encrypted && !pkt.decrypted);
                    withHeaders += pkt.clearScall != 0 ? 1 : 0; // the clear call number still shows
                }
            }
        QVERIFY(authRep); // the AUTHREP itself is CBC under the secret in both modes
        QVERIFY2(afterAuthRep > 100, qPrintable(QString::number(afterAuthRep)));
        if (e2e) {
            QVERIFY2(notDecryptable >= afterAuthRep - 2,
                qPrintable(QString("%1 of %2").arg(notDecryptable).arg(afterAuthRep)));
            QCOMPARE(withHeaders, notDecryptable);
            QCOMPARE(dec.summary().endToEndFrames, std::size_t(notDecryptable));
            QVERIFY(dtmfOf(dec.summary()).empty());
            QVERIFY(dec.summary().voice.empty());
        } else {
            QCOMPARE(notDecryptable, 0);
            QCOMPARE(dec.summary().endToEndFrames, std::size_t(0));
            QCOMPARE(dtmfOf(dec.summary()), std::string("4242"));
        }

        // The binary: exit 8 with the note and the clear headers, or exit 0.
        QProcess cli;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("IAXPHONE_SECRET", kSecret);
        cli.setProcessEnvironment(env);
        cli.start(iax::test::kCli, { "decode", file });
        QVERIFY(cli.waitForFinished(60000));
        const QByteArray out = cli.readAllStandardOutput(), err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), e2e ? 8 : 0);
        QCOMPARE(out.contains(kEndToEndNote), e2e);
        QCOMPARE(err.contains(kEndToEndNote), e2e);
        QVERIFY(out.contains("scall="));
        QCOMPARE(out.contains("DTMF_END"), !e2e);
    }
};

QTEST_GUILESS_MAIN(TestDecodeE2e)
#include "tst_decode_e2e.moc"
