// A PBX calling the phone registered to it (issue 15 item 1): Asterisk's Dial(IAX2/peer) sends a
// NEW with no USERNAME from the registrar's address. The Engine must take it as the registered
// account's call, challenge it with MD5 and the account's encryption policy, and key it from the
// account's secret; calls from anywhere else keep the configured users' rules.
// Two parts: the captured NEW of asterisk-calls-softphone.pcap replayed after the captured
// registration (with an AUTHREP built as Asterisk builds it), and a simulation with an Engine as
// the PBX/registrar.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/auth.h"
#include "core/protocol/frame_cipher.h"
#include "sim/engine_pair.h"
#include "support/interop_frames.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

using iax::test::toUs;

namespace {

// ---- replay of tests/data/interop/asterisk-calls-softphone ----------------------------------
const PeerAddress kAsterisk { "127.0.0.2", 4569 }; // the registrar (and caller) of the capture
const PeerAddress kElsewhere { "127.0.0.3", 4569 };
const char* const kAccount = "softphone-md5";
const char* const kAccountSecret = "SoftphoneMd5Secret";

std::vector<CapturedDatagram> captured()
{
    auto d = readUdpCapture(IAX_TEST_DATA "/interop/asterisk-calls-softphone/asterisk-calls-softphone.pcap");
    return d ? std::move(d).value() : std::vector<CapturedDatagram> {};
}

// The captured NEW with its CALLTOKEN IE replaced by `token` (ours; the capture's was the old
// softphone's) and, when `username` is given, a USERNAME IE added (Asterisk's IAX2/peer@peer).
std::vector<std::uint8_t> withToken(
    std::span<const std::uint8_t> newBytes, const std::string& token, const std::string& username = {})
{
    auto f = decodeFullFrame(newBytes);
    if (!f)
        return {};
    auto ies = f->ies();
    if (!ies)
        return {};
    IeList out;
    for (const auto& ie : ies->items()) {
        if (ie.id == std::uint8_t(IeId::CallToken))
            continue;
        if (ie.id == std::uint8_t(IeId::Encryption) && !username.empty())
            out.addString(IeId::Username, username); // where Asterisk puts it: before ENCRYPTION
        out.addRaw(ie.id, ie.data);
    }
    out.addString(IeId::CallToken, token);
    f->payload = out.encode();
    return encode(*f);
}

FullFrame decodedOrEmpty(const std::vector<std::uint8_t>& bytes)
{
    auto f = decodeFullFrame(bytes);
    return f ? *f : FullFrame {};
}

std::optional<Transmit> nextTo(Engine& e, const PeerAddress& to)
{
    while (auto t = e.pollTransmit())
        if (t->to == to)
            return t;
    return std::nullopt;
}

/// The softphone of the capture: registers to kAsterisk as softphone-md5 (frames #1–#7 answered
/// by Asterisk's captured replies), accepting the PBX's calls under `policy`.
struct RegisteredPhone {
    SeededRandom rng { 15 };
    Engine e { EngineConfig {}, rng };
    RegId reg = 0;
    std::vector<EngineEvent> events;
    Millis now { 1000 };

