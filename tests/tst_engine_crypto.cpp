// Issue 4 on a simulated link: AES-128 negotiation, key rotation in both directions under loss,
// the RTKEY proof rule, encryption policies against a peer (or a man in the middle) that strips
// the ENCRYPTION IE, wrong secrets, undecryptable frames, and the honest encryption state.
#include "sim/engine_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

// Rewrites NEW without its ENCRYPTION IE (a downgrading man in the middle).
bool stripEncryption(const PeerAddress& from, Transmit& t)
{
    auto f = decodeFullFrame(t.bytes);
    if (from != kA || !f || !f->isIax(IaxCommand::New))
        return true;
    auto ies = f->ies();
    IeList kept;
    for (const auto& ie : ies->items())
        if (ie.id != std::uint8_t(IeId::Encryption))
            kept.addRaw(ie.id, ie.data);
    f->payload = kept.encode();
    t.bytes = encode(*f);
    return true;
}

// True if the datagram is a clear VOICE/DTMF full frame or a mini frame.
bool isClearMedia(const std::vector<std::uint8_t>& bytes)
{
    auto d = decodeDatagram(bytes);
    if (!d)
        return false;
    if (std::holds_alternative<MiniFrame>(*d))
        return true;
    const auto* f = std::get_if<FullFrame>(&*d);
    return f
        && (f->type == std::uint8_t(FrameType::Voice) || f->type == std::uint8_t(FrameType::DtmfBegin)
            || f->type == std::uint8_t(FrameType::DtmfEnd));
}

int firstIndex(const std::vector<Rekey>& r, KeyDirection d)
{
    for (std::size_t i = 0; i < r.size(); ++i)
        if (r[i].direction == d)
            return int(i);
    return -1;
}

} // namespace

class TestEngineCrypto : public QObject {
    Q_OBJECT
private slots:
    void rotationBothDirectionsUnderLoss()
    {
        UserConfig u = alice();
        u.rotation.minInterval = u.rotation.maxInterval = Millis(1000);
        Pair p(u, 99);
        p.net.setProfile({ Millis(30), Millis(40), 0.20, 0.05 });
        DialRequest d = p.dial();
        d.rotation.minInterval = d.rotation.maxInterval = Millis(1000);
        auto id = p.connect(d, Millis(60000));
        QVERIFY(p.answeredBoth());
        const CallId cb = p.calleeId();
        for (int i = 0; i < 10; ++i) {
            QVERIFY(p.a.sendDtmf(*id, char('0' + i), p.net.now()));
            p.talk(*id, cb, Millis(2000));
        }
        p.net.run(p.net.now() + Millis(20000));
        QCOMPARE(p.na.lastState(), CallState::Answered);
        QCOMPARE(p.nb.lastState(), CallState::Answered);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        QCOMPARE(p.nb.lastEnc(), EncryptionState::Encrypted);
        // Reliable frames arrive exactly once, in order, across key changes and retransmissions.
        std::string digits;
        for (const auto& d2 : p.nb.all<DtmfReceived>())
            if (!d2.begin)
                digits += d2.digit;
        QCOMPARE(QString::fromStdString(digits), QString("0123456789"));
        p.hangupAndDrain(*id);
        const auto sa = p.na.all<CallFinished>().at(0).stats;
        const auto sb = p.nb.all<CallFinished>().at(0).stats;
        QVERIFY(sa.encryption.rekeysSent >= 15);
        QVERIFY(sb.encryption.rekeysSent >= 15);
        // Every RTKEY is reliable: all but those still in flight at hangup arrived.
        QVERIFY(sa.encryption.rekeysReceived <= sb.encryption.rekeysSent);
        QVERIFY(sa.encryption.rekeysReceived >= sb.encryption.rekeysSent - 2);
        QVERIFY(sb.encryption.rekeysReceived <= sa.encryption.rekeysSent);
        QVERIFY(sb.encryption.rekeysReceived >= sa.encryption.rekeysSent - 2);
        // Frames sent under a key whose RTKEY was lost were held and decrypted once it arrived.
        QCOMPARE(sa.encryption.decryptFailures, 0);
        QCOMPARE(sb.encryption.decryptFailures, 0);
        QVERIFY(sa.retransmits > 0 && sb.retransmits > 0);
    }

