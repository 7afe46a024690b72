// Peer-controlled text in human output (issue 16, item 8): TEXT frames, hang-up causes, names and
// IAX2 challenges must not act on the user's terminal. core::escapeForTerminal itself; the CLI's
// event lines (human and --json) for a TEXT with ESC[2J and a cause with an OSC title sequence;
// `decode`'s text output of a clear TEXT frame and of an AUTHREQ whose challenge carries ESC.
#include "app/cli/json_events.h"
#include "core/analysis/capture_decoder.h"
#include "core/protocol/terminal_text.h"

#include <QtTest>

using namespace iax;
using core::escapeForTerminal;

namespace {

// True when `s` holds a byte or character a terminal would act on.
bool hasActive(const std::string& s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F)
            return true;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F)
            return true; // U+0080..U+009F (C1)
        if (c == 0xE2 && s.compare(i, 3, "\xe2\x80\xae") == 0)
            return true; // U+202E RIGHT-TO-LEFT OVERRIDE
    }
    return false;
}

const std::string kHostile = "hi \x1b[2J\x1b]0;pwned\x07 \r\n\x7f \xc2\x9b"
                             "31m \xe2\x80\xae"
                             "cba \xff end";

core::CapturedDatagram datagram(std::size_t pkt, const core::FullFrame& f)
{
    core::CapturedDatagram dg;
    dg.packetNumber = pkt;
    dg.src = "10.0.0.1:4569";
    dg.dst = "10.0.0.2:4569";
    dg.srcPort = dg.dstPort = 4569;
    dg.payload = core::encode(f);
    return dg;
}

} // namespace

