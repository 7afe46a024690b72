// Playout of a sender whose clock is not real time (issue 15 item 2): the receive path (Engine:
// decryption and the mini-frame windows) and the playout (MediaSession: jitter buffer, PLC) must
// follow a sender that runs slow or fast, skips or repeats timestamps. Measured as a listener
// hears it: the silent share of 100 ms windows of the recording and the runs of frames without a
// packet. Virtual time throughout.
//   - the asterisk-echo-lossy capture replayed through an Engine (Asterisk's re-stamped echo,
//     1.4 s behind real time after 10 s), decrypted, played and recorded;
//   - a simulated sender at -25 %, -30 %, +5 %, +30 %, with skips and repeats, behind a lossy link.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/engine.h"
#include "core/protocol/frame_cipher.h"
#include "sim/engine_pair.h"
#include "sim/playout_probe.h"
#include "support/interop_frames.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace iax::core;
using iax::sim::PlayoutProbe;

using iax::test::toUs;

namespace {

// µ-law frames of a continuous 440 Hz tone at -6 dBFS: frame k holds samples [160k, 160k + 160).
std::vector<std::uint8_t> toneFrame(std::int64_t k)
{
    std::vector<std::uint8_t> out(160);
    for (int i = 0; i < 160; ++i) {
        const double t = double(k * 160 + i) / 8000.0;
        const int s = int(16384 * std::sin(2 * 3.14159265358979 * 440 * t));
        // G.711 µ-law encode (ITU-T G.711, as audio/g711.cpp).
        int sign = s < 0 ? 0x80 : 0;
        int mag = std::min(std::abs(s), 32635) + 0x84;
        int exp = 7;
        for (int m = 0x4000; (mag & m) == 0 && exp > 0; m >>= 1)
            --exp;
        const int mant = (mag >> (exp + 3)) & 0x0F;
        out[std::size_t(i)] = std::uint8_t(~(sign | (exp << 4) | mant));
    }
    return out;
}

// A sender whose voice clock runs at `rate` × real time: one 20 ms frame (a continuous tone) every
// 20 / rate ms, encrypted mini frames straight to the callee Engine B of an encrypted call. Its
// full frames (PING/LAGRQ every 3 s from Engine A) stay on real time, as a PBX's do. Every
// `jumpEvery` frames its timestamps jump by `jumpMs` (a skip forward, or a repeat when negative);
// the link delays each frame 30 + [0, 30] ms and loses `loss` of them. B's voice is played and
// recorded by a MediaSession every 20 ms.
struct SenderProfile {
    double rate = 1.0;
    double loss = 0;
    int jumpEvery = 0;
    int jumpMs = 0;
    int seconds = 20;
    // From `changeAtMs` on (when set): `rateAfter` and `lossAfter` instead.
    int changeAtMs = 0;
    double rateAfter = 1.0;
    double lossAfter = 0;
    double slowest() const { return std::min({ rate, changeAtMs ? rateAfter : 1.0, 1.0 }); }
};

struct Outcome {
    double silent = 1;
    std::string map;
    std::string kinds;
    iax::audio::JitterStats jitter;
    int longestGap = 0; ///< frames without a packet in a row, between the first and last packet
    int bursts = 0; ///< such runs of 3 frames or more
    int longestLostRun = 0; ///< frames the link lost in a row
    int lostRuns = 0; ///< runs of 2 or more lost frames
    int jumps = 0;
    std::uint64_t delivered = 0; ///< frames the link delivered
    std::uint64_t voiceEvents = 0; ///< VoiceReceived from B
    int decryptFailures = -1; ///< B's count at the end (frames held as undecryptable and expired)
};

// The simulated senders: slow and fast clocks, loss, skips and repeats of their timestamps.
void addSenderRows()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("loss");
    QTest::addColumn<int>("jumpEvery");
    QTest::addColumn<int>("jumpMs");
    QTest::newRow("-25%") << 0.75 << 0.0 << 0 << 0;
    QTest::newRow("-30% 10% loss") << 0.70 << 0.10 << 0 << 0;
    QTest::newRow("-15% 15% loss") << 0.85 << 0.15 << 0 << 0;
    QTest::newRow("+5%") << 1.05 << 0.0 << 0 << 0;
    QTest::newRow("+30% 5% loss") << 1.30 << 0.05 << 0 << 0;
    QTest::newRow("real time 10% loss") << 1.0 << 0.10 << 0 << 0;
    QTest::newRow("-25% skips 200 ms") << 0.75 << 0.0 << 100 << 200;
    QTest::newRow("+5% repeats 100 ms") << 1.05 << 0.0 << 100 << -100;
    QTest::newRow("-15% repeats a frame") << 0.85 << 0.05 << 37 << -20;
}