    bool registerLikeTheCapture(const std::vector<CapturedDatagram>& dgs, EncryptionPolicy policy)
    {
        RegistrationRequest r;
        r.server = kAsterisk;
        r.username = kAccount;
        r.secret = kAccountSecret;
        UserConfig in;
        in.secret = kAccountSecret;
        in.encryption = policy;
        in.codecs = { Codec::Ulaw, Codec::Alaw };
        r.incoming = in;
        reg = e.registerTo(r, now);
        std::uint16_t ours = 0;
        for (size_t i = 0; i < 7; ++i) {
            if (dgs[i].src == "127.0.0.1:4573") {
                auto t = e.pollTransmit();
                if (!t)
                    return false;
                ours = decodedOrEmpty(t->bytes).scall;
            } else {
                now += Millis(2);
                e.receive(toUs(dgs[i].payload, ours), kAsterisk, now);
            }
        }
        drain();
        for (const auto& ev : events)
            if (auto* s = std::get_if<RegistrationStateChanged>(&ev); s && s->state == RegistrationState::Registered)
                return true;
        return false;
    }
    void drain()
    {
        while (auto ev = e.pollEvent())
            events.push_back(*ev);
    }
    template<class T> std::vector<T> all() const
    {
        std::vector<T> out;
        for (const auto& ev : events)
            if (auto* p = std::get_if<T>(&ev))
                out.push_back(*p);
        return out;
    }
    /// Feeds the captured NEW (#8, empty token) from `from`, then again with our token (#10), and
    /// returns our answer to the second one.
    std::optional<FullFrame> callFrom(
        const PeerAddress& from, const std::vector<CapturedDatagram>& dgs, const std::string& username = {})
    {
        while (e.pollTransmit()) { }
        now += Millis(2000);
        e.receive(withToken(dgs[7].payload, "", username), from, now);
        auto tok = nextTo(e, from);
        if (!tok)
            return std::nullopt;
        const FullFrame tf = decodedOrEmpty(tok->bytes);
        if (!tf.isIax(IaxCommand::CallToken))
            return tf;
        const std::string token = tf.ies()->getString(IeId::CallToken).value_or("");
        now += Millis(1);
        e.receive(withToken(dgs[9].payload, token, username), from, now);
        drain();
        auto t = nextTo(e, from);
        if (!t)
            return std::nullopt;
        return decodedOrEmpty(t->bytes);
    }
};

// ---- simulation: an Engine as the PBX/registrar --------------------------------------------
const PeerAddress kPhone = kA;
const PeerAddress kPbx = kB; // registrar of account "alice" (secret kSecret)
const PeerAddress kPbx2 { "10.0.0.4", 4569 }; // registrar of account "bob"
const PeerAddress kStranger { "10.0.0.3", 4569 };
const char* const kBobSecret = "bobs-other-secret";

EngineConfig registrarOf(const char* user, const char* secret)
{
    EngineConfig c;
    UserConfig u;
    u.username = user;
    u.secret = secret;
    c.users.push_back(u);
    return c;
}

/// A phone registered to a PBX (and optionally to a second one); the PBX calls it as Asterisk
/// does, with a plain DialRequest naming no user. The phone answers every IncomingCall.
struct PbxAndPhone {
    SeededRandom rngPhone { 21 }, rngPbx { 22 }, rngPbx2 { 23 }, rngStranger { 24 };
    Engine phone;
    Engine pbx { registrarOf("alice", kSecret), rngPbx };
    Engine pbx2 { registrarOf("bob", kBobSecret), rngPbx2 };
    Engine stranger { EngineConfig {}, rngStranger };
    SimNetwork net { 5 };
    std::map<PeerAddress, Node> nodes;
    RegId reg = 0;

    explicit PbxAndPhone(EngineConfig phoneConfig = {})
        : phone(std::move(phoneConfig), rngPhone)
    {
        net.add(kPhone, phone);
        net.add(kPbx, pbx);
        net.add(kPbx2, pbx2);
        net.add(kStranger, stranger);
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) {
            nodes[node].events.push_back(e);
            if (auto* in = std::get_if<IncomingCall>(&e); in && node == kPhone)
                phone.answer(in->call, net.now());
        };
    }
    static UserConfig account(const char* secret, EncryptionPolicy policy)
    {
        UserConfig in;
        in.secret = secret;
        in.encryption = policy;
        in.codecs = { Codec::Ulaw, Codec::Alaw };
        return in;
    }
    RegId registerTo(const PeerAddress& server, const char* user, const char* secret, UserConfig incoming)
    {
        RegistrationRequest r;
        r.server = server;
        r.username = user;
        r.secret = secret;
        r.incoming = std::move(incoming);
        const RegId id = phone.registerTo(r, net.now());
        net.run(net.now() + Millis(5000), [&] {
            for (const auto& s : nodes[kPhone].all<RegistrationStateChanged>())
                if (s.reg == id && s.state == RegistrationState::Registered)
                    return true;
            return false;
        });
        return id;
    }
    static DialRequest pbxDial(EncryptionPolicy policy, const char* secret = kSecret, const char* username = "")
    {
        DialRequest d;
        d.peer = kPhone;
        d.username = username; // Dial(IAX2/peer): none
        d.secret = secret;
        d.calledNumber = "s";
        d.callingNumber = "5551234";
        d.callingName = "Front Desk";
        d.encryption = policy;
        d.codecs = { Codec::Ulaw };
        return d;
    }
    /// `from` dials the phone and the network runs until that call ends or both sides answered.
    CallId call(Engine& from, const PeerAddress& fromAddr, const DialRequest& d)
    {
        const CallId id = from.dial(d, net.now()).value_or(0);
        net.run(net.now() + Millis(10000), [&] {
            return (nodes[fromAddr].lastState() == CallState::Answered
                       && nodes[kPhone].lastState() == CallState::Answered)
                || from.callCount() == 0;
        });
        return id;
    }
    Node& at(const PeerAddress& a) { return nodes[a]; }
};
} // namespace

