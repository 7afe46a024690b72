// The independent dissector agrees with our encoder: frames of each kind are written into a pcap
// and read back with `tshark -T fields`. Fails (does not skip) when tshark is missing: it is a test
// dependency installed by scripts/deps.sh --test.
#include "core/protocol/frame.h"
#include "tests/support/pcap_writer.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::core;
using iax::test::Endpoint;
using iax::test::LinkType;
using iax::test::PcapWriter;

namespace {

const QStringList kFields {
    "frame.number",
    "iax2.packet_type",
    "iax2.src_call",
    "iax2.dst_call",
    "iax2.retransmission",
    "iax2.timestamp",
    "iax2.oseqno",
    "iax2.iseqno",
    "iax2.type",
    "iax2.iax.subclass",
    "iax2.control.subclass",
    "iax2.dtmf.subclass",
    "iax2.voice.subclass",
    "iax2.iax.called_number",
    "iax2.iax.calling_name",
    "iax2.iax.version",
    "iax2.iax.format2",
    "iax2.text.text",
    "iax2.iax.auth.methods",
    "iax2.iax.encryption",
    "iax2.trunk.ncalls",
    "iax2.trunk.call.scallno",
    "iax2.trunk.call.ts",
    "iax2.video.mini_marker",
};

QString tsharkPath()
{
    const QString configured = QStringLiteral(IAX_TSHARK);
    if (!configured.isEmpty() && !configured.endsWith("-NOTFOUND") && QFileInfo(configured).isExecutable())
        return configured;
    return QStandardPaths::findExecutable("tshark");
}

FullFrame full(std::uint16_t scall, std::uint16_t dcall, std::uint32_t ts, std::uint8_t oseq, std::uint8_t iseq,
    FrameType type, std::int64_t subclass, std::vector<std::uint8_t> payload = {})
{
    FullFrame f;
    f.scall = scall;
    f.dcall = dcall;
    f.timestamp = ts;
    f.oseqno = oseq;
    f.iseqno = iseq;
    f.type = std::uint8_t(type);
    f.subclass = subclass;
    f.payload = std::move(payload);
    return f;
}

} // namespace

class TstTshark : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void dissectorAgrees();

private:
    QString m_tshark;
    QTemporaryDir m_dir;
};

void TstTshark::initTestCase()
{
    m_tshark = tsharkPath();
    QVERIFY2(!m_tshark.isEmpty(), "tshark not found: install it (scripts/deps.sh --test installs tshark)");
    QVERIFY(m_dir.isValid());
}