std::string challengeOf(const std::vector<std::pair<PeerAddress, Transmit>>& wire)
{
    for (const auto& [from, t] : wire) {
        auto f = decodeFullFrame(t.bytes);
        if (from == iax::sim::kB && f.ok() && f->isIax(IaxCommand::AuthReq))
            if (auto ies = f->ies(); ies.ok())
                return ies->getString(IeId::Challenge).value_or("");
    }
    return {};
}

Outcome runSender(const SenderProfile& prof, std::uint32_t seed, const QString& wav)
{
    Outcome out;
    EngineConfig base;
    base.pingInterval = Millis(3000);
    iax::sim::Pair p(iax::sim::alice(), seed, base);
    const Millis dialAt = p.net.now();
    auto ca = p.connect(p.dial());
    if (!ca || !p.answeredBoth())
        return out;
    const std::string challenge = challengeOf(p.wire);
    std::uint16_t aCallno = 0;
    for (const auto& [from, t] : p.wire)
        if (auto f = decodeFullFrame(t.bytes); from == iax::sim::kA && f.ok() && f->isIax(IaxCommand::New))
            aCallno = f->scall;
    if (challenge.empty() || !aCallno)
        return out;
    FrameEncryptor enc(deriveAesKey(challenge, iax::sim::kSecret));
    SeededRandom padding(seed);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);

    PlayoutProbe probe(wav.toStdString());
    auto recordEvent = p.net.onEvent;
    p.net.onEvent = [&](const PeerAddress& node, const EngineEvent& e) {
        recordEvent(node, e);
        if (auto* v = std::get_if<VoiceReceived>(&e); v && node == iax::sim::kB) {
            ++out.voiceEvents;
            probe.push(v->payload, v->timestamp, p.net.now().count());
        }
    };
    const Millis start = p.net.now() + Millis(100);
    const int framesBefore = prof.changeAtMs ? int(prof.changeAtMs / 20 * prof.rate) : 0;
    const int frames = prof.changeAtMs
        ? framesBefore + int((prof.seconds * 1000 - prof.changeAtMs) / 20 * prof.rateAfter)
        : int(prof.seconds * 1000 / 20 * prof.rate);
    std::int64_t ts = (start - dialAt).count();
    ts -= ts % 20;
    Millis lastArrival = start;
    int lostRun = 0;
    for (int k = 0; k < frames; ++k) {
        if (k > 0 && prof.jumpEvery && k % prof.jumpEvery == 0) {
            ts += prof.jumpMs;
            ++out.jumps;
        }
        const bool after = prof.changeAtMs && k >= framesBefore;
        const Millis sent = start
            + Millis(after ? prof.changeAtMs + std::llround((k - framesBefore) * 20 / prof.rateAfter)
                           : std::llround(k * 20 / prof.rate));
        const bool lost = u(rng) < (after ? prof.lossAfter : prof.loss);
        const Millis arrival = sent + Millis(30 + std::llround(u(rng) * 30));
        const auto ts16 = std::uint16_t(ts & 0xFFFF);
        ts += 20;
        if (lost) {
            ++lostRun;
            out.longestLostRun = std::max(out.longestLostRun, lostRun);
            continue;
        }
        out.lostRuns += lostRun >= 2 ? 1 : 0;
        lostRun = 0;
        const auto payload = toneFrame(k);
        p.net.injectAt(iax::sim::kA, iax::sim::kB,
            enc.encrypt(encodeMiniHeader(aCallno, ts16), payload, FrameKind::Mini, padding), arrival);
        lastArrival = std::max(lastArrival, arrival);
        ++out.delivered;
    }
    // The recording runs from the first frame's sending to 300 ms after the last one arrived.
    for (Millis t = start; t < lastArrival + Millis(300); t += Millis(20)) {
        p.net.run(t);
        probe.tick(t.count());
    }
    // Frames held as undecryptable count as failures when they expire (after ~40 s).
    p.net.run(p.net.now() + Millis(60000));
    if (auto st = p.b.callStats(p.calleeId()))
        out.decryptFailures = st->encryption.decryptFailures;
    const auto pcm = probe.finish();
    out.silent = iax::sim::silentShare(pcm, 8000);
    out.map = iax::sim::windowMap(pcm, 8000);
    out.kinds = probe.kinds();
    out.jitter = probe.jitter();
    out.longestGap = probe.longestGap();
    out.bursts = probe.gapRuns(int(std::ceil(1 / prof.slowest())) + 2);
    return out;
}
} // namespace

