// Capture reading: every link type we claim, IPv4/IPv6, fragments, truncation, port filter,
// pcapng, and unreadable files.
#include "core/analysis/pcap_reader.h"
#include "tests/support/pcap_writer.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace iax::core;
using iax::test::Endpoint;
using iax::test::LinkType;
using iax::test::PcapWriter;

Q_DECLARE_METATYPE(iax::test::LinkType)

namespace {

const std::vector<std::uint8_t> kPayload { 0x80, 0x01, 0x00, 0x00, 0, 0, 0, 7, 0, 0, 6, 4 };

std::array<std::uint8_t, 16> v6Addr(std::uint8_t last)
{
    std::array<std::uint8_t, 16> a {};
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = 0xb8;
    a[15] = last;
    return a;
}

} // namespace

class TstPcapReader : public QObject {
    Q_OBJECT

private slots:
    void linkTypes_data();
    void linkTypes();
    void ipv6_data();
    void ipv6();
    void skipsAndFilters();
    void pcapng();
    void openFailed();
    void interopCapture();
    void bytesReadAsTheFile_data();
    void bytesReadAsTheFile();
    void bytesNotACapture();

private:
    QTemporaryDir m_dir;
};

void TstPcapReader::linkTypes_data()
{
    QTest::addColumn<LinkType>("link");
    QTest::newRow("loopback") << LinkType::Loopback;
    QTest::newRow("ethernet") << LinkType::Ethernet;
    QTest::newRow("raw") << LinkType::RawIp;
    QTest::newRow("linux-sll") << LinkType::LinuxSll;
}

void TstPcapReader::linkTypes()
{
    QFETCH(LinkType, link);
    const QString path = m_dir.filePath(QString("link-%1.pcap").arg(int(link)));
    {
        PcapWriter w(path.toStdString(), link);
        QVERIFY2(w.ok(), w.error().c_str());
        w.writeUdp(Endpoint::v4(127, 0, 0, 1, 4569), Endpoint::v4(127, 0, 0, 2, 4569), kPayload);
        w.writeUdp(Endpoint::v4(10, 1, 2, 3, 40000), Endpoint::v4(192, 168, 0, 1, 4569), {});
    }
    std::size_t skipped = 99;
    auto r = readUdpCapture(path.toStdString(), 0, &skipped);
    QVERIFY(r.ok());
    QCOMPARE(skipped, std::size_t(0));
    QCOMPARE(int(r->size()), 2);
    const auto& a = (*r)[0];
    QCOMPARE(a.packetNumber, std::size_t(1));
    QCOMPARE(a.src, std::string("127.0.0.1:4569"));
    QCOMPARE(a.dst, std::string("127.0.0.2:4569"));
    QCOMPARE(int(a.srcPort), 4569);
    QCOMPARE(a.payload, kPayload);
    QCOMPARE(a.timestamp, 1700000000.0);
    const auto& b = (*r)[1];
    QCOMPARE(b.packetNumber, std::size_t(2));
    QCOMPARE(b.src, std::string("10.1.2.3:40000"));
    QCOMPARE(b.dst, std::string("192.168.0.1:4569"));
    QVERIFY(b.payload.empty());
    QVERIFY(qAbs(b.timestamp - 1700000000.02) < 1e-6);
}

void TstPcapReader::ipv6_data()
{
    QTest::addColumn<LinkType>("link");
    QTest::newRow("ethernet") << LinkType::Ethernet;
    QTest::newRow("raw") << LinkType::RawIp;
    QTest::newRow("linux-sll") << LinkType::LinuxSll;
}

void TstPcapReader::ipv6()
{
    QFETCH(LinkType, link);
    const QString path = m_dir.filePath(QString("v6-%1.pcap").arg(int(link)));
    {
        PcapWriter w(path.toStdString(), link);
        QVERIFY(w.ok());
        w.writeUdp(Endpoint::v6(v6Addr(1), 4569), Endpoint::v6(v6Addr(2), 5000), kPayload);
        std::array<std::uint8_t, 16> loop {};
        loop[15] = 1;
        w.writeUdp(Endpoint::v6(loop, 1),
            Endpoint::v6(
                std::array<std::uint8_t, 16> { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34 }, 2),
            kPayload);
    }
    auto r = readUdpCapture(path.toStdString());
    QVERIFY(r.ok());
    QCOMPARE(int(r->size()), 2);
    QCOMPARE((*r)[0].src, std::string("[2001:db8::1]:4569"));
    QCOMPARE((*r)[0].dst, std::string("[2001:db8::2]:5000"));
    QCOMPARE((*r)[0].payload, kPayload);
    QCOMPARE((*r)[1].src, std::string("[::1]:1"));
    QCOMPARE((*r)[1].dst, std::string("[fe80::1234]:2"));
}