class TestEngineIncoming : public QObject {
    Q_OBJECT
private slots:
    // Frames #8–#11: Asterisk's NEW (no USERNAME) from the registrar got REJECT "No authority
    // found". It must get AUTHREQ (MD5, a challenge, ENCRYPTION); Asterisk's encrypted AUTHREP,
    // MD5(challenge ‖ account secret), then gives an encrypted ACCEPT and an IncomingCall of the
    // registration. Also the user@peer form (USERNAME = the peer name).
    void capturedNewFromRegistrarIsChallenged_data()
    {
        QTest::addColumn<EncryptionPolicy>("policy");
        QTest::addColumn<QString>("username");
        QTest::newRow("required, Dial(IAX2/peer)") << EncryptionPolicy::Required << QString();
        QTest::newRow("opportunistic, Dial(IAX2/peer)") << EncryptionPolicy::Opportunistic << QString();
        QTest::newRow("required, Dial(IAX2/peer@peer)") << EncryptionPolicy::Required << QString(kAccount);
    }
    void capturedNewFromRegistrarIsChallenged()
    {
        QFETCH(EncryptionPolicy, policy);
        QFETCH(QString, username);
        const auto dgs = captured();
        QVERIFY(dgs.size() >= 12);
        QVERIFY(!decodedOrEmpty(dgs[7].payload).ies()->find(IeId::Username)); // the capture's NEW names no user
        RegisteredPhone phone;
        QVERIFY(phone.registerLikeTheCapture(dgs, policy));
        const auto answer = phone.callFrom(kAsterisk, dgs, username.toStdString());
        QVERIFY(answer);
        QVERIFY2(answer->isIax(IaxCommand::AuthReq),
            qPrintable(
                QString("answer: %1").arg(QString::fromStdString(subclassName(answer->type, answer->subclass)))));
        const IeList req = *answer->ies();
        QCOMPARE(req.getU16(IeId::AuthMethods).value_or(0), std::uint16_t(AuthMethod::Md5));
        QCOMPARE(req.getU16(IeId::Encryption).value_or(0), std::uint16_t(EncryptionBits::Aes128));
        QCOMPARE(QString::fromStdString(req.getString(IeId::Username).value_or("")), username);
        const std::string challenge = req.getString(IeId::Challenge).value_or("");
        QVERIFY(!challenge.empty());

        // Asterisk's answer: AUTHREP with MD5_RESULT, encrypted with MD5(challenge ‖ secret).
        const FullFrame rep
            = iax::test::md5AuthRep(decodedOrEmpty(dgs[9].payload).scall, answer->scall, 30, challenge, kAccountSecret);
        const AesKey key = deriveAesKey(challenge, kAccountSecret);
        SeededRandom padRng(3);
        FrameEncryptor enc(key);
        phone.now += Millis(3);
        phone.e.receive(enc.encrypt(encode(rep), FrameKind::Full, padRng), kAsterisk, phone.now);
        phone.drain();
        auto acc = nextTo(phone.e, kAsterisk);
        QVERIFY(acc);
        FrameDecryptor dec(key);
        auto plain = dec.decrypt(acc->bytes, FrameKind::Full);
        QVERIFY2(plain, "the ACCEPT is not encrypted with MD5(challenge ‖ account secret)");
        QVERIFY(decodedOrEmpty(plain->datagram).isIax(IaxCommand::Accept));

        const auto in = phone.all<IncomingCall>();
        QCOMPARE(in.size(), size_t(1));
        QCOMPARE(in[0].registration, phone.reg);
        QCOMPARE(QString::fromStdString(in[0].account), QString(kAccount));
        QCOMPARE(QString::fromStdString(in[0].auth), QString("md5"));
        QCOMPARE(QString::fromStdString(in[0].username), username);
        QCOMPARE(in[0].from, kAsterisk);
        QCOMPARE(in[0].format, std::uint64_t(Codec::Ulaw));
    }

