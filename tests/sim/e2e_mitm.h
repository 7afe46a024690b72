#pragma once
// The man in the middle of the issue 20 attack tests (tst_engine_e2e_attacks,
// tst_engine_e2e_identity): he knows the shared secret, answers each side with his own ephemeral
// keys (E2E_OFFER and E2E_KEY replaced, the CBC AUTHREP opened and resealed), then relays every GCM
// frame under his two sets of keys. Identities (E2E_ID): by default he forwards them untouched; with
// `identity` set he verifies each side's and replaces it with his own, signed for his two exchanges.
// Test-only, single-threaded; plug rewrite() into SimNetwork::mutate.
#include "core/protocol/e2e_identity.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/e2e_session.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/gcm_frame_cipher.h"
#include "e2e_pair.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iax::sim {

/// A full frame's datagram with IE `id` replaced by `value` (added when absent and `value` is not
/// empty; removed when `value` is empty).
inline std::vector<std::uint8_t> withIe(
    std::span<const std::uint8_t> datagram, IeId id, std::span<const std::uint8_t> value)
{
    auto f = decodeFullFrame(datagram);
    const IeList ies = *f->ies();
    IeList kept;
    bool found = false;
    for (const auto& ie : ies.items()) {
        if (ie.id != std::uint8_t(id)) {
            kept.addRaw(ie.id, ie.data);
            continue;
        }
        found = true;
        if (!value.empty())
            kept.addRaw(ie.id, std::vector<std::uint8_t>(value.begin(), value.end()));
    }
    if (!found && !value.empty())
        kept.addRaw(std::uint8_t(id), std::vector<std::uint8_t>(value.begin(), value.end()));
    f->payload = kept.encode();
    return encode(*f);
}

struct Mitm {
    SeededRandom rng { 666 };
    E2eSession towardsA; // he plays the callee to A
    E2eSession towardsB; // and the caller to B
    std::vector<std::uint8_t> keyForA, revealForB;
    std::string challenge;
    bool keyed = false;
    int relayed = 0;
    std::vector<std::string> dtmfSeen; // what he reads off the call
    bool broken = false; // one of his steps failed (checked by the test)
    std::shared_ptr<const Ed25519Identity> identity; // set: he swaps both sides' identities for his
    void need(bool ok) { broken |= !ok; }

    explicit Mitm(std::shared_ptr<const Ed25519Identity> id = nullptr)
        : identity(std::move(id))
    {
        towardsA.setIdentity(identity);
        towardsB.setIdentity(identity);
    }

    bool rewrite(const PeerAddress& from, Transmit& t)
    {
        std::string why;
        std::optional<FullFrame> f;
        IeList ies;
        if (auto d = decodeFullFrame(t.bytes); d && challenge.empty() && d->type == std::uint8_t(FrameType::Iax))
            if (auto list = d->ies()) { // NEW and AUTHREQ travel in clear
                f = *d;
                ies = *list;
            }
        if (f && f->isIax(IaxCommand::New) && ies.find(kIeE2eOffer)) {
            const auto* offer = ies.find(kIeE2eOffer);
            if (keyForA.empty())
                need(towardsA.calleeTakeOffer(offer->data, rng, keyForA, why));
            t.bytes = withIe(t.bytes, kIeE2eOffer, towardsB.callerOffer(rng));
            return true;
        }
        if (f && f->isIax(IaxCommand::AuthReq) && ies.find(kIeE2eKey)) {
            challenge = ies.getString(IeId::Challenge).value();
            if (revealForB.empty())
                need(towardsB.callerTakeCalleeKey(ies.find(kIeE2eKey)->data, revealForB, why));
            t.bytes = withIe(t.bytes, kIeE2eKey, keyForA);
            if (identity) {
                if (const auto* id = ies.find(kIeE2eId))
                    need(towardsB.callerTakeCalleeId(id->data, challenge, why));
                t.bytes = withIe(t.bytes, kIeE2eId, towardsA.calleeIdentity(challenge));
            }
            return true;
        }
        if (challenge.empty() || t.bytes.size() < 4)
            return true;
        const AesKey hop = deriveAesKey(challenge, kSecret);
        const FrameKind kind = (t.bytes[0] & 0x80) ? FrameKind::Full : FrameKind::Mini;
        if (!keyed && from == kA && kind == FrameKind::Full) {
            FrameDecryptor dec(hop);
            auto plain = dec.decrypt(t.bytes, kind);
            if (!plain)
                return true;
            auto rep = decodeFullFrame(plain->datagram);
            if (!rep || !rep->isIax(IaxCommand::AuthRep))
                return true;
            const auto repIes = *rep->ies();
            if (!repIes.find(kIeE2eKey) || !repIes.find(IeId::Md5Result))
                return true;
            need(towardsA.calleeTakeReveal(repIes.find(kIeE2eKey)->data, why));
            auto datagram = withIe(plain->datagram, kIeE2eKey, revealForB);
            if (identity) {
                if (const auto* id = repIes.find(kIeE2eId))
                    need(towardsA.calleeTakeCallerId(id->data, challenge, why));
                datagram = withIe(datagram, kIeE2eId, towardsB.callerIdentity(challenge));
            }
            const auto auth = repIes.find(IeId::Md5Result)->data;
            need(towardsA.establish(false, challenge, hop, auth, why));
            need(towardsB.establish(true, challenge, hop, auth, why));
            keyed = true;
            FrameEncryptor enc(hop);
            t.bytes = enc.encrypt(datagram, kind, rng);
            return true;
        }
        if (!keyed)
            return true;
        E2eSession& in = from == kA ? towardsA : towardsB;
        E2eSession& out = from == kA ? towardsB : towardsA;
        std::vector<std::uint8_t> plain;
        if (in.opener().open(t.bytes, kind, plain) != GcmDrop::None)
            return true; // a CBC frame of the handshake: as it is
        if (auto g = decodeFullFrame(plain);
            kind == FrameKind::Full && g && g->type == std::uint8_t(FrameType::DtmfEnd))
            dtmfSeen.push_back(std::string(1, char(g->subclass)));
        t.bytes = out.sealer().seal(plain, {}, kind);
        ++relayed;
        return true;
    }
};

} // namespace iax::sim
