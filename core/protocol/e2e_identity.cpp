// Ed25519 identities of the end-to-end mode through OpenSSL 3 EVP (see e2e_identity.h, docs/E2E.md).
#include "core/protocol/e2e_identity.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/openssl_util.h"

#include <algorithm>

namespace iax::core {

namespace {

constexpr std::size_t kIdIeSize = 1 + 32 + 64;

std::span<const std::uint8_t> bytesOf(std::string_view s)
{
    return { reinterpret_cast<const std::uint8_t*>(s.data()), s.size() };
}

// The len16-prefixed concatenation the signature inputs and the binding hash use.
class Parts {
public:
    Parts& add(std::span<const std::uint8_t> p)
    {
        byte_io::appendU16(m_buf, static_cast<std::uint16_t>(p.size()));
        m_buf.insert(m_buf.end(), p.begin(), p.end());
        return *this;
    }
    Parts& add(std::string_view s) { return add(bytesOf(s)); }
    std::vector<std::uint8_t> take() { return std::move(m_buf); }

private:
    std::vector<std::uint8_t> m_buf;
};

} // namespace

Result<Ed25519Identity> Ed25519Identity::fromSeed(std::span<const std::uint8_t, 32> seed)
{
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
    Ed25519Identity id;
    std::size_t len = id.pub.size();
    if (!key || EVP_PKEY_get_raw_public_key(key.get(), id.pub.data(), &len) != 1 || len != id.pub.size())
        return Error { "ed25519", "cannot make an Ed25519 key: " + opensslError() };
    std::copy(seed.begin(), seed.end(), id.seed.bytes.begin());
    return id;
}

Result<Ed25519Signature> Ed25519Identity::sign(std::span<const std::uint8_t> message) const
{
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.bytes.data(), seed.bytes.size()));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    Ed25519Signature sig {};
    std::size_t len = sig.size();
    if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1
        || EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 || len != sig.size())
        return Error { "ed25519", "Ed25519 signing failed: " + opensslError() };
    return sig;
}

bool ed25519Verify(const Ed25519Public& key, std::span<const std::uint8_t> message, const Ed25519Signature& sig)
{
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok = pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1
        && EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) == 1;
    if (!ok)
        opensslError(); // clear the queue: a bad signature is an answer, not an error to report later
    return ok;
}

std::string identityFingerprint(const Ed25519Public& key)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const auto d = sha256({ bytesOf("IAXPhone identity v1"), key });
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i && i % 2 == 0)
            out += ' ';
        out += kHex[d[i] >> 4];
        out += kHex[d[i] & 0x0f];
    }
    return out;
}

std::vector<std::uint8_t> E2eIdIe::encode() const
{
    std::vector<std::uint8_t> v { version };
    v.insert(v.end(), key.begin(), key.end());
    v.insert(v.end(), signature.begin(), signature.end());
    return v;
}

Result<E2eIdIe> E2eIdIe::decode(std::span<const std::uint8_t> value)
{
    if (value.size() != kIdIeSize)
        return Error { "e2e-ie-length", "E2E_ID is " + std::to_string(value.size()) + " bytes; it must be 97" };
    if (value[0] != 1)
        return Error { "e2e-id-version", "E2E_ID has version " + std::to_string(value[0]) + "; we speak 1" };
    E2eIdIe ie;
    std::copy_n(value.begin() + 1, 32, ie.key.begin());
    std::copy_n(value.begin() + 33, 64, ie.signature.begin());
    return ie;
}

std::vector<std::uint8_t> e2eCalleeIdInput(std::span<const std::uint8_t> offer, std::span<const std::uint8_t> calleeKey,
    std::string_view challenge, const Ed25519Public& calleeId)
{
    return Parts().add("IAXPhone E2E v1 identity callee").add(offer).add(calleeKey).add(challenge).add(calleeId).take();
}

std::vector<std::uint8_t> e2eCallerIdInput(const Sha256Digest& transcriptHash, const Ed25519Public& callerId)
{
    return Parts().add("IAXPhone E2E v1 identity caller").add(transcriptHash).add(callerId).take();
}

Sha256Digest e2eIdentityBinding(
    const Sha256Digest& transcriptHash, std::span<const std::uint8_t> calleeId, std::span<const std::uint8_t> callerId)
{
    const auto buf = Parts().add("IAXPhone E2E v1 identities").add(transcriptHash).add(calleeId).add(callerId).take();
    return sha256({ buf });
}

} // namespace iax::core
