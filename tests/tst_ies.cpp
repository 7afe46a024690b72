// Information elements: the table, typed accessors, decoding errors, and both printers.
#include "core/protocol/codec_names.h"
#include "core/protocol/constants.h"
#include "core/protocol/information_element.h"

#include <QtTest>

using namespace iax::core;

namespace {

std::vector<std::uint8_t> bytes(std::initializer_list<int> v)
{
    std::vector<std::uint8_t> out;
    for (int b : v)
        out.push_back(static_cast<std::uint8_t>(b));
    return out;
}

QString fmt(const IeList& l, std::size_t i)
{
    return QString::fromStdString(formatIe(l.items().at(i)));
}
QString fmtAst(const IeList& l, std::size_t i)
{
    return QString::fromStdString(formatIeAsterisk(l.items().at(i)));
}

} // namespace

class TstIes : public QObject {
    Q_OBJECT

private slots:
    void table();
    void buildAndEncode();
    void typedAccessors();
    void decodeErrors_data();
    void decodeErrors();
    void unknownKept();
    void oversizeRefused();
    void textShortenedOnCharacterBoundary();
    void printers_data();
    void printers();
    void asteriskPrinters_data();
    void asteriskPrinters();
    void codecNames();
};

void TstIes::table()
{
    // Every RFC 5456 IE plus Asterisk's 43, 54..57 is in the table, with both spellings.
    for (int id = 1; id <= 57; ++id) {
        const IeInfo* info = ieInfo(std::uint8_t(id));
        QVERIFY2(info, qPrintable(QString::number(id)));
        QCOMPARE(int(info->id), id);
        QVERIFY(info->name && *info->name);
        QVERIFY(info->asteriskName && *info->asteriskName);
        QVERIFY(info->print && info->printAsterisk);
    }
    QVERIFY(!ieInfo(0));
    QVERIFY(!ieInfo(58));
    QVERIFY(!ieInfo(255));
    QCOMPARE(QString(ieInfo(1)->name), QStringLiteral("CALLED_NUMBER"));
    QCOMPARE(QString(ieInfo(1)->asteriskName), QStringLiteral("CALLED NUMBER"));
    QCOMPARE(QString(ieInfo(43)->name), QStringLiteral("ENCRYPTION"));
    QCOMPARE(QString(ieInfo(54)->name), QStringLiteral("CALLTOKEN"));
    QCOMPARE(QString(ieInfo(55)->name), QStringLiteral("CAPABILITY2"));
    QCOMPARE(QString(ieInfo(56)->name), QStringLiteral("FORMAT2"));
    QCOMPARE(QString(ieInfo(57)->name), QStringLiteral("CALLINGANI2"));
    QCOMPARE(QString::fromStdString(ieName(200)), QStringLiteral("IE_200"));
}

void TstIes::buildAndEncode()
{
    IeList l;
    l.addU16(IeId::Version, 2)
        .addString(IeId::CalledNumber, "dtmf")
        .addU8(IeId::CallingPres, 67)
        .addU32(IeId::Format, 4)
        .addVersionedU64(IeId::Format2, Codec::Opus)
        .addEmpty(IeId::CallToken);
    const auto wire = l.encode();
    QCOMPARE(wire,
        bytes({ 11, 2, 0, 2, 1, 4, 'd', 't', 'm', 'f', 38, 1, 67, 9, 4, 0, 0, 0, 4, 56, 9, 0, 0, 0, 0, 4, 0, 0, 0, 0,
            54, 0 }));
    auto back = IeList::decode(wire);
    QVERIFY(back.ok());
    QCOMPARE(*back, l);
    QCOMPARE(int(back->items().back().id), int(IeId::CallToken)); // order kept: CALLTOKEN last
    std::vector<std::uint8_t> appended { 0xEE };
    l.encodeTo(appended);
    QCOMPARE(appended.size(), wire.size() + 1);
    QCOMPARE(IeList::decode({})->empty(), true);

    // Maximum length is 255 bytes.
    IeList big;
    big.addString(IeId::Variable, std::string(255, 'v'));
    auto bigBack = IeList::decode(big.encode());
    QVERIFY(bigBack.ok());
    QCOMPARE(int(bigBack->items()[0].data.size()), 255);
}

