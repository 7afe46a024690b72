// Issue 20 against the live Asterisk, replayed: a capture of IAXPhone (end-to-end mode on) calling
// Asterisk's Echo() (tests/data/interop/asterisk-e2e-offer). Asterisk's side is fed into an Engine
// with the mode on: it must offer E2E_OFFER in NEW as the recorded client did, get Asterisk's plain
// AUTHREQ, and run today's AES-128-CBC call unchanged (hop mode, Asterisk's RTKEY followed, the
// echoed voice decrypted).
#include "core/analysis/pcap_reader.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/engine.h"
#include "support/interop_frames.h"

#include <cmath>

#include <QtTest>

using namespace iax::core;

using iax::test::toUs;

namespace {

const PeerAddress kAsterisk { "127.0.0.25", 4569 };
const char* const kAsteriskSrc = "127.0.0.25:4569";
const char* const kSecret = "DevMd5Pass-1";

std::vector<CapturedDatagram> capture()
{
    auto d = readUdpCapture(IAX_TEST_DATA "/interop/asterisk-e2e-offer/asterisk-e2e-offer.pcap");
    return d ? std::move(d).value() : std::vector<CapturedDatagram> {};
}

// The recorded client's call: user dev-md5 to Echo(), encryption required.
DialRequest echoCall(bool e2eRequired)
{
    DialRequest dial;
    dial.peer = kAsterisk;
    dial.username = "dev-md5";
    dial.secret = kSecret;
    dial.calledNumber = "echo";
    dial.encryption = EncryptionPolicy::Required;
    dial.codecs = { Codec::Ulaw, Codec::Alaw };
    dial.e2eRequired = e2eRequired;
    return dial;
}

// An Engine with the mode on that has dialled the recorded call (its NEW not polled yet).
struct Client {
    SeededRandom rng { 20 };
    Engine engine;
    std::optional<CallId> id;
    explicit Client(bool e2eRequired)
        : engine(config(), rng)
    {
        id = engine.dial(echoCall(e2eRequired), Millis(0));
    }
    /// Asterisk's datagram `d` arrives (capture time from `t0` on, at least 1 ms after the last),
    /// addressed to our call number `ours`.
    void feed(const CapturedDatagram& d, double t0, std::uint16_t ours)
    {
        now = std::max(now + Millis(1), Millis(std::llround((d.timestamp - t0) * 1000)));
        engine.receive(toUs(d.payload, ours), kAsterisk, now);
    }
    Millis now { 0 };
    static EngineConfig config()
    {
        EngineConfig c;
        c.e2e = true;
        return c;
    }
};

std::optional<IeList> iesOf(std::span<const std::uint8_t> bytes, IaxCommand cmd)
{
    auto f = decodeFullFrame(bytes);
    if (!f || !f->isIax(cmd))
        return std::nullopt;
    auto ies = f->ies();
    return ies ? std::optional<IeList>(*ies) : std::nullopt;
}

} // namespace

