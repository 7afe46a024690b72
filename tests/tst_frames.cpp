// Frames against the real Asterisk captures (decoded.json, the Asterisk debug logs), malformed
// input, and a property-style round trip over generated frames.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/frame.h"
#include "core/protocol/random_source.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include <map>

using namespace iax::core;

namespace {

QString dataDir(const QString& name)
{
    return QStringLiteral(IAX_TEST_DATA "/interop/") + name;
}

QJsonArray loadFrames(const QString& name)
{
    QFile f(dataDir(name) + "/decoded.json");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value("frames").toArray();
}

std::vector<std::uint8_t> bytes(std::initializer_list<int> v)
{
    std::vector<std::uint8_t> out;
    for (int b : v)
        out.push_back(static_cast<std::uint8_t>(b));
    return out;
}

QString errorCode(const Result<Datagram>& r)
{
    return r.ok() ? QStringLiteral("<ok>") : QString::fromStdString(r.error().code);
}

std::vector<std::uint8_t> randomBytes(SeededRandom& rng, std::size_t n)
{
    std::vector<std::uint8_t> v(n);
    rng.fill(v);
    return v;
}

// One Tx/Rx block of an Asterisk `iax2 set debug on` log, without the log prefixes.
struct LogBlock {
    QString header; // "Tx-Frame Retry[000] -- OSeqno: ..." (trailing blanks removed)
    QString timestamp; // "   Timestamp: 00013ms  SCall: ..."
    QStringList ies; // "   VERSION         : 2"
};

QList<LogBlock> parseLog(const QString& path)
{
    QFile f(path);
    QList<LogBlock> blocks;
    if (!f.open(QIODevice::ReadOnly))
        return blocks;
    static const QRegularExpression line(R"(^\[[^\]]*\] VERBOSE\[(\d+)\][^ ]* chan_iax2\.c: (.*)$)");
    std::map<QString, int> open; // thread id -> index of its block still collecting lines
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
    for (const QString& l : lines) {
        const auto m = line.match(l);
        if (!m.hasMatch())
            continue;
        const QString thread = m.captured(1);
        const QString text = m.captured(2);
        if (text.startsWith("Tx-Frame") || text.startsWith("Rx-Frame")) {
            blocks.append(LogBlock { text.trimmed(), {}, {} });
            open[thread] = int(blocks.size()) - 1;
            continue;
        }
        auto it = open.find(thread);
        if (it == open.end())
            continue;
        LogBlock& b = blocks[it->second];
        if (text.startsWith("   Timestamp:") && b.timestamp.isEmpty()) {
            b.timestamp = text;
        } else if (text.startsWith("   ") && !b.timestamp.isEmpty()) {
            b.ies.append(text);
        } else {
            open.erase(it);
        }
    }
    return blocks;
}

FullFrame randomFull(SeededRandom& rng)
{
    FullFrame f;
    f.scall = static_cast<std::uint16_t>(rng.uniform(0, 0x7FFF));
    f.dcall = static_cast<std::uint16_t>(rng.uniform(0, 0x7FFF));
    f.retransmission = rng.uniform(0, 1) == 1;
    f.timestamp = rng.uniform(0, 0xFFFFFFFFu);
    f.oseqno = static_cast<std::uint8_t>(rng.uniform(0, 255));
    f.iseqno = static_cast<std::uint8_t>(rng.uniform(0, 255));
    f.type = static_cast<std::uint8_t>(rng.uniform(0, 12) == 0 ? rng.uniform(0, 255) : rng.uniform(1, 12));
    const bool video = f.type == std::uint8_t(FrameType::Video);
    switch (rng.uniform(0, 3)) {
    case 0:
        f.subclass = video ? rng.uniform(0, 63) : rng.uniform(0, 127);
        break;
    case 1:
        f.subclass = std::int64_t(std::uint64_t(1) << rng.uniform(video ? 6 : 7, 63));
        break;
    case 2:
        f.subclass = video ? 4 : -1;
        break;
    default:
        f.subclass = rng.uniform(1, 40);
        break;
    }
    f.videoMark = video && rng.uniform(0, 1) == 1;
    if (f.type == std::uint8_t(FrameType::Iax)) {
        IeList ies;
        const auto n = rng.uniform(0, 8);
        for (std::uint32_t i = 0; i < n; ++i)
            ies.addRaw(static_cast<std::uint8_t>(rng.uniform(0, 255)), randomBytes(rng, rng.uniform(0, 40)));
        f.payload = ies.encode();
    } else {
        f.payload = randomBytes(rng, rng.uniform(0, 200));
    }
    return f;
}

Datagram randomDatagram(SeededRandom& rng)
{
    switch (rng.uniform(0, 3)) {
    case 0:
        return randomFull(rng);
    case 1: {
        MiniFrame m;
        m.callno = static_cast<std::uint16_t>(rng.uniform(1, 0x7FFF));
        m.timestamp = static_cast<std::uint16_t>(rng.uniform(0, 0xFFFF));
        m.payload = randomBytes(rng, rng.uniform(0, 320));
        return m;
    }
    case 2: {
        MetaVideoFrame v;
        v.callno = static_cast<std::uint16_t>(rng.uniform(0, 0x7FFF));
        v.timestamp = static_cast<std::uint16_t>(rng.uniform(0, 0x7FFF));
        v.mark = rng.uniform(0, 1) == 1;
        v.payload = randomBytes(rng, rng.uniform(0, 300));
        return v;
    }
    default: {
        MetaTrunkFrame t;
        t.cmddata = static_cast<std::uint8_t>(rng.uniform(0, 1));
        t.timestamp = rng.uniform(0, 0xFFFFFFFFu);
        const auto n = rng.uniform(0, 6);
        for (std::uint32_t i = 0; i < n; ++i) {
            TrunkEntry e;
            e.callno = static_cast<std::uint16_t>(rng.uniform(0, 0xFFFF));
            e.hasTimestamp = t.cmddata & 1;
            e.timestamp = e.hasTimestamp ? static_cast<std::uint16_t>(rng.uniform(0, 0xFFFF)) : 0;
            e.payload = randomBytes(rng, rng.uniform(0, 200));
            t.entries.push_back(std::move(e));
        }
        return t;
    }
    }
}

} // namespace