void TstIes::oversizeRefused()
{
    // 256 bytes do not fit the length byte: refused at run time (Release too), never truncated.
    for (std::size_t n : { std::size_t(256), std::size_t(300), std::size_t(70000) }) {
        IeList l;
        l.addU16(IeId::Version, 2).addString(IeId::CalledNumber, std::string(n, '1')).addU16(IeId::Encryption, 1);
        QVERIFY(l.error());
        QCOMPARE(QString::fromStdString(l.error()->code), QStringLiteral("ie-too-long"));
        QCOMPARE(QString::fromStdString(l.error()->reason),
            QStringLiteral("CALLED_NUMBER is %1 bytes; an IAX2 information element carries at most 255").arg(n));
        QVERIFY(!l.encodeChecked().ok());
        QCOMPARE(l.encodeChecked().error().code, std::string("ie-too-long"));
        QVERIFY(!l.has(IeId::CalledNumber));
        // What encode() writes (without the refused IE) still parses as exactly the other IEs.
        auto back = IeList::decode(l.encode());
        QVERIFY(back.ok());
        QCOMPARE(back->items().size(), std::size_t(2));
        QCOMPARE(*back->getU16(IeId::Encryption), std::uint16_t(1));
    }
    // The first refused IE is the one reported.
    IeList two;
    two.addRaw(200, std::vector<std::uint8_t>(256)).addString(IeId::RsaResult, std::string(344, 'A'));
    QVERIFY(QString::fromStdString(two.error()->reason).startsWith(QLatin1String("IE_200 is 256 bytes")));
    // 255 is fine, and a list without an error encodes through the checked path too.
    IeList ok;
    ok.addString(IeId::RsaResult, std::string(255, 'A'));
    QVERIFY(!ok.error());
    QCOMPARE(ok.encodeChecked().value(), ok.encode());
    QVERIFY(!ieSizeProblem(1, 255));
    QVERIFY(ieSizeProblem(1, 256));
}

void TstIes::textShortenedOnCharacterBoundary()
{
    IeList l;
    l.addText(IeId::Cause, std::string(300, 'x'));
    QCOMPARE(l.getString(IeId::Cause)->size(), std::size_t(255));
    std::string euro; // U+20AC is 3 bytes: 85 of them are 255 bytes, 86 are cut to 85
    for (int i = 0; i < 86; ++i)
        euro += "\xe2\x82\xac";
    IeList e;
    e.addText(IeId::Cause, euro);
    QCOMPARE(*e.getString(IeId::Cause), euro.substr(0, 255));
    IeList e2;
    e2.addText(IeId::Cause, "a" + euro); // byte 255 is inside a character: cut before it
    QCOMPARE(*e2.getString(IeId::Cause), ("a" + euro).substr(0, 253));
    QVERIFY(!e.error() && !e2.error() && !l.error());
    IeList shortText;
    shortText.addText(IeId::Cause, "Normal Clearing");
    QCOMPARE(*shortText.getString(IeId::Cause), std::string("Normal Clearing"));
}

void TstIes::typedAccessors()
{
    IeList l;
    l.addU16(IeId::AuthMethods, AuthMethod::Md5 | AuthMethod::Rsa)
        .addString(IeId::Challenge, "754882620")
        .addU32(IeId::Capability, 0x12345678)
        .addU8(IeId::CauseCode, 16)
        .addVersionedU64(IeId::Capability2, Codec::Ulaw | Codec::Opus)
        .addString(IeId::Username, "first")
        .addString(IeId::Username, "second");
    QCOMPARE(*l.getU16(IeId::AuthMethods), std::uint16_t(6));
    QCOMPARE(*l.getString(IeId::Challenge), std::string("754882620"));
    QCOMPARE(*l.getU32(IeId::Capability), std::uint32_t(0x12345678));
    QCOMPARE(*l.getU8(IeId::CauseCode), std::uint8_t(16));
    QCOMPARE(*l.getVersionedU64(IeId::Capability2), Codec::Ulaw | Codec::Opus);
    QCOMPARE(*l.getString(IeId::Username), std::string("first")); // first wins
    QVERIFY(l.has(IeId::Challenge));
    QVERIFY(!l.has(IeId::Password));
    // Absent or wrong length -> nullopt.
    QVERIFY(!l.getString(IeId::Password));
    QVERIFY(!l.getU16(IeId::Capability));
    QVERIFY(!l.getU32(IeId::AuthMethods));
    QVERIFY(!l.getU8(IeId::AuthMethods));
    QVERIFY(!l.getVersionedU64(IeId::Capability));
    QVERIFY(!l.getU16(IeId::Refresh));
}

