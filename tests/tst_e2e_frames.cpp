// The end-to-end frame cipher (gcm_frame_cipher.h): the frame layout checked against raw EVP
// AES-128-GCM under the keys HKDF gives, every flipped bit dropped as tampered, replays and frames
// behind the window dropped and counted, reordering inside the window accepted, the R bit's
// retransmission rule, the ratchet, and hostile bytes that never throw.
#include "core/protocol/byte_io.h"
#include "core/protocol/frame.h"
#include "core/protocol/gcm_frame_cipher.h"

#include <openssl/evp.h>

#include <QtTest>

using namespace iax::core;

namespace {

Secret32 chainOf(std::uint8_t fill)
{
    Secret32 s;
    s.bytes.fill(fill);
    return s;
}

std::vector<std::uint8_t> dtmfFrame(std::uint8_t oseqno, char digit = '5')
{
    FullFrame f;
    f.scall = 0x1234;
    f.dcall = 0x0567;
    f.timestamp = 1000 + oseqno;
    f.oseqno = oseqno;
    f.iseqno = 3;
    f.type = std::uint8_t(FrameType::DtmfEnd);
    f.subclass = digit;
    return encode(f);
}

std::vector<std::uint8_t> voiceMini(std::uint16_t ts)
{
    MiniFrame m;
    m.callno = 0x1234;
    m.timestamp = ts;
    m.payload.assign(160, std::uint8_t(ts));
    return encode(m);
}

std::vector<std::uint8_t> seal(GcmSealer& s, const std::vector<std::uint8_t>& dg, FrameKind k)
{
    return s.seal(dg, {}, k);
}

} // namespace