    void defaultRotationSchedule()
    {
        // Asterisk's schedule, on both sides: at the first voice frame, then every 120–300 s.
        Pair p(alice(), 17);
        auto id = p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        std::map<PeerAddress, std::vector<Millis>> rekeyAt;
        std::size_t seen[2] = { 0, 0 };
        for (int second = 0; second < 660; ++second) {
            p.talk(*id, p.calleeId(), Millis(1000));
            for (int side = 0; side < 2; ++side) {
                const Node& n = side ? p.nb : p.na;
                auto r = n.all<Rekey>();
                for (std::size_t i = seen[side]; i < r.size(); ++i)
                    if (r[i].direction == KeyDirection::Tx)
                        rekeyAt[side ? kB : kA].push_back(p.net.now());
                seen[side] = r.size();
            }
        }
        for (const auto& who : { kA, kB }) {
            const auto& t = rekeyAt[who];
            QVERIFY2(t.size() >= 3 && t.size() <= 7, qPrintable(QString::number(t.size())));
            QVERIFY(t[0] < Millis(2000)); // B at its first voice frame; A right after B's RTKEY
            for (std::size_t i = 1; i < t.size(); ++i) {
                const auto gap = t[i] - t[i - 1];
                QVERIFY2(gap >= Millis(119000) && gap <= Millis(301000), qPrintable(QString::number(gap.count())));
            }
        }
        const auto sa = *p.a.callStats(*id);
        const auto sb = *p.b.callStats(p.calleeId());
        QCOMPARE(sa.encryption.rekeysReceived, sb.encryption.rekeysSent);
        QCOMPARE(sb.encryption.rekeysReceived, sa.encryption.rekeysSent);
        QCOMPARE(sa.encryption.decryptFailures + sb.encryption.decryptFailures, 0);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
    }

    void everyFrameAfterAuthreqIsEncrypted()
    {
        // Follow the keys like an observer who knows the secret: from AUTHREQ on, every datagram
        // of both sides decrypts under the current (or a previous) key of its direction, and each
        // RTKEY tells the next one. Nothing leaves in clear, not even an ACK.
        UserConfig u = alice();
        u.rotation.minInterval = u.rotation.maxInterval = Millis(700);
        Pair p(u, 5);
        DialRequest d = p.dial();
        d.rotation.minInterval = d.rotation.maxInterval = Millis(900);
        auto id = p.connect(d);
        QVERIFY(p.answeredBoth());
        p.talk(*id, p.calleeId(), Millis(5000));
        QVERIFY(p.a.sendDtmf(*id, '3', p.net.now()));
        p.hangupAndDrain(*id);
        std::map<PeerAddress, std::vector<AesKey>> keys;
        bool afterAuthReq = false;
        int decrypted = 0, rtkeys = 0;
        for (const auto& [from, t] : p.wire) {
            if (!afterAuthReq) {
                auto f = decodeFullFrame(t.bytes);
                if (f && f->isIax(IaxCommand::AuthReq)) {
                    const AesKey k = deriveAesKey(*f->ies()->getString(IeId::Challenge), kSecret);
                    keys[kA] = { k };
                    keys[kB] = { k };
                    afterAuthReq = true;
                }
                continue;
            }
            const bool full = t.bytes[0] & 0x80;
            bool ok = false;
            auto& ks = keys[from];
            for (auto it = ks.rbegin(); it != ks.rend() && !ok; ++it) {
                FrameDecryptor dec(*it);
                auto plain = dec.decrypt(t.bytes, full ? FrameKind::Full : FrameKind::Mini);
                if (!plain)
                    continue;
                ok = true;
                ++decrypted;
                if (auto f = decodeFullFrame(plain->datagram);
                    full && f && f->isIax(IaxCommand::RtKey) && !f->retransmission) {
                    const auto rtIes = f->ies();
                    const auto* c = rtIes->find(IeId::Challenge);
                    AesKey next {};
                    std::copy(c->data.begin(), c->data.end(), next.begin());
                    if (std::find(ks.begin(), ks.end(), next) == ks.end()) {
                        ks.push_back(next);
                        ++rtkeys;
                    }
                }
            }
            QVERIFY2(ok, "a datagram after AUTHREQ does not decrypt under any key of its sender");
        }
        QVERIFY(afterAuthReq);
        QVERIFY(decrypted > 400);
        QVERIFY(rtkeys >= 8);
    }

