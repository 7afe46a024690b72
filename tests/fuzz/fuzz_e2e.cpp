// libFuzzer target: the end-to-end mode's handshake and frame cipher (core/protocol/e2e_*.cpp,
// gcm_frame_cipher.cpp; docs/E2E.md) against a man in the middle. Two E2eSessions (caller, callee)
// run the handshake of NEW / AUTHREQ / AUTHREP; the input may replace one of its five messages
// (E2E_OFFER, the callee's E2E_KEY and E2E_ID, the caller's E2E_KEY reveal and E2E_ID), then drives
// the keyed frame ciphers: frames sealed one way and opened the other, hostile datagrams, tampered,
// replayed and too old frames, ratchet steps. Input (front to back, ByteReader):
//   byte 0  bit 0: the caller has an Ed25519 identity; bit 1: the callee has one;
//           bits 2-4: the message replaced (0 none, 1 offer, 2 callee key, 3 callee id, 4 reveal,
//           5 caller id); byte 1: the seed of both sides' randomness;
//   then, when a message is replaced, u8 length + its bytes; then operations (below) to the end.
// Invariants besides "no crash": a refusal carries a reason; an untouched handshake keys both sides
// with the same SAS; a changed E2E_OFFER, E2E_KEY or reveal never ends in two sides that agree on the
// SAS; between agreeing sides every sealed frame opens to its plaintext; a tampered frame (anything
// but a full frame's R bit), a replayed one (unless a full frame with the R bit) and one behind the
// 64-frame window never open.
#include "fuzz_common.h"

#include "core/protocol/e2e_identity.h"
#include "core/protocol/e2e_session.h"
#include "core/protocol/gcm_frame_cipher.h"
#include "core/protocol/random_source.h"

#include <memory>
#include <string>
#include <vector>