void TstIes::decodeErrors_data()
{
    QTest::addColumn<std::vector<std::uint8_t>>("data");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("lone id byte") << bytes({ 11 }) << "header truncated";
    QTest::newRow("header cut after an IE") << bytes({ 11, 2, 0, 2, 1 }) << "header truncated";
    QTest::newRow("length past end") << bytes({ 1, 5, 'a', 'b' }) << "claims 5 bytes";
    QTest::newRow("second IE past end") << bytes({ 11, 2, 0, 2, 6, 200, 'x' }) << "USERNAME claims 200";
    QTest::newRow("unknown IE past end") << bytes({ 99, 1 }) << "IE_99 claims 1";
}

void TstIes::decodeErrors()
{
    QFETCH(std::vector<std::uint8_t>, data);
    QFETCH(QString, reasonPart);
    auto r = IeList::decode(data);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("truncated-ie"));
    QVERIFY2(QString::fromStdString(r.error().reason).contains(reasonPart), r.error().reason.c_str());
}

void TstIes::unknownKept()
{
    const auto wire = bytes({ 200, 3, 0xDE, 0xAD, 0x01, 0, 0, 1, 1, 'x' });
    auto r = IeList::decode(wire);
    QVERIFY(r.ok());
    QCOMPARE(int(r->items().size()), 3);
    QCOMPARE(fmt(*r, 0), QStringLiteral("IE_200(200)[3]=hex:dead01"));
    QCOMPARE(fmt(*r, 1), QStringLiteral("IE_0(0)[0]=hex:"));
    QCOMPARE(fmtAst(*r, 0), QStringLiteral("   Unknown IE 200  : hex:dead01"));
    QCOMPARE(fmtAst(*r, 1), QStringLiteral("   Unknown IE 000  : Present"));
    QCOMPARE(r->encode(), wire);
}

void TstIes::printers_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<std::vector<std::uint8_t>>("data");
    QTest::addColumn<QString>("expected");
    // Forms taken from tests/data/interop/*/decoded.json.
    QTest::newRow("VERSION plain") << 11 << bytes({ 0, 2 }) << "VERSION(11)[2]=2";
    QTest::newRow("string") << 1 << bytes({ 'd', 't', 'm', 'f' }) << "CALLED_NUMBER(1)[4]='dtmf'";
    QTest::newRow("prefs") << 45 << bytes({ 'D' }) << "CODEC_PREFS(45)[1]='D'";
    QTest::newRow("u8") << 38 << bytes({ 67 }) << "CALLINGPRES(38)[1]=67";
    QTest::newRow("causecode") << 42 << bytes({ 16 }) << "CAUSECODE(42)[1]=16";
    QTest::newRow("u16") << 40 << bytes({ 0, 0 }) << "CALLINGTNS(40)[2]=0 (0x0000)";
    QTest::newRow("encryption") << 43 << bytes({ 0x80, 0x01 }) << "ENCRYPTION(43)[2]=32769 (0x8001)";
    QTest::newRow("u32") << 31 << bytes({ 0x35, 0x76, 0x58, 0xea }) << "DATETIME(31)[4]=896948458 (0x357658ea)";
    QTest::newRow("versioned") << 56 << bytes({ 0, 0, 0, 0, 0, 0, 0, 0, 4 })
                               << "FORMAT2(56)[9]=ver=0 0x0000000000000004";
    QTest::newRow("challenge raw key") << 15
                                       << bytes({ 0x8f, 0x21, 0x2a, 0xa6, 0x58, 0xa0, 0x15, 0x44, 0x55, 0xd2, 0xe9,
                                              0xa0, 0x96, 0x44, 0xae, 0xee })
                                       << "CHALLENGE(15)[16]=hex:8f212aa658a0154455d2e9a09644aeee";
    QTest::newRow("addr") << 18 << bytes({ 2, 0, 0x11, 0xd9, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 })
                          << "APPARENT_ADDR(18)[16]=hex:020011d97f0000010000000000000000";
    QTest::newRow("empty calltoken") << 54 << bytes({}) << "CALLTOKEN(54)[0]=''";
    // Wrong sizes fall back to hex rather than failing.
    QTest::newRow("u16 wrong size") << 14 << bytes({ 1 }) << "AUTHMETHODS(14)[1]=hex:01";
    QTest::newRow("u32 wrong size") << 8 << bytes({ 1, 2 }) << "CAPABILITY(8)[2]=hex:0102";
    QTest::newRow("versioned wrong size") << 55 << bytes({ 0, 4 }) << "CAPABILITY2(55)[2]=hex:0004";
    QTest::newRow("unprintable string") << 6 << bytes({ 'a', 0 }) << "USERNAME(6)[2]=hex:6100";
}