void TstPcapReader::skipsAndFilters()
{
    const QString path = m_dir.filePath("mixed.pcap");
    const Endpoint a = Endpoint::v4(127, 0, 0, 1, 4569);
    const Endpoint b = Endpoint::v4(127, 0, 0, 2, 4569);
    const Endpoint other = Endpoint::v4(127, 0, 0, 3, 53);
    {
        PcapWriter w(path.toStdString(), LinkType::Ethernet);
        QVERIFY(w.ok());
        w.writeUdp(a, b, kPayload); // 1: kept
        auto tcp = w.buildUdp(a, b, kPayload);
        tcp[14 + 9] = 6; // 2: protocol TCP -> skipped
        w.writePacket(tcp);
        auto frag = w.buildUdp(a, b, kPayload);
        frag[14 + 6] = 0x20; // 3: later fragment (offset 8 * 0x20...) -> skipped
        frag[14 + 7] = 0x10;
        w.writePacket(frag);
        auto firstFrag = w.buildUdp(a, b, kPayload);
        firstFrag[14 + 6] = 0x20; // 4: first fragment (MF set, offset 0) -> kept
        firstFrag[14 + 7] = 0x00;
        w.writePacket(firstFrag);
        auto cut = w.buildUdp(a, b, kPayload);
        cut.resize(cut.size() - 3); // 5: UDP length beyond captured bytes -> skipped
        w.writePacket(cut);
        auto arp = w.buildUdp(a, b, kPayload);
        arp[12] = 0x08; // 6: ethertype ARP -> skipped
        arp[13] = 0x06;
        w.writePacket(arp);
        w.writePacket(std::vector<std::uint8_t>(10, 0)); // 7: runt -> skipped
        auto opts = w.buildUdp(a, b, kPayload); // 8: IPv4 with 4 bytes of options (IHL 6) -> kept
        opts[14] = 0x46;
        opts[14 + 3] = static_cast<std::uint8_t>(opts[14 + 3] + 4); // total length (small: no carry)
        opts.insert(opts.begin() + 14 + 20, { 1, 1, 1, 0 });
        w.writePacket(opts);
        w.writeUdp(other, Endpoint::v4(127, 0, 0, 4, 5353), kPayload); // 9: other ports: kept unless filtered
        auto badIhl = w.buildUdp(a, b, kPayload); // 10: IHL 4 (< 20 bytes) -> skipped
        badIhl[14] = 0x44;
        w.writePacket(badIhl);
    }
    std::size_t skipped = 0;
    auto r = readUdpCapture(path.toStdString(), 0, &skipped);
    QVERIFY(r.ok());
    QCOMPARE(skipped, std::size_t(6));
    QCOMPARE(int(r->size()), 4);
    QCOMPARE((*r)[0].packetNumber, std::size_t(1));
    QCOMPARE((*r)[1].packetNumber, std::size_t(4));
    QCOMPARE((*r)[2].packetNumber, std::size_t(8));
    QCOMPARE((*r)[2].payload, kPayload);
    QCOMPARE((*r)[3].packetNumber, std::size_t(9));

    auto filtered = readUdpCapture(path.toStdString(), 4569, &skipped);
    QVERIFY(filtered.ok());
    QCOMPARE(int(filtered->size()), 3);
    QCOMPARE(skipped, std::size_t(6));
}

void TstPcapReader::pcapng()
{
    // A minimal pcapng (SHB, IDB with LINKTYPE_RAW, one EPB) written by hand.
    const std::vector<std::uint8_t> pkt = PcapWriter::buildUdp(
        LinkType::RawIp, Endpoint::v4(1, 2, 3, 4, 4569), Endpoint::v4(5, 6, 7, 8, 4570), kPayload);
    std::vector<std::uint8_t> f;
    auto le32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            f.push_back(std::uint8_t(v >> (8 * i)));
    };
    auto le16 = [&](std::uint16_t v) {
        f.push_back(std::uint8_t(v));
        f.push_back(std::uint8_t(v >> 8));
    };
    // Section header block.
    le32(0x0A0D0D0A);
    le32(28);
    le32(0x1A2B3C4D);
    le16(1);
    le16(0);
    le32(0xFFFFFFFF);
    le32(0xFFFFFFFF);
    le32(28);
    // Interface description block: LINKTYPE_RAW (101), snaplen 65535.
    le32(1);
    le32(20);
    le16(101);
    le16(0);
    le32(65535);
    le32(20);
    // Enhanced packet block.
    const std::uint32_t padded = (std::uint32_t(pkt.size()) + 3) & ~3U;
    const std::uint32_t total = 32 + padded;
    le32(6);
    le32(total);
    le32(0);
    le32(0);
    le32(1000000); // timestamp (microseconds): 1.0 s
    le32(std::uint32_t(pkt.size()));
    le32(std::uint32_t(pkt.size()));
    f.insert(f.end(), pkt.begin(), pkt.end());
    f.resize(f.size() + (padded - pkt.size()), 0);
    le32(total);

    const QString path = m_dir.filePath("one.pcapng");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(reinterpret_cast<const char*>(f.data()), qint64(f.size()));
    out.close();

    auto r = readUdpCapture(path.toStdString());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().reason.c_str());
    QCOMPARE(int(r->size()), 1);
    QCOMPARE((*r)[0].src, std::string("1.2.3.4:4569"));
    QCOMPARE((*r)[0].dst, std::string("5.6.7.8:4570"));
    QCOMPARE((*r)[0].payload, kPayload);
    QCOMPARE((*r)[0].timestamp, 1.0);
}

