// X25519, SHA-256 and HKDF through OpenSSL 3 EVP for the end-to-end mode (docs/E2E.md).
#include "core/protocol/e2e_crypto.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/openssl_util.h"
#include "core/protocol/secure_wipe.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <cassert>
#include <memory>
#include <vector>

namespace iax::core {

namespace {

struct KdfDeleter {
    void operator()(EVP_KDF* k) const { EVP_KDF_free(k); }
};
struct KdfCtxDeleter {
    void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter>;

KdfCtxPtr newHkdf()
{
    std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    return KdfCtxPtr(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
}

bool runHkdf(int mode, std::span<const std::uint8_t> key, std::span<const std::uint8_t> salt,
    std::span<const std::uint8_t> info, std::span<std::uint8_t> out)
{
    auto ctx = newHkdf();
    if (!ctx)
        return false;
    char digest[] = "SHA256";
    OSSL_PARAM params[6];
    int n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    // OpenSSL reads these buffers only; the casts drop const for its C signature.
    params[n++]
        = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()), key.size());
    if (!salt.empty())
        params[n++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(salt.data()), salt.size());
    if (!info.empty())
        params[n++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_INFO, const_cast<std::uint8_t*>(info.data()), info.size());
    params[n] = OSSL_PARAM_construct_end();
    return EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
}

std::span<const std::uint8_t> bytesOf(std::string_view s)
{
    return { reinterpret_cast<const std::uint8_t*>(s.data()), s.size() };
}

} // namespace

Secret32::~Secret32()
{
    secureWipe(bytes);
}

X25519KeyPair X25519KeyPair::generate(RandomSource& rng)
{
    Secret32 priv;
    rng.fill(priv.bytes);
    auto pair = fromPrivate(priv.bytes);
    assert(pair.ok()); // any 32 bytes are a valid X25519 private key (clamped by OpenSSL)
    return std::move(pair).value();
}

Result<X25519KeyPair> X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32> priv)
{
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv.data(), priv.size()));
    X25519KeyPair pair;
    std::size_t len = pair.pub.size();
    if (!key || EVP_PKEY_get_raw_public_key(key.get(), pair.pub.data(), &len) != 1 || len != pair.pub.size())
        return Error { "x25519", "cannot make an X25519 key: " + opensslError() };
    std::copy(priv.begin(), priv.end(), pair.priv.bytes.begin());
    return pair;
}

Result<Secret32> x25519Shared(const Secret32& priv, const X25519Public& peer)
{
    PkeyPtr mine(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv.bytes.data(), priv.bytes.size()));
    PkeyPtr theirs(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size()));
    if (!mine || !theirs)
        return Error { "x25519", "cannot load an X25519 key: " + opensslError() };
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new(mine.get(), nullptr));
    Secret32 out;
    std::size_t len = out.bytes.size();
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), theirs.get()) != 1
        || EVP_PKEY_derive(ctx.get(), out.bytes.data(), &len) != 1 || len != out.bytes.size())
        return Error { "x25519", "X25519 key agreement failed (a low-order peer key?): " + opensslError() };
    return out;
}

Sha256Digest sha256(std::initializer_list<std::span<const std::uint8_t>> parts)
{
    Sha256Digest d {};
    MdCtxPtr ctx(EVP_MD_CTX_new());
    unsigned len = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
    for (auto p : parts)
        ok = ok && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx.get(), d.data(), &len) == 1;
    assert(ok && len == d.size()); // SHA-256 of memory does not fail
    (void)ok;
    return d;
}

Result<Secret32> hkdfExtract(std::span<const std::uint8_t> salt, std::span<const std::uint8_t> ikm)
{
    Secret32 prk;
    if (!runHkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, salt, {}, prk.bytes))
        return Error { "hkdf", "HKDF-Extract failed: " + opensslError() };
    return prk;
}

bool hkdfExpand(const Secret32& prk, std::string_view info, std::span<std::uint8_t> out)
{
    return runHkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk.bytes, {}, bytesOf(info), out);
}

Sha256Digest e2eCommitment(const X25519Public& callerPub)
{
    return sha256({ bytesOf("IAXPhone E2E v1 commit"), callerPub });
}

Sha256Digest e2eTranscriptHash(const E2eTranscript& t)
{
    std::vector<std::uint8_t> buf;
    auto part = [&](std::span<const std::uint8_t> p) {
        byte_io::appendU16(buf, static_cast<std::uint16_t>(p.size()));
        buf.insert(buf.end(), p.begin(), p.end());
    };
    part(bytesOf("IAXPhone E2E v1 transcript"));
    part(t.offer);
    part(t.calleeKey);
    part(t.callerKey);
    part(bytesOf(t.challenge));
    return sha256({ buf });
}

Result<E2eKeys> e2eKeySchedule(const Secret32& shared, const Sha256Digest& transcriptHash,
    std::span<const std::uint8_t> hopKey, std::span<const std::uint8_t> auth)
{
    std::vector<std::uint8_t> ikm(shared.bytes.begin(), shared.bytes.end());
    ikm.insert(ikm.end(), hopKey.begin(), hopKey.end());
    byte_io::appendU16(ikm, static_cast<std::uint16_t>(auth.size()));
    ikm.insert(ikm.end(), auth.begin(), auth.end());
    auto prk = hkdfExtract(transcriptHash, ikm);
    secureWipe(ikm.data(), ikm.size());
    if (!prk)
        return prk.error();
    E2eKeys keys;
    if (!hkdfExpand(*prk, "IAXPhone E2E v1 caller to callee", keys.callerToCallee.bytes)
        || !hkdfExpand(*prk, "IAXPhone E2E v1 callee to caller", keys.calleeToCaller.bytes))
        return Error { "hkdf", "HKDF-Expand failed: " + opensslError() };
    const auto sas = sha256({ bytesOf("IAXPhone E2E v1 sas"), transcriptHash });
    std::copy_n(sas.begin(), keys.sas.size(), keys.sas.begin());
    return keys;
}

} // namespace iax::core