namespace iax::fuzz {

namespace {
using namespace iax::core;
using Bytes = std::vector<std::uint8_t>;

constexpr std::string_view kChallenge = "123456789";

std::shared_ptr<const Ed25519Identity> identity(std::uint8_t who)
{
    std::array<std::uint8_t, 32> seed {};
    seed.fill(who);
    auto id = Ed25519Identity::fromSeed(seed);
    if (!id)
        std::abort(); // OpenSSL refuses a fixed seed: the build is broken, not the input
    return std::make_shared<const Ed25519Identity>(*id);
}

enum Replaced : std::uint8_t { kNone, kOffer, kCalleeKey, kCalleeId, kReveal, kCallerId };

// Hands a handshake message on, replaced by the input's bytes when it is the one chosen; notes
// whether the bytes changed.
struct Wire {
    std::uint8_t which = kNone;
    Bytes replacement;
    bool changed = false;
    Bytes pass(std::uint8_t message, Bytes sent)
    {
        if (message != which)
            return sent;
        changed = replacement != sent || sent.empty(); // an IE where none was is a change too
        return replacement;
    }
};

// One direction of keyed frames and the last frame sealed in it.
struct Direction {
    E2eSession* from;
    E2eSession* to;
    Bytes last;
    FrameKind lastKind = FrameKind::Full;
    // The sender stepped its ratchet and no frame of the new epoch has opened yet. The opener
    // follows one step at a time (current, previous and next epoch), so a second step before a
    // frame arrives is a loss of sync by design, not a finding: the harness does not make it.
    bool ratchetPending = false;
};

std::size_t clearHeaderOf(FrameKind kind)
{
    return kind == FrameKind::Full ? 4 : 2;
}

// Seals `plain` (padded to a header and one byte) from one side and opens it at the other.
void sealAndOpen(Direction& d, Bytes plain, FrameKind kind, bool agree)
{
    plain.resize(std::max(plain.size(), clearHeaderOf(kind) + 1));
    d.last = d.from->sealer().seal(plain, {}, kind);
    d.lastKind = kind;
    Bytes out;
    const GcmDrop drop = d.to->opener().open(d.last, kind, out);
    if (drop == GcmDrop::None)
        d.ratchetPending = false;
    if (agree)
        IAX_FUZZ_CHECK(drop == GcmDrop::None && out == plain, "a frame sealed by the peer does not open to its bytes");
}

bool onlyRetransmitBit(FrameKind kind, std::size_t pos, std::uint8_t mask)
{
    return kind == FrameKind::Full && pos == 2 && mask == 0x80;
}

void frames(ByteReader& in, E2eSession& caller, E2eSession& callee, bool agree)
{
    Direction dirs[2]
        = { { &caller, &callee, {}, FrameKind::Full, false }, { &callee, &caller, {}, FrameKind::Full, false } };
    Bytes out;
    for (int ops = 0; !in.empty() && ops < 256; ++ops) {
        const std::uint8_t op = in.u8();
        Direction& d = dirs[(op >> 4) & 1];
        const FrameKind kind = (op & 8) ? FrameKind::Mini : FrameKind::Full;
        switch (op & 7) {
        case 0: { // a frame one way
            const auto b = in.bytes(in.u8());
            sealAndOpen(d, Bytes(b.begin(), b.end()), kind, agree);
            break;
        }
        case 1: { // a hostile datagram
            const auto b = in.bytes(in.u16() % 1600);
            (void)d.to->opener().open(b, kind, out);
            break;
        }
        case 2: { // the last frame tampered with
            if (d.last.empty())
                break;
            Bytes t = d.last;
            const std::size_t pos = in.u16() % t.size();
            const std::uint8_t mask = in.u8() | 1;
            t[pos] ^= mask;
            bool repeated = false;
            const GcmDrop drop = d.to->opener().open(t, d.lastKind, out, &repeated);
            IAX_FUZZ_CHECK(
                drop != GcmDrop::None || onlyRetransmitBit(d.lastKind, pos, mask), "a tampered frame opened");
            break;
        }
        case 3: { // the last frame again
            if (d.last.empty())
                break;
            bool repeated = false;
            const GcmDrop drop = d.to->opener().open(d.last, d.lastKind, out, &repeated);
            const bool retransmission = d.lastKind == FrameKind::Full && (d.last[2] & 0x80);
            IAX_FUZZ_CHECK(drop != GcmDrop::None || (retransmission && repeated), "a replayed frame opened as new");
            break;
        }
        case 4: // the sender steps its ratchet
            if (!d.ratchetPending) {
                d.from->sealer().ratchet();
                d.ratchetPending = true;
            }
            break;
        case 5: { // frames lost, then the first of them arrives late
            const int lost = in.u8();
            const Bytes plain(clearHeaderOf(kind) + 4, 0x5A);
            const Bytes first = d.from->sealer().seal(plain, {}, kind);
            for (int i = 0; i < lost; ++i)
                d.last = d.from->sealer().seal(plain, {}, kind);
            d.lastKind = kind;
            if (lost > 0 && d.to->opener().open(d.last, kind, out) == GcmDrop::None)
                d.ratchetPending = false;
            const GcmDrop drop = d.to->opener().open(first, kind, out);
            if (drop == GcmDrop::None)
                d.ratchetPending = false;
            if (agree && lost < int(ReplayWindow::kSize))
                IAX_FUZZ_CHECK(drop == GcmDrop::None, "a late frame inside the window does not open");
            IAX_FUZZ_CHECK(
                lost < int(ReplayWindow::kSize) || drop != GcmDrop::None, "a frame behind the window opened");
            break;
        }
        default: { // a frame sealed with a sequence field of the input's choice (epoch, counter)
            const auto b = in.bytes(in.u8());
            Bytes plain(b.begin(), b.end());
            plain.resize(std::max(plain.size(), clearHeaderOf(kind) + 1));
            Bytes sealed = d.from->sealer().seal(plain, {}, kind);
            const auto seq = in.bytes(kGcmSeqBytes);
            std::copy(seq.begin(), seq.end(), sealed.begin() + long(clearHeaderOf(kind)));
            (void)d.to->opener().open(sealed, kind, out);
            break;
        }
        }
    }
    // What users compare: the peer identities' fingerprints, when any.
    for (E2eSession* s : { &caller, &callee })
        if (s->peerIdentity())
            IAX_FUZZ_CHECK(!identityFingerprint(*s->peerIdentity()).empty(), "an identity without a fingerprint");
}
} // namespace

int e2e(const std::uint8_t* data, std::size_t size)
{
    static const auto callerId = identity(0xA1);
    static const auto calleeId = identity(0xB2);
    ByteReader in(data, size);
    const std::uint8_t flags = in.u8();
    const std::uint8_t seed = in.u8();
    Wire wire;
    wire.which = (flags >> 2) & 7;
    if (wire.which != kNone) {
        const auto b = in.bytes(in.u8());
        wire.replacement.assign(b.begin(), b.end());
    }

    E2eSession caller, callee;
    if (flags & 1)
        caller.setIdentity(callerId);
    if (flags & 2)
        callee.setIdentity(calleeId);
    SeededRandom ra(seed), rb(seed + 0x100u);
    std::string why;
    auto refused = [&](bool ok) {
        IAX_FUZZ_CHECK(ok || !why.empty(), "a refusal without a reason");
        IAX_FUZZ_CHECK(ok || wire.changed, "an untouched handshake was refused: " + why);
        return !ok;
    };

    const Bytes offer = wire.pass(kOffer, caller.callerOffer(ra));
    Bytes calleeKey, reveal;
    if (refused(callee.calleeTakeOffer(offer, rb, calleeKey, why)))
        return 0;
    const Bytes calleeIdIe = wire.pass(kCalleeId, callee.calleeIdentity(kChallenge));
    calleeKey = wire.pass(kCalleeKey, calleeKey);
    if (refused(caller.callerTakeCalleeKey(calleeKey, reveal, why)))
        return 0;
    // As in Call: E2E_ID is checked when the IE is there (an attacker's may be empty).
    if ((!calleeIdIe.empty() || wire.which == kCalleeId)
        && refused(caller.callerTakeCalleeId(calleeIdIe, kChallenge, why)))
        return 0;
    const Bytes callerIdIe = wire.pass(kCallerId, caller.callerIdentity(kChallenge));
    reveal = wire.pass(kReveal, reveal);
    if (refused(callee.calleeTakeReveal(reveal, why)))
        return 0;
    if ((!callerIdIe.empty() || wire.which == kCallerId)
        && refused(callee.calleeTakeCallerId(callerIdIe, kChallenge, why)))
        return 0;
    const Bytes hop(16, 0x42), auth { 'a', 'b' };
    if (refused(caller.establish(true, kChallenge, hop, auth, why))
        || refused(callee.establish(false, kChallenge, hop, auth, why)))
        return 0;

    const bool agree = caller.sas() == callee.sas();
    IAX_FUZZ_CHECK(!caller.sas().empty() && !callee.sas().empty(), "keyed without a SAS");
    IAX_FUZZ_CHECK(agree || wire.changed, "an untouched handshake ends in different SAS");
    const bool bound = wire.which == kOffer || wire.which == kCalleeKey || wire.which == kReveal;
    IAX_FUZZ_CHECK(!(agree && wire.changed && bound), "a changed handshake message went unnoticed (same SAS)");
    frames(in, caller, callee, agree);
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(e2e)
