// IAX2 trunk frames from a PBX: Asterisk with trunk=yes for the account sends the peer's voice in
// meta trunk frames, never encrypted, also on a call it encrypts (the live capture in
// tests/data/interop/asterisk-trunk). The Engine takes that voice to the call; on an encrypted call
// it says the call is no longer encrypted (opportunistic) or drops it and ends the call (required).
// Before, meta frames were ignored: the call was silent and reported "encrypted".
#include "core/analysis/pcap_reader.h"
#include "sim/engine_pair.h"
#include "support/interop_frames.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;
using iax::test::interopPath;

namespace {

const PeerAddress kAsterisk { "127.0.0.30", 4569 };

/// The voice entries of Asterisk's trunk frames in the live capture, in order.
std::vector<std::vector<std::uint8_t>> asteriskTrunkVoice()
{
    std::vector<std::vector<std::uint8_t>> out;
    auto dgs = readUdpCapture(interopPath("asterisk-trunk/asterisk-trunk.pcap").toStdString());
    if (!dgs)
        return out;
    for (const auto& d : *dgs) {
        if (d.src != kAsterisk.host + ":" + std::to_string(kAsterisk.port))
            continue;
        auto dg = decodeDatagram(d.payload);
        if (!dg)
            continue;
        if (auto* t = std::get_if<MetaTrunkFrame>(&*dg))
            for (const auto& e : t->entries)
                out.push_back(e.payload);
    }
    return out;
}

/// Sign changes of µ-law samples (bit 7): a tone of f Hz has 2·f·0.02 in 160 samples, noise or
/// ciphertext about 80.
int zeroCrossings(const std::vector<std::uint8_t>& ulaw)
{
    int n = 0;
    for (std::size_t i = 1; i < ulaw.size(); ++i)
        n += ((ulaw[i] ^ ulaw[i - 1]) & 0x80) != 0;
    return n;
}

/// A's call number on the wire (the NEW's source call number): what B's peer puts in trunk entries.
std::uint16_t callnoOfA(const Pair& p)
{
    for (const auto& [from, t] : p.wire)
        if (from == kA)
            if (auto f = decodeFullFrame(t.bytes))
                return f->scall;
    return 0;
}

std::vector<std::uint8_t> trunkFrame(std::uint32_t ts, std::vector<TrunkEntry> entries, std::uint8_t cmddata = 0)
{
    MetaTrunkFrame f;
    f.cmddata = cmddata;
    f.timestamp = ts;
    f.entries = std::move(entries);
    return encode(f);
}

TrunkEntry entry(std::uint16_t callno, std::vector<std::uint8_t> payload)
{
    TrunkEntry e;
    e.callno = callno;
    e.payload = std::move(payload);
    return e;
}

/// Sends B `n` trunk frames from A, 20 ms apart, each with the next voice of the capture.
void sendTrunk(Pair& p, std::uint16_t callno, int n, std::uint32_t firstTs = 5000)
{
    const auto voice = asteriskTrunkVoice();
    for (int i = 0; i < n; ++i) {
        p.net.inject(kA, kB, trunkFrame(firstTs + std::uint32_t(i) * 20, { entry(callno, voice.at(std::size_t(i) % voice.size())) }));
        p.net.run(p.net.now() + Millis(20));
    }
}

} // namespace

class TestEngineTrunk : public QObject {
    Q_OBJECT
private slots:
    // What Asterisk sends: after its first (encrypted, full) voice frame, trunk frames without
    // per-call timestamps whose µ-law is the tone in the clear.
    void asteriskSendsTrunkVoiceInTheClear()
    {
        auto dgs = readUdpCapture(interopPath("asterisk-trunk/asterisk-trunk.pcap").toStdString());
        QVERIFY(dgs);
        int trunkFrames = 0, twoEntries = 0;
        for (const auto& d : *dgs) {
            auto dg = decodeDatagram(d.payload);
            if (!dg || !std::holds_alternative<MetaTrunkFrame>(*dg))
                continue;
            const auto& t = std::get<MetaTrunkFrame>(*dg);
            ++trunkFrames;
            QCOMPARE(t.cmddata, std::uint8_t(0)); // no per-call timestamps (Asterisk's default)
            QVERIFY(!t.entries.empty() && t.entries.size() <= 2); // two when Asterisk had two frames queued
            twoEntries += t.entries.size() == 2;
            for (const auto& e : t.entries) // 20 ms of µ-law (the tone's last frame shorter)
                QVERIFY(!e.payload.empty() && e.payload.size() <= 160);
        }
        QCOMPARE(trunkFrames, 148);
        QVERIFY(twoEntries > 0); // the case clearCallTimestampsAndStrangers() builds
        const auto voice = asteriskTrunkVoice();
        QCOMPARE(voice.size(), std::size_t(148 + twoEntries));
        qInfo("%d trunk frames, %d with two entries", trunkFrames, twoEntries);
        int tones = 0;
        for (const auto& v : voice)
            tones += zeroCrossings(v) < 60; // 440–1320 Hz: 17–53 sign changes; ciphertext ~80
        QVERIFY2(tones >= int(voice.size()) - 8, qPrintable(QString::number(tones)));
    }