void TstTshark::dissectorAgrees()
{
    const Endpoint a = Endpoint::v4(127, 0, 0, 1, 4569);
    const Endpoint b = Endpoint::v4(127, 0, 0, 2, 4569);
    const std::uint16_t ca = 1234, cb = 20000;

    const std::string text = "hello iax";
    std::vector<Datagram> frames;
    frames.push_back(full(ca, 0, 3, 0, 0, FrameType::Iax, std::int64_t(IaxCommand::New),
        IeList()
            .addU16(IeId::Version, 2)
            .addString(IeId::CalledNumber, "5551234")
            .addString(IeId::CallingName, "Alice")
            .addU16(IeId::Encryption, EncryptionBits::Aes128 | EncryptionBits::KeyRotate)
            .addVersionedU64(IeId::Format2, Codec::Opus)
            .addEmpty(IeId::CallToken)
            .encode())); // 1
    frames.push_back(full(cb, ca, 3, 0, 1, FrameType::Iax, std::int64_t(IaxCommand::Ack))); // 2
    frames.push_back(full(cb, ca, 5, 0, 1, FrameType::Iax, std::int64_t(IaxCommand::AuthReq),
        IeList().addU16(IeId::AuthMethods, AuthMethod::Md5).addString(IeId::Challenge, "12345").encode())); // 3
    frames.push_back(full(cb, ca, 10, 1, 1, FrameType::Control, std::int64_t(ControlCommand::Answer))); // 4
    frames.push_back(
        full(ca, cb, 20, 1, 2, FrameType::Voice, std::int64_t(Codec::Ulaw), std::vector<std::uint8_t>(160, 0xFF))); // 5
    frames.push_back(MiniFrame { ca, 40, std::vector<std::uint8_t>(160, 0x7F) }); // 6
    frames.push_back(full(ca, cb, 60, 2, 2, FrameType::DtmfBegin, '5')); // 7
    frames.push_back(full(ca, cb, 160, 3, 2, FrameType::DtmfEnd, '5')); // 8
    FullFrame txt = full(ca, cb, 200, 4, 2, FrameType::Text, 0, std::vector<std::uint8_t>(text.begin(), text.end()));
    txt.payload.push_back(0);
    frames.push_back(txt); // 9
    FullFrame retrans = full(cb, ca, 10, 1, 1, FrameType::Control, std::int64_t(ControlCommand::Answer));
    retrans.retransmission = true;
    frames.push_back(retrans); // 10
    frames.push_back(full(cb, ca, 300, 2, 5, FrameType::Control, std::int64_t(ControlCommand::StopIndication))); // 11
    MetaTrunkFrame trunk; // trunk with timestamps: entries are len, callno, ts, data
    trunk.cmddata = 1;
    trunk.timestamp = 400;
    trunk.entries.push_back(TrunkEntry { ca, true, 380, std::vector<std::uint8_t>(20, 1) });
    trunk.entries.push_back(TrunkEntry { 777, true, 390, std::vector<std::uint8_t>(20, 2) });
    frames.push_back(trunk); // 12
    frames.push_back(full(ca, cb, 500, 5, 3, FrameType::Iax, std::int64_t(IaxCommand::Hangup),
        IeList().addU8(IeId::CauseCode, 16).encode())); // 13
    // Trunk without timestamps (callno, len, data). Wireshark 4.0 sizes each entry's subtree as
    // len + 6 instead of len + 4 and flags the last entry malformed, so only the first is checked.
    MetaTrunkFrame plainTrunk;
    plainTrunk.timestamp = 420;
    plainTrunk.entries.push_back(TrunkEntry { ca, false, 0, std::vector<std::uint8_t>(20, 3) });
    plainTrunk.entries.push_back(TrunkEntry { 777, false, 0, std::vector<std::uint8_t>(20, 4) });
    frames.push_back(plainTrunk); // 14
    frames.push_back(MetaVideoFrame { ca, 0x1234, true, std::vector<std::uint8_t>(30, 5) }); // 15

    const QString path = m_dir.filePath("ours.pcap");
    {
        PcapWriter w(path.toStdString(), LinkType::Ethernet);
        QVERIFY2(w.ok(), w.error().c_str());
        for (const auto& d : frames) {
            const bool fromA = !std::holds_alternative<FullFrame>(d) || std::get<FullFrame>(d).scall == ca;
            const auto wire = encode(d);
            w.writeUdp(fromA ? a : b, fromA ? b : a, wire);
        }
    }

    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("HOME", m_dir.filePath("home")); // no personal preferences or profiles
    env.insert("XDG_CONFIG_HOME", m_dir.filePath("home/.config"));
    p.setProcessEnvironment(env);
    QStringList args { "-n", "-r", path, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E",
        "aggregator=," };
    for (const QString& f : kFields)
        args << "-e" << f;
    p.start(m_tshark, args);
    QVERIFY2(p.waitForFinished(120000), "tshark did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable("tshark failed: " + err));
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(int(lines.size()), int(frames.size()));

    QList<QMap<QString, QString>> rows;
    for (const QString& l : lines) {
        const QStringList cols = l.split('|');
        QCOMPARE(int(cols.size()), int(kFields.size()));
        QMap<QString, QString> row;
        for (int i = 0; i < cols.size(); ++i)
            row[kFields[i]] = cols[i];
        rows.append(row);
        qInfo("%s", qPrintable(l));
    }

    auto check = [&](int n, const char* field, const QString& expected) {
        const QString got = rows[n - 1].value(field);
        // tshark prints some integers in hex ("0x0002"): compare numbers as numbers.
        bool gotNum = false, expNum = false;
        const qulonglong g = got.toULongLong(&gotNum, 0);
        const qulonglong e = expected.toULongLong(&expNum, 0);
        if (gotNum && expNum ? g != e : got != expected)
            QFAIL(qPrintable(QString("frame %1 %2: tshark says '%3', we wrote '%4'").arg(n).arg(field, got, expected)));
    };
    // Full frames: header fields we set.
    struct Hdr {
        int n;
        int scall, dcall, ts, oseq, iseq, type;
    };
    for (const Hdr& h : { Hdr { 1, ca, 0, 3, 0, 0, 6 }, Hdr { 2, cb, ca, 3, 0, 1, 6 }, Hdr { 3, cb, ca, 5, 0, 1, 6 },
             Hdr { 4, cb, ca, 10, 1, 1, 4 }, Hdr { 5, ca, cb, 20, 1, 2, 2 }, Hdr { 7, ca, cb, 60, 2, 2, 12 },
             Hdr { 8, ca, cb, 160, 3, 2, 1 }, Hdr { 9, ca, cb, 200, 4, 2, 7 }, Hdr { 10, cb, ca, 10, 1, 1, 4 },
             Hdr { 11, cb, ca, 300, 2, 5, 4 }, Hdr { 13, ca, cb, 500, 5, 3, 6 } }) {
        check(h.n, "iax2.packet_type", "1"); // full packet
        check(h.n, "iax2.src_call", QString::number(h.scall));
        check(h.n, "iax2.dst_call", QString::number(h.dcall));
        check(h.n, "iax2.timestamp", QString::number(h.ts));
        check(h.n, "iax2.oseqno", QString::number(h.oseq));
        check(h.n, "iax2.iseqno", QString::number(h.iseq));
        check(h.n, "iax2.type", QString::number(h.type));
        check(h.n, "iax2.retransmission", h.n == 10 ? "1" : "0");
    }
    // Subclasses.
    check(1, "iax2.iax.subclass", "1");
    check(2, "iax2.iax.subclass", "4");
    check(3, "iax2.iax.subclass", "8");
    check(4, "iax2.control.subclass", "4");
    check(5, "iax2.voice.subclass", "4");
    check(7, "iax2.dtmf.subclass", "5");
    check(8, "iax2.dtmf.subclass", "5");
    check(11, "iax2.control.subclass", "255");
    check(13, "iax2.iax.subclass", "5");
    // IEs.
    check(1, "iax2.iax.called_number", "5551234");
    check(1, "iax2.iax.calling_name", "Alice");
    check(1, "iax2.iax.version", "2");
    check(1, "iax2.iax.encryption", "32769");
    check(1, "iax2.iax.format2", QString::number(Codec::Opus));
    check(3, "iax2.iax.auth.methods", "2");
    check(9, "iax2.text.text", QString::fromStdString(text));
    // Mini frame: tshark knows the call from the NEW and reads the 15-bit source call number.
    check(6, "iax2.packet_type", "0"); // mini voice
    check(6, "iax2.src_call", QString::number(ca));
    check(6, "iax2.timestamp", "40");
    // Trunk meta frames.
    check(12, "iax2.packet_type", "3");
    check(12, "iax2.timestamp", "400");
    check(12, "iax2.trunk.ncalls", "2");
    check(12, "iax2.trunk.call.scallno", QString("%1,777").arg(ca));
    check(12, "iax2.trunk.call.ts", "380,390");
    check(14, "iax2.packet_type", "3");
    check(14, "iax2.timestamp", "420");
    QCOMPARE(rows[13].value("iax2.trunk.call.scallno").section(',', 0, 0), QString::number(ca));
    // Video meta (mini video) frame.
    check(15, "iax2.packet_type", "2");
    check(15, "iax2.src_call", QString::number(ca));
    check(15, "iax2.timestamp", QString::number(0x1234));
    check(15, "iax2.video.mini_marker", "1");
}

QTEST_GUILESS_MAIN(TstTshark)
#include "tst_tshark.moc"