    void wrongSecretIsAuthFailureNotAHang_data()
    {
        QTest::addColumn<int>("policy");
        QTest::newRow("aes") << int(EncryptionPolicy::Required);
        QTest::newRow("plain") << int(EncryptionPolicy::Off);
    }
    void wrongSecretIsAuthFailureNotAHang()
    {
        QFETCH(int, policy);
        Pair p(alice(EncryptionPolicy(policy)));
        DialRequest d = p.dial(EncryptionPolicy(policy));
        d.secret = "wrong";
        p.a.dial(d, p.net.now());
        p.net.run(Millis(60000), [&] { return p.a.callCount() == 0 && p.b.callCount() == 0; });
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QCOMPARE(p.nb.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QVERIFY(p.net.now() < Millis(5000)); // told, not timed out
        QVERIFY(p.nb.all<IncomingCall>().empty());
        if (EncryptionPolicy(policy) == EncryptionPolicy::Required) {
            QCOMPARE(p.na.lastEnc(), EncryptionState::Failed);
            QCOMPARE(p.nb.lastEnc(), EncryptionState::Failed);
        }
    }

    void peerStripsEncryption_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("mitm");
        QTest::newRow("opportunistic, callee off") << int(EncryptionPolicy::Opportunistic) << false;
        QTest::newRow("opportunistic, man in the middle") << int(EncryptionPolicy::Opportunistic) << true;
        QTest::newRow("required, callee off") << int(EncryptionPolicy::Required) << false;
        QTest::newRow("required, man in the middle") << int(EncryptionPolicy::Required) << true;
    }
    void peerStripsEncryption()
    {
        QFETCH(int, policy);
        QFETCH(bool, mitm);
        // Either the callee does not do encryption, or a man in the middle removes the IE from NEW
        // (an opportunistic callee then does not encrypt either).
        Pair p(alice(mitm ? EncryptionPolicy::Opportunistic : EncryptionPolicy::Off));
        if (mitm)
            p.net.mutate = stripEncryption;
        auto id = p.connect(p.dial(EncryptionPolicy(policy)));
        if (EncryptionPolicy(policy) == EncryptionPolicy::Opportunistic) {
            QVERIFY(p.answeredBoth());
            QCOMPARE(p.na.lastEnc(), EncryptionState::Off); // visibly unencrypted, with a reason
            QVERIFY(!p.na.all<EncryptionStateChanged>().back().details.reason.empty());
            QVERIFY(p.a.sendDtmf(*id, '1', p.net.now()));
            return;
        }
        // Required: refused before any voice or DTMF, with the reason, and the wire proves it.
        p.net.run(p.net.now() + Millis(10000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.lastState(), CallState::Failed);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY(QString::fromStdString(p.na.lastEnd()->reason).contains("encryption"));
        std::string why;
        QVERIFY(!p.a.sendDtmf(*id, '1', p.net.now(), &why));
        QVERIFY(!p.a.sendVoice(*id, std::vector<std::uint8_t>(160, 1), 20, p.net.now(), &why));
        for (const auto& [from, t] : p.wire)
            QVERIFY2(!isClearMedia(t.bytes), "a voice or DTMF frame was emitted");
        int fromA = 0;
        for (const auto& [from, t] : p.wire)
            fromA += from == kA;
        QVERIFY(fromA >= 3); // NEW, NEW with token, HANGUP: only signalling
    }

    void requiredCalleeRefusesUnencryptedCaller()
    {
        Pair p(alice(EncryptionPolicy::Required));
        p.a.dial(p.dial(EncryptionPolicy::Off), p.net.now());
        p.net.run(Millis(10000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.lastState(), CallState::Rejected);
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::EncryptionRefused);
        QVERIFY(p.nb.all<IncomingCall>().empty());
        for (const auto& [from, t] : p.wire)
            QVERIFY(!isClearMedia(t.bytes));
    }

    void noRtkeyWithoutProof()
    {
        // A callee that never rotates (rotation off, like an old Asterisk): the caller must never
        // send RTKEY, however long the call and however short its own interval.
        UserConfig u = alice();
        u.rotation.enabled = false;
        Pair p(u);
        DialRequest d = p.dial();
        d.rotation.minInterval = d.rotation.maxInterval = Millis(300);
        auto id = p.connect(d);
        QVERIFY(p.answeredBoth());
        p.talk(*id, p.calleeId(), Millis(5000));
        QCOMPARE(p.a.callStats(*id)->encryption.rekeysSent, 0);
        QVERIFY(!p.a.callStats(*id)->encryption.rotationSupported);
        QCOMPARE(p.b.callStats(p.calleeId())->encryption.rekeysSent, 0);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
        // A caller that does not advertise 0x8000 never receives one either, and never sends one.
        Pair q(alice());
        DialRequest d2 = q.dial();
        d2.rotation.enabled = false;
        auto id2 = q.connect(d2);
        q.talk(*id2, q.calleeId(), Millis(3000));
        QCOMPARE(q.b.callStats(q.calleeId())->encryption.rekeysSent, 0);
        QCOMPARE(q.a.callStats(*id2)->encryption.rekeysReceived, 0);
        QCOMPARE(q.a.callStats(*id2)->encryption.rekeysSent, 0);
        auto newFrame = decodeFullFrame(q.wire.front().second.bytes);
        QCOMPARE(newFrame->ies()->getU16(IeId::Encryption).value_or(0), EncryptionBits::Aes128);
    }

    void rtkeySentOnlyAfterThePeersOwnRtkey()
    {
        // Our callee answers AUTHREQ with plain 0x0001 (as Asterisk), so the caller's only proof is
        // the callee's RTKEY: its first Rx rekey must come before its first Tx rekey.
        UserConfig u = alice();
        Pair p(u);
        DialRequest d = p.dial();
        d.rotation.firstAfterVoice = Millis(0);
        auto id = p.connect(d);
        QVERIFY(p.answeredBoth());
        auto authreq = std::find_if(p.wire.begin(), p.wire.end(), [](const auto& w) {
            auto f = decodeFullFrame(w.second.bytes);
            return f && f->isIax(IaxCommand::AuthReq);
        });
        QCOMPARE(decodeFullFrame(authreq->second.bytes)->ies()->getU16(IeId::Encryption).value_or(0),
            EncryptionBits::Aes128);
        p.talk(*id, std::nullopt, Millis(1000)); // only A talks: B has not rotated yet
        QCOMPARE(p.a.callStats(*id)->encryption.rekeysSent, 0);
        p.talk(*id, p.calleeId(), Millis(1000)); // B's first voice frame: B rotates
        auto rekeys = p.na.all<Rekey>();
        const int rx = firstIndex(rekeys, KeyDirection::Rx);
        const int tx = firstIndex(rekeys, KeyDirection::Tx);
        QVERIFY(rx >= 0);
        QVERIFY(tx > rx);
        QVERIFY(p.a.callStats(*id)->encryption.rotationSupported);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Encrypted);
    }