void TstIes::printers()
{
    QFETCH(int, id);
    QFETCH(std::vector<std::uint8_t>, data);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(formatIe(InformationElement { std::uint8_t(id), data })), expected);
}

void TstIes::asteriskPrinters_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<std::vector<std::uint8_t>>("data");
    QTest::addColumn<QString>("expected");
    // Forms taken from the Asterisk debug logs in tests/data/interop/*/?-full.log.
    QTest::newRow("version") << 11 << bytes({ 0, 2 }) << "   VERSION         : 2";
    QTest::newRow("called") << 1 << bytes({ 'd', 't', 'm', 'f' }) << "   CALLED NUMBER   : dtmf";
    QTest::newRow("prefs") << 45 << bytes({ 'D' }) << "   CODEC_PREFS     : (ulaw)";
    QTest::newRow("prefs two") << 45 << bytes({ 'D', 'E' }) << "   CODEC_PREFS     : (ulaw|alaw)";
    QTest::newRow("format2") << 56 << bytes({ 0, 0, 0, 0, 0, 0, 0, 0, 4 }) << "   FORMAT2         : ulaw";
    QTest::newRow("cap2 many") << 55 << bytes({ 0, 0, 0, 0, 4, 0, 0, 0, 0x0C })
                               << "   CAPABILITY2     : (ulaw|alaw|opus)";
    QTest::newRow("challenge") << 15 << bytes({ '7', '5' }) << "   CHALLENGE       : \\x37\\x35";
    QTest::newRow("datetime") << 31 << bytes({ 0x35, 0x76, 0x58, 0xea }) << "   DATE TIME       : 2026-11-22  11:07:20";
    QTest::newRow("addr") << 18 << bytes({ 2, 0, 0x11, 0xd9, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 })
                          << "   APPARENT ADDRES : IPV4 127.0.0.1:4569";
    QTest::newRow("calltoken empty") << 54 << bytes({}) << "   CALLTOKEN       : Present";
    QTest::newRow("calltoken") << 54 << bytes({ '1', '?', 'a' }) << "   CALLTOKEN       : 3 bytes";
    QTest::newRow("cause code") << 42 << bytes({ 16 }) << "   CAUSE CODE      : 16";
    QTest::newRow("encryption") << 43 << bytes({ 0x80, 0x01 }) << "   ENCRYPTION      : 32769";
    QTest::newRow("ani2") << 57 << bytes({ 0, 0, 0, 0 }) << "   CALLING ANI2    : 0";
    QTest::newRow("samplingrate") << 41 << bytes({ 0, 5 }) << "   SAMPLINGRATE    : 8000,16000";
}

void TstIes::asteriskPrinters()
{
    QFETCH(int, id);
    QFETCH(std::vector<std::uint8_t>, data);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(formatIeAsterisk(InformationElement { std::uint8_t(id), data })), expected);
}

// The one codec-name table: every name parses back to its bit, the aliases to G.711, nothing
// else to anything; a format of several bits (or none, or an unnamed bit) has no name.
void TstIes::codecNames()
{
    int named = 0;
    for (unsigned bit = 0; bit < 64; ++bit) {
        const char* n = codecNameOfBit(bit);
        if (!n)
            continue;
        ++named;
        QCOMPARE(codecFromName(n), std::uint64_t(1) << bit);
        QCOMPARE(codecName(std::uint64_t(1) << bit), std::string(n));
    }
    QCOMPARE(named, 29);
    QCOMPARE(codecName(Codec::Ulaw), std::string("ulaw"));
    QCOMPARE(codecName(Codec::Alaw), std::string("alaw"));
    QCOMPARE(codecName(Codec::Opus), std::string("opus"));
    QCOMPARE(codecName(Codec::G722), std::string("g722"));
    for (const char* alias : { "pcmu", "g711u" })
        QCOMPARE(codecFromName(alias), Codec::Ulaw);
    for (const char* alias : { "pcma", "g711a" })
        QCOMPARE(codecFromName(alias), Codec::Alaw);
    QCOMPARE(codecFromName("PCMU"), std::uint64_t(0)); // exact, lower-case names only
    QCOMPARE(codecFromName(""), std::uint64_t(0));
    QCOMPARE(codecFromName("g711"), std::uint64_t(0));
    QCOMPARE(codecName(0), std::string());
    QCOMPARE(codecName(Codec::Ulaw | Codec::Alaw), std::string());
    QCOMPARE(codecName(std::uint64_t(1) << 24), std::string());
    QVERIFY(!codecNameOfBit(64));
}

QTEST_GUILESS_MAIN(TstIes)
#include "tst_ies.moc"
