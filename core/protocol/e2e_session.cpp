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
    m_identityCapable = k->identityCapable();
    E2eKeyIe mine;
    mine.suite = k->suite;
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
    m_identityCapable = (o->suites & E2eSuite::Identity) != 0;
    E2eKeyIe mine;
    if (m_identityCapable)
        mine.suite |= E2eSuite::Identity; // only to a caller that offered it: older callers want 0x01
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
    Sha256Digest th = transcriptHash(challenge);
    if (m_identityCapable && (m_calleeId || m_callerId)) {
        const auto span = [](const std::optional<Ed25519Public>& id) {
            return id ? std::span<const std::uint8_t>(*id) : std::span<const std::uint8_t>();
        };
        th = e2eIdentityBinding(th, span(m_calleeId), span(m_callerId));
    }
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

Sha256Digest E2eSession::transcriptHash(std::string_view challenge) const
{
    return e2eTranscriptHash({ m_offer, m_calleeKey, m_callerKey, challenge });
}

namespace {

// Decodes an E2E_ID value and checks its signature over `input(key)`.
template<typename Input>
bool takeIdentity(std::span<const std::uint8_t> value, const char* who, Input input, std::optional<Ed25519Public>& into,
    std::string& why)
{
    auto id = E2eIdIe::decode(value);
    if (!id) {
        why = std::string(who) + " identity (E2E_ID) is malformed: " + id.error().reason;
        return false;
    }
    if (!ed25519Verify(id->key, input(id->key), id->signature)) {
        why = std::string(who)
            + " identity signature does not verify (E2E_ID does not sign this call's exchange: "
              "a man in the middle or a broken peer)";
        return false;
    }
    into = id->key;
    return true;
}

std::vector<std::uint8_t> signIdentity(const Ed25519Identity& me, const std::vector<std::uint8_t>& input)
{
    auto sig = me.sign(input);
    if (!sig)
        return {}; // OpenSSL refused: the call goes on without our identity
    E2eIdIe ie;
    ie.key = me.pub;
    ie.signature = *sig;
    return ie.encode();
}

} // namespace

std::vector<std::uint8_t> E2eSession::calleeIdentity(std::string_view challenge)
{
    if (!m_identity || !m_identityCapable || m_calleeKey.empty())
        return {};
    auto v = signIdentity(*m_identity, e2eCalleeIdInput(m_offer, m_calleeKey, challenge, m_identity->pub));
    if (!v.empty())
        m_calleeId = m_identity->pub;
    return v;
}

bool E2eSession::callerTakeCalleeId(std::span<const std::uint8_t> value, std::string_view challenge, std::string& why)
{
    if (!m_identityCapable || m_calleeKey.empty())
        return true; // not announced: an IE we do not bind is ignored
    const auto input = [&](const Ed25519Public& k) { return e2eCalleeIdInput(m_offer, m_calleeKey, challenge, k); };
    if (!takeIdentity(value, "the callee's", input, m_peerId, why))
        return false;
    m_calleeId = m_peerId;
    return true;
}

std::vector<std::uint8_t> E2eSession::callerIdentity(std::string_view challenge)
{
    if (!m_identity || !m_identityCapable || m_callerKey.empty())
        return {};
    auto v = signIdentity(*m_identity, e2eCallerIdInput(transcriptHash(challenge), m_identity->pub));
    if (!v.empty())
        m_callerId = m_identity->pub;
    return v;
}

bool E2eSession::calleeTakeCallerId(std::span<const std::uint8_t> value, std::string_view challenge, std::string& why)
{
    if (!m_identityCapable || m_callerKey.empty())
        return true;
    const auto th = transcriptHash(challenge);
    const auto input = [&](const Ed25519Public& k) { return e2eCallerIdInput(th, k); };
    if (!takeIdentity(value, "the caller's", input, m_peerId, why))
        return false;
    m_callerId = m_peerId;
    return true;
}

} // namespace iax::core
