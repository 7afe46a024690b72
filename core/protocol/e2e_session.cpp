// The end-to-end handshake of one call (see e2e_session.h and docs/E2E.md).
#include "core/protocol/e2e_session.h"

#include "core/protocol/e2e_ies.h"
#include "core/protocol/e2e_sas.h"

#include <algorithm>

namespace iax::core {

std::vector<std::uint8_t> E2eSession::callerOffer(RandomSource& rng)
{
    if (!m_mine) {
        m_mine = X25519KeyPair::generate(rng);
        E2eOffer offer;
        offer.commitment = e2eCommitment(m_mine->pub);
        m_offer = offer.encode();
    }
    return m_offer;
}

bool E2eSession::callerTakeCalleeKey(
    std::span<const std::uint8_t> calleeKey, std::vector<std::uint8_t>& reveal, std::string& why)
{
    if (!m_mine || m_offer.empty()) {
        why = "the peer sent an end-to-end key we did not ask for";
        return false;
    }
    auto k = E2eKeyIe::decode(calleeKey);
    if (!k) {
        why = "the peer's end-to-end key is malformed: " + k.error().reason;
        return false;
    }
    if (!k->usable()) {
        why = "the peer's end-to-end key is of an unknown version or suite";
        return false;
    }
    m_peer = k->key;
    m_calleeKey.assign(calleeKey.begin(), calleeKey.end());
    E2eKeyIe mine;
    mine.key = m_mine->pub;
    m_callerKey = mine.encode();
    reveal = m_callerKey;
    return true;
}

bool E2eSession::calleeTakeOffer(
    std::span<const std::uint8_t> offer, RandomSource& rng, std::vector<std::uint8_t>& key, std::string& why)
{
    auto o = E2eOffer::decode(offer);
    if (!o) {
        why = "the caller's end-to-end offer is malformed: " + o.error().reason;
        return false;
    }
    if (!o->usable()) {
        why = "the caller's end-to-end offer has no version or suite in common with us";
        return false;
    }
    m_offer.assign(offer.begin(), offer.end());
    m_mine = X25519KeyPair::generate(rng);
    E2eKeyIe mine;
    mine.key = m_mine->pub;
    m_calleeKey = mine.encode();
    key = m_calleeKey;
    return true;
}

bool E2eSession::calleeTakeReveal(std::span<const std::uint8_t> reveal, std::string& why)
{
    auto k = E2eKeyIe::decode(reveal);
    if (!k || !k->usable()) {
        why = "the caller's end-to-end key in AUTHREP is malformed";
        return false;
    }
    auto offer = E2eOffer::decode(m_offer);
    if (!offer || offer->commitment != e2eCommitment(k->key)) {
        why = "the caller's end-to-end key does not match the commitment of its NEW";
        return false;
    }
    m_peer = k->key;
    m_callerKey.assign(reveal.begin(), reveal.end());
    return true;
}

bool E2eSession::establish(bool caller, std::string_view challenge, std::span<const std::uint8_t> hopKey,
    std::span<const std::uint8_t> auth, std::string& why)
{
    if (!m_mine || m_offer.empty() || m_calleeKey.empty() || m_callerKey.empty()) {
        why = "the end-to-end exchange is incomplete";
        return false;
    }
    auto shared = x25519Shared(m_mine->priv, m_peer);
    m_mine.reset(); // the ephemeral private key is not needed again (wiped by Secret32)
    if (!shared) {
        why = shared.error().reason;
        return false;
    }
    const auto th = e2eTranscriptHash({ m_offer, m_calleeKey, m_callerKey, challenge });
    auto keys = e2eKeySchedule(*shared, th, hopKey, auth);
    if (!keys) {
        why = keys.error().reason;
        return false;
    }
    m_sealer.emplace(caller ? keys->callerToCallee : keys->calleeToCaller);
    m_opener.emplace(caller ? keys->calleeToCaller : keys->callerToCallee);
    m_sas = sasWords(keys->sas);
    return true; // `shared` and `keys` are wiped as they go out of scope
}

} // namespace iax::core