class TestPlayoutDrift : public QObject {
    Q_OBJECT
private slots:
    void asteriskEchoThroughLossReplaysContinuously_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<int>("port"); // the server's (the lossy proxy's) UDP port
        // IAXPhone's recording then: 70.6 % silent (0.3 s of tone, 0.8 s of silence, over and over).
        QTest::newRow("15 % loss") << "asterisk-echo-lossy/asterisk-echo-lossy.pcap"
                                   << "127.0.0.3"
                                   << "softphone-md5"
                                   << "SoftphoneMd5Secret" << 4569;
        // Live, this branch before the start-up fix: 5.5 % silent (800 ms at 0.6 s).
        QTest::newRow("25 % loss") << "asterisk-echo-lossy-25/asterisk-echo-lossy-25.pcapng"
                                   << "127.0.0.22"
                                   << "dev-md5"
                                   << "DevMd5Pass-1" << 4569;
        // Live, seed 11: a duplicate call at Asterisk until 12 s, then the echo ran 22-25 % slow.
        // This branch before the drift was relearnt: 17.6 % silent (the recording then: 18.2 %).
        QTest::newRow("25 % loss, rate change") << "asterisk-echo-duplicate-25/asterisk-echo-duplicate-25.pcapng"
                                                << "127.0.0.1"
                                                << "dev-md5"
                                                << "DevMd5Pass-1" << 41150;
    }
    void asteriskEchoThroughLossReplaysContinuously()
    {
        // Asterisk's echo of our tones through 15 % / 25 % loss each way (tests/data/interop/
        // asterisk-echo-lossy*): every datagram Asterisk sent us reaches an Engine at the time
        // the capture saw it; the Engine decrypts it, the MediaSession plays and records it.
        // Bar (issue 15): at most 25 % of 100 ms windows silent counting the tail; we want far less.
        QFETCH(QString, capture);
        QFETCH(QString, server);
        QFETCH(QString, user);
        QFETCH(QString, secret);
        QFETCH(int, port);
        const PeerAddress kAsterisk { server.toStdString(), std::uint16_t(port) };
        const std::string serverSrc = server.toStdString() + ":" + std::to_string(port);
        auto dgs = readUdpCapture((QStringLiteral(IAX_TEST_DATA "/interop/") + capture).toStdString(), 0);
        QVERIFY(dgs.ok());
        const auto& c = dgs.value();
        QTemporaryDir dir;
        PlayoutProbe probe(dir.filePath("replay.wav").toStdString());
        SeededRandom rng(15);
        Engine e(EngineConfig {}, rng);
        DialRequest d;
        d.peer = kAsterisk;
        d.username = user.toStdString();
        d.secret = secret.toStdString();
        d.calledNumber = "echo";
        d.encryption = EncryptionPolicy::Required;
        d.codecs = { Codec::Ulaw };
        const double t0 = c.front().timestamp;
        auto at = [&](const CapturedDatagram& g) { return Millis(1000 + std::llround((g.timestamp - t0) * 1000)); };
        auto id = e.dial(d, Millis(1000));
        QVERIFY(id);
        std::uint16_t ours = 0;
        std::optional<Millis> answered;
        bool ended = false;
        std::uint64_t voiceEvents = 0;
        auto drain = [&](Millis now) {
            while (auto t = e.pollTransmit()) {
                auto f = decodeFullFrame(t->bytes);
                if (!ours && f.ok())
                    ours = f->scall;
            }
            while (auto ev = e.pollEvent()) {
                if (auto* s = std::get_if<CallStateChanged>(&*ev)) {
                    if (s->state == CallState::Answered && !answered)
                        answered = now;
                    ended |= s->state == CallState::HungUp || s->state == CallState::Failed;
                }
                if (auto* v = std::get_if<VoiceReceived>(&*ev)) {
                    ++voiceEvents;
                    probe.push(v->payload, v->timestamp, now.count());
                }
            }
        };
        drain(Millis(1000));
        // The call as IAXPhone lived it: Asterisk's datagrams at their times, our voice and the
        // playout every 20 ms from the answer, timers when due. The recording runs from the
        // answer to our HANGUP (the capture's last packet), as --record's did.
        const Millis end = at(c.back());
        std::size_t next = 0;
        Millis tick(1000);
        const std::vector<std::uint8_t> silence(160, 0xFF);
        while (tick <= end) {
            for (; next < c.size() && at(c[next]) <= tick; ++next) {
                if (c[next].src != serverSrc)
                    continue;
                e.receive(toUs(c[next].payload, ours), kAsterisk, at(c[next]));
                drain(at(c[next]));
            }
            if (auto dl = e.nextDeadline(); dl && *dl <= tick) {
                e.handleTimeout(tick);
                drain(tick);
            }
            if (answered) {
                e.sendVoice(*id, silence, 20, tick);
                drain(tick);
                probe.tick(tick.count());
            }
            tick += Millis(20);
        }
        QVERIFY(answered);
        QVERIFY(!ended);
        const auto pcm = probe.finish();
        const auto stats = e.callStats(*id);
        QVERIFY(stats);
        const double silent = iax::sim::silentShare(pcm, 8000);
        const auto j = probe.jitter();
        qInfo("replay: %llu voice frames from the Engine (%d undecryptable), jitter buffer played %llu, late %llu, "
              "dropped %llu, concealed %llu, lost %llu; silent windows %.1f %%",
            static_cast<unsigned long long>(voiceEvents), stats->encryption.decryptFailures,
            static_cast<unsigned long long>(j.played), static_cast<unsigned long long>(j.late),
            static_cast<unsigned long long>(j.dropped), static_cast<unsigned long long>(j.concealed),
            static_cast<unsigned long long>(j.lost), silent * 100);
        qInfo("windows: %s", iax::sim::windowMap(pcm, 8000).c_str());
        qInfo("frames:  %s", probe.kinds().c_str());
        // Every voice frame Asterisk sent that reached us is decrypted and handed on.
        QCOMPARE(stats->encryption.decryptFailures, 0);
        QVERIFY2(silent <= 0.05, qPrintable(QString("%1 % of 100 ms windows silent").arg(silent * 100)));
    }

    void senderSlowingDownMidCallPlaysContinuously()
    {
        // Live, 25 % loss, proxy seed 11: while a duplicate call at Asterisk lived our voice went
        // as full frames, resent until they arrived, so Asterisk's echo kept real time; once it
        // was hung up (12 s in) our voice went as lossy mini frames and the echo ran 25 % slow.
        // The drift estimate over the 5 s window stayed 0, playout ran ahead of the echo and its
        // frames were late: 17.6 % of the call's windows silent, all in the last 4.5 s (the
        // capture replayed). The same here: real time for 8 s, then 25 % slow with 25 % loss.
        QTemporaryDir dir;
        for (std::uint32_t seed : { 5u, 6u }) {
            SenderProfile prof;
            prof.seconds = 16;
            prof.changeAtMs = 8000;
            prof.rateAfter = 0.75;
            prof.lossAfter = 0.25;
            const Outcome o = runSender(prof, seed, dir.filePath(QString("slowing-%1.wav").arg(seed)));
            const auto& j = o.jitter;
            const QString detail = QString("\nwindows %1\nframes  %2")
                                       .arg(QString::fromStdString(o.map), QString::fromStdString(o.kinds));
            qInfo("seed %u: %llu delivered; played %llu late %llu concealed %llu resyncs %llu, drift %.1f %%; silent "
                  "%.1f %%, longest gap %d (lost run %d)",
                seed, static_cast<unsigned long long>(o.delivered), static_cast<unsigned long long>(j.played),
                static_cast<unsigned long long>(j.late), static_cast<unsigned long long>(j.concealed),
                static_cast<unsigned long long>(j.resyncs), j.driftPercent, o.silent * 100, o.longestGap,
                o.longestLostRun);
            QVERIFY2(o.delivered > 500, "the call did not come up");
            QVERIFY2(o.silent <= 0.03, qPrintable(QString("%1 % silent").arg(o.silent * 100) + detail));
            // Frames that arrived are played, not dropped as late, and the new drift is found.
            QVERIFY2(j.late <= 3, qPrintable(QString("%1 late").arg(j.late) + detail));
            QVERIFY2(j.driftPercent < -15, qPrintable(QString("drift %1 %").arg(j.driftPercent)));
            // No run without a packet longer than the loss explains (as driftingSenderPlaysContinuously),
            // or than 10 frames (concealed) once, while playout notices that the sender slowed down
            // and goes back to it (before: 36 frames, mostly silent, and again after each resync).
            const int gapBound = std::max(int(std::ceil((o.longestLostRun + 1) / prof.slowest())) + 1, 10);
            QVERIFY2(o.longestGap <= gapBound,
                qPrintable(QString("longest gap %1 frames (bound %2)").arg(o.longestGap).arg(gapBound) + detail));
        }
    }

    void driftingSenderReachesThePlayout_data() { addSenderRows(); }
    void driftingSenderReachesThePlayout()
    {
        // The Engine hands on every frame that reached it, however far the sender's voice clock
        // drifts from its full frames' (PING/LAGRQ on real time): none is held as "far from the
        // peer's clock" (before: 4 of every run that drifted 1 s away, 24 of 750 at -25 %).
        QFETCH(double, rate);
        QFETCH(double, loss);
        QFETCH(int, jumpEvery);
        QFETCH(int, jumpMs);
        QTemporaryDir dir;
        for (std::uint32_t seed : { 5u, 6u }) {
            const Outcome o = runSender({ rate, loss, jumpEvery, jumpMs }, seed, dir.filePath("engine.wav"));
            QVERIFY2(o.delivered > 500, "the call did not come up");
            QCOMPARE(o.voiceEvents, o.delivered);
            QCOMPARE(o.decryptFailures, 0);
        }
    }

    void driftingSenderPlaysContinuously_data() { addSenderRows(); }
    void driftingSenderPlaysContinuously()
    {
        // Bounds: at most 3 % of 100 ms windows silent (the start included). Between two frames
        // received after L lost in a row (or a jump of L frames) (L + 1) / rate frame times pass
        // for a sender slower than real time: no run of frames without a packet may be longer than
        // that (rounded up) + 1. At most one burst (a run of ceil(1 / rate) + 2 or more such frames:
        // longer than drift alone makes) per run of 2+ lost frames, per jump, and one at the start.
        QFETCH(double, rate);
        QFETCH(double, loss);
        QFETCH(int, jumpEvery);
        QFETCH(int, jumpMs);
        QTemporaryDir dir;
        for (std::uint32_t seed : { 5u, 6u }) {
            SenderProfile prof { rate, loss, jumpEvery, jumpMs };
            const Outcome o = runSender(prof, seed, dir.filePath(QString("sender-%1.wav").arg(seed)));
            const auto& j = o.jitter;
            qInfo("rate %.2f loss %.0f%% seed %u: %llu delivered, %llu voice events; played %llu late %llu dropped "
                  "%llu concealed %llu lost %llu; silent %.1f %%, longest gap %d (lost run %d), bursts %d "
                  "(lost runs %d, jumps %d)",
                rate, loss * 100, seed, static_cast<unsigned long long>(o.delivered),
                static_cast<unsigned long long>(o.voiceEvents), static_cast<unsigned long long>(j.played),
                static_cast<unsigned long long>(j.late), static_cast<unsigned long long>(j.dropped),
                static_cast<unsigned long long>(j.concealed), static_cast<unsigned long long>(j.lost), o.silent * 100,
                o.longestGap, o.longestLostRun, o.bursts, o.lostRuns, o.jumps);
            const QString detail = QString("\nwindows %1\nframes  %2")
                                       .arg(QString::fromStdString(o.map), QString::fromStdString(o.kinds));
            QVERIFY2(o.delivered > 500, "the call did not come up");
            QVERIFY2(o.silent <= 0.03, qPrintable(QString("%1 % silent").arg(o.silent * 100) + detail));
            const int jumpFrames = std::abs(jumpMs) / 20;
            const double slow = std::min(rate, 1.0);
            const int gapBound = int(std::ceil((std::max(o.longestLostRun, jumpFrames) + 1) / slow)) + 1;
            QVERIFY2(o.longestGap <= gapBound,
                qPrintable(QString("longest gap %1 frames (bound %2)").arg(o.longestGap).arg(gapBound) + detail));
            QVERIFY2(o.bursts <= o.lostRuns + o.jumps + 1, qPrintable(QString("%1 bursts").arg(o.bursts) + detail));
        }
    }
};

QTEST_GUILESS_MAIN(TestPlayoutDrift)
#include "tst_playout_drift.moc"