class TstFrames : public QObject {
    Q_OBJECT

private slots:
    void captures_data();
    void captures();
    void asteriskPrinter_data();
    void asteriskPrinter();
    void malformed_data();
    void malformed();
    void subclassCoding();
    void headerPeek();
    void miniTimestampUnwrap();
    void videoMark();
    void metaLayouts();
    void notFull();
    void names();
    void needsAck();
    void roundTripProperty();
    void garbageNeverCrashes();
};

void TstFrames::captures_data()
{
    QTest::addColumn<QString>("name");
    for (const char* c : { "md5-plain", "register-md5", "md5-aes128-dtmf", "rsa-aes128" })
        QTest::newRow(c) << QString(c);
}

void TstFrames::captures()
{
    QFETCH(QString, name);
    const QJsonArray frames = loadFrames(name);
    QVERIFY2(!frames.isEmpty(), "decoded.json missing or empty");

    std::size_t skipped = 0;
    auto cap = readUdpCapture((dataDir(name) + "/" + name + ".pcap").toStdString(), 0, &skipped);
    QVERIFY2(cap.ok(), cap.ok() ? "" : cap.error().reason.c_str());
    QCOMPARE(cap->size(), std::size_t(frames.size()));
    QCOMPARE(skipped, std::size_t(0));
    std::map<std::size_t, const CapturedDatagram*> byPkt;
    for (const auto& d : *cap)
        byPkt[d.packetNumber] = &d;

    int clearInJson = 0;
    int compared = 0;
    int comparedIes = 0;
    for (const QJsonValue& v : frames) {
        const QJsonObject j = v.toObject();
        if (j.value("enc").toBool())
            continue;
        ++clearInJson;
        const auto pkt = std::size_t(j.value("pkt").toInt());
        const QByteArray where = QString("%1 pkt %2").arg(name).arg(pkt).toUtf8();
        QVERIFY2(byPkt.count(pkt), where.constData());
        const CapturedDatagram& d = *byPkt[pkt];
        QCOMPARE(QString::fromStdString(d.src), j.value("src").toString());
        QCOMPARE(QString::fromStdString(d.dst), j.value("dst").toString());
        QCOMPARE(int(d.payload.size()), j.value("udp_len").toInt());

        auto r = decodeDatagram(d.payload);
        QVERIFY2(r.ok(), (where + ": " + (r.ok() ? "" : r.error().reason.c_str())).constData());
        const QString kind = j.value("kind").toString();
        if (kind == "full") {
            QVERIFY2(std::holds_alternative<FullFrame>(*r), where.constData());
            const auto& f = std::get<FullFrame>(*r);
            QCOMPARE(int(f.scall), j.value("scall").toInt());
            QCOMPARE(int(f.dcall), j.value("dcall").toInt());
            QCOMPARE(f.retransmission, j.value("retrans").toBool());
            QCOMPARE(qint64(f.timestamp), qint64(j.value("ts").toDouble()));
            QCOMPARE(int(f.oseqno), j.value("oseq").toInt());
            QCOMPARE(int(f.iseqno), j.value("iseq").toInt());
            QCOMPARE(QString::fromStdString(frameTypeName(f.type)), j.value("type").toString());
            QCOMPARE(QString::fromStdString(subclassName(f.type, f.subclass)), j.value("subclass").toString());
            if (j.contains("ies")) {
                auto ies = f.ies();
                QVERIFY2(ies.ok(), where.constData());
                const QJsonArray expected = j.value("ies").toArray();
                QCOMPARE(int(ies->items().size()), int(expected.size()));
                for (int i = 0; i < expected.size(); ++i) {
                    QCOMPARE(QString::fromStdString(formatIe(ies->items()[std::size_t(i)])), expected[i].toString());
                    ++comparedIes;
                }
            } else {
                QVERIFY(f.type != std::uint8_t(FrameType::Iax));
            }
        } else {
            QCOMPARE(kind, QStringLiteral("mini"));
            QVERIFY2(std::holds_alternative<MiniFrame>(*r), where.constData());
            const auto& m = std::get<MiniFrame>(*r);
            QCOMPARE(int(m.callno), j.value("callno").toInt());
            QCOMPARE(int(m.timestamp), j.value("ts16").toInt());
            QCOMPARE(int(m.payload.size()), j.value("payload_len").toInt());
        }
        // Exact inverse: re-encoding reproduces the captured bytes.
        QVERIFY2(encode(*r) == d.payload, where.constData());
        ++compared;
    }
    QVERIFY(clearInJson > 0);
    QCOMPARE(compared, clearInJson);
    QVERIFY(comparedIes > 0);
    qInfo("%s: %d clear frames and %d IEs compared", qPrintable(name), compared, comparedIes);
}