    // The same NEW from an address the phone is not registered to: today's rules (no configured
    // user without USERNAME → REJECT), and a wrong AUTHREP from the registrar is refused.
    void capturedNewFromElsewhereIsRejected()
    {
        const auto dgs = captured();
        QVERIFY(dgs.size() >= 12);
        RegisteredPhone phone;
        QVERIFY(phone.registerLikeTheCapture(dgs, EncryptionPolicy::Required));
        const auto answer = phone.callFrom(kElsewhere, dgs);
        QVERIFY(answer);
        QVERIFY(answer->isIax(IaxCommand::Reject));
        QCOMPARE(
            QString::fromStdString(answer->ies()->getString(IeId::Cause).value_or("")), QString("No authority found"));
        QCOMPARE(phone.e.callCount(), size_t(0));
        // And with the USERNAME of the account: still nobody's (the account is the registrar's only).
        const auto named = phone.callFrom(kElsewhere, dgs, kAccount);
        QVERIFY(named && named->isIax(IaxCommand::Reject));
    }

    // Dial(IAX2/peer) and IAX2/peer@peer from the registrar, under the phone's policy and the
    // PBX's: encrypted with the account's secret when both agree; under "required" a PBX that does
    // not encrypt is refused with the reason; under "opportunistic" the call goes on, visibly clear.
    void pbxCallsRegisteredPhone_data()
    {
        QTest::addColumn<EncryptionPolicy>("phonePolicy");
        QTest::addColumn<EncryptionPolicy>("pbxPolicy");
        QTest::addColumn<QString>("pbxNames");
        QTest::addColumn<EncryptionState>("expected"); // Failed = refused
        QTest::newRow("required, PBX encrypts")
            << EncryptionPolicy::Required << EncryptionPolicy::Required << QString() << EncryptionState::Encrypted;
        QTest::newRow("required, PBX encrypts, user@peer") << EncryptionPolicy::Required << EncryptionPolicy::Required
                                                           << QString("alice") << EncryptionState::Encrypted;
        QTest::newRow("opportunistic, PBX encrypts")
            << EncryptionPolicy::Opportunistic << EncryptionPolicy::Opportunistic << QString()
            << EncryptionState::Encrypted;
        QTest::newRow("opportunistic, PBX clear")
            << EncryptionPolicy::Opportunistic << EncryptionPolicy::Off << QString() << EncryptionState::Off;
        QTest::newRow("required, PBX clear")
            << EncryptionPolicy::Required << EncryptionPolicy::Off << QString() << EncryptionState::Failed;
    }
    void pbxCallsRegisteredPhone()
    {
        QFETCH(EncryptionPolicy, phonePolicy);
        QFETCH(EncryptionPolicy, pbxPolicy);
        QFETCH(QString, pbxNames);
        QFETCH(EncryptionState, expected);
        PbxAndPhone s;
        s.reg = s.registerTo(kPbx, "alice", kSecret, PbxAndPhone::account(kSecret, phonePolicy));
        QVERIFY(s.phone.registrationCount() == 1);
        const std::string names = pbxNames.toStdString();
        const CallId pc = s.call(s.pbx, kPbx, PbxAndPhone::pbxDial(pbxPolicy, kSecret, names.c_str()));
        QVERIFY(pc);
        Node& phone = s.at(kPhone);
        Node& pbx = s.at(kPbx);
        if (expected == EncryptionState::Failed) {
            QVERIFY(phone.all<IncomingCall>().empty());
            QVERIFY(phone.lastEnd() && pbx.lastEnd());
            QCOMPARE(phone.lastEnd()->kind, CallEnd::Kind::EncryptionRefused);
            QCOMPARE(QString::fromStdString(phone.lastEnd()->reason),
                QString("the caller did not offer encryption and this account requires it"));
            QCOMPARE(pbx.lastState(), CallState::Rejected);
            QCOMPARE(QString::fromStdString(pbx.lastEnd()->reason), QString("Encryption required"));
            return;
        }
        QCOMPARE(phone.lastState(), CallState::Answered);
        const auto in = phone.all<IncomingCall>();
        QCOMPARE(in.size(), size_t(1));
        QCOMPARE(in[0].registration, s.reg);
        QCOMPARE(QString::fromStdString(in[0].account), QString("alice"));
        QCOMPARE(QString::fromStdString(in[0].username), pbxNames);
        QCOMPARE(QString::fromStdString(in[0].auth), QString("md5"));
        QCOMPARE(QString::fromStdString(in[0].callingNumber), QString("5551234"));
        QCOMPARE(QString::fromStdString(in[0].callingName), QString("Front Desk"));
        // Voice both ways for 2 s, then the encryption state each side reports.
        const CallId ph = in[0].call;
        std::vector<std::uint8_t> payload(160, 0x55);
        const Millis end = s.net.now() + Millis(2000);
        while (s.net.now() < end) {
            s.pbx.sendVoice(pc, payload, 20, s.net.now());
            s.phone.sendVoice(ph, payload, 20, s.net.now());
            s.net.run(s.net.now() + Millis(20));
        }
        QCOMPARE(phone.lastEnc(), expected);
        QCOMPARE(pbx.lastEnc().value_or(EncryptionState::Off), expected); // a clear caller never negotiates
        QVERIFY(phone.all<VoiceReceived>().size() >= 90);
        QVERIFY(pbx.all<VoiceReceived>().size() >= 90);
        if (expected == EncryptionState::Off) {
            const auto enc = phone.all<EncryptionStateChanged>();
            QCOMPARE(QString::fromStdString(enc.back().details.reason), QString("the caller did not offer encryption"));
        } else {
            QCOMPARE(s.phone.callStats(ph)->encryption.decryptFailures, 0);
            QVERIFY(s.phone.callStats(ph)->encryption.framesDecrypted >= 90);
        }
    }

