// Impairment soak in virtual time (tests/sim): a one-hour AES-128 call between two Engines with
// 20 % loss, 5 % duplication, 50 ms jitter (reordering) and key rotation every 10 s both ways;
// plus a peer that vanishes, a flood of NEWs without tokens, RTKEY storms and spoofed frames.
// Memory is measured with a counting global operator new/delete (live heap bytes of the test
// process), so "memory flat" needs no engine internals. Wall clock: seconds (virtual time).
#include "sim/sim_link.h"

#include "core/protocol/frame.h"

#include <QtTest>

#include <atomic>
#include <climits>
#include <cstdlib>
#include <new>

// ---- live heap bytes (every operator new/delete of the process goes through these) ----
namespace {
std::atomic<long long> g_liveBytes { 0 };
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* countedAlloc(std::size_t n)
{
    auto* raw = static_cast<unsigned char*>(std::malloc(n + kHeader));
    if (!raw)
        throw std::bad_alloc();
    *reinterpret_cast<std::size_t*>(raw) = n;
    g_liveBytes.fetch_add(static_cast<long long>(n), std::memory_order_relaxed);
    return raw + kHeader;
}
void countedFree(void* p) noexcept
{
    if (!p)
        return;
    auto* raw = static_cast<unsigned char*>(p) - kHeader;
    g_liveBytes.fetch_sub(static_cast<long long>(*reinterpret_cast<std::size_t*>(raw)), std::memory_order_relaxed);
    std::free(raw);
}
} // namespace