void TstFrames::asteriskPrinter_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("side");
    QTest::addColumn<QString>("self");
    for (const char* c : { "md5-plain", "register-md5", "md5-aes128-dtmf", "rsa-aes128" }) {
        QTest::newRow(qPrintable(QString(c) + "/A")) << QString(c) << "A"
                                                     << "127.0.0.1:4569";
        QTest::newRow(qPrintable(QString(c) + "/B")) << QString(c) << "B"
                                                     << "127.0.0.2:4569";
    }
}

// Every clear full frame that Asterisk printed in its own log must print identically with our
// printer (apart from the Retry counter, which is per-sender bookkeeping).
void TstFrames::asteriskPrinter()
{
    QFETCH(QString, name);
    QFETCH(QString, side);
    QFETCH(QString, self);
    const QList<LogBlock> blocks = parseLog(dataDir(name) + "/" + side + "-full.log");
    QVERIFY(!blocks.isEmpty());
    const QJsonArray frames = loadFrames(name);
    auto cap = readUdpCapture((dataDir(name) + "/" + name + ".pcap").toStdString());
    QVERIFY(cap.ok());

    int matched = 0;
    int clear = 0;
    for (const auto& d : *cap) {
        const QJsonObject j = frames[int(d.packetNumber) - 1].toObject();
        if (j.value("enc").toBool() || j.value("kind").toString() != "full")
            continue;
        ++clear;
        auto f = decodeFullFrame(d.payload);
        QVERIFY(f.ok());
        const bool tx = QString::fromStdString(d.src) == self;
        // Asterisk prints the peer's address after DCall in both directions.
        const std::string peer = tx ? d.dst : d.src;
        const QStringList ours
            = QString::fromStdString(formatFrameAsterisk(*f, tx ? Direction::Tx : Direction::Rx, peer))
                  .split('\n', Qt::SkipEmptyParts);
        QVERIFY(ours.size() >= 2);
        const QString ourTail = ours[0].mid(ours[0].indexOf(" -- ")).trimmed();
        for (const LogBlock& b : blocks) {
            if (!b.header.startsWith(tx ? "Tx" : "Rx") || b.timestamp != ours[1])
                continue;
            if (b.header.mid(b.header.indexOf(" -- ")).trimmed() != ourTail)
                continue;
            QCOMPARE(ours.mid(2), b.ies);
            ++matched;
            break;
        }
    }
    // Every clear frame this side sent or received appears in its log (Asterisk logs both).
    QVERIFY(clear > 0);
    QCOMPARE(matched, clear);
}