class TstE2eFrames : public QObject {
    Q_OBJECT
private slots:
    void layoutMatchesRawEvp()
    {
        // header ‖ seq(epoch 0, counter n) ‖ AES-128-GCM(key, prefix ‖ seq, aad = header) ‖ tag,
        // with key and prefixes from HKDF-Expand(chain, "IAXPhone E2E v1 frame", 24).
        const auto chain = chainOf(0x11);
        std::array<std::uint8_t, 24> m {};
        QVERIFY(hkdfExpand(chain, "IAXPhone E2E v1 frame", m));
        GcmSealer sealer(chain);
        for (FrameKind kind : { FrameKind::Full, FrameKind::Mini }) {
            const auto dg = kind == FrameKind::Full ? dtmfFrame(0) : voiceMini(160);
            const std::size_t hdr = kind == FrameKind::Full ? 4 : 2;
            seal(sealer, dg, kind); // counter 0
            const auto wire = seal(sealer, dg, kind); // counter 1
            QCOMPARE(wire.size(), dg.size() + kGcmOverhead);
            QVERIFY(std::equal(dg.begin(), dg.begin() + hdr, wire.begin()));
            QCOMPARE(byte_io::readU64(wire, hdr), std::uint64_t(1));
            std::uint8_t iv[12];
            std::copy_n(m.begin() + (kind == FrameKind::Full ? 16 : 20), 4, iv);
            std::copy_n(wire.begin() + hdr, 8, iv + 4);
            std::vector<std::uint8_t> ct(dg.size() - hdr + 16);
            EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
            int len = 0, fin = 0;
            QVERIFY(EVP_EncryptInit_ex(c, EVP_aes_128_gcm(), nullptr, m.data(), iv) == 1);
            QVERIFY(EVP_EncryptUpdate(c, nullptr, &len, dg.data(), int(hdr)) == 1);
            QVERIFY(EVP_EncryptUpdate(c, ct.data(), &len, dg.data() + hdr, int(dg.size() - hdr)) == 1);
            QVERIFY(EVP_EncryptFinal_ex(c, ct.data() + len, &fin) == 1);
            QVERIFY(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, ct.data() + dg.size() - hdr) == 1);
            EVP_CIPHER_CTX_free(c);
            QVERIFY(std::equal(ct.begin(), ct.end(), wire.begin() + hdr + 8));
        }
    }

    void roundTripFullAndMini()
    {
        GcmSealer s(chainOf(1));
        GcmOpener o(chainOf(1));
        std::vector<std::uint8_t> plain;
        for (int i = 0; i < 5; ++i) {
            const auto f = dtmfFrame(std::uint8_t(i));
            QCOMPARE(o.open(seal(s, f, FrameKind::Full), FrameKind::Full, plain), GcmDrop::None);
            QCOMPARE(plain, f);
            const auto m = voiceMini(std::uint16_t(160 * i));
            QCOMPARE(
                o.open(s.seal(std::span(m).first(4), std::span(m).subspan(4), FrameKind::Mini), FrameKind::Mini, plain),
                GcmDrop::None);
            QCOMPARE(plain, m);
        }
        QCOMPARE(o.counters().opened, std::uint64_t(10));
    }

    void everyFlippedBitIsDropped()
    {
        GcmSealer s(chainOf(2));
        GcmOpener o(chainOf(2));
        const auto wire = seal(s, dtmfFrame(0), FrameKind::Full);
        std::vector<std::uint8_t> plain;
        std::uint64_t expectedTampered = 0;
        for (std::size_t bit = 0; bit < wire.size() * 8; ++bit) {
            if (bit == 2 * 8) // the R bit: not authenticated, see retransmissionMayRepeat()
                continue;
            auto bad = wire;
            bad[bit / 8] ^= std::uint8_t(0x80 >> (bit % 8));
            const auto d = o.open(bad, FrameKind::Full, plain);
            // A flip in the epoch byte names an epoch we have no keys for; everything else fails the tag.
            const bool epochByte = bit / 8 == 4;
            QVERIFY2(d == (epochByte && bit % 8 != 7 ? GcmDrop::Epoch : GcmDrop::Tampered),
                qPrintable(QString("bit %1").arg(bit)));
            if (d == GcmDrop::Tampered)
                ++expectedTampered;
            QVERIFY(plain.empty());
        }
        QCOMPARE(o.counters().tampered, expectedTampered);
        QCOMPARE(o.counters().opened, std::uint64_t(0));
        QCOMPARE(o.open(wire, FrameKind::Full, plain), GcmDrop::None); // the genuine frame still opens
    }

    void replayIsDropped()
    {
        GcmSealer s(chainOf(3));
        GcmOpener o(chainOf(3));
        std::vector<std::uint8_t> plain;
        const auto f = seal(s, dtmfFrame(0), FrameKind::Full);
        const auto m = seal(s, voiceMini(0), FrameKind::Mini);
        QCOMPARE(o.open(f, FrameKind::Full, plain), GcmDrop::None);
        QCOMPARE(o.open(m, FrameKind::Mini, plain), GcmDrop::None);
        QCOMPARE(o.open(f, FrameKind::Full, plain), GcmDrop::Replayed);
        QCOMPARE(o.open(m, FrameKind::Mini, plain), GcmDrop::Replayed);
        QCOMPARE(o.counters().replayed, std::uint64_t(2));
    }

    void retransmissionMayRepeat()
    {
        // The reliable layer resends the stored wire bytes with the R bit set: inside the window
        // that opens (flagged repeated, for the duplicate check); a mini frame has no R bit.
        GcmSealer s(chainOf(4));
        GcmOpener o(chainOf(4));
        std::vector<std::uint8_t> plain;
        auto f = seal(s, dtmfFrame(0), FrameKind::Full);
        bool repeated = true;
        QCOMPARE(o.open(f, FrameKind::Full, plain, &repeated), GcmDrop::None);
        QVERIFY(!repeated);
        f[2] |= 0x80;
        QCOMPARE(o.open(f, FrameKind::Full, plain, &repeated), GcmDrop::None);
        QVERIFY(repeated);
        // … but not once it has fallen behind the window.
        for (std::uint64_t i = 0; i < ReplayWindow::kSize; ++i)
            QCOMPARE(o.open(seal(s, dtmfFrame(1), FrameKind::Full), FrameKind::Full, plain), GcmDrop::None);
        QCOMPARE(o.open(f, FrameKind::Full, plain, &repeated), GcmDrop::TooOld);
    }

    void reorderInsideWindowBeyondDropped()
    {
        GcmSealer s(chainOf(5));
        GcmOpener o(chainOf(5));
        std::vector<std::vector<std::uint8_t>> sent;
        for (int i = 0; i < 100; ++i)
            sent.push_back(seal(s, voiceMini(std::uint16_t(i)), FrameKind::Mini));
        std::vector<std::uint8_t> plain;
        QCOMPARE(o.open(sent[99], FrameKind::Mini, plain), GcmDrop::None);
        QCOMPARE(o.open(sent[99 - 63], FrameKind::Mini, plain), GcmDrop::None); // oldest inside
        QCOMPARE(o.open(sent[50], FrameKind::Mini, plain), GcmDrop::None);
        QCOMPARE(o.open(sent[99 - 64], FrameKind::Mini, plain), GcmDrop::TooOld); // first outside
        QCOMPARE(o.open(sent[0], FrameKind::Mini, plain), GcmDrop::TooOld);
        QCOMPARE(o.counters().tooOld, std::uint64_t(2));
        QCOMPARE(o.counters().opened, std::uint64_t(3));
    }

    void ratchetFollowedAndOldKeysForgotten()
    {
        GcmSealer s(chainOf(6));
        GcmOpener o(chainOf(6));
        std::vector<std::uint8_t> plain;
        const auto e0 = seal(s, voiceMini(1), FrameKind::Mini);
        s.ratchet();
        const auto e1 = seal(s, voiceMini(2), FrameKind::Mini);
        QVERIFY(!std::equal(e0.begin() + 10, e0.begin() + 20, e1.begin() + 10));
        QCOMPARE(o.open(e1, FrameKind::Mini, plain), GcmDrop::None); // next epoch adopted
        QCOMPARE(o.epoch(), std::uint32_t(1));
        QCOMPARE(o.open(e0, FrameKind::Mini, plain), GcmDrop::None); // previous still open (in flight)
        s.ratchet();
        s.ratchet();
        const auto e3 = seal(s, voiceMini(3), FrameKind::Mini);
        QCOMPARE(o.open(e3, FrameKind::Mini, plain), GcmDrop::Epoch); // two ahead: no keys
        // A forged frame claiming the next epoch (with a fresh counter) does not move the receiver.
        GcmSealer s2(chainOf(6));
        s2.ratchet();
        s2.ratchet();
        for (int i = 0; i < 10; ++i)
            seal(s2, voiceMini(5), FrameKind::Mini);
        auto forgedNext = seal(s2, voiceMini(5), FrameKind::Mini);
        forgedNext.back() ^= 1;
        QCOMPARE(o.open(forgedNext, FrameKind::Mini, plain), GcmDrop::Tampered);
        QCOMPARE(o.epoch(), std::uint32_t(1));
    }

    void hostileBytesNeverThrow()
    {
        GcmOpener o(chainOf(7));
        SeededRandom rng(77);
        std::vector<std::uint8_t> plain;
        std::uint64_t drops = 0;
        for (std::size_t n = 0; n < 400; ++n) {
            std::vector<std::uint8_t> junk(n);
            rng.fill(junk);
            for (FrameKind k : { FrameKind::Full, FrameKind::Mini }) {
                QVERIFY(o.open(junk, k, plain) != GcmDrop::None);
                ++drops;
            }
        }
        const auto& c = o.counters();
        QCOMPARE(c.shortFrames + c.badEpoch + c.tampered + c.replayed + c.tooOld, drops);
        QVERIFY(c.shortFrames > 0 && c.tampered > 0 && c.badEpoch > 0);
    }
};

QTEST_GUILESS_MAIN(TstE2eFrames)
#include "tst_e2e_frames.moc"
