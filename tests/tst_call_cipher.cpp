// CallCipher: the one rule for which receive key a frame fits, shared by Call and CaptureDecoder.
// Frames are built here under known keys and timestamps; what a wrong key makes of them is
// computed, not assumed, so each case is the one its name says.
#include "core/protocol/call_cipher.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/frame.h"

#include <QtTest>

using namespace iax::core;

namespace {
const AesKey kOld = deriveAesKey("challenge", "old");
const AesKey kNew = deriveAesKey("challenge", "new");

std::vector<std::uint8_t> mini(std::uint16_t ts, std::uint8_t fill, const AesKey& key, std::uint64_t seed)
{
    MiniFrame m;
    m.callno = 7;
    m.timestamp = ts;
    m.payload.assign(160, fill);
    SeededRandom rng(seed);
    FrameEncryptor enc(key);
    return enc.encrypt(encode(m), FrameKind::Mini, rng);
}

std::vector<std::uint8_t> full(std::uint32_t ts, std::uint8_t oseqno, const AesKey& key, std::uint64_t seed)
{
    FullFrame f;
    f.scall = 7;
    f.dcall = 9;
    f.timestamp = ts;
    f.oseqno = oseqno;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::Ping);
    SeededRandom rng(seed);
    FrameEncryptor enc(key);
    return enc.encrypt(encode(f), FrameKind::Full, rng);
}

// How far (ms, 16-bit) the timestamp `key` reads in a mini frame lies from `ref`; -1 when it does not decrypt.
int readDistance(const std::vector<std::uint8_t>& bytes, const AesKey& key, std::uint16_t ref)
{
    FrameDecryptor dec(key);
    auto plain = dec.decrypt(bytes, FrameKind::Mini);
    if (!plain)
        return -1;
    return std::abs(int(std::int16_t(std::uint16_t(byte_io::readU16(plain->datagram, 2) - ref))));
}

// The sender started its clock at 0 ms, sent under kOld and then rotated to kNew.
CallCipher rotatedCipher()
{
    CallCipher c;
    c.startPeerClock(0, Millis(0));
    c.setKey(kOld);
    c.rotate(kNew);
    return c;
}
} // namespace

class TstCallCipher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clearUntilKeyed()
    {
        CallCipher c;
        std::string why;
        QVERIFY(!c.active());
        QCOMPARE(c.decrypt(mini(0, 1, kOld, 1), FrameKind::Mini, Millis(0), {}, why), CallCipher::Outcome::Clear);
    }

    // The current key's reading is on time while a previous key's garbage lands close too: the
    // current key's reading wins, at one decryption.
    void currentKeyOnTimeWins()
    {
        const Millis at { 10'000 };
        const std::uint16_t ts = 10'000;
        std::vector<std::uint8_t> bytes;
        for (std::uint64_t seed = 1; seed < 200'000 && bytes.empty(); ++seed) {
            auto b = mini(ts, 0x33, kNew, seed);
            const int underOld = readDistance(b, kOld, ts);
            if (underOld >= 0 && underOld <= 1000)
                bytes = std::move(b);
        }
        QVERIFY(!bytes.empty());
        CallCipher c = rotatedCipher();
        std::string why;
        QCOMPARE(c.decrypt(bytes, FrameKind::Mini, at, {}, why), CallCipher::Outcome::Decrypted);
        QCOMPARE(int(c.plain()[4]), 0x33);
    }

    // accepts() (the capture decoder's split probe) and decrypt() (its feed, and Call) apply one
    // rule: for the same history they accept the same frames, read them the same, and accepts()
    // moves no clock.
    void probeAndDecryptAgree()
    {
        CallCipher probed = rotatedCipher();
        CallCipher plain = rotatedCipher();
        struct Frame {
            std::vector<std::uint8_t> bytes;
            FrameKind kind;
            Millis at;
        };
        std::vector<Frame> frames;
        std::uint64_t seed = 1;
        for (int i = 0; i < 60; ++i) {
            const Millis at { 10'000 + 20 * i };
            const auto ts = static_cast<std::uint16_t>(at.count());
            const AesKey& key = i % 3 == 0 ? kOld : kNew; // late frames under the previous key
            frames.push_back({ mini(ts, std::uint8_t(i), key, seed++), FrameKind::Mini, at });
            if (i % 7 == 0) // far from the clock: neither accepts it (no run of them)
                frames.push_back({ mini(std::uint16_t(ts + 9000), 0xEE, kNew, seed++), FrameKind::Mini, at });
            if (i % 10 == 0)
                frames.push_back(
                    { full(std::uint32_t(at.count()), std::uint8_t(i / 10), kNew, seed++), FrameKind::Full, at });
            if (i % 11 == 0) // a full frame under an unknown key
                frames.push_back(
                    { full(std::uint32_t(at.count()), 0, deriveAesKey("x", "y"), seed++), FrameKind::Full, at });
        }
        int accepted = 0, refused = 0;
        for (const auto& f : frames) {
            std::string why1, why2;
            const bool accepts = probed.accepts(f.bytes, f.kind, f.at, {});
            const std::vector<std::uint8_t> probedPlain(probed.plain().begin(), probed.plain().end());
            const auto got = probed.decrypt(f.bytes, f.kind, f.at, {}, why1);
            const auto want = plain.decrypt(f.bytes, f.kind, f.at, {}, why2);
            QCOMPARE(got, want);
            QCOMPARE(accepts, want == CallCipher::Outcome::Decrypted);
            if (accepts) {
                QVERIFY(std::ranges::equal(probedPlain, plain.plain()));
                ++accepted;
            } else {
                ++refused;
            }
        }
        QCOMPARE(accepted, 60 + 6); // every on-time mini, under either key, and the full frames
        QCOMPARE(refused, 9 + 6);
        QCOMPARE(probed.framesDecrypted(), plain.framesDecrypted());
    }
};

QTEST_GUILESS_MAIN(TstCallCipher)
#include "tst_call_cipher.moc"
