// The AES-128 frame cipher (core/protocol/frame_cipher.h): known answers computed independently
// with OpenSSL, decryption of every encrypted frame Asterisk sent in the interop captures
// (following RTKEY), fresh padding, and tamper cases.
#include "core/analysis/pcap_reader.h"
#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/random_source.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <openssl/evp.h>

#include <array>
#include <map>
#include <set>

using namespace iax::core;

namespace {
QString dataPath(const QString& rel)
{
    return QStringLiteral(IAX_TEST_DATA "/interop/") + rel;
}

AesKey keyFromHex(const char* hex)
{
    AesKey k {};
    const QByteArray b = QByteArray::fromHex(hex);
    std::copy(b.begin(), b.end(), k.begin());
    return k;
}

// Independent AES-128-CBC (zero IV, no padding) straight from OpenSSL, for the known answers.
std::vector<std::uint8_t> referenceCbc(const AesKey& key, const std::vector<std::uint8_t>& in, bool encrypt)
{
    std::vector<std::uint8_t> out(in.size() + 16);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    const unsigned char iv[16] = {};
    int n1 = 0, n2 = 0;
    EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), nullptr, key.data(), iv, encrypt ? 1 : 0);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_CipherUpdate(ctx, out.data(), &n1, in.data(), int(in.size()));
    EVP_CipherFinal_ex(ctx, out.data() + n1, &n2);
    EVP_CIPHER_CTX_free(ctx);
    out.resize(size_t(n1 + n2));
    return out;
}

std::vector<std::uint8_t> sampleFull(std::size_t ieBytes)
{
    FullFrame f;
    f.scall = 0x1234;
    f.dcall = 0x0567;
    f.timestamp = 123456;
    f.oseqno = 7;
    f.iseqno = 9;
    f.type = std::uint8_t(FrameType::Iax);
    f.subclass = std::int64_t(IaxCommand::AuthRep);
    IeList ies;
    std::string s(ieBytes, 'x');
    if (ieBytes > 0)
        ies.addString(IeId::Md5Result, s);
    f.payload = ies.encode();
    return encode(f);
}
} // namespace

class TestFrameCipher : public QObject {
    Q_OBJECT
private slots:
    void csprngServesFreshBytesAcrossItsBlock()
    {
        // CsprngRandom serves small requests from a 4 KiB block: every padding must still be fresh.
        CsprngRandom rng;
        std::set<std::vector<std::uint8_t>> seen;
        std::array<long, 256> histogram {};
        constexpr int kDraws = 5000; // 5000 * 31 bytes: ~38 refills of the block
        for (int i = 0; i < kDraws; ++i) {
            std::vector<std::uint8_t> pad(16 + i % 16);
            rng.fill(pad);
            for (auto b : pad)
                ++histogram[b];
            QVERIFY2(seen.insert(pad).second, "a padding repeated");
        }
        long total = 0;
        for (long n : histogram)
            total += n;
        const double expected = double(total) / 256;
        double chi2 = 0;
        for (long n : histogram)
            chi2 += (n - expected) * (n - expected) / expected;
        qInfo("%ld bytes, chi-square over 256 byte values %.0f (255 degrees of freedom)", total, chi2);
        QVERIFY(chi2 < 400); // p < 1e-7 for a uniform source
        std::vector<std::uint8_t> big(1000), big2(1000); // large requests go straight to RAND_bytes
        rng.fill(big);
        rng.fill(big2);
        QVERIFY(big != big2);
        QVERIFY(std::count(big.begin(), big.end(), 0) < 30);
    }

