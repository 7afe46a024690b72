// The features IAX2 carries natively (issue 18), between two Engines on the simulated link and
// against captures of the live Asterisk (tests/data/interop/asterisk-*): the encrypted dial (NEW to
// "TBD", then the number in an encrypted IAX DIAL), and the checks each feature's rule makes.
#include "core/analysis/capture_decoder.h"
#include "core/analysis/pcap_reader.h"
#include "sim/engine_pair.h"
#include "support/interop_frames.h"

#include <QtTest>

#include <algorithm>
#include <map>

using namespace iax::core;
using namespace iax::sim;
using iax::test::md5AuthRep;
using iax::test::toUs;

namespace {
using iax::test::interopPath;

bool containsText(const std::vector<std::uint8_t>& bytes, const std::string& text)
{
    return std::search(bytes.begin(), bytes.end(), text.begin(), text.end()) != bytes.end();
}

/// Every datagram the pair exchanged, as the capture decoder reads a pcap.
std::vector<CapturedDatagram> wireOf(const Pair& p)
{
    std::vector<CapturedDatagram> out;
    for (const auto& [from, t] : p.wire) {
        CapturedDatagram d;
        d.packetNumber = out.size() + 1;
        d.timestamp = double(out.size()) * 0.001;
        d.src = from.toString();
        d.dst = t.to.toString();
        d.srcPort = from.port;
        d.dstPort = t.to.port;
        d.payload = t.bytes;
        out.push_back(std::move(d));
    }
    return out;
}

/// The decrypted full frames of `dgs` (decrypted with `secret`) of one IAX subclass.
std::vector<DecodedPacket> iaxFrames(const std::vector<CapturedDatagram>& dgs, const std::string& secret, IaxCommand c)
{
    CaptureDecoder dec({ secret });
    std::vector<DecodedPacket> out;
    for (const auto& dg : dgs)
        for (auto& p : dec.feedAll(dg))
            if (p.full && p.full->isIax(c))
                out.push_back(std::move(p));
    return out;
}

/// Registers as `user` and answers with the server's frames of a capture (its client's frames are
/// where ours must be); returns every RegistrationStateChanged.
std::vector<RegistrationStateChanged> replayRegistration(
    const std::vector<CapturedDatagram>& dgs, const std::string& client, const char* user, const char* secret)
{
    const PeerAddress server { "127.0.0.24", 4569 };
    SeededRandom rng(5);
    Engine e(EngineConfig {}, rng);
    RegistrationRequest r;
    r.server = server;
    r.username = user;
    r.secret = secret;
    e.registerTo(r, Millis(1000));
    Millis now(1000);
    std::uint16_t ours = 0;
    std::vector<RegistrationStateChanged> states;
    for (const auto& dg : dgs) {
        if (dg.src == client) {
            auto t = e.pollTransmit();
            if (!t)
                return states; // a missing frame of ours: the caller's checks fail
            if (auto f = decodeFullFrame(t->bytes))
                ours = f->scall;
        } else {
            now += Millis(2);
            e.receive(toUs(dg.payload, ours), server, now);
        }
        while (auto ev = e.pollEvent())
            if (auto* st = std::get_if<RegistrationStateChanged>(&*ev))
                states.push_back(*st);
    }
    return states;
}

std::string calledNumberOf(const DecodedPacket& p)
{
    auto ies = p.full->ies();
    return ies ? ies->getString(IeId::CalledNumber).value_or("") : std::string();
}
} // namespace

class TestNativeFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---- encrypted dial (NEW to TBD, the number in an encrypted IAX DIAL) ----

    void encryptedDialSendsTheNumberOnlyEncrypted()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.autoAnswer = false; // the callee waits: the caller stays Proceeding (the PBX's TBD state)
        DialRequest d = p.dial();
        d.calledNumber = kTbdCalledNumber;
        const auto id = p.a.dial(d, p.net.now());
        QVERIFY(id);
        std::string why;
        QVERIFY(!p.a.sendDial(*id, "5551234", p.net.now(), &why)); // not accepted yet
        QVERIFY2(why.find("not accepted") != std::string::npos, why.c_str());
        p.net.run(p.net.now() + Millis(3000), [&] { return !p.na.all<CallAccepted>().empty(); });
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QVERIFY2(p.a.sendDial(*id, "5551234", p.net.now(), &why), why.c_str());
        QVERIFY(!p.a.sendDial(*id, "5551234", p.net.now(), &why)); // once only
        p.net.run(p.net.now() + Millis(1000));

        const auto wire = wireOf(p);
        for (const auto& dg : wire)
            QVERIFY(!containsText(dg.payload, "5551234")); // never in clear
        const auto news = iaxFrames(wire, kSecret, IaxCommand::New);
        QVERIFY(!news.empty());
        QCOMPARE(calledNumberOf(news.front()), std::string(kTbdCalledNumber));
        const auto dials = iaxFrames(wire, kSecret, IaxCommand::Dial);
        QCOMPARE(dials.size(), std::size_t(1));
        QVERIFY(dials.front().encrypted);
        QCOMPARE(calledNumberOf(dials.front()), std::string("5551234"));
    }

    void encryptedDialRefusedOnAClearCall()
    {
        Pair p(alice(EncryptionPolicy::Off)); // the callee declines encryption
        p.autoAnswer = false;
        DialRequest d = p.dial(EncryptionPolicy::Opportunistic);
        d.calledNumber = kTbdCalledNumber;
        const auto id = p.a.dial(d, p.net.now());
        p.net.run(p.net.now() + Millis(3000), [&] { return !p.na.all<CallAccepted>().empty(); });
        QVERIFY(!p.na.all<CallAccepted>().empty());
        QCOMPARE(p.na.lastEnc(), EncryptionState::Off);
        std::string why;
        QVERIFY(!p.a.sendDial(*id, "5551234", p.net.now(), &why));
        QVERIFY2(why.find("not encrypted") != std::string::npos, why.c_str());
        p.net.run(p.net.now() + Millis(500));
        QVERIFY(iaxFrames(wireOf(p), kSecret, IaxCommand::Dial).empty());
    }

    void encryptedDialOnlyForTbdCalls()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.autoAnswer = false;
        const auto id = p.a.dial(p.dial(), p.net.now()); // CALLED_NUMBER 600, not TBD
        p.net.run(p.net.now() + Millis(3000), [&] { return !p.na.all<CallAccepted>().empty(); });
        std::string why;
        QVERIFY(!p.a.sendDial(*id, "5551234", p.net.now(), &why));
        QVERIFY2(why.find("TBD") != std::string::npos, why.c_str());
    }

    // The live Asterisk (asterisk-peer kit, dev-md5): NEW to TBD, ACCEPT, then the encrypted DIAL
    // started its dialplan at 5551234 ("DEV-NUMBER exten=5551234 secure=1"): PROGRESS, ANSWER.
    void asteriskTbdCaptureHidesTheNumber()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-tbd-dial/asterisk-tbd-dial.pcap").toStdString());
        QVERIFY(dgs);
        QVERIFY(dgs->size() > 100);
        for (const auto& dg : *dgs)
            QVERIFY(!containsText(dg.payload, "5551234"));
        const auto news = iaxFrames(*dgs, "DevMd5Pass-1", IaxCommand::New);
        QCOMPARE(news.size(), std::size_t(2)); // without and with the call token
        for (const auto& n : news)
            QCOMPARE(calledNumberOf(n), std::string("TBD"));
        const auto dials = iaxFrames(*dgs, "DevMd5Pass-1", IaxCommand::Dial);
        QCOMPARE(dials.size(), std::size_t(1));
        QVERIFY(dials.front().encrypted);
        QCOMPARE(calledNumberOf(dials.front()), std::string("5551234"));
        // After the DIAL, Asterisk's PROGRESS and ANSWER (decrypted): the dialplan ran.
        CaptureDecoder dec({ "DevMd5Pass-1" });
        bool afterDial = false, progress = false, answer = false;
        for (const auto& dg : *dgs)
            for (const auto& pk : dec.feedAll(dg)) {
                if (!pk.full)
                    continue;
                afterDial = afterDial || pk.full->isIax(IaxCommand::Dial);
                if (afterDial && pk.full->frameType() == FrameType::Control) {
                    progress = progress || pk.full->subclass == std::int64_t(ControlCommand::Progress);
                    answer = answer || pk.full->subclass == std::int64_t(ControlCommand::Answer);
                }
            }
        QVERIFY(progress);
        QVERIFY(answer);
    }

    // ---- blind transfer (IAX TRANSFER) ----

    void transferGoesEncryptedWithNumberAndContext()
    {
        Pair p(alice(EncryptionPolicy::Required));
        const auto id = p.a.dial(p.dial(), p.net.now());
        std::string why;
        QVERIFY(!p.a.transfer(*id, "xfer-target", "", p.net.now(), &why)); // not answered yet
        QVERIFY2(why.find("not answered") != std::string::npos, why.c_str());
        p.net.run(p.net.now() + Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY(p.answeredBoth());
        QVERIFY(!p.a.transfer(*id, "", "", p.net.now(), &why)); // no destination
        QVERIFY2(p.a.transfer(*id, "xfer-target", "dev-in", p.net.now(), &why), why.c_str());
        p.net.run(p.net.now() + Millis(500));
        const auto wire = wireOf(p);
        for (const auto& dg : wire)
            QVERIFY(!containsText(dg.payload, "xfer-target"));
        const auto xfers = iaxFrames(wire, kSecret, IaxCommand::Transfer);
        QCOMPARE(xfers.size(), std::size_t(1));
        QVERIFY(xfers.front().encrypted);
        QCOMPARE(calledNumberOf(xfers.front()), std::string("xfer-target"));
        QCOMPARE(xfers.front().full->ies()->getString(IeId::CalledContext), std::optional<std::string>("dev-in"));
    }

    // The live Asterisk: a call to `bridge` (Dial(Local/held)), TRANSFER to xfer-target 2 s after the
    // answer; Asterisk moved the bridged Local channel ("DEV-XFER-TARGET reached from bridge") and
    // hung our leg up right after.
    void asteriskTransferCapture()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-transfer/asterisk-transfer.pcap").toStdString());
        QVERIFY(dgs);
        for (const auto& dg : *dgs)
            QVERIFY(!containsText(dg.payload, "xfer-target"));
        CaptureDecoder dec({ "DevMd5Pass-1" });
        bool transfer = false, hangupAfter = false;
        for (const auto& dg : *dgs)
            for (const auto& pk : dec.feedAll(dg)) {
                if (!pk.full)
                    continue;
                if (pk.full->isIax(IaxCommand::Transfer)) {
                    QVERIFY(pk.encrypted);
                    QCOMPARE(calledNumberOf(pk), std::string("xfer-target"));
                    transfer = true;
                }
                if (transfer && pk.full->isIax(IaxCommand::Hangup) && pk.src == "127.0.0.24:4569")
                    hangupAfter = true;
            }
        QVERIFY(transfer);
        QVERIFY(hangupAfter);
    }

    // The live Asterisk and the desktop app's attended transfer (tst_ui_desk_features
    // liveAttendedTransfer): a call to `bridge` (Dial(Local/held)); Hold and Resume (Asterisk
    // started and stopped music on hold for the bridged channel); Consult… xfer-target (HOLD, a
    // second call); Complete transfer: our HANGUP of the consult call and the first call's TRANSFER
    // naming the consulted number, all encrypted. Asterisk moved the bridged channel ("DEV-XFER-TARGET
    // reached from bridge") and hung the first call up.
    void asteriskAttendedTransferCapture()
    {
        auto dgs
            = readUdpCapture(interopPath("asterisk-attended-transfer/asterisk-attended-transfer.pcap").toStdString());
        QVERIFY(dgs);
        const std::string us = "127.0.0.1:41300", pbx = "127.0.0.13:4569";
        CaptureDecoder dec({ "DevMd5Pass-1" });
        std::map<std::uint16_t, std::string> called; // our call number → the NEW's number
        std::vector<std::string> steps; // what happened, in order, as "<what> <number of the call>"
        for (const auto& dg : *dgs)
            for (const auto& pk : dec.feedAll(dg)) {
                if (!pk.full)
                    continue;
                const FullFrame& f = *pk.full;
                if (pk.src == us && f.isIax(IaxCommand::New))
                    called[f.scall] = calledNumberOf(pk);
                const std::uint16_t ours = pk.src == us ? f.scall : f.dcall;
                if (!called.count(ours))
                    continue;
                const std::string call = called[ours];
                const bool control = f.frameType() == FrameType::Control;
                std::string what;
                if (pk.src == us && control && f.subclass == std::int64_t(ControlCommand::Hold))
                    what = "hold";
                else if (pk.src == us && control && f.subclass == std::int64_t(ControlCommand::Unhold))
                    what = "unhold";
                else if (pk.src == us && f.isIax(IaxCommand::Transfer))
                    what = "transfer to " + calledNumberOf(pk);
                else if (f.isIax(IaxCommand::Hangup))
                    what = pk.src == us ? "our hangup" : "pbx hangup";
                if (what.empty())
                    continue;
                QVERIFY2(pk.encrypted, what.c_str());
                steps.push_back(what + " " + call);
            }
        const std::vector<std::string> expected { "hold bridge", "unhold bridge", "hold bridge",
            "our hangup xfer-target", "transfer to xfer-target bridge", "pbx hangup bridge" };
        QCOMPARE(steps.size(), expected.size());
        // The consult call's HANGUP and the TRANSFER leave together (two calls, two sequences).
        QCOMPARE(std::vector<std::string>(steps.begin(), steps.begin() + 3),
            std::vector<std::string>(expected.begin(), expected.begin() + 3));
        QVERIFY(std::is_permutation(steps.begin() + 3, steps.begin() + 5, expected.begin() + 3));
        QCOMPARE(steps.back(), expected.back());
    }

    // ---- do not disturb (REJECT, cause 17) ----

    // What DND sends (phone::kDndCauseCode through Engine::reject) reaches the caller as busy.
    void rejectWithUserBusyIsBusyForTheCaller()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.autoAnswer = false;
        p.net.onEvent = [&](const PeerAddress& node, const EngineEvent& e) {
            (node == kA ? p.na : p.nb).events.push_back(e);
            if (auto* in = std::get_if<IncomingCall>(&e); in && node == kB)
                p.b.reject(in->call, "User busy", p.net.now(), 17);
        };
        p.a.dial(p.dial(), p.net.now());
        p.net.run(p.net.now() + Millis(3000), [&] { return p.na.lastState() == CallState::Rejected; });
        QCOMPARE(p.na.lastState(), CallState::Rejected);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::Busy);
        QCOMPARE(p.na.lastEnd()->code, 17);
        // Encrypted like the rest: the cause never crosses in clear.
        for (const auto& dg : wireOf(p))
            QVERIFY(!containsText(dg.payload, "User busy"));
    }

    // The live Asterisk calling the registered CLI with --dnd (channel originate IAX2/dev-md5): our
    // REJECT went encrypted with CAUSECODE 17, and Asterisk answered "Call rejected by …: User busy"
    // (Dial() from the dialplan: DIALSTATUS=BUSY, HANGUPCAUSE=17).
    void asteriskDndCapture()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-dnd/asterisk-dnd.pcap").toStdString());
        QVERIFY(dgs);
        const auto rejects = iaxFrames(*dgs, "DevMd5Pass-1", IaxCommand::Reject);
        QCOMPARE(rejects.size(), std::size_t(1));
        QVERIFY(rejects.front().encrypted);
        QCOMPARE(rejects.front().src, std::string("127.0.0.1:4783"));
        QCOMPARE(rejects.front().full->ies()->getU8(IeId::CauseCode), std::optional<std::uint8_t>(17));
    }

    // ---- auto-answer (AUTOANSWER IE in the NEW) ----

    // Asterisk's own NEW of Dial(IAX2/dev-md5/s/a) (from the capture) reaches the application with
    // autoAnswerRequested; the same NEW without the IE does not.
    void asteriskAutoAnswerNewIsReported_data()
    {
        QTest::addColumn<bool>("keepIe");
        QTest::newRow("with AUTOANSWER") << true;
        QTest::newRow("without") << false;
    }
    void asteriskAutoAnswerNewIsReported()
    {
        QFETCH(bool, keepIe);
        auto dgs = readUdpCapture(interopPath("asterisk-autoanswer/asterisk-autoanswer.pcap").toStdString());
        QVERIFY(dgs);
        QCOMPARE(dgs->size(), std::size_t(1));
        auto asteriskNew = decodeFullFrame(dgs->front().payload);
        QVERIFY(asteriskNew && asteriskNew->isIax(IaxCommand::New));
        const auto theirIes = asteriskNew->ies();
        QVERIFY(theirIes && theirIes->has(IeId::AutoAnswer));

        UserConfig anyone; // a NEW without USERNAME, as a PBX calls its phone
        anyone.secret = "DevMd5Pass-1";
        anyone.encryption = EncryptionPolicy::Off;
        EngineConfig cfg;
        cfg.users.push_back(anyone);
        SeededRandom rng(9);
        Engine b(cfg, rng);
        const PeerAddress pbx { "127.0.0.24", 4569 };
        auto newWith = [&](const std::string& token) {
            IeList ies;
            for (const auto& ie : theirIes->items())
                if (ie.id != std::uint8_t(IeId::CallToken) && (keepIe || ie.id != std::uint8_t(IeId::AutoAnswer)))
                    ies.addRaw(ie.id, ie.data);
            ies.addString(IeId::CallToken, token);
            FullFrame f = *asteriskNew;
            f.payload = ies.encode();
            return encode(f);
        };
        Millis now(1000);
        b.receive(newWith(""), pbx, now);
        auto tokenFrame = decodeFullFrame(b.pollTransmit()->bytes);
        QVERIFY(tokenFrame && tokenFrame->isIax(IaxCommand::CallToken));
        b.receive(newWith(*tokenFrame->ies()->getString(IeId::CallToken)), pbx, now);
        auto authreq = decodeFullFrame(b.pollTransmit()->bytes);
        QVERIFY(authreq && authreq->isIax(IaxCommand::AuthReq));
        const FullFrame rep = md5AuthRep(
            asteriskNew->scall, authreq->scall, 5, *authreq->ies()->getString(IeId::Challenge), "DevMd5Pass-1");
        b.receive(encode(rep), pbx, now + Millis(5));
        std::optional<IncomingCall> in;
        while (auto ev = b.pollEvent())
            if (auto* i = std::get_if<IncomingCall>(&*ev))
                in = *i;
        QVERIFY(in);
        QCOMPARE(in->autoAnswerRequested, keepIe);
    }

    // Our own NEW asks for auto-answer only when the DialRequest says so (a PBX paging its phone):
    // the IE sits where Asterisk's capture has it, empty, right after CALLED_NUMBER, and the callee
    // Engine reports it.
    void dialRequestAsksForAutoAnswer_data()
    {
        QTest::addColumn<bool>("ask");
        QTest::newRow("autoAnswer") << true;
        QTest::newRow("default") << false;
    }
    void dialRequestAsksForAutoAnswer()
    {
        QFETCH(bool, ask);
        Pair p(alice(EncryptionPolicy::Off));
        p.autoAnswer = false;
        DialRequest d = p.dial(EncryptionPolicy::Off);
        d.autoAnswer = ask;
        QVERIFY(p.a.dial(d, p.net.now()));
        p.net.run(p.net.now() + Millis(2000), [&] { return !p.nb.all<IncomingCall>().empty(); });
        QCOMPARE(p.nb.all<IncomingCall>().size(), std::size_t(1));
        QCOMPARE(p.nb.all<IncomingCall>().front().autoAnswerRequested, ask);

        const auto news = iaxFrames(wireOf(p), "", IaxCommand::New);
        QVERIFY(!news.empty());
        for (const auto& n : news) {
            const auto ies = n.full->ies(); // held: items() refers into it
            QVERIFY(ies);
            const auto& items = ies->items();
            const auto at = [&](IeId id) {
                return std::find_if(
                    items.begin(), items.end(), [id](const auto& ie) { return ie.id == std::uint8_t(id); });
            };
            QCOMPARE(at(IeId::AutoAnswer) != items.end(), ask);
            if (ask) {
                QVERIFY(at(IeId::AutoAnswer)->data.empty());
                QCOMPARE(at(IeId::AutoAnswer) - at(IeId::CalledNumber), 1);
            }
        }
    }

    // ---- TEXT in a call ----

    void textIsRefusedBeforeTheAnswerAndGoesEncrypted()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.autoAnswer = false;
        const auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(p.net.now() + Millis(3000), [&] { return !p.nb.all<IncomingCall>().empty(); });
        std::string why;
        QVERIFY(!p.a.sendText(*id, "secret words", p.net.now(), &why));
        QVERIFY2(why.find("not answered") != std::string::npos, why.c_str());
        p.b.answer(p.calleeId(), p.net.now());
        p.net.run(p.net.now() + Millis(3000), [&] { return p.answeredBoth(); });
        QVERIFY2(p.a.sendText(*id, "secret words", p.net.now(), &why), why.c_str());
        p.net.run(p.net.now() + Millis(500));
        const auto got = p.nb.all<TextReceived>();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got.front().text, std::string("secret words"));
        for (const auto& dg : wireOf(p))
            QVERIFY(!containsText(dg.payload, "secret words"));
    }

    // The live Asterisk: `call …/echo --text 'hello "echo" \ ok'`; Echo() sent the TEXT frame back.
    // Both went encrypted; the capture holds the text nowhere in clear.
    void asteriskTextCapture()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-text/asterisk-text.pcap").toStdString());
        QVERIFY(dgs);
        const std::string text = "hello \"echo\" \\ ok";
        for (const auto& dg : *dgs)
            QVERIFY(!containsText(dg.payload, "hello"));
        CaptureDecoder dec({ "DevMd5Pass-1" });
        int ours = 0, theirs = 0;
        for (const auto& dg : *dgs)
            for (const auto& pk : dec.feedAll(dg)) {
                if (!pk.full || pk.full->frameType() != FrameType::Text)
                    continue;
                QVERIFY(pk.encrypted);
                std::string t(pk.full->payload.begin(), pk.full->payload.end());
                while (!t.empty() && t.back() == '\0')
                    t.pop_back();
                QCOMPARE(t, text);
                (pk.src == "127.0.0.24:4569" ? theirs : ours)++;
            }
        QCOMPARE(ours, 1);
        QCOMPARE(theirs, 1);
    }

    // ---- voicemail count (REGACK's MSGCOUNT) ----

    // The live Asterisk, account dev-mwi (mailbox=200@devvm seeded with 2 new messages in INBOX
    // and 1 in Old): its REGACK carries MSGCOUNT 258 = 1 old << 8 | 2 new.
    void asteriskRegackReportsVoicemail()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-mwi/asterisk-mwi.pcap").toStdString());
        QVERIFY(dgs);
        QCOMPARE(dgs->size(), std::size_t(7));
        const auto states = replayRegistration(*dgs, "127.0.0.1:4782", "dev-mwi", "DevMwiPass-6");
        QVERIFY(!states.empty());
        QCOMPARE(states.back().state, RegistrationState::Registered);
        QVERIFY(states.back().voicemail);
        QCOMPARE(states.back().voicemail->newMessages, 2);
        QCOMPARE(states.back().voicemail->oldMessages, 1);
    }

    // Our own registrar (EngineConfig::users) tells a user with a mailbox its count as Asterisk
    // does (old << 8 | new, each capped at 255); a user without one gets no MSGCOUNT.
    void ourRegistrarSendsMsgCount_data()
    {
        QTest::addColumn<int>("mailboxNew");
        QTest::addColumn<int>("mailboxOld");
        QTest::addColumn<int>("expectNew");
        QTest::addColumn<int>("expectOld");
        QTest::newRow("2 new, 1 old") << 2 << 1 << 2 << 1;
        QTest::newRow("capped") << 300 << 256 << 255 << 255;
        QTest::newRow("no mailbox") << -1 << 0 << -1 << -1;
    }
    void ourRegistrarSendsMsgCount()
    {
        QFETCH(int, mailboxNew);
        QFETCH(int, mailboxOld);
        QFETCH(int, expectNew);
        QFETCH(int, expectOld);
        UserConfig user = alice();
        user.mailboxNew = mailboxNew;
        user.mailboxOld = mailboxOld;
        Pair p(user);
        RegistrationRequest r;
        r.server = kB;
        r.username = "alice";
        r.secret = kSecret;
        p.a.registerTo(r, p.net.now());
        const auto registered = [&] {
            const auto regs = p.na.all<RegistrationStateChanged>();
            return !regs.empty() && regs.back().state == RegistrationState::Registered;
        };
        p.net.run(Millis(5000), registered);
        QVERIFY(registered());
        const auto last = p.na.all<RegistrationStateChanged>().back();
        QCOMPARE(last.voicemail.has_value(), expectNew >= 0);
        if (last.voicemail) {
            QCOMPARE(last.voicemail->newMessages, expectNew);
            QCOMPARE(last.voicemail->oldMessages, expectOld);
        }
    }

    // A REGACK without MSGCOUNT (an account without a mailbox) reports no count at all.
    void regackWithoutMsgCountReportsNone()
    {
        auto dgs = readUdpCapture(interopPath("register-md5/register-md5.pcap").toStdString());
        QVERIFY(dgs);
        std::vector<CapturedDatagram> moved = *dgs; // that capture's registrar is 127.0.0.2
        for (auto& dg : moved)
            if (dg.src == "127.0.0.2:4569")
                dg.src = "127.0.0.24:4569";
        const auto states = replayRegistration(moved, "127.0.0.1:4569", "softphone-md5", "SoftphoneMd5Secret");
        QVERIFY(!states.empty());
        QCOMPARE(states.back().state, RegistrationState::Registered);
        QVERIFY(!states.back().voicemail);
    }
};

QTEST_GUILESS_MAIN(TestNativeFeatures)
#include "tst_native_features.moc"