void TstFrames::malformed_data()
{
    QTest::addColumn<std::vector<std::uint8_t>>("data");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << std::vector<std::uint8_t> {} << "empty";
    QTest::newRow("1 byte full") << bytes({ 0x80 }) << "too-short";
    QTest::newRow("1 byte mini") << bytes({ 0x01 }) << "too-short";
    QTest::newRow("3 bytes mini") << bytes({ 0x01, 0x02, 0x03 }) << "too-short";
    QTest::newRow("11-byte full header") << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 6 }) << "too-short";
    QTest::newRow("subclass 0xC1") << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0xC1 }) << "bad-subclass";
    QTest::newRow("subclass 0xC0") << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 4, 0xC0 }) << "bad-subclass";
    QTest::newRow("subclass 0xFE") << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 6, 0xFE }) << "bad-subclass";
    QTest::newRow("subclass 0x81 non-canonical")
        << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0x81 }) << "bad-subclass";
    QTest::newRow("video 0xC0 non-canonical") << bytes({ 0x80, 1, 0, 0, 0, 0, 0, 1, 0, 0, 3, 0xC0 }) << "bad-subclass";
    QTest::newRow("meta 2 bytes") << bytes({ 0, 0 }) << "bad-meta";
    QTest::newRow("meta 3 bytes") << bytes({ 0, 0, 1 }) << "bad-meta";
    QTest::newRow("meta video 5 bytes") << bytes({ 0, 0, 0x80, 1, 0 }) << "bad-meta";
    QTest::newRow("meta trunk 7 bytes") << bytes({ 0, 0, 1, 0, 0, 0, 0 }) << "bad-meta";
    QTest::newRow("meta unknown cmd") << bytes({ 0, 0, 2, 0, 0, 0, 0, 0 }) << "bad-meta";
    QTest::newRow("trunk entry header cut") << bytes({ 0, 0, 1, 0, 0, 0, 0, 9, 0, 5, 0 }) << "truncated-trunk";
    QTest::newRow("trunk entry past end")
        << bytes({ 0, 0, 1, 0, 0, 0, 0, 9, 0, 5, 0, 4, 1, 2, 3 }) << "truncated-trunk";
    QTest::newRow("trunk ts entry past end")
        << bytes({ 0, 0, 1, 1, 0, 0, 0, 9, 0, 2, 0, 5, 0, 7, 1 }) << "truncated-trunk";
    QTest::newRow("trunk ts entry header cut") << bytes({ 0, 0, 1, 1, 0, 0, 0, 9, 0, 2, 0, 5, 0 }) << "truncated-trunk";
}