    void knownAnswerAgainstOpenSsl_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("size");
        for (int ie : { 0, 2, 6, 7, 8, 22, 30, 32, 100 })
            QTest::newRow(qPrintable(QString("full+%1").arg(ie))) << 0 << ie;
        for (int payload : { 1, 13, 14, 15, 30, 160 })
            QTest::newRow(qPrintable(QString("mini+%1").arg(payload))) << 1 << payload;
    }
    void knownAnswerAgainstOpenSsl()
    {
        QFETCH(int, kind);
        QFETCH(int, size);
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        std::vector<std::uint8_t> dg;
        FrameKind fk = kind == 0 ? FrameKind::Full : FrameKind::Mini;
        if (fk == FrameKind::Full) {
            dg = sampleFull(size_t(size));
        } else {
            MiniFrame m;
            m.callno = 10096;
            m.timestamp = 3000;
            m.payload.assign(size_t(size), 0x7f);
            dg = encode(m);
        }
        const size_t clear = fk == FrameKind::Full ? 4 : 2;
        const size_t plain = dg.size() - clear;
        const size_t pad = 16 + ((16 - plain % 16) & 15); // Asterisk's rule
        QVERIFY(pad >= 16 && pad <= 31);
        QCOMPARE((pad + plain) % 16, size_t(0));
        std::vector<std::uint8_t> padding(pad);
        for (size_t i = 0; i < pad; ++i)
            padding[i] = std::uint8_t(0xA0 + i);

        // Expected, computed here without the cipher under test.
        std::vector<std::uint8_t> work(padding);
        work.insert(work.end(), dg.begin() + long(clear), dg.end());
        work[15] = std::uint8_t((work[15] & 0xF0) | (pad & 0x0F));
        std::vector<std::uint8_t> expected(dg.begin(), dg.begin() + long(clear));
        const auto ct = referenceCbc(key, work, true);
        expected.insert(expected.end(), ct.begin(), ct.end());

        FrameEncryptor enc(key);
        auto got = enc.encryptWithPadding(dg, fk, padding);
        QVERIFY(got.ok());
        QCOMPARE(*got, expected);
        // Wrong padding length is refused.
        QVERIFY(!enc.encryptWithPadding(dg, fk, std::span<const std::uint8_t>(padding.data(), pad - 1)).ok());

        FrameDecryptor dec(key);
        auto back = dec.decrypt(*got, fk);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().reason.c_str());
        QCOMPARE(back->datagram, dg);
        QCOMPARE(back->padding, int(pad));
    }

    // One encryptor and one decryptor serve a whole call: their EVP contexts chain across frames
    // and cancel the chaining value, so every frame must still be exactly a zero-IV CBC of its own
    // (what Asterisk decrypts), whatever came before: other lengths, both kinds, a refused frame,
    // a wrong-key frame, frames decrypted out of order.
    void everyFrameIsZeroIvWhateverCameBefore()
    {
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        FrameEncryptor enc(key);
        FrameDecryptor dec(key);
        FrameDecryptor other(keyFromHex("00112233445566778899aabbccddeeff"));
        SeededRandom rng(7);
        struct Sent {
            std::vector<std::uint8_t> plain, wire;
            FrameKind kind;
        };
        std::vector<Sent> sent;
        for (int i = 0; i < 300; ++i) {
            Sent s;
            s.kind = i % 3 == 0 ? FrameKind::Full : FrameKind::Mini;
            if (s.kind == FrameKind::Full) {
                s.plain = sampleFull(size_t(i % 41));
            } else {
                MiniFrame m;
                m.callno = 10096;
                m.timestamp = std::uint16_t(20 * i);
                m.payload.resize(size_t(1 + (i * 37) % 200));
                for (auto& b : m.payload)
                    b = std::uint8_t(rng.next());
                s.plain = encode(m);
            }
            const size_t clear = s.kind == FrameKind::Full ? 4 : 2;
            const size_t plainLen = s.plain.size() - clear;
            std::vector<std::uint8_t> padding(16 + ((16 - plainLen % 16) & 15));
            for (auto& b : padding)
                b = std::uint8_t(rng.next());
            auto wire = enc.encryptWithPadding(s.plain, s.kind, padding);
            QVERIFY(wire.ok());
            // Independent expectation: a fresh zero-IV context over padding ‖ plaintext.
            std::vector<std::uint8_t> work(padding);
            work.insert(work.end(), s.plain.begin() + long(clear), s.plain.end());
            work[15] = std::uint8_t((work[15] & 0xF0) | (padding.size() & 0x0F));
            const auto ct = referenceCbc(key, work, true);
            QVERIFY(std::equal(ct.begin(), ct.end(), wire->begin() + long(clear), wire->end()));
            s.wire = std::move(wire).value();
            sent.push_back(std::move(s));
            if (i % 50 == 7) // a refused encryption leaves the context as it was
                QVERIFY(!enc.encryptWithPadding(sampleFull(3), FrameKind::Full, std::vector<std::uint8_t>(2)).ok());
        }
        // Decrypt in a scrambled order, with refused and wrong-key frames in between.
        std::vector<size_t> order(sent.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = (i * 113) % order.size();
        QCOMPARE(std::set<size_t>(order.begin(), order.end()).size(), sent.size());
        for (size_t n = 0; n < order.size(); ++n) {
            const Sent& s = sent[order[n]];
            if (n % 10 == 3) {
                const std::vector<std::uint8_t> bad(s.wire.begin(), s.wire.end() - 1); // not a multiple of 16
                QVERIFY(!dec.decrypt(bad, s.kind).ok());
            }
            if (n % 10 == 5) // another frame read as the wrong kind: whatever it gives, the next is intact
                (void)dec.decrypt(sent[order[(n + 1) % order.size()]].wire,
                    s.kind == FrameKind::Full ? FrameKind::Mini : FrameKind::Full);
            if (n % 10 == 8)
                (void)other.decrypt(s.wire, s.kind); // the wrong key's context, independent of ours
            auto back = dec.decrypt(s.wire, s.kind);
            QVERIFY2(back.ok(), back.ok() ? "" : back.error().reason.c_str());
            QCOMPARE(back->datagram, s.plain);
        }
        // And a fresh decryptor agrees frame by frame with the long-lived one.
        for (size_t i = 0; i < sent.size(); i += 17) {
            FrameDecryptor fresh(key);
            auto back = fresh.decrypt(sent[i].wire, sent[i].kind);
            QVERIFY(back.ok());
            QCOMPARE(back->datagram, sent[i].plain);
        }
    }

    // Every encrypted frame Asterisk sent, decrypted with the key derived from the secret,
    // following each side's RTKEY; header fields and padding must match the independent decode.
    void decryptsAsteriskCaptures_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("rtkeys");
        QTest::newRow("md5-aes128-dtmf") << "md5-aes128-dtmf"
                                         << "067b2b27fee1bbe2aba615d73d254d66" << 1;
        QTest::newRow("rsa-aes128") << "rsa-aes128"
                                    << "fb386db9286823cab6166efcfe1c6ab6" << 2;
    }
    void decryptsAsteriskCaptures()
    {
        QFETCH(QString, capture);
        QFETCH(QString, key);
        QFETCH(int, rtkeys);
        auto dgs = readUdpCapture(dataPath(capture + "/" + capture + ".pcap").toStdString());
        QVERIFY(dgs.ok());
        QFile jf(dataPath(capture + "/decoded.json"));
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const auto frames = QJsonDocument::fromJson(jf.readAll()).object().value("frames").toArray();
        QCOMPARE(size_t(frames.size()), dgs->size());

        const AesKey initial = keyFromHex(key.toLatin1().constData());
        std::map<std::string, FrameDecryptor> rxBySender; // each sender's current transmit key
        int encrypted = 0, rotations = 0;
        for (size_t i = 0; i < dgs->size(); ++i) {
            const auto& dg = (*dgs)[i];
            const QJsonObject exp = frames[int(i)].toObject();
            QCOMPARE(exp.value("pkt").toInt(), int(dg.packetNumber));
            if (!exp.value("enc").toBool())
                continue;
            ++encrypted;
            auto it = rxBySender.find(dg.src);
            if (it == rxBySender.end())
                it = rxBySender.emplace(dg.src, FrameDecryptor(initial)).first;
            const bool full = exp.value("kind").toString() == "full";
            auto plain = it->second.decrypt(dg.payload, full ? FrameKind::Full : FrameKind::Mini);
            QVERIFY2(plain.ok(),
                qPrintable(
                    QString("pkt %1: %2").arg(dg.packetNumber).arg(plain.ok() ? "" : plain.error().reason.c_str())));
            QCOMPARE(plain->padding, exp.value("pad").toInt());
            auto d = decodeDatagram(plain->datagram);
            QVERIFY(d.ok());
            if (full) {
                const auto& f = std::get<FullFrame>(*d);
                QCOMPARE(int(f.scall), exp.value("scall").toInt());
                QCOMPARE(int(f.dcall), exp.value("dcall").toInt());
                QCOMPARE(f.retransmission, exp.value("retrans").toBool());
                QCOMPARE(int(f.timestamp), exp.value("ts").toInt());
                QCOMPARE(int(f.oseqno), exp.value("oseq").toInt());
                QCOMPARE(int(f.iseqno), exp.value("iseq").toInt());
                QCOMPARE(QString::fromStdString(frameTypeName(f.type)), exp.value("type").toString());
                QCOMPARE(QString::fromStdString(subclassName(f.type, f.subclass)), exp.value("subclass").toString());
                if (f.isIax(IaxCommand::RtKey)) {
                    auto ies = f.ies();
                    QVERIFY(ies.ok());
                    auto newKey = ies->getString(IeId::Challenge);
                    QVERIFY(newKey && newKey->size() == 16);
                    AesKey k {};
                    std::copy(newKey->begin(), newKey->end(), k.begin());
                    it->second = FrameDecryptor(k); // frames after RTKEY use the sender's new key
                    ++rotations;
                }
            } else {
                const auto& m = std::get<MiniFrame>(*d);
                QCOMPARE(int(m.callno), exp.value("callno").toInt());
                QCOMPARE(int(m.timestamp), exp.value("ts16").toInt());
                QCOMPARE(int(m.payload.size()), exp.value("payload_len").toInt());
            }
        }
        QVERIFY(encrypted > 300);
        QCOMPARE(rotations, rtkeys);
    }

    void paddingIsFreshAndLengthsValid()
    {
        const AesKey key = keyFromHex("00112233445566778899aabbccddeeff");
        FrameEncryptor enc(key);
        FrameDecryptor dec(key);
        SeededRandom rng(42);
        const auto dg = sampleFull(10);
        std::vector<std::uint8_t> prevPlainTail;
        std::vector<std::uint8_t> prev;
        for (int i = 0; i < 200; ++i) {
            const auto ct = enc.encrypt(dg, FrameKind::Full, rng);
            QCOMPARE((ct.size() - 4) % 16, size_t(0));
            QVERIFY(ct.size() - dg.size() >= 16 && ct.size() - dg.size() <= 31);
            QVERIFY(ct != prev); // same frame, different ciphertext every time
            // The padding (first decrypted block) is not the previous frame's plaintext tail (Asterisk's weakness).
            const auto work = referenceCbc(key, std::vector<std::uint8_t>(ct.begin() + 4, ct.end()), false);
            std::vector<std::uint8_t> head(work.begin(), work.begin() + 15);
            if (!prevPlainTail.empty())
                QVERIFY(head != prevPlainTail);
            prevPlainTail.assign(work.end() - 15, work.end());
            prev = ct;
            auto back = dec.decrypt(ct, FrameKind::Full);
            QVERIFY(back.ok());
            QCOMPARE(back->datagram, dg);
        }
    }

    // Crafted plaintexts encrypted with plain OpenSSL: each validation rule of decrypt() fires
    // with its documented code, and Asterisk's garbage high nibble in byte 15 is ignored.
    void validationRules()
    {
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        FrameDecryptor dec(key);
        // clear header + referenceCbc(padding ‖ plaintext) with byte 15 := nibbleByte.
        auto craft = [&](std::size_t clear, std::vector<std::uint8_t> plain, std::size_t pad, std::uint8_t byte15) {
            std::vector<std::uint8_t> work(pad, 0x33);
            work.insert(work.end(), plain.begin() + long(clear), plain.end());
            work[15] = byte15;
            std::vector<std::uint8_t> out(plain.begin(), plain.begin() + long(clear));
            const auto ct = referenceCbc(key, work, true);
            out.insert(out.end(), ct.begin(), ct.end());
            return out;
        };
        const auto ack = [] {
            FullFrame f;
            f.scall = 1;
            f.dcall = 2;
            f.timestamp = 99;
            f.type = std::uint8_t(FrameType::Iax);
            f.subclass = std::int64_t(IaxCommand::Ack);
            return encode(f);
        }();
        QCOMPARE(ack.size(), size_t(12));
        // 8 encrypted header bytes + 24 padding: nibble 8; any high nibble is accepted.
        for (std::uint8_t high : { 0x00, 0x30, 0xF0 }) {
            auto ok = dec.decrypt(craft(4, ack, 24, std::uint8_t(high | 0x08)), FrameKind::Full);
            QVERIFY(ok.ok());
            QCOMPARE(ok->datagram, ack);
            QCOMPARE(ok->padding, 24);
        }
        // Garbage nibble: 31 bytes of padding in a 32-byte body leave 1 byte — no header fits.
        auto garbage = dec.decrypt(craft(4, ack, 24, 0x0F), FrameKind::Full);
        QVERIFY(!garbage.ok());
        QCOMPARE(QString::fromStdString(garbage.error().code), QString("bad-padding"));
        // Nibble off by one: the header is read one byte late → wrong type/subclass or refused.
        auto shifted = dec.decrypt(craft(4, ack, 24, 0x09), FrameKind::Full);
        QVERIFY(!shifted.ok());

        auto withHeader = [&](std::uint8_t type, std::uint8_t sub, std::vector<std::uint8_t> ies) {
            std::vector<std::uint8_t> f = ack;
            f[10] = type;
            f[11] = sub;
            f.insert(f.end(), ies.begin(), ies.end());
            const std::size_t plain = f.size() - 4;
            const std::size_t pad = 16 + ((16 - plain % 16) & 15);
            return craft(4, f, pad, std::uint8_t(pad - 16));
        };
        const auto code = [&](const std::vector<std::uint8_t>& ct) {
            auto r = dec.decrypt(ct, FrameKind::Full);
            return r.ok() ? QString("ok") : QString::fromStdString(r.error().code);
        };
        QCOMPARE(code(withHeader(0, 4, {})), QString("implausible")); // type 0
        QCOMPARE(code(withHeader(13, 4, {})), QString("implausible")); // type 13
        QCOMPARE(code(withHeader(6, 0xC0, {})), QString("implausible")); // shift 64: undecodable
        QCOMPARE(code(withHeader(6, 0x82, {})), QString("implausible")); // 1<<2 in shift form: not canonical
        QCOMPARE(code(withHeader(6, 9, { 16, 32, 'a' })), QString("implausible")); // IE runs past the end
        QCOMPARE(code(withHeader(6, 9, { 16, 1, 'a' })), QString("ok"));
        QCOMPARE(code(withHeader(4, 0xFF, {})), QString("ok")); // CONTROL -1 (Asterisk sends it)
        QCOMPARE(code(withHeader(2, 0x82, { 1, 2, 3 })), QString("implausible")); // voice fmt 4 must be raw 4
        QCOMPARE(code(withHeader(2, 4, { 1, 2, 3 })), QString("ok"));

        // Mini frames: an empty payload is implausible; one byte of voice is a frame.
        MiniFrame m;
        m.callno = 10096;
        m.timestamp = 3000;
        const auto emptyMini = encode(m);
        auto r = dec.decrypt(craft(2, emptyMini, 30, 14), FrameKind::Mini);
        QVERIFY(!r.ok());
        QCOMPARE(QString::fromStdString(r.error().code), QString("implausible"));
        m.payload = { 0x7F };
        const auto oneByte = encode(m);
        r = dec.decrypt(craft(2, oneByte, 29, 13), FrameKind::Mini);
        QVERIFY(r.ok());
        QCOMPARE(r->datagram, oneByte);
    }

    void tamperAndWrongKey()
    {
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        const AesKey wrong = keyFromHex("167b2b27fee1bbe2aba615d73d254d66");
        FrameEncryptor enc(key);
        SeededRandom rng(7);
        const auto dg = sampleFull(32);
        const auto ct = enc.encrypt(dg, FrameKind::Full, rng);

        FrameDecryptor bad(wrong);
        int rejected = 0;
        SeededRandom rng2(9);
        for (int i = 0; i < 500; ++i) {
            const auto c = enc.encrypt(dg, FrameKind::Full, rng2);
            rejected += bad.decrypt(c, FrameKind::Full).ok() ? 0 : 1;
        }
        // A single frame under a wrong key passes the plausibility checks by chance a few % of the
        // time (its type byte lands in 1..12 and the rest parses); callers count failures per call.
        QVERIFY2(rejected >= 450, qPrintable(QString("wrong key rejected only %1/500").arg(rejected)));

        FrameDecryptor dec(key);
        QCOMPARE(QString::fromStdString(
                     dec.decrypt(std::vector<std::uint8_t>(ct.begin(), ct.end() - 1), FrameKind::Full).error().code),
            QString("bad-length"));
        QCOMPARE(QString::fromStdString(
                     dec.decrypt(std::vector<std::uint8_t>(ct.begin(), ct.begin() + 20), FrameKind::Full).error().code),
            QString("bad-length"));
        QVERIFY(!dec.decrypt({}, FrameKind::Mini).ok());
        QVERIFY(!dec.decrypt(std::vector<std::uint8_t>(3, 0), FrameKind::Full).ok());
        // Random garbage never crashes and is nearly always rejected.
        SeededRandom g(1);
        int accepted = 0;
        for (int i = 0; i < 2000; ++i) {
            std::vector<std::uint8_t> junk(4 + 16 * (2 + i % 5));
            g.fill(junk);
            accepted += dec.decrypt(junk, FrameKind::Full).ok() ? 1 : 0;
        }
        QVERIFY(accepted < 100);
    }
    void noMacLetsAForgerChangeADtmfDigit()
    {
        // The README's threat model, measured: without a MAC, flipping bit 0x08 of ciphertext byte
        // 15 of the first block turns DTMF '1' into '9' in the second block; the first block (padding
        // and its length nibble) becomes random, so a forgery decrypts to the intended frame when
        // the nibble comes out right: about 1 in 16 copies (varied by harmless flips in bytes 0..7).
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        FullFrame f;
        f.scall = 0x1234;
        f.dcall = 0x0567;
        f.timestamp = 4242;
        f.oseqno = 5;
        f.iseqno = 6;
        f.type = std::uint8_t(FrameType::DtmfEnd);
        f.subclass = '1';
        const auto dg = encode(f);
        FrameEncryptor enc(key);
        SeededRandom rng(3);
        const auto ct = enc.encrypt(dg, FrameKind::Full, rng);
        QCOMPARE(ct.size(), std::size_t(4 + 32)); // 24 bytes of padding + 8 header bytes

        FrameDecryptor dec(key);
        constexpr int kCopies = 1600;
        int forged = 0, otherwise = 0;
        for (int i = 0; i < kCopies; ++i) {
            auto c = ct;
            c[4 + 15] ^= 0x08;
            c[4 + 0] ^= std::uint8_t(1 + i % 255); // lands in padding bytes 16..23: harmless
            c[4 + 1] ^= std::uint8_t(i / 255);
            auto d = dec.decrypt(c, FrameKind::Full);
            if (!d)
                continue;
            auto h = decodeFullFrame(d->datagram);
            if (h && h->type == std::uint8_t(FrameType::DtmfEnd) && h->subclass == '9' && h->timestamp == 4242
                && h->oseqno == 5 && h->iseqno == 6)
                ++forged;
            else
                ++otherwise;
        }
        qInfo("%d of %d forged copies decrypt to DTMF '9' with the original header; %d to something else", forged,
            kCopies, otherwise);
        QVERIFY2(forged > kCopies / 16 / 2 && forged < kCopies / 16 * 2, qPrintable(QString::number(forged)));
    }

    void splitEncryptAndReusedDecryptMatchTheWholeForms()
    {
        // The voice path encrypts header ‖ payload without joining them and decrypts into a buffer
        // reused frame after frame: both must give exactly the bytes of encrypt()/decrypt(), at every
        // split point (inside the clear header too), with the same random draws.
        const AesKey key = keyFromHex("067b2b27fee1bbe2aba615d73d254d66");
        FrameEncryptor whole(key), split(key);
        FrameDecryptor dec(key), reused(key);
        SeededRandom rngWhole(11), rngSplit(11), fill(3);
        std::vector<std::uint8_t> buffer;
        for (int i = 0; i < 200; ++i) {
            const FrameKind kind = i % 4 == 0 ? FrameKind::Full : FrameKind::Mini;
            std::vector<std::uint8_t> dg;
            if (kind == FrameKind::Full) {
                dg = sampleFull(size_t(i % 41));
            } else {
                MiniFrame m;
                m.callno = 10096;
                m.timestamp = std::uint16_t(20 * i);
                m.payload.resize(size_t(1 + (i * 37) % 200));
                fill.fill(m.payload);
                dg = encode(m);
            }
            const size_t at = size_t(i) % (dg.size() + 1);
            const auto a = whole.encrypt(dg, kind, rngWhole);
            const auto b = split.encrypt(std::span<const std::uint8_t>(dg).first(at),
                std::span<const std::uint8_t>(dg).subspan(at), kind, rngSplit);
            QCOMPARE(b, a);
            const auto d = dec.decrypt(a, kind);
            QVERIFY(d.ok());
            QCOMPARE(d->datagram, dg);
            const auto padding = reused.decryptInto(a, kind, buffer);
            QVERIFY(padding.ok());
            QCOMPARE(*padding, d->padding);
            QCOMPARE(buffer, dg); // a longer frame before it left nothing behind
        }
        // An error leaves the reused buffer usable for the next frame.
        QVERIFY(!reused.decryptInto(std::vector<std::uint8_t>(20, 0), FrameKind::Mini, buffer).ok());
    }
};

QTEST_GUILESS_MAIN(TestFrameCipher)
#include "tst_frame_cipher.moc"