void* operator new(std::size_t n)
{
    return countedAlloc(n);
}
void* operator new[](std::size_t n)
{
    return countedAlloc(n);
}
void operator delete(void* p) noexcept
{
    countedFree(p);
}
void operator delete[](void* p) noexcept
{
    countedFree(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    countedFree(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    countedFree(p);
}

using namespace iax::core;
using iax::sim::LinkProfile;
using iax::sim::SimNetwork;

namespace {
const PeerAddress kA { "10.0.0.1", 4569 };
const PeerAddress kB { "10.0.0.2", 4569 };
const char* kSecret = "soak-secret";
const LinkProfile kHostile { Millis(30), Millis(50), 0.20, 0.05 }; // 20 % loss, 5 % dup, 50 ms jitter

// The seed of a soak: fixed, so CTest runs are repeatable; IAXPHONE_SOAK_SEED explores others.
std::uint64_t seed(std::uint64_t fixed)
{
    const char* env = std::getenv("IAXPHONE_SOAK_SEED");
    return env && *env ? std::strtoull(env, nullptr, 10) : fixed;
}

long long liveBytes()
{
    return g_liveBytes.load(std::memory_order_relaxed);
}

bool terminal(CallState s)
{
    return s == CallState::HungUp || s == CallState::Rejected || s == CallState::Failed;
}

// What one side saw, as counters (nothing that grows with the call's length is stored).
struct Side {
    std::optional<CallId> call;
    std::optional<CallState> state;
    std::optional<CallEnd> end;
    std::optional<EncryptionState> enc;
    int terminalEvents = 0;
    int encFailedEvents = 0;
    std::uint64_t voice = 0;
    std::uint64_t voiceGarbage = 0; ///< voice frames whose payload is not what the peer sent
    int textsInOrder = 0; ///< TEXT frames received, each exactly the next expected one
    int textsWrong = 0; ///< a TEXT out of order, duplicated or unexpected
    int dtmfInOrder = 0;
    int dtmfWrong = 0;
    int rekeysTx = 0, rekeysRx = 0;
    std::optional<CallStats> finished;
};

// Caller A, callee B (answers automatically), on a seeded lossy link.
struct Soak {
    SeededRandom rngA, rngB;
    Engine a, b;
    SimNetwork net;
    Side sa, sb;
    std::function<void(const PeerAddress&, const Transmit&)> tap;

    static KeyRotation rotation(Millis every)
    {
        KeyRotation r;
        r.enabled = true;
        r.firstAfterVoice = Millis(0);
        r.minInterval = r.maxInterval = every;
        return r;
    }
    // The call's codec: G.711 µ-law (constant size) or Opus (variable size, its TOC byte says how long).
    std::uint64_t codec = Codec::Ulaw;

    static EngineConfig configWith(UserConfig user)
    {
        EngineConfig c;
        c.users = { std::move(user) };
        return c;
    }
    static UserConfig alice(Millis rotateEvery, std::uint64_t codec)
    {
        UserConfig u;
        u.codecs = { codec };
        u.username = "alice";
        u.secret = kSecret;
        u.encryption = EncryptionPolicy::Required;
        u.rotation = rotation(rotateEvery);
        return u;
    }

    Soak(std::uint64_t seed, Millis rotateEvery, std::uint64_t callCodec = Codec::Ulaw)
        : rngA(seed * 3 + 1)
        , rngB(seed * 3 + 2)
        , a(EngineConfig {}, rngA)
        , b(configWith(alice(rotateEvery, callCodec)), rngB)
        , net(seed)
        , codec(callCodec)
    {
        net.add(kA, a);
        net.add(kB, b);
        net.tap = [this](const PeerAddress& from, const Transmit& t) {
            if (tap)
                tap(from, t);
        };
        net.onEvent = [this](const PeerAddress& node, const EngineEvent& e) { onEvent(node == kA ? sa : sb, node, e); };
    }

    void onEvent(Side& s, const PeerAddress& node, const EngineEvent& e)
    {
        const char other = node == kA ? 'b' : 'a';
        if (auto* c = std::get_if<CallStateChanged>(&e)) {
            s.state = c->state;
            if (terminal(c->state)) {
                ++s.terminalEvents;
                s.end = c->end;
                qInfo("%s: call ended at %lld ms: %s", node == kA ? "A" : "B", (long long)net.now().count(),
                    c->end.reason.c_str());
            }
        } else if (auto* in = std::get_if<IncomingCall>(&e)) {
            s.call = in->call;
            b.answer(in->call, net.now());
        } else if (auto* x = std::get_if<EncryptionStateChanged>(&e)) {
            s.enc = x->state;
            if (x->state == EncryptionState::Failed)
                ++s.encFailedEvents;
        } else if (auto* v = std::get_if<VoiceReceived>(&e)) {
            ++s.voice;
            if (!isOurVoice(v->payload))
                ++s.voiceGarbage;
        } else if (auto* t = std::get_if<TextReceived>(&e)) {
            if (t->text == std::string(1, other) + std::to_string(s.textsInOrder))
                ++s.textsInOrder;
            else
                ++s.textsWrong;
        } else if (auto* d = std::get_if<DtmfReceived>(&e)) {
            // Digits cycle 0..9, each as BEGIN then END.
            const int n = s.dtmfInOrder;
            if (d->digit == char('0' + (n / 2) % 10) && d->begin == (n % 2 == 0))
                ++s.dtmfInOrder;
            else
                ++s.dtmfWrong;
        } else if (auto* r = std::get_if<Rekey>(&e)) {
            ++(r->direction == KeyDirection::Tx ? s.rekeysTx : s.rekeysRx);
        } else if (auto* f = std::get_if<CallFinished>(&e)) {
            s.finished = f->stats;
            const auto& x = f->stats.encryption;
            qInfo("%s: finished: rekeys tx %d rx %d, decrypt failures %d, retransmits %llu", node == kA ? "A" : "B",
                x.rekeysSent, x.rekeysReceived, x.decryptFailures, (unsigned long long)f->stats.retransmits);
        }
    }

    // What talk() sends: µ-law 160 × 0x7F; Opus a 20 ms hybrid packet (TOC 0x78: config 15, one
    // frame) of 0x55 bytes whose length varies as a VBR encoder's does.
    std::vector<std::uint8_t> voicePayload(int frame) const
    {
        if (codec != Codec::Opus)
            return std::vector<std::uint8_t>(160, 0x7F);
        std::vector<std::uint8_t> p(std::size_t(30 + (frame * 7) % 50), 0x55);
        p[0] = 0x78;
        return p;
    }
    bool isOurVoice(const std::vector<std::uint8_t>& p) const
    {
        if (codec != Codec::Opus)
            return p == std::vector<std::uint8_t>(160, 0x7F);
        return p.size() >= 30 && p.size() < 80 && p[0] == 0x78
            && std::all_of(p.begin() + 1, p.end(), [](std::uint8_t b) { return b == 0x55; });
    }

    DialRequest dial(Millis rotateEvery) const
    {
        DialRequest r;
        r.codecs = { codec };
        r.peer = kB;
        r.username = "alice";
        r.secret = kSecret;
        r.calledNumber = "600";
        r.encryption = EncryptionPolicy::Required;
        r.rotation = rotation(rotateEvery);
        return r;
    }

    bool up() const { return sa.state == CallState::Answered && sb.state == CallState::Answered; }

    // Dials and runs until both sides are answered and proven encrypted.
    bool establish(Millis rotateEvery)
    {
        sa.call = a.dial(dial(rotateEvery), net.now());
        if (!sa.call)
            return false;
        net.run(net.now() + Millis(30000), [&] { return up(); });
        return up();
    }

    // Voice both ways every 20 ms for `span`; every 5 s a TEXT each way, every 7 s a DTMF digit each way.
    int textsSent = 0, dtmfSent = 0;
    void talk(Millis span, bool fromB = true)
    {
        const Millis end = net.now() + span;
        while (net.now() < end) {
            const Millis t = net.now();
            const std::vector<std::uint8_t> payload = voicePayload(int(t.count() / 20));
            a.sendVoice(*sa.call, payload, 20, t);
            if (fromB)
                b.sendVoice(*sb.call, payload, 20, t);
            if (t.count() % 5000 < 20) {
                a.sendText(*sa.call, "a" + std::to_string(textsSent), t);
                b.sendText(*sb.call, "b" + std::to_string(textsSent), t);
                ++textsSent;
            }
            if (t.count() % 7000 < 20) {
                const char digit = char('0' + dtmfSent % 10);
                a.sendDtmf(*sa.call, digit, t);
                b.sendDtmf(*sb.call, digit, t);
                ++dtmfSent;
            }
            net.run(t + Millis(20));
            noteFirstFailure("A", a, sa);
            noteFirstFailure("B", b, sb);
        }
    }

    // Diagnostics for a failing run: when each side first failed to decrypt, and its last rekeys.
    Millis lastRekeyA { -1 }, lastRekeyB { -1 };
    bool failureNoted[2] = { false, false };
    void noteFirstFailure(const char* name, const Engine& e, const Side& side)
    {
        bool& noted = failureNoted[&side == &sb];
        if (noted || !side.call)
            return;
        if (auto st = e.callStats(*side.call); st && st->encryption.decryptFailures > 0) {
            noted = true;
            qInfo("%s: first decrypt failure by %lld ms (rekeys tx %d rx %d)", name, (long long)net.now().count(),
                st->encryption.rekeysSent, st->encryption.rekeysReceived);
        }
    }
};

std::vector<std::uint8_t> newFrame(std::uint16_t scall, const IeList& ies)
{
    FullFrame f;
    f.scall = scall;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::New);
    f.payload = ies.encode();
    return encode(f);
}
} // namespace

class TestSoak : public QObject {
    Q_OBJECT
private slots:
    void oneHourEncryptedCallUnderImpairment_data()
    {
        QTest::addColumn<quint64>("codec");
        QTest::newRow("ulaw") << quint64(Codec::Ulaw);
        QTest::newRow("opus") << quint64(Codec::Opus);
    }
    void oneHourEncryptedCallUnderImpairment()
    {
        QFETCH(quint64, codec);
        Soak s(seed(2026), Millis(10000), codec);
        s.net.setProfile(kHostile);
        QVERIFY(s.establish(Millis(10000)));
        // Live heap bytes: the lowest of every 5 virtual minutes (sampled every 5 s) after a 10-minute
        // warm-up. Frames held for a late RTKEY come and go; a leak raises the floor.
        std::vector<long long> samples;
        for (int minute = 0; minute < 60; minute += 5) {
            long long floor = LLONG_MAX;
            for (int i = 0; i < 60; ++i) {
                s.talk(Millis(5000));
                floor = std::min(floor, liveBytes());
            }
            if (s.sa.end || s.sb.end)
                qWarning("call ended at %lld ms: A '%s', B '%s'", (long long)s.net.now().count(),
                    s.sa.end ? s.sa.end->reason.c_str() : "-", s.sb.end ? s.sb.end->reason.c_str() : "-");
            QCOMPARE(s.a.callCount(), std::size_t(1));
            QCOMPARE(s.b.callCount(), std::size_t(1));
            QCOMPARE(s.a.pendingTransmits(), std::size_t(0));
            QCOMPARE(s.b.pendingTransmits(), std::size_t(0));
            if (minute >= 10)
                samples.push_back(floor);
        }
        // Let every reliable frame in flight land (voice stops; keep-alives and rotation go on).
        s.net.run(s.net.now() + Millis(30000));

        // No hang-up, no encryption failure, both sides still proven encrypted.
        QCOMPARE(s.sa.terminalEvents, 0);
        QCOMPARE(s.sb.terminalEvents, 0);
        QCOMPARE(s.sa.state, CallState::Answered);
        QCOMPARE(s.sb.state, CallState::Answered);
        QCOMPARE(s.sa.encFailedEvents + s.sb.encFailedEvents, 0);
        QCOMPARE(s.sa.enc, EncryptionState::Encrypted);
        QCOMPARE(s.sb.enc, EncryptionState::Encrypted);

        // Every control frame delivered exactly once and in order, across ~360 key changes each way.
        QVERIFY(s.textsSent >= 719);
        QCOMPARE(s.sb.textsInOrder, s.textsSent);
        QCOMPARE(s.sa.textsInOrder, s.textsSent);
        QCOMPARE(s.sa.textsWrong + s.sb.textsWrong, 0);
        QCOMPARE(s.sb.dtmfInOrder, 2 * s.dtmfSent);
        QCOMPARE(s.sa.dtmfInOrder, 2 * s.dtmfSent);
        QCOMPARE(s.sa.dtmfWrong + s.sb.dtmfWrong, 0);

        const CallStats ca = *s.a.callStats(*s.sa.call);
        const CallStats cb = *s.b.callStats(*s.sb.call);
        qInfo("A: sent %llu voice, got %llu; rekeys tx %d rx %d; retransmits %llu dup %llu ooo %llu lost %llu",
            (unsigned long long)ca.voiceSent, (unsigned long long)ca.voiceReceived, ca.encryption.rekeysSent,
            ca.encryption.rekeysReceived, (unsigned long long)ca.retransmits, (unsigned long long)ca.duplicates,
            (unsigned long long)ca.outOfOrder, (unsigned long long)ca.lost);
        qInfo("B: sent %llu voice, got %llu; rekeys tx %d rx %d; retransmits %llu dup %llu ooo %llu lost %llu",
            (unsigned long long)cb.voiceSent, (unsigned long long)cb.voiceReceived, cb.encryption.rekeysSent,
            cb.encryption.rekeysReceived, (unsigned long long)cb.retransmits, (unsigned long long)cb.duplicates,
            (unsigned long long)cb.outOfOrder, (unsigned long long)cb.lost);
        // Rotation every 10 s both ways (one at a time: a rotation waits for the previous one's ACKs).
        QVERIFY2(ca.encryption.rekeysSent >= 300, qPrintable(QString::number(ca.encryption.rekeysSent)));
        QVERIFY2(cb.encryption.rekeysSent >= 300, qPrintable(QString::number(cb.encryption.rekeysSent)));
        // Every RTKEY arrived (the 30 s quiet period let retransmissions finish; at most the last is in flight).
        QVERIFY(cb.encryption.rekeysReceived >= ca.encryption.rekeysSent - 1);
        QVERIFY(ca.encryption.rekeysReceived >= cb.encryption.rekeysSent - 1);
        QVERIFY(cb.encryption.rekeysReceived <= ca.encryption.rekeysSent);
        QVERIFY(ca.encryption.rekeysReceived <= cb.encryption.rekeysSent);
        // Voice decrypt failures: none, although frames crossed every key change reordered and duplicated.
        QCOMPARE(ca.encryption.decryptFailures, 0);
        QCOMPARE(cb.encryption.decryptFailures, 0);
        // The link really was hostile: retransmissions, duplicates and reordering happened.
        QVERIFY(ca.retransmits > 100 && cb.retransmits > 100);
        QVERIFY(ca.duplicates + cb.duplicates > 100);
        QVERIFY(ca.outOfOrder + cb.outOfOrder > 100);
        // Voice is unreliable (mini frames): about 80 % arrives; each arrival decrypted.
        QVERIFY(cb.voiceReceived > ca.voiceSent * 7 / 10);
        QVERIFY(ca.voiceReceived > cb.voiceSent * 7 / 10);
        QVERIFY(s.sb.voice == cb.voiceReceived);
        // Loss as the receiver reports it (RR_LOSS) matches the link's 20 %: reordering is not loss.
        QVERIFY2(ca.lost > cb.voiceSent * 15 / 100 && ca.lost < cb.voiceSent * 25 / 100,
            qPrintable(QString::number(ca.lost)));
        QVERIFY2(cb.lost > ca.voiceSent * 15 / 100 && cb.lost < ca.voiceSent * 25 / 100,
            qPrintable(QString::number(cb.lost)));
        // Without a MAC a wrong key "decrypts" voice too. Voice under a key still in flight is held,
        // not guessed, and a frame is believed only near the peer's clock, of the size and on the
        // timestamp grid of the peer's voice: across ~700 key changes on this link, at most a few
        // 20 ms frames of garbage per hour get through (seeds 1-5: 0-2 per side; 40-54 before).
        qInfo("garbage voice frames played: A %llu, B %llu", (unsigned long long)s.sa.voiceGarbage,
            (unsigned long long)s.sb.voiceGarbage);
        // Opus frames vary in size, so only the duration in their TOC byte and the grid tell garbage
        // apart (a random TOC passes ~7 % of the time): without that check 72-258 per side per hour
        // (seeds 1-5), with it 0-5 (seeds 1-15); µ-law 0-3.
        const std::uint64_t garbageBound = codec == Codec::Opus ? 10 : 5;
        QVERIFY(s.sa.voiceGarbage <= garbageBound && s.sb.voiceGarbage <= garbageBound);

        // Memory flat: the heap's floor over the last 50 minutes varies by less than 64 KiB. (It steps
        // up a few KiB when a burst sets a new high-water mark of a queue's capacity; a leak of one
        // frame per key change would already be ~70 KiB, one per voice frame megabytes.)
        const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
        QString floors;
        for (long long b : samples)
            floors += QString::number(b) + ' ';
        qInfo("live heap floor per 5 minutes: %s(%lld .. %lld)", qPrintable(floors), *lo, *hi);
        QVERIFY2(*hi - *lo < 64 * 1024, qPrintable(QString("heap grew by %1 bytes").arg(*hi - *lo)));

        // And it ends cleanly.
        s.a.hangup(*s.sa.call, "soak done", s.net.now());
        s.net.run(s.net.now() + Millis(60000), [&] { return s.a.callCount() == 0 && s.b.callCount() == 0; });
        QCOMPARE(s.sb.state, CallState::HungUp);
        QVERIFY(s.sa.finished && s.sb.finished);
        QCOMPARE(s.a.callCount() + s.b.callCount(), std::size_t(0));
    }

    void peerThatDisappears()
    {
        Soak s(11, Millis(10000));
        s.net.setProfile(kHostile);
        const long long before = liveBytes();
        QVERIFY(s.establish(Millis(10000)));
        s.talk(Millis(60000));
        const Millis cutAt = s.net.now();
        s.net.cut(kB);
        // A keeps talking into the void; both sides must give up with "unreachable", not hang.
        const std::vector<std::uint8_t> payload(160, 0x7F);
        while (s.net.now() < cutAt + Millis(180000) && (s.a.callCount() > 0 || s.b.callCount() > 0)) {
            if (s.a.callCount() > 0)
                s.a.sendVoice(*s.sa.call, payload, 20, s.net.now());
            s.net.run(s.net.now() + Millis(20));
        }
        QCOMPARE(s.a.callCount(), std::size_t(0));
        QCOMPARE(s.b.callCount(), std::size_t(0));
        QVERIFY(s.sa.end && s.sb.end);
        QCOMPARE(int(s.sa.end->kind), int(CallEnd::Kind::Unreachable));
        QCOMPARE(int(s.sb.end->kind), int(CallEnd::Kind::Unreachable));
        qInfo(
            "gave up after %lld ms (A), state A %s", (long long)(s.net.now() - cutAt).count(), stateName(*s.sa.state));
        QVERIFY(s.net.now() - cutAt < Millis(90000));
        // Nothing of the call is left behind (within 8 KiB of the heap before the call).
        QVERIFY2(liveBytes() - before < 8 * 1024, qPrintable(QString::number(liveBytes() - before)));
    }

    void newFloodWithoutTokensAllocatesNothing()
    {
        Soak s(12, Millis(10000));
        QVERIFY(s.establish(Millis(10000)));
        s.talk(Millis(2000));
        const long long before = liveBytes();
        const EngineCounters c0 = s.b.counters();
        constexpr int kFlood = 20000;
        int toCaller = 0;
        const Millis t = s.net.now();
        for (int i = 0; i < kFlood; ++i) {
            IeList ies;
            ies.addU16(IeId::Version, 2).addString(IeId::Username, "alice").addString(IeId::CalledNumber, "600");
            if (i % 4 == 1)
                ies.addEmpty(IeId::CallToken); // asks for a token: answered statelessly
            else if (i % 4 == 2)
                ies.addString(IeId::CallToken, "1700000000?" + std::to_string(i)); // forged
            const PeerAddress from { "192.0.2." + std::to_string(i % 250 + 1), std::uint16_t(1024 + i) };
            s.b.receive(newFrame(std::uint16_t(1 + i % 32000), ies), from, t);
            while (auto out = s.b.pollTransmit()) {
                if (out->to == kA) { // call traffic (none expected at this instant) goes on the wire
                    ++toCaller;
                    s.net.inject(kB, kA, std::move(out->bytes));
                }
            }
        }
        const EngineCounters c1 = s.b.counters();
        QCOMPARE(s.b.callCount(), std::size_t(1)); // only the real call
        QCOMPARE(c1.untokenedNew - c0.untokenedNew, std::uint64_t(kFlood / 2));
        QCOMPARE(c1.tokensIssued - c0.tokensIssued, std::uint64_t(kFlood / 4));
        QCOMPARE(c1.badToken - c0.badToken, std::uint64_t(kFlood / 4));
        QCOMPARE(toCaller, 0);
        // No state: the heap is where it was (events/transmits drained).
        QVERIFY2(liveBytes() - before < 4 * 1024, qPrintable(QString::number(liveBytes() - before)));
        // The real call did not notice.
        s.talk(Millis(5000));
        QCOMPARE(s.sa.state, CallState::Answered);
        QCOMPARE(s.sb.state, CallState::Answered);
        QCOMPARE(s.b.callStats(*s.sb.call)->encryption.decryptFailures, 0);
    }

    void rtkeyStorms()
    {
        // A peer that rotates every 100 ms (a storm of reliable RTKEYs) on the hostile link.
        Soak s(seed(13), Millis(100));
        s.net.setProfile(kHostile);
        QVERIFY(s.establish(Millis(100)));
        s.talk(Millis(10000)); // warm-up
        // Heap every 5 s over 120 s of storm. Frames held for a late RTKEY come and go, so the
        // lowest sample of each half is compared: a leak raises the floor, transients do not.
        long long warm = LLONG_MAX, stormed = LLONG_MAX;
        for (int i = 0; i < 24; ++i) {
            s.talk(Millis(5000));
            long long& floor = i < 12 ? warm : stormed;
            floor = std::min(floor, liveBytes());
        }
        // Record A's full frames of another 10 s of storm for the replay below.
        std::vector<std::vector<std::uint8_t>> aToB;
        s.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (from == kA && !t.bytes.empty() && (t.bytes[0] & 0x80))
                aToB.push_back(t.bytes);
        };
        s.talk(Millis(10000));
        s.tap = nullptr;
        s.net.run(s.net.now() + Millis(30000));
        QCOMPARE(s.sa.terminalEvents + s.sb.terminalEvents, 0);
        const CallStats ca = *s.a.callStats(*s.sa.call);
        const CallStats cb = *s.b.callStats(*s.sb.call);
        qInfo("storm: A rekeys tx %d rx %d, B rekeys tx %d rx %d", ca.encryption.rekeysSent,
            ca.encryption.rekeysReceived, cb.encryption.rekeysSent, cb.encryption.rekeysReceived);
        // One rotation at a time (each waits for the previous one's ACKs, which a lost RTKEY of the
        // other direction delays through its backoff), so the rate varies with the loss pattern
        // (seeds 1-5: 166-317 in these 140 s); a storm is still ~1 key change per second each way.
        QVERIFY2(ca.encryption.rekeysSent >= 100, qPrintable(QString::number(ca.encryption.rekeysSent)));
        QVERIFY2(cb.encryption.rekeysSent >= 100, qPrintable(QString::number(cb.encryption.rekeysSent)));
        QVERIFY(cb.encryption.rekeysReceived >= ca.encryption.rekeysSent - 1);
        QCOMPARE(ca.encryption.decryptFailures, 0);
        QCOMPARE(cb.encryption.decryptFailures, 0);
        QCOMPARE(s.sb.textsWrong + s.sa.textsWrong, 0);
        QCOMPARE(s.sb.textsInOrder, s.textsSent);
        qInfo("heap floor: first minute %lld, second minute %lld bytes", warm, stormed);
        QVERIFY2(stormed - warm < 16 * 1024, qPrintable(QString::number(stormed - warm)));

        // A replay storm: every full frame A sent (RTKEYs included) delivered again, 3 times, from
        // A's own address. All are old sequence numbers under old keys: none may change B's key.
        // (A keeps rotating meanwhile, so B may only count the RTKEYs A really sent.)
        for (int round = 0; round < 3; ++round)
            for (const auto& bytes : aToB)
                s.net.inject(kA, kB, bytes);
        s.net.run(s.net.now() + Millis(1000));
        qInfo("replay done at %lld ms", (long long)s.net.now().count());
        QVERIFY(
            s.b.callStats(*s.sb.call)->encryption.rekeysReceived <= s.a.callStats(*s.sa.call)->encryption.rekeysSent);
        QCOMPARE(s.sb.rekeysRx, s.b.callStats(*s.sb.call)->encryption.rekeysReceived);
        // Replays under keys B has already dropped are held for a late RTKEY (8 s), then counted
        // as decrypt failures (and nothing else); after them, fresh traffic decrypts without a
        // single further failure.
        s.net.run(s.net.now() + Millis(10000));
        const int replayFailures = s.b.callStats(*s.sb.call)->encryption.decryptFailures;
        qInfo("replayed %zu frames x3: %d counted as decrypt failures", aToB.size(), replayFailures);
        QVERIFY(std::size_t(replayFailures) <= 3 * aToB.size());
        const int textsBefore = s.sb.textsInOrder;
        s.talk(Millis(10000));
        s.net.run(s.net.now() + Millis(10000));
        QCOMPARE(s.sb.textsWrong, 0); // no replayed TEXT was delivered again
        QVERIFY(s.sb.textsInOrder > textsBefore);
        QCOMPARE(s.sb.state, CallState::Answered);
        QCOMPARE(s.b.callStats(*s.sb.call)->encryption.decryptFailures, replayFailures);
    }

    void framesFromSpoofedAddresses()
    {
        Soak s(14, Millis(10000));
        QVERIFY(s.establish(Millis(10000)));
        std::vector<std::vector<std::uint8_t>> aToB;
        s.tap = [&](const PeerAddress& from, const Transmit& t) {
            if (from == kA)
                aToB.push_back(t.bytes);
        };
        s.talk(Millis(3000));
        s.tap = nullptr;
        s.net.run(s.net.now() + Millis(2000));
        const std::uint64_t voiceBefore = s.sb.voice;
        const std::uint64_t spoofedBefore = s.b.counters().spoofed;
        // A's genuine encrypted frames, replayed from another host and from A's host on another port.
        const PeerAddress others[] = { { "10.6.6.6", 4569 }, { kA.host, 4570 } };
        std::uint64_t fullFrames = 0;
        for (const auto& from : others)
            for (const auto& bytes : aToB) {
                s.net.inject(from, kB, bytes);
                fullFrames += (bytes[0] & 0x80) ? 1 : 0;
            }
        // A forged clear HANGUP with the live call numbers.
        FullFrame hangup;
        hangup.scall = std::uint16_t(*s.sa.call);
        hangup.dcall = std::uint16_t(*s.sb.call);
        hangup.type = std::uint8_t(FrameType::Iax);
        hangup.subclass = std::int64_t(IaxCommand::Hangup);
        s.net.inject(others[0], kB, encode(hangup));
        s.net.run(s.net.now() + Millis(3000));
        QCOMPARE(s.sb.voice, voiceBefore); // nothing replayed was played out
        QCOMPARE(s.sb.state, CallState::Answered);
        QCOMPARE(s.sb.textsWrong, 0);
        QCOMPARE(s.b.callStats(*s.sb.call)->encryption.decryptFailures, 0);
        QVERIFY2(s.b.counters().spoofed - spoofedBefore >= fullFrames + 1,
            qPrintable(QString("spoofed %1 of %2").arg(s.b.counters().spoofed - spoofedBefore).arg(fullFrames + 1)));
        s.talk(Millis(3000));
        QVERIFY(s.sb.voice > voiceBefore);
        QCOMPARE(s.sa.terminalEvents + s.sb.terminalEvents, 0);
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