void TstFrames::malformed()
{
    QFETCH(std::vector<std::uint8_t>, data);
    QFETCH(QString, code);
    const auto r = decodeDatagram(data);
    QCOMPARE(errorCode(r), code);
    QVERIFY(!r.error().reason.empty());
}

void TstFrames::subclassCoding()
{
    // Canonical encodings and their inverse.
    for (std::int64_t v = 0; v < 128; ++v) {
        auto e = encodeSubclass(v);
        QVERIFY(e.ok());
        QCOMPARE(int(*e), int(v));
        QCOMPARE(*decodeSubclass(*e), v);
    }
    for (unsigned n = 7; n < 64; ++n) {
        const auto v = static_cast<std::int64_t>(std::uint64_t(1) << n);
        auto e = encodeSubclass(v);
        QVERIFY(e.ok());
        QCOMPARE(int(*e), int(0x80 | n));
        QCOMPARE(*decodeSubclass(*e), v);
    }
    QCOMPARE(int(*encodeSubclass(-1)), 0xFF);
    QCOMPARE(*decodeSubclass(0xFF), std::int64_t(-1));
    QCOMPARE(*decodeSubclass(0x82 + 32), std::int64_t(1) << 34); // Opus as a format
    // Not encodable.
    for (std::int64_t bad : { std::int64_t(129), std::int64_t(-2), std::int64_t(3) << 20 }) {
        auto e = encodeSubclass(bad);
        QVERIFY(!e.ok());
        QCOMPARE(QString::fromStdString(e.error().code), QStringLiteral("bad-subclass"));
    }
    // Shift above 63 (bit 0x40 with C) and non-canonical small shifts are refused.
    for (int b = 0xC0; b < 0xFF; ++b)
        QVERIFY(!decodeSubclass(std::uint8_t(b)).ok());
    for (int b = 0x80; b < 0x87; ++b)
        QVERIFY(!decodeSubclass(std::uint8_t(b)).ok());
}

void TstFrames::videoMark()
{
    // VIDEO: bit 0x40 of the subclass byte is the end-of-picture mark, not part of the value.
    auto r = decodeFullFrame(bytes({ 0x80, 1, 0, 2, 0, 0, 0, 9, 3, 4, 3, 0x80 | 0x40 | 19, 0xAA }));
    QVERIFY(r.ok());
    QCOMPARE(r->subclass, std::int64_t(1) << 19);
    QVERIFY(r->videoMark);
    QCOMPARE(r->payload, bytes({ 0xAA }));
    QCOMPARE(encode(*r), bytes({ 0x80, 1, 0, 2, 0, 0, 0, 9, 3, 4, 3, 0x80 | 0x40 | 19, 0xAA }));

    FullFrame f;
    f.type = std::uint8_t(FrameType::Video);
    f.subclass = 64; // must not collide with the mark: goes out in shift form
    f.scall = 1;
    QCOMPARE(int(encode(f)[11]), 0x86);
    f.videoMark = true;
    QCOMPARE(int(encode(f)[11]), 0xC6);
    QCOMPARE(*decodeFullFrame(encode(f)), f);
}