    // The call from the registrar rotates keys like any callee's (the account's KeyRotation).
    void keyRotationAsForAnyCallee()
    {
        PbxAndPhone s;
        UserConfig acc = PbxAndPhone::account(kSecret, EncryptionPolicy::Required);
        acc.rotation.minInterval = acc.rotation.maxInterval = Millis(3000);
        s.reg = s.registerTo(kPbx, "alice", kSecret, acc);
        const CallId pc = s.call(s.pbx, kPbx, PbxAndPhone::pbxDial(EncryptionPolicy::Required));
        QCOMPARE(s.at(kPhone).lastState(), CallState::Answered);
        const CallId ph = s.at(kPhone).all<IncomingCall>().at(0).call;
        std::vector<std::uint8_t> payload(160, 0x33);
        const Millis end = s.net.now() + Millis(10000);
        while (s.net.now() < end) {
            s.pbx.sendVoice(pc, payload, 20, s.net.now());
            s.phone.sendVoice(ph, payload, 20, s.net.now());
            s.net.run(s.net.now() + Millis(20));
        }
        int sent = 0, applied = 0;
        for (const auto& r : s.at(kPhone).all<Rekey>())
            sent += r.direction == KeyDirection::Tx;
        for (const auto& r : s.at(kPbx).all<Rekey>())
            applied += r.direction == KeyDirection::Rx;
        QVERIFY2(sent >= 2, qPrintable(QString("phone rotated %1 times in 10 s").arg(sent)));
        QCOMPARE(applied, sent);
        QCOMPARE(s.pbx.callStats(pc)->encryption.decryptFailures, 0);
        QCOMPARE(s.at(kPhone).lastEnc(), EncryptionState::Encrypted);
    }