    void voiceUnderAKeyStillInFlightIsHeldNotPlayed()
    {
        // B rotates at its first voice frame, but its RTKEY (and every other full frame of B) is
        // lost for 1.5 s while its mini frames under the new key reach A. Without a MAC those
        // minis "decrypt" under A's old key too; A must neither play that garbage nor lose them:
        // it holds them and plays them once the retransmitted RTKEY arrives.
        Pair p(alice());
        DialRequest d = p.dial();
        d.rotation.firstAfterVoice = Millis(0);
        auto id = p.connect(d);
        QVERIFY(p.answeredBoth());
        const Millis lossFrom = p.net.now();
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            const bool full = !t.bytes.empty() && (t.bytes[0] & 0x80);
            return !(from == kB && full && p.net.now() < lossFrom + Millis(1500));
        };
        p.talk(*id, p.calleeId(), Millis(3000), 0x33);
        p.net.mutate = nullptr;
        p.net.run(p.net.now() + Millis(5000));
        const auto st = p.a.callStats(*id);
        QVERIFY(st);
        QCOMPARE(st->encryption.rekeysReceived, 1);
        QCOMPARE(st->encryption.decryptFailures, 0);
        const auto voice = p.na.all<VoiceReceived>();
        QVERIFY2(voice.size() >= 140, qPrintable(QString::number(voice.size()))); // B sent 150
        for (std::size_t i = 0; i < voice.size(); ++i)
            QVERIFY2(voice[i].payload == std::vector<std::uint8_t>(160, 0x33),
                qPrintable(QString("garbage voice played: frame %1 of %2, ts %3, %4 bytes")
                               .arg(i)
                               .arg(voice.size())
                               .arg(voice[i].timestamp)
                               .arg(voice[i].payload.size())));
    }

    void lostRtkeyIsAskedForAtOnce()
    {
        // Seen live through 15-25 % loss: Asterisk rotates its key at our first voice frame and
        // resends a lost RTKEY only 2 s, then 10 s later (twice its initial 1 s ping time, then ten
        // times that); until then its echo stays undecryptable (12 s of silence in one call). A call
        // holding undecryptable frames VNAKs, and the peer resends what we miss, the RTKEY included.
        EngineConfig slow;
        slow.retransmitInitial = Millis(2000); // B retransmits like Asterisk
        slow.retransmitMin = Millis(2000); // … whatever round trip it measures
        Pair p(alice(), 7, slow);
        DialRequest d = p.dial();
        d.rotation.firstAfterVoice = Millis(0);
        auto id = p.connect(d);
        QVERIFY(p.answeredBoth());
        std::optional<AesKey> initial;
        for (const auto& [from, t] : p.wire)
            if (auto f = decodeFullFrame(t.bytes); f && f->isIax(IaxCommand::AuthReq))
                initial = deriveAesKey(*f->ies()->getString(IeId::Challenge), kSecret);
        QVERIFY(initial);
        std::optional<Millis> rtkeyLost, rtkeyArrived;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            if (from != kB || rtkeyLost || t.bytes.empty() || !(t.bytes[0] & 0x80))
                return true;
            FrameDecryptor dec(*initial);
            auto plain = dec.decrypt(t.bytes, FrameKind::Full);
            if (!plain)
                return true;
            auto f = decodeFullFrame(plain->datagram);
            if (!f || !f->isIax(IaxCommand::RtKey))
                return true;
            rtkeyLost = p.net.now(); // its first transmission only
            return false;
        };
        auto events = p.net.onEvent;
        p.net.onEvent = [&, events](const PeerAddress& node, const EngineEvent& e) {
            events(node, e);
            if (auto* r = std::get_if<Rekey>(&e); r && node == kA && r->direction == KeyDirection::Rx && !rtkeyArrived)
                rtkeyArrived = p.net.now();
        };
        p.talk(*id, p.calleeId(), Millis(3000), 0x33);
        QVERIFY(rtkeyLost);
        QVERIFY(rtkeyArrived);
        QVERIFY2(*rtkeyArrived - *rtkeyLost <= Millis(200),
            qPrintable(
                QString("B's key reached A %1 ms after its lost RTKEY").arg((*rtkeyArrived - *rtkeyLost).count())));
        QCOMPARE(p.a.callStats(*id)->encryption.decryptFailures, 0);
    }

    void undecryptableFramesEndTheCallClearly()
    {
        Pair p(alice());
        auto id = p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        // Frames "from B" (right address, right call numbers) that no key decrypts.
        SeededRandom g(3);
        const CallId cb = p.calleeId();
        for (int i = 0; i < 40; ++i) {
            std::vector<std::uint8_t> junk(4 + 48);
            g.fill(junk);
            junk[0] = std::uint8_t(0x80 | (cb >> 8));
            junk[1] = std::uint8_t(cb & 0xFF);
            junk[2] = std::uint8_t((*id >> 8) & 0x7F);
            junk[3] = std::uint8_t(*id & 0xFF);
            p.net.inject(kB, kA, junk);
            p.net.run(p.net.now() + Millis(20));
        }
        // Undecryptable frames are held for the whole retransmission schedule of a RTKEY that may
        // still be on its way (~41 s with the default timers) before they count against the call.
        p.net.run(p.net.now() + Millis(90000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(int(p.na.lastEnd()->kind), int(CallEnd::Kind::EncryptionFailure));
        QVERIFY(QString::fromStdString(p.na.lastEnd()->reason).contains("encryption failure"));
        QCOMPARE(p.na.lastEnc(), EncryptionState::Failed);
        QVERIFY(p.na.all<CallFinished>().at(0).stats.encryption.decryptFailures >= 20);
        QVERIFY2(p.net.now() < Millis(60000), qPrintable(QString::number(p.net.now().count())));
    }

    void clearFramesAreForgeriesOnceEncrypted()
    {
        Pair p(alice());
        auto id = p.connect(p.dial());
        QVERIFY(p.answeredBoth());
        p.talk(*id, p.calleeId(), Millis(200));
        FullFrame f;
        f.scall = std::uint16_t(p.calleeId());
        f.dcall = std::uint16_t(*id);
        f.type = std::uint8_t(FrameType::Iax);
        f.subclass = std::int64_t(IaxCommand::Hangup);
        for (std::uint8_t seq = 0; seq < 20; ++seq) {
            f.oseqno = seq;
            p.net.inject(kB, kA, encode(f));
        }
        p.net.run(p.net.now() + Millis(500));
        QCOMPARE(p.na.lastState(), CallState::Answered);
    }

    void honestStateNeverEarly()
    {
        // Everything from B is lost after its AUTHREQ: our encrypted AUTHREP is never acknowledged
        // and nothing of B ever decrypts, so the call never reports "encrypted".
        Pair p(alice());
        bool authreqSeen = false;
        p.net.mutate = [&](const PeerAddress& from, Transmit& t) {
            if (from != kB)
                return true;
            if (authreqSeen)
                return false;
            auto f = decodeFullFrame(t.bytes);
            authreqSeen = f && f->isIax(IaxCommand::AuthReq);
            return true;
        };
        auto id = p.a.dial(p.dial(), p.net.now());
        p.net.run(Millis(500));
        QCOMPARE(p.a.callEncryptionState(*id).value(), EncryptionState::Negotiating);
        QVERIFY(p.a.callEncrypted(*id)); // keyed, but not proven
        p.net.run(Millis(120000), [&] { return p.a.callCount() == 0; });
        QCOMPARE(p.na.lastEnd()->kind, CallEnd::Kind::AuthFailed);
        QCOMPARE(p.na.lastEnc(), EncryptionState::Failed);
        for (const auto& e : p.na.all<EncryptionStateChanged>())
            QVERIFY(e.state != EncryptionState::Encrypted);
        // And in a good call, Encrypted is reported only with both proofs.
        Pair q(alice());
        auto qid = q.connect(q.dial());
        q.talk(*qid, q.calleeId(), Millis(300));
        for (const auto* n : { &q.na, &q.nb }) {
            int encrypted = 0;
            for (const auto& e : n->all<EncryptionStateChanged>())
                if (e.state == EncryptionState::Encrypted) {
                    ++encrypted;
                    QVERIFY(e.details.rxProven && e.details.txProven);
                    QCOMPARE(e.details.cipher, std::string("AES-128"));
                }
            QCOMPARE(encrypted, 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineCrypto)
#include "tst_engine_crypto.moc"