void TstFrames::metaLayouts()
{
    // Video mini: 0x0000, 1|callno, mark|ts15, payload.
    auto v = decodeDatagram(bytes({ 0, 0, 0x80 | 0x12, 0x34, 0x80 | 0x01, 0x02, 7, 8 }));
    QVERIFY(v.ok());
    QVERIFY(std::holds_alternative<MetaVideoFrame>(*v));
    const auto& vf = std::get<MetaVideoFrame>(*v);
    QCOMPARE(int(vf.callno), 0x1234);
    QCOMPARE(int(vf.timestamp), 0x0102);
    QVERIFY(vf.mark);
    QCOMPARE(vf.payload, bytes({ 7, 8 }));

    // Trunk without timestamps: entries are callno(16), len(16), data.
    auto t = decodeDatagram(bytes({ 0, 0, 1, 0, 0, 0, 1, 0, 0, 5, 0, 2, 0xA, 0xB, 0, 6, 0, 0 }));
    QVERIFY(t.ok());
    QVERIFY(std::holds_alternative<MetaTrunkFrame>(*t));
    const auto& tf = std::get<MetaTrunkFrame>(*t);
    QCOMPARE(tf.timestamp, std::uint32_t(256));
    QCOMPARE(int(tf.entries.size()), 2);
    QCOMPARE(int(tf.entries[0].callno), 5);
    QCOMPARE(tf.entries[0].payload, bytes({ 0xA, 0xB }));
    QVERIFY(!tf.entries[0].hasTimestamp);
    QCOMPARE(int(tf.entries[1].callno), 6);
    QVERIFY(tf.entries[1].payload.empty());

    // Trunk with timestamps (cmddata bit 0): entries are len(16), callno(16), ts(16), data.
    auto tt = decodeDatagram(bytes({ 0, 0, 1, 1, 0, 0, 0, 2, 0, 1, 0, 7, 0, 40, 0x55 }));
    QVERIFY(tt.ok());
    const auto& ttf = std::get<MetaTrunkFrame>(*tt);
    QCOMPARE(int(ttf.entries.size()), 1);
    QCOMPARE(int(ttf.entries[0].callno), 7);
    QVERIFY(ttf.entries[0].hasTimestamp);
    QCOMPARE(int(ttf.entries[0].timestamp), 40);
    QCOMPARE(ttf.entries[0].payload, bytes({ 0x55 }));
    QCOMPARE(encode(*tt), bytes({ 0, 0, 1, 1, 0, 0, 0, 2, 0, 1, 0, 7, 0, 40, 0x55 }));

    // As in Asterisk, only cmddata == 1 means timestamps; other values use the plain layout.
    auto t3 = decodeDatagram(bytes({ 0, 0, 1, 3, 0, 0, 0, 2, 0, 9, 0, 1, 0x77 }));
    QVERIFY(t3.ok());
    const auto& t3f = std::get<MetaTrunkFrame>(*t3);
    QCOMPARE(int(t3f.entries.size()), 1);
    QCOMPARE(int(t3f.entries[0].callno), 9);
    QVERIFY(!t3f.entries[0].hasTimestamp);
    QCOMPARE(encode(*t3), bytes({ 0, 0, 1, 3, 0, 0, 0, 2, 0, 9, 0, 1, 0x77 }));

    // An empty trunk (header only) is valid.
    auto te = decodeDatagram(bytes({ 0, 0, 1, 0, 1, 2, 3, 4 }));
    QVERIFY(te.ok());
    QVERIFY(std::get<MetaTrunkFrame>(*te).entries.empty());
}

void TstFrames::notFull()
{
    auto r = decodeFullFrame(bytes({ 0x00, 0x05, 0x00, 0x10, 1, 2, 3 }));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("not-full"));
    auto e = decodeFullFrame({});
    QCOMPARE(QString::fromStdString(e.error().code), QStringLiteral("empty"));
}