    // A PBX that does not know the account's secret is refused (its MD5 answer does not match).
    void wrongSecretFromRegistrarIsRefused()
    {
        PbxAndPhone s;
        s.reg = s.registerTo(kPbx, "alice", kSecret, PbxAndPhone::account(kSecret, EncryptionPolicy::Opportunistic));
        s.call(s.pbx, kPbx, PbxAndPhone::pbxDial(EncryptionPolicy::Off, "not-the-secret"));
        QVERIFY(s.at(kPhone).all<IncomingCall>().empty());
        QVERIFY(s.at(kPhone).lastEnd());
        QCOMPARE(s.at(kPhone).lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QCOMPARE(s.at(kPbx).lastState(), CallState::Rejected);
    }

    // Calls from an address the phone is not registered to keep today's rules: no configured
    // user for them, so REJECT "No authority found", with or without the account's USERNAME and
    // even with its secret; after unregistering, the PBX's calls too.
    void otherAddressesKeepTodaysRules()
    {
        PbxAndPhone s;
        s.reg = s.registerTo(kPbx, "alice", kSecret, PbxAndPhone::account(kSecret, EncryptionPolicy::Required));
        for (const char* name : { "", "alice" }) {
            DialRequest d = PbxAndPhone::pbxDial(EncryptionPolicy::Required, kSecret, name);
            s.call(s.stranger, kStranger, d);
            QCOMPARE(s.at(kStranger).lastState(), CallState::Rejected);
            QVERIFY(s.at(kStranger).lastEnd());
            QCOMPARE(QString::fromStdString(s.at(kStranger).lastEnd()->reason), QString("No authority found"));
        }
        QVERIFY(s.at(kPhone).all<IncomingCall>().empty());
        QVERIFY(s.phone.unregister(s.reg, s.net.now()));
        s.net.run(s.net.now() + Millis(5000), [&] { return s.phone.registrationCount() == 0; });
        s.call(s.pbx, kPbx, PbxAndPhone::pbxDial(EncryptionPolicy::Required));
        QCOMPARE(s.at(kPbx).lastState(), CallState::Rejected);
        QVERIFY(s.at(kPbx).lastEnd());
        QCOMPARE(QString::fromStdString(s.at(kPbx).lastEnd()->reason), QString("No authority found"));
        QVERIFY(s.at(kPhone).all<IncomingCall>().empty());
    }

    // Two accounts on two servers: each server's call is its own account's (its secret keys it),
    // and a configured user without USERNAME (a listener's) does not capture the registrars' calls.
    void eachRegistrarCallsItsOwnAccount()
    {
        EngineConfig cfg;
        UserConfig anyone;
        anyone.secret = "listener-secret";
        cfg.users.push_back(anyone);
        PbxAndPhone s(cfg);
        const RegId alice
            = s.registerTo(kPbx, "alice", kSecret, PbxAndPhone::account(kSecret, EncryptionPolicy::Required));
        const RegId bob
            = s.registerTo(kPbx2, "bob", kBobSecret, PbxAndPhone::account(kBobSecret, EncryptionPolicy::Required));
        QVERIFY(alice && bob && alice != bob);
        s.call(s.pbx2, kPbx2, PbxAndPhone::pbxDial(EncryptionPolicy::Required, kBobSecret));
        s.call(s.pbx, kPbx, PbxAndPhone::pbxDial(EncryptionPolicy::Required, kSecret));
        const auto in = s.at(kPhone).all<IncomingCall>();
        QCOMPARE(in.size(), size_t(2));
        QCOMPARE(in[0].registration, bob);
        QCOMPARE(QString::fromStdString(in[0].account), QString("bob"));
        QCOMPARE(in[0].from, kPbx2);
        QCOMPARE(in[1].registration, alice);
        QCOMPARE(QString::fromStdString(in[1].account), QString("alice"));
        // The listener's user still takes a stranger's call (with its own secret).
        s.call(s.stranger, kStranger, PbxAndPhone::pbxDial(EncryptionPolicy::Required, "listener-secret"));
        const auto all = s.at(kPhone).all<IncomingCall>();
        QCOMPARE(all.size(), size_t(3));
        QCOMPARE(all[2].registration, RegId(0));
        QCOMPARE(all[2].from, kStranger);
    }
};

QTEST_GUILESS_MAIN(TestEngineIncoming)
#include "tst_engine_incoming.moc"