class TestTerminalText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void escapes_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("plain") << QByteArray("Normal Clearing") << QByteArray("Normal Clearing");
        QTest::newRow("utf-8 kept") << QByteArray("caf\xc3\xa9 \xe2\x82\xac 5")
                                    << QByteArray("caf\xc3\xa9 \xe2\x82\xac 5");
        QTest::newRow("clear screen") << QByteArray("\x1b[2J") << QByteArray("\\x1b[2J");
        QTest::newRow("osc title") << QByteArray("\x1b]0;x\x07") << QByteArray("\\x1b]0;x\\x07");
        QTest::newRow("cr lf tab") << QByteArray("a\rb\nc\td") << QByteArray("a\\rb\\nc\\td");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
        QTest::newRow("del") << QByteArray("\x7f") << QByteArray("\\x7f");
        QTest::newRow("c1 csi") << QByteArray("\xc2\x9b"
                                              "2J")
                                << QByteArray("\\u009b2J");
        QTest::newRow("c1 nel") << QByteArray("\xc2\x85") << QByteArray("\\u0085");
        QTest::newRow("bidi override") << QByteArray("\xe2\x80\xae"
                                                     "abc")
                                       << QByteArray("\\u202eabc");
        QTest::newRow("isolate") << QByteArray("\xe2\x81\xa6") << QByteArray("\\u2066");
        QTest::newRow("line separator") << QByteArray("\xe2\x80\xa8") << QByteArray("\\u2028");
        QTest::newRow("invalid byte") << QByteArray("\xff") << QByteArray("\\xff");
        QTest::newRow("overlong ESC") << QByteArray("\xc0\x9b") << QByteArray("\\xc0\\x9b");
        QTest::newRow("truncated") << QByteArray("\xe2\x82") << QByteArray("\\xe2\\x82");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
        QTest::newRow("backslash kept") << QByteArray("a\\b") << QByteArray("a\\b");
    }
    void escapes()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        const std::string got = escapeForTerminal(std::string_view(in.constData(), std::size_t(in.size())));
        QCOMPARE(QByteArray::fromStdString(got), out);
        QVERIFY(!hasActive(got));
        QCOMPARE(escapeForTerminal(got), got); // escaping twice changes nothing
    }

    void linesKeepTheirBreaks()
    {
        QCOMPARE(core::escapeLinesForTerminal("a\x1b\nb\r\n"), std::string("a\\x1b\nb\\r\n"));
        QCOMPARE(core::escapeLinesForTerminal(""), std::string());
    }

    void jsonControls()
    {
        // QJsonDocument escapes C0 but writes DEL and C1 raw: the JSON line escapes them too.
        const QJsonObject o { { "text", QString::fromStdString(kHostile) } };
        const std::string raw = QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
        const std::string safe = core::escapeJsonControls(raw);
        QVERIFY(safe.find('\x1b') == std::string::npos);
        QVERIFY(safe.find("\xc2\x9b") == std::string::npos);
        QVERIFY(safe.find('\x7f') == std::string::npos);
        QVERIFY(safe.find("\\u009b") != std::string::npos);
        // Same JSON value.
        const auto back = QJsonDocument::fromJson(QByteArray::fromStdString(safe));
        QCOMPARE(back.object(), o);
    }

    void cliEventLines()
    {
        const cli::EventPrinter human(false);
        const cli::EventPrinter json(true);
        const auto text = cli::describeEvent(core::TextReceived { 7, kHostile });
        QVERIFY(text);
        const std::string h = human.line(*text);
        QVERIFY2(!hasActive(h), h.c_str());
        QVERIFY2(h.find("\\x1b[2J") != std::string::npos, h.c_str());
        const std::string j = json.line(*text);
        QVERIFY2(!hasActive(j), j.c_str());
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(j)).object().value("text").toString(),
            QString::fromStdString(kHostile));

        core::CallStateChanged hung { 7, core::CallState::HungUp, { "bye\x1b]2;owned\x07\x1b[31m", 16 } };
        const std::string cause = human.line(*cli::describeEvent(hung));
        QVERIFY2(!hasActive(cause), cause.c_str());
        QVERIFY2(cause.find("bye\\x1b]2;owned\\x07") != std::string::npos, cause.c_str());

        core::IncomingCall in;
        in.call = 8;
        in.from = { "10.0.0.1", 4569 };
        in.username = "eve\x1b[8m";
        in.callingNumber = "1\x1b[2J";
        in.callingName = "Eve\x9b";
        in.calledNumber = "600\r\x1b[K";
        in.format = 4;
        const std::string inc = human.line(*cli::describeEvent(in));
        QVERIFY2(!hasActive(inc), inc.c_str());
        QVERIFY2(inc.find("600\\r\\x1b[K") != std::string::npos, inc.c_str());

        core::PeerRegistered peer { "mallory\x1b[2J", { "10.0.0.3", 4569 }, 60 };
        QVERIFY(!hasActive(human.line(*cli::describeEvent(peer))));
        core::RegistrationStateChanged rej { 1, core::RegistrationState::Failed, 0, "rejected: \x1b[2J", {} };
        QVERIFY(!hasActive(human.line(*cli::describeEvent(rej))));
    }

    void decodeTextOutput()
    {
        core::CaptureDecoder decoder({});
        core::FullFrame text;
        text.scall = 1;
        text.dcall = 2;
        text.type = std::uint8_t(core::FrameType::Text);
        text.payload.assign(kHostile.begin(), kHostile.end());
        const std::string t = core::formatDecodedPacket(decoder.feed(datagram(1, text)));
        for (const auto& line : QString::fromStdString(t).split('\n'))
            QVERIFY2(!hasActive(line.toStdString()), qPrintable(line));
        QVERIFY2(t.find("TEXT 'hi \\x1b[2J\\x1b]0;pwned\\x07 \\r\\n") != std::string::npos, t.c_str());

        // An AUTHREQ whose challenge carries ESC: the decoder's note quotes it.
        core::CaptureDecoder withSecret({ "secret" });
        core::FullFrame authreq;
        authreq.scall = 2;
        authreq.dcall = 1;
        authreq.type = std::uint8_t(core::FrameType::Iax);
        authreq.subclass = std::int64_t(core::IaxCommand::AuthReq);
        authreq.payload = core::IeList()
                              .addU16(core::IeId::AuthMethods, core::AuthMethod::Md5)
                              .addString(core::IeId::Challenge, "12\x1b[2J34")
                              .addU16(core::IeId::Encryption, 1)
                              .encode();
        const std::string a = core::formatDecodedPacket(withSecret.feed(datagram(2, authreq)));
        for (const auto& line : QString::fromStdString(a).split('\n'))
            QVERIFY2(!hasActive(line.toStdString()), qPrintable(line));
        const std::string summary = core::formatSummary(withSecret.summary());
        for (const auto& line : QString::fromStdString(summary).split('\n'))
            QVERIFY2(!hasActive(line.toStdString()), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminal_text.moc"