void TstFrames::names()
{
    QCOMPARE(QString::fromStdString(frameTypeName(6)), QStringLiteral("IAX"));
    QCOMPARE(QString::fromStdString(frameTypeName(12)), QStringLiteral("DTMF_BEGIN"));
    QCOMPARE(QString::fromStdString(frameTypeName(13)), QStringLiteral("(13?)"));
    QCOMPARE(QString::fromStdString(frameTypeName(0)), QStringLiteral("(0?)"));
    QCOMPARE(QString::fromStdString(subclassName(6, 40)), QStringLiteral("CALLTOKEN"));
    QCOMPARE(QString::fromStdString(subclassName(6, 39)), QStringLiteral("RTKEY"));
    QCOMPARE(QString::fromStdString(subclassName(6, 77)), QStringLiteral("(77?)"));
    QCOMPARE(QString::fromStdString(subclassName(4, 20)), QStringLiteral("SRCUPDATE"));
    QCOMPARE(QString::fromStdString(subclassName(4, -1)), QStringLiteral("(-1)"));
    QCOMPARE(QString::fromStdString(subclassName(1, '5')), QStringLiteral("'5'"));
    QCOMPARE(QString::fromStdString(subclassName(2, std::int64_t(1) << 34)), QStringLiteral("fmt=0x400000000"));
    QCOMPARE(QString::fromStdString(subclassName(7, 0)), QStringLiteral("0"));

    FullFrame f;
    f.scall = 14758;
    f.timestamp = 7;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::New);
    f.payload = IeList().addU16(IeId::Version, 2).addString(IeId::CalledNumber, "100").encode();
    const std::string text = formatFrameAsterisk(f, Direction::Tx, "127.0.0.2:4569");
    QCOMPARE(QString::fromStdString(text),
        QStringLiteral("Tx-Frame Retry[ No] -- OSeqno: 000 ISeqno: 000 Type: IAX     Subclass: NEW    \n"
                       "   Timestamp: 00007ms  SCall: 14758  DCall: 00000 127.0.0.2:4569\n"
                       "   VERSION         : 2\n"
                       "   CALLED NUMBER   : 100\n"));
    f.retransmission = true;
    f.payload = { 1, 9, 'x' };
    const std::string bad = formatFrameAsterisk(f, Direction::Rx, "p");
    QVERIFY(bad.find("Rx-Frame Retry[Yes]") == 0);
    QVERIFY(bad.find("malformed IEs") != std::string::npos);
}

void TstFrames::needsAck()
{
    FullFrame f;
    f.type = std::uint8_t(FrameType::Iax);
    for (auto c : { IaxCommand::Ack, IaxCommand::Inval, IaxCommand::TxCnt, IaxCommand::TxAcc, IaxCommand::Vnak,
             IaxCommand::CallToken }) {
        f.subclass = std::int64_t(c);
        QVERIFY(!frameNeedsAck(f));
    }
    for (auto c : { IaxCommand::New, IaxCommand::Hangup, IaxCommand::Accept, IaxCommand::AuthRep, IaxCommand::RegReq,
             IaxCommand::Pong, IaxCommand::RtKey, IaxCommand::Ping }) {
        f.subclass = std::int64_t(c);
        QVERIFY(frameNeedsAck(f));
    }
    f.type = std::uint8_t(FrameType::Voice);
    f.subclass = 4; // same number as IAX ACK, but a voice frame
    QVERIFY(frameNeedsAck(f));
    f.type = std::uint8_t(FrameType::Control);
    f.subclass = -1;
    QVERIFY(frameNeedsAck(f));
}

void TstFrames::roundTripProperty()
{
    SeededRandom rng(0x1A2B3C4D5E6F7788ULL);
    int counts[4] = { 0, 0, 0, 0 };
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const Datagram d = randomDatagram(rng);
        ++counts[d.index()];
        const auto wire = encode(d);
        auto back = decodeDatagram(wire);
        if (!back.ok())
            QFAIL(qPrintable(QString("iteration %1: %2").arg(i).arg(QString::fromStdString(back.error().reason))));
        if (!(*back == d))
            QFAIL(qPrintable(QString("iteration %1: decoded frame differs").arg(i)));
        QVERIFY(encode(*back) == wire);
        if (const auto* f = std::get_if<FullFrame>(&d); f && f->type == std::uint8_t(FrameType::Iax)) {
            auto ies = f->ies();
            QVERIFY(ies.ok());
            QVERIFY(ies->encode() == f->payload);
        }
    }
    for (int c : counts)
        QVERIFY(c > n / 8); // every kind was exercised
}

