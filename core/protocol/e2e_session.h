#pragma once
// The end-to-end handshake of one call (docs/E2E.md, "Handshake") and, once keyed, its two frame
// ciphers and SAS. Caller: callerOffer() for NEW, callerTakeCalleeKey() on AUTHREQ (gives the
// reveal for AUTHREP), establish() once AUTHREP is sent. Callee: calleeTakeOffer() for AUTHREQ,
// calleeTakeReveal() on AUTHREP, then establish(). Optional Ed25519 identities (setIdentity): the
// callee signs in AUTHREQ (calleeIdentity), the caller checks it (callerTakeCalleeId) and signs in
// AUTHREP (callerIdentity), the callee checks that (calleeTakeCallerId). The ephemeral private key and every
// intermediate secret are wiped (OPENSSL_cleanse) as soon as the keys are derived. Sans-IO, not thread-safe: the owning
// Call's (engine) thread. Peer bytes never throw.
#include "core/protocol/e2e_crypto.h"
#include "core/protocol/e2e_identity.h"
#include "core/protocol/gcm_frame_cipher.h"
#include "core/protocol/random_source.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iax::core {

class E2eSession {
public:
    /// Our long-term identity (nullptr: none, the default). Set before the handshake starts.
    void setIdentity(std::shared_ptr<const Ed25519Identity> identity) { m_identity = std::move(identity); }
    /// Caller: the E2E_OFFER value for NEW. Draws the ephemeral key pair from `rng` on the first
    /// call and keeps it, so a NEW resent after CALLTOKEN carries the same offer.
    std::vector<std::uint8_t> callerOffer(RandomSource& rng);
    /// Caller: true once callerOffer() has been sent.
    bool offered() const { return !m_offer.empty(); }
    /// Caller: the callee's E2E_KEY value from AUTHREQ. True, and `reveal` = our E2E_KEY value for
    /// AUTHREP, when it is usable; false with `why` otherwise (the call stays hop-by-hop).
    bool callerTakeCalleeKey(
        std::span<const std::uint8_t> calleeKey, std::vector<std::uint8_t>& reveal, std::string& why);
    /// Callee: the caller's E2E_OFFER value from NEW. True, and `key` = our E2E_KEY value for
    /// AUTHREQ (our key pair drawn from `rng`), when usable; false with `why` otherwise.
    bool calleeTakeOffer(
        std::span<const std::uint8_t> offer, RandomSource& rng, std::vector<std::uint8_t>& key, std::string& why);
    /// Callee: true after calleeTakeOffer() succeeded (our key went out in AUTHREQ).
    bool keySent() const { return !m_calleeKey.empty() && m_mine.has_value(); }
    /// Callee: the caller's E2E_KEY value from AUTHREP. False with `why` when it is malformed or does
    /// not match the commitment of its NEW (an attack or a broken peer: the call must end).
    bool calleeTakeReveal(std::span<const std::uint8_t> reveal, std::string& why);
    /// Callee, after calleeTakeOffer(): the E2E_ID value for AUTHREQ, signing what it has of the
    /// transcript; empty when we have no identity or the caller does not understand E2E_ID.
    std::vector<std::uint8_t> calleeIdentity(std::string_view challenge);
    /// Caller, after callerTakeCalleeKey(): the callee's E2E_ID value from AUTHREQ. Ignored (true)
    /// when the callee did not announce identities in E2E_KEY. False with `why` when it is malformed
    /// or its signature does not verify (a man in the middle or a broken peer: the call must end).
    bool callerTakeCalleeId(std::span<const std::uint8_t> value, std::string_view challenge, std::string& why);
    /// Caller, after callerTakeCalleeKey(): the E2E_ID value for AUTHREP (signing the transcript
    /// hash), or empty when we have no identity or the callee does not understand E2E_ID.
    std::vector<std::uint8_t> callerIdentity(std::string_view challenge);
    /// Callee, after calleeTakeReveal(): the caller's E2E_ID value from AUTHREP; as callerTakeCalleeId.
    bool calleeTakeCallerId(std::span<const std::uint8_t> value, std::string_view challenge, std::string& why);
    /// The peer's identity key once its signature verified (nullopt: it sent none).
    const std::optional<Ed25519Public>& peerIdentity() const { return m_peerId; }

    /// Both: derives the keys from the exchange, the CHALLENGE, the hop-by-hop AES key and the
    /// AUTHREP's answer (`auth`), installs the frame ciphers and the SAS, and wipes the ephemeral
    /// key. False with `why` when OpenSSL refuses (e.g. a low-order peer key).
    bool establish(bool caller, std::string_view challenge, std::span<const std::uint8_t> hopKey,
        std::span<const std::uint8_t> auth, std::string& why);

    /// True once establish() succeeded: frames travel through sealer()/opener().
    bool keyed() const { return m_sealer.has_value(); }
    GcmSealer& sealer() { return *m_sealer; }
    GcmOpener& opener() { return *m_opener; }
    const GcmOpener& opener() const { return *m_opener; }
    /// The four SAS words ("" before establish()).
    const std::string& sas() const { return m_sas; }

private:
    Sha256Digest transcriptHash(std::string_view challenge) const;

    std::optional<X25519KeyPair> m_mine;
    std::shared_ptr<const Ed25519Identity> m_identity;
    bool m_identityCapable = false; // both sides understand E2E_ID (suite bit 0x02)
    std::optional<Ed25519Public> m_calleeId, m_callerId; // the identities sent in this call, bound into the keys
    std::optional<Ed25519Public> m_peerId;
    X25519Public m_peer {};
    std::vector<std::uint8_t> m_offer, m_calleeKey, m_callerKey; // the IE values, for the transcript
    std::optional<GcmSealer> m_sealer;
    std::optional<GcmOpener> m_opener;
    std::string m_sas;
};

} // namespace iax::core