void TstPcapReader::openFailed()
{
    auto missing = readUdpCapture(m_dir.filePath("does-not-exist.pcap").toStdString());
    QVERIFY(!missing.ok());
    QCOMPARE(QString::fromStdString(missing.error().code), QStringLiteral("open-failed"));
    QVERIFY(missing.error().reason.find("does-not-exist.pcap") != std::string::npos);

    const QString junk = m_dir.filePath("junk.pcap");
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a capture file at all");
    f.close();
    auto r = readUdpCapture(junk.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("open-failed"));
}

void TstPcapReader::interopCapture()
{
    // The real capture: Linux loopback as written by tcpdump on `lo`.
    std::size_t skipped = 1;
    auto r = readUdpCapture(IAX_TEST_DATA "/interop/register-md5/register-md5.pcap", 4569, &skipped);
    QVERIFY(r.ok());
    QCOMPARE(int(r->size()), 7);
    QCOMPARE(skipped, std::size_t(0));
    QCOMPARE((*r)[0].src, std::string("127.0.0.1:4569"));
    QCOMPARE(int((*r)[0].payload.size()), 33);
    QVERIFY(qAbs((*r)[0].timestamp - 1795345671.003962) < 1e-5);
}

void TstPcapReader::bytesReadAsTheFile_data()
{
    // Every capture the suite has (every link type and pcapng among them) and every committed
    // input of fuzz_pcap (damaged headers, truncated records, odd link types): what fuzz_pcap
    // reads from memory is what the file gives.
    QTest::addColumn<QString>("path");
    int rows = 0;
    for (const QString& dir : { QStringLiteral(IAX_TEST_DATA), QStringLiteral(IAX_TEST_DATA "/../fuzz/corpus/pcap") }) {
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (dir.endsWith(QLatin1String("pcap")) || path.endsWith(QLatin1String(".pcap"))
                || path.endsWith(QLatin1String(".pcapng"))) {
                QTest::newRow(qPrintable(QDir(dir).relativeFilePath(path))) << path;
                ++rows;
            }
        }
    }
    QVERIFY(rows > 400);
}

void TstPcapReader::bytesReadAsTheFile()
{
#if defined(_WIN32)
    QSKIP("readUdpCaptureBytes() needs POSIX fmemopen()");
#else
    QFETCH(QString, path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    for (std::uint16_t port : { std::uint16_t(0), std::uint16_t(4569) }) {
        std::size_t fileSkipped = 77, memSkipped = 88;
        const auto file = readUdpCapture(path.toStdString(), port, &fileSkipped);
        const auto mem = readUdpCaptureBytes(
            { reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()) }, port, &memSkipped);
        QCOMPARE(mem.ok(), file.ok());
        if (!file.ok()) {
            QCOMPARE(mem.error().code, file.error().code);
            continue;
        }
        QCOMPARE(memSkipped, fileSkipped);
        QCOMPARE(mem->size(), file->size());
        for (std::size_t i = 0; i < file->size(); ++i) {
            const CapturedDatagram& a = (*file)[i];
            const CapturedDatagram& b = (*mem)[i];
            QCOMPARE(b.packetNumber, a.packetNumber);
            QCOMPARE(b.timestamp, a.timestamp);
            QCOMPARE(b.src, a.src);
            QCOMPARE(b.dst, a.dst);
            QCOMPARE(b.srcPort, a.srcPort);
            QCOMPARE(b.dstPort, a.dstPort);
            QCOMPARE(b.payload, a.payload);
        }
    }
#endif
}

void TstPcapReader::bytesNotACapture()
{
#if defined(_WIN32)
    QSKIP("readUdpCaptureBytes() needs POSIX fmemopen()");
#else
    for (const QByteArray& bytes : { QByteArray(), QByteArray("this is not a capture file at all") }) {
        auto r = readUdpCaptureBytes(
            { reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()) });
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("open-failed"));
        QVERIFY(!r.error().reason.empty());
    }
#endif
}

QTEST_GUILESS_MAIN(TstPcapReader)
#include "tst_pcap_reader.moc"