    // Opportunistic: the voice is played, in order and 20 ms apart, and the call no longer says
    // "encrypted" (the peer's voice crosses in the clear).
    void opportunisticTakesTheVoiceAndSaysNotEncrypted()
    {
        Pair p(alice(EncryptionPolicy::Opportunistic));
        p.connect(p.dial(EncryptionPolicy::Opportunistic));
        QVERIFY(p.answeredBoth());
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Encrypted));
        const std::size_t before = p.nb.all<VoiceReceived>().size();
        sendTrunk(p, callnoOfA(p), 30);
        const auto voice = p.nb.all<VoiceReceived>();
        QCOMPARE(voice.size() - before, std::size_t(30));
        for (std::size_t i = before + 1; i < voice.size(); ++i)
            QCOMPARE(voice[i].timestamp - voice[i - 1].timestamp, std::uint32_t(20));
        QCOMPARE(p.nb.lastState(), std::optional(CallState::Answered));
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Off));
        const auto enc = p.nb.all<EncryptionStateChanged>().back();
        QVERIFY2(enc.details.reason.find("trunk") != std::string::npos, enc.details.reason.c_str());
    }

    // Required: nothing of it is played; after a second of it the call ends with the reason (a few
    // spoofed datagrams alone do not end it).
    void requiredDropsTheVoiceAndEndsTheCall()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.connect(p.dial(EncryptionPolicy::Required));
        QVERIFY(p.answeredBoth());
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Encrypted));
        const std::size_t before = p.nb.all<VoiceReceived>().size();
        const std::uint16_t callno = callnoOfA(p);
        sendTrunk(p, callno, 49);
        QCOMPARE(p.nb.all<VoiceReceived>().size(), before);
        QCOMPARE(p.nb.lastState(), std::optional(CallState::Answered));
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Encrypted));
        sendTrunk(p, callno, 1, 6000);
        QCOMPARE(p.nb.all<VoiceReceived>().size(), before);
        QCOMPARE(p.nb.lastState(), std::optional(CallState::Failed));
        QCOMPARE(p.nb.lastEnd()->kind, CallEnd::Kind::EncryptionRefused); // "the server does not encrypt"
        QVERIFY2(p.nb.lastEnd()->reason.find("trunk=yes") != std::string::npos, p.nb.lastEnd()->reason.c_str());
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Off)); // no longer shown as encrypted
        // A hears why (our HANGUP carries the cause).
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.na.lastState(), std::optional(CallState::HungUp));
    }

    // A clear call: trunk voice is simply the peer's voice. Entries with timestamps (cmddata 1)
    // keep theirs; two entries of the call in one frame follow each other; an entry for a call
    // number we do not have is counted, nothing else.
    void clearCallTimestampsAndStrangers()
    {
        Pair p(alice(EncryptionPolicy::Off));
        p.connect(p.dial(EncryptionPolicy::Off));
        QVERIFY(p.answeredBoth());
        const std::uint16_t callno = callnoOfA(p);
        const std::vector<std::uint8_t> v(160, 0xFF);
        std::size_t before = p.nb.all<VoiceReceived>().size();
        TrunkEntry timed = entry(callno, v);
        timed.hasTimestamp = true;
        timed.timestamp = 4000;
        p.net.inject(kA, kB, trunkFrame(123456, { timed }, 1));
        p.net.run(p.net.now() + Millis(20));
        auto voice = p.nb.all<VoiceReceived>();
        QCOMPARE(voice.size(), before + 1);
        QCOMPARE(voice.back().timestamp, std::uint32_t(4000));
        QCOMPARE(p.nb.lastEnc(), std::optional(EncryptionState::Off));

        before = voice.size();
        const auto unknownBefore = p.b.counters().unknownCall;
        p.net.inject(kA, kB, trunkFrame(900, { entry(callno, v), entry(callno, v), entry(callno ^ 0x1234, v) }));
        p.net.run(p.net.now() + Millis(20));
        voice = p.nb.all<VoiceReceived>();
        QCOMPARE(voice.size(), before + 2);
        QCOMPARE(voice[before + 1].timestamp - voice[before].timestamp, std::uint32_t(20));
        QCOMPARE(p.b.counters().unknownCall, unknownBefore + 1);
        QCOMPARE(p.nb.lastState(), std::optional(CallState::Answered));
    }
};

QTEST_GUILESS_MAIN(TestEngineTrunk)
#include "tst_engine_trunk.moc"