void TstFrames::garbageNeverCrashes()
{
    SeededRandom rng(42);
    int ok = 0;
    for (int i = 0; i < 20000; ++i) {
        auto junk = randomBytes(rng, rng.uniform(0, 64));
        auto r = decodeDatagram(junk);
        if (r.ok()) {
            ++ok;
            // Whatever decodes must re-encode to the same bytes.
            QVERIFY(encode(*r) == junk);
            if (auto* f = std::get_if<FullFrame>(&*r)) {
                (void)f->ies();
                (void)formatFrameAsterisk(*f, Direction::Rx, "x");
            }
        } else {
            QVERIFY(!r.error().code.empty());
        }
    }
    QVERIFY(ok > 0);
}

// The clear header before decryption: what the Engine routes by and the capture decoder reports.
void TstFrames::headerPeek()
{
    QVERIFY(!peekHeader(std::vector<std::uint8_t> { 0x80, 0x01, 0x00 }));
    FullFrame f;
    f.scall = 0x7ABC;
    f.dcall = 0x1234;
    f.retransmission = true;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::Ping);
    auto h = peekHeader(encode(f));
    QVERIFY(h);
    QCOMPARE(h->kind, HeaderPeek::Kind::Full);
    QCOMPARE(int(h->scall), 0x7ABC);
    QCOMPARE(int(h->dcall), 0x1234);
    QVERIFY(h->retransmission);
    // Only the first 4 bytes count: a truncated full frame still peeks.
    const auto bytes = encode(f);
    QCOMPARE(peekHeader(std::span(bytes).first(4))->dcall, std::uint16_t(0x1234));
    h = peekHeader(encode(MiniFrame { 0x7FFF, 0xFFFF, { 1, 2 } }));
    QVERIFY(h);
    QCOMPARE(h->kind, HeaderPeek::Kind::Mini);
    QCOMPARE(int(h->scall), 0x7FFF);
    QCOMPARE(int(h->dcall), 0);
    QVERIFY(!h->retransmission);
    MetaTrunkFrame t;
    t.entries.push_back({ 5, false, 0, { 9 } });
    h = peekHeader(encode(t));
    QVERIFY(h);
    QCOMPARE(h->kind, HeaderPeek::Kind::Meta);
}

// A mini frame's 16-bit timestamp against the sender's last full one: the nearest value, never
// before the call's start, and across the 32-bit wrap.
void TstFrames::miniTimestampUnwrap()
{
    QCOMPARE(unwrapMiniTimestamp(0x1234, 0x00051000), 0x00051234u);
    // The low 16 bits wrapped forwards after the last full frame.
    QCOMPARE(unwrapMiniTimestamp(0x0010, 0x0005FFF0), 0x00060010u);
    // A mini frame from just before the last full frame (reordered across the wrap).
    QCOMPARE(unwrapMiniTimestamp(0xFFF0, 0x00060010), 0x0005FFF0u);
    // Exactly half the range away either way: no step.
    QCOMPARE(unwrapMiniTimestamp(0x8000, 0x00000000), 0x00008000u);
    QCOMPARE(unwrapMiniTimestamp(0x0000, 0x00058000), 0x00050000u);
    // Just over half: the step is taken.
    QCOMPARE(unwrapMiniTimestamp(0x0000, 0x00058001), 0x00060000u);
    QCOMPARE(unwrapMiniTimestamp(0x8002, 0x00060001), 0x00058002u);
    // In the call's first 65.536 s nothing lies before 0 (the first voice after a 40 s wait).
    QCOMPARE(unwrapMiniTimestamp(0x9C40, 0x00000000), 0x00009C40u);
    QCOMPARE(unwrapMiniTimestamp(0xF000, 0x00000100), 0x0000F000u);
    // The 32-bit wrap, forwards and back.
    QCOMPARE(unwrapMiniTimestamp(0x0005, 0xFFFFFFF0), 0x00000005u);
    QCOMPARE(unwrapMiniTimestamp(0xFFF0, 0xFFFFFFF0), 0xFFFFFFF0u);
    QCOMPARE(unwrapMiniTimestamp(0xFFF0, 0x00010005), 0x0000FFF0u);
}

QTEST_GUILESS_MAIN(TstFrames)
#include "tst_frames.moc"