class TestEngineE2eAsterisk : public QObject {
    Q_OBJECT
private slots:
    void recordedAsteriskIgnoresTheOffer()
    {
        const auto dgs = capture();
        QVERIFY(dgs.size() > 100);
        // The recorded client's NEWs carried the offer; Asterisk's AUTHREQ carries no E2E_KEY.
        int offers = 0;
        std::string challenge;
        for (const auto& d : dgs) {
            if (auto n = iesOf(d.payload, IaxCommand::New); n && d.src != kAsteriskSrc)
                offers += n->has(kIeE2eOffer) ? 1 : 0;
            if (auto a = iesOf(d.payload, IaxCommand::AuthReq); a && d.src == kAsteriskSrc) {
                QVERIFY(!a->has(kIeE2eKey));
                challenge = a->getString(IeId::Challenge).value_or("");
            }
        }
        QCOMPARE(offers, 2);
        QVERIFY(!challenge.empty());

        Client client(false);
        Engine& e = client.engine;
        const auto id = client.id;
        QVERIFY(id);
        FrameDecryptor ourTx(deriveAesKey(challenge, kSecret)); // our AUTHREP: CBC, no reveal
        bool newHadOffer = false, authRepSeen = false, authRepHadKey = false;
        int rekeyRx = 0;
        std::size_t voiceFrames = 0;
        std::optional<EncryptionDetails> encrypted;
        std::uint16_t ours = 0;
        if (auto t = e.pollTransmit(); t && iesOf(t->bytes, IaxCommand::New)) {
            newHadOffer = iesOf(t->bytes, IaxCommand::New)->has(kIeE2eOffer);
            ours = decodeFullFrame(t->bytes)->scall;
        }
        QVERIFY(newHadOffer);
        const double t0 = dgs.front().timestamp;
        std::vector<std::uint8_t> payload(160, 0xFF);
        for (const auto& d : dgs) {
            if (d.src != kAsteriskSrc)
                continue;
            client.feed(d, t0, ours);
            const Millis now = client.now;
            if (encrypted)
                e.sendVoice(*id, payload, 20, now);
            while (auto t = e.pollTransmit()) {
                if (!(t->bytes[0] & 0x80))
                    continue;
                if (auto n = iesOf(t->bytes, IaxCommand::New)) {
                    newHadOffer = newHadOffer && n->has(kIeE2eOffer); // the NEW with the token
                } else if (!authRepSeen) {
                    if (auto plain = ourTx.decrypt(t->bytes, FrameKind::Full))
                        if (auto rep = iesOf(plain->datagram, IaxCommand::AuthRep)) {
                            authRepSeen = true;
                            authRepHadKey = rep->has(kIeE2eKey);
                        }
                }
            }
            while (auto ev = e.pollEvent()) {
                if (std::get_if<VoiceReceived>(&*ev))
                    ++voiceFrames;
                if (auto* r = std::get_if<Rekey>(&*ev); r && r->direction == KeyDirection::Rx)
                    ++rekeyRx;
                if (auto* s = std::get_if<EncryptionStateChanged>(&*ev); s && s->state == EncryptionState::Encrypted)
                    encrypted = s->details;
            }
        }
        QVERIFY(newHadOffer);
        QVERIFY(authRepSeen);
        QVERIFY(!authRepHadKey);
        QVERIFY(encrypted);
        QCOMPARE(encrypted->mode, std::string("hop"));
        QCOMPARE(encrypted->cipher, std::string("AES-128"));
        QVERIFY(encrypted->sas.empty());
        QCOMPARE(rekeyRx, 1);
        QVERIFY2(voiceFrames >= 140, qPrintable(QString::number(voiceFrames)));
    }

    void requireEndsTheCallBeforeAuthRep()
    {
        // --e2e require against the recorded Asterisk: its AUTHREQ carries no E2E_KEY, so the call
        // ends as EncryptionRefused and no AUTHREP (nor anything after it) is ever sent.
        const auto dgs = capture();
        QVERIFY(dgs.size() > 100);
        Client client(true);
        Engine& e = client.engine;
        const auto id = client.id;
        QVERIFY(id);
        std::uint16_t ours = 0;
        std::string challenge;
        if (auto t = e.pollTransmit(); t && iesOf(t->bytes, IaxCommand::New))
            ours = decodeFullFrame(t->bytes)->scall;
        std::optional<CallEnd> end;
        int authReps = 0, voiceOut = 0;
        const double t0 = dgs.front().timestamp;
        std::vector<std::uint8_t> payload(160, 0xFF);
        for (const auto& d : dgs) {
            if (d.src != kAsteriskSrc)
                continue;
            if (auto a = iesOf(d.payload, IaxCommand::AuthReq))
                challenge = a->getString(IeId::Challenge).value_or("");
            client.feed(d, t0, ours);
            const Millis now = client.now;
            e.sendVoice(*id, payload, 20, now);
            while (auto t = e.pollTransmit()) {
                if (!(t->bytes[0] & 0x80)) {
                    ++voiceOut;
                    continue;
                }
                if (challenge.empty())
                    continue;
                FrameDecryptor dec(deriveAesKey(challenge, kSecret));
                if (auto plain = dec.decrypt(t->bytes, FrameKind::Full))
                    authReps += iesOf(plain->datagram, IaxCommand::AuthRep) ? 1 : 0;
                authReps += iesOf(t->bytes, IaxCommand::AuthRep) ? 1 : 0;
            }
            while (auto ev = e.pollEvent())
                if (auto* s = std::get_if<CallStateChanged>(&*ev); s && s->state == CallState::Failed)
                    end = s->end;
        }
        QVERIFY(!challenge.empty());
        QVERIFY(end);
        QCOMPARE(end->kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY2(end->reason.find("E2E_KEY") != std::string::npos, end->reason.c_str());
        QCOMPARE(authReps, 0);
        QCOMPARE(voiceOut, 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineE2eAsterisk)
#include "tst_engine_e2e_asterisk.moc"
