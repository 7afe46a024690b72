#include "core/protocol/frame_cipher.h"

#include "core/protocol/auth.h"
#include "core/protocol/frame.h"
#include "core/protocol/secure_wipe.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace iax::core {

namespace {

constexpr std::uint8_t kZeroIv[16] = {};

std::size_t clearHeaderBytes(FrameKind kind)
{
    return kind == FrameKind::Full ? 4 : 2;
}

// Padding length Asterisk uses: 16..31 bytes so that padding + plaintext is a multiple of 16.
std::size_t paddingFor(std::size_t plaintextLen)
{
    return 16 + ((16 - plaintextLen % 16) & 0x0F);
}

EVP_CIPHER_CTX* newContext(const AesKey& key, bool encrypt)
{
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    const int ok = ctx ? EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), nullptr, key.data(), kZeroIv, encrypt ? 1 : 0) : 0;
    if (!ok || EVP_CIPHER_CTX_set_padding(ctx, 0) != 1)
        std::abort(); // AES-128-CBC is always present in OpenSSL's default provider
    return ctx;
}

// One CBC pass over `in` into `out` (same length, a multiple of 16; in == out allowed) as if the
// IV were zero, without re-initialising the context. Re-setting the IV through EVP_CipherInit_ex
// costs more than encrypting a whole voice frame, so the context keeps chaining across frames and
// the chaining value is cancelled instead: CBC feeds block 0 as P0 ^ IV, and with padding off
// every EVP_CipherUpdate of whole blocks leaves IV = the last ciphertext block it processed.
//   encrypt: C0 = E(P0 ^ chain ^ chain)      -> pre-XOR the first plaintext block with `chain`;
//   decrypt: P0 = D(C0) ^ chain ^ chain      -> post-XOR the first plaintext block with `chain`.
// `chain` (the context's IV) starts as zero (newContext) and is updated here to the last ciphertext block.
bool cbcPass(EVP_CIPHER_CTX* ctx, std::array<std::uint8_t, 16>& chain, bool encrypt, const std::uint8_t* in,
    std::uint8_t* out, std::size_t len)
{
    if (len == 0 || len % 16 != 0)
        return false;
    std::uint8_t first[16];
    std::uint8_t lastCipher[16];
    const std::uint8_t* src = in;
    if (encrypt) {
        for (int i = 0; i < 16; ++i)
            first[i] = static_cast<std::uint8_t>(in[i] ^ chain[std::size_t(i)]);
    } else {
        std::memcpy(lastCipher, in + len - 16, 16); // before an in-place pass overwrites it
    }
    int n = 0;
    bool ok;
    if (encrypt) {
        // Block 0 from the pre-XORed copy, the rest straight from `in` (the context chains on).
        ok = EVP_CipherUpdate(ctx, out, &n, first, 16) == 1 && n == 16;
        if (ok && len > 16)
            ok = EVP_CipherUpdate(ctx, out + 16, &n, src + 16, static_cast<int>(len - 16)) == 1
                && std::size_t(n) == len - 16;
        if (ok)
            std::memcpy(chain.data(), out + len - 16, 16);
    } else {
        ok = EVP_CipherUpdate(ctx, out, &n, in, static_cast<int>(len)) == 1 && std::size_t(n) == len;
        if (ok) {
            for (int i = 0; i < 16; ++i)
                out[i] = static_cast<std::uint8_t>(out[i] ^ chain[std::size_t(i)]);
            std::memcpy(chain.data(), lastCipher, 16);
        }
    }
    return ok;
}

} // namespace

void CipherContextDeleter::operator()(EVP_CIPHER_CTX* ctx) const
{
    EVP_CIPHER_CTX_free(ctx);
}

CipherContext copyCipherContext(const CipherContext& ctx)
{
    if (!ctx)
        return {}; // a moved-from cipher's copy is as empty as it is
    CipherContext copy(EVP_CIPHER_CTX_new());
    if (!copy || EVP_CIPHER_CTX_copy(copy.get(), ctx.get()) != 1)
        std::abort(); // out of memory inside OpenSSL: not a peer's doing
    return copy;
}

AesKey deriveAesKey(std::string_view challenge, std::string_view secret)
{
    return md5Digest(challenge, secret);
}

FrameEncryptor::FrameEncryptor(const AesKey& key)
    : m_key(key)
    , m_ctx(newContext(key, true))
{ }

FrameEncryptor::FrameEncryptor(const FrameEncryptor& other)
    : m_key(other.m_key)
    , m_ctx(copyCipherContext(other.m_ctx))
    , m_chain(other.m_chain)
{ }

FrameEncryptor::~FrameEncryptor()
{
    secureWipe(m_key);
    secureWipe(m_chain);
}

std::vector<std::uint8_t> FrameEncryptor::encrypt(
    std::span<const std::uint8_t> datagram, FrameKind kind, RandomSource& rng)
{
    return encrypt(datagram, {}, kind, rng);
}

std::vector<std::uint8_t> FrameEncryptor::encrypt(
    std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind, RandomSource& rng)
{
    const std::size_t clear = clearHeaderBytes(kind);
    const std::size_t size = head.size() + tail.size();
    const std::size_t plainLen = size > clear ? size - clear : 0;
    std::uint8_t padding[31];
    const std::size_t padLen = paddingFor(plainLen);
    rng.fill(std::span<std::uint8_t>(padding, padLen));
    auto out = encryptParts(head, tail, kind, std::span<const std::uint8_t>(padding, padLen));
    if (!out)
        std::abort(); // padding length is computed above, so this cannot fail
    return std::move(out).value();
}

Result<std::vector<std::uint8_t>> FrameEncryptor::encryptWithPadding(
    std::span<const std::uint8_t> datagram, FrameKind kind, std::span<const std::uint8_t> padding)
{
    return encryptParts(datagram, {}, kind, padding);
}

Result<std::vector<std::uint8_t>> FrameEncryptor::encryptParts(std::span<const std::uint8_t> head,
    std::span<const std::uint8_t> tail, FrameKind kind, std::span<const std::uint8_t> padding)
{
    const std::size_t clear = clearHeaderBytes(kind);
    const std::size_t size = head.size() + tail.size();
    if (size < clear)
        return makeError("too-short", "datagram shorter than its clear header");
    const std::size_t plainLen = size - clear;
    const std::size_t padLen = paddingFor(plainLen);
    if (padding.size() != padLen)
        return makeError("bad-padding", "padding must be exactly " + std::to_string(padLen) + " bytes for this frame");

    // One buffer: clear header, then padding ‖ plaintext encrypted in place (CBC allows in == out).
    // The datagram is head ‖ tail; the clear header may reach into tail.
    std::vector<std::uint8_t> out(clear + padLen + plainLen);
    std::uint8_t* const body = out.data() + clear;
    const auto put = [&](std::size_t from, std::size_t n, std::uint8_t* to) { // datagram bytes [from, from+n)
        const std::size_t inHead = from < head.size() ? std::min(n, head.size() - from) : 0;
        if (inHead > 0)
            std::copy_n(head.data() + from, inHead, to);
        if (n > inHead)
            std::copy_n(tail.data() + (from + inHead - head.size()), n - inHead, to + inHead);
    };
    put(0, clear, out.data());
    std::copy_n(padding.data(), padLen, body);
    put(clear, plainLen, body + padLen);
    body[15] = static_cast<std::uint8_t>((body[15] & 0xF0) | (padLen - 16));
    if (!cbcPass(m_ctx.get(), m_chain, true, body, body, padLen + plainLen))
        std::abort(); // length is a multiple of 16 by construction; EVP cannot fail here
    return out;
}

FrameDecryptor::FrameDecryptor(const AesKey& key)
    : m_key(key)
    , m_ctx(newContext(key, false))
{ }

FrameDecryptor::FrameDecryptor(const FrameDecryptor& other)
    : m_key(other.m_key)
    , m_ctx(copyCipherContext(other.m_ctx))
    , m_chain(other.m_chain)
{ }

FrameDecryptor::~FrameDecryptor()
{
    secureWipe(m_key);
    secureWipe(m_chain);
}

Result<DecryptedDatagram> FrameDecryptor::decrypt(std::span<const std::uint8_t> datagram, FrameKind kind)
{
    DecryptedDatagram out;
    auto padding = decryptInto(datagram, kind, out.datagram);
    if (!padding)
        return padding.error();
    out.padding = *padding;
    return out;
}

Result<int> FrameDecryptor::decryptInto(
    std::span<const std::uint8_t> datagram, FrameKind kind, std::vector<std::uint8_t>& plain)
{
    const std::size_t clear = clearHeaderBytes(kind);
    if (datagram.size() < clear + 32 || (datagram.size() - clear) % 16 != 0)
        return makeError("bad-length",
            "encrypted part is " + std::to_string(datagram.size() < clear ? 0 : datagram.size() - clear)
                + " bytes: not a multiple of 16 of at least 32");
    const std::size_t encLen = datagram.size() - clear;

    // Decrypt straight behind the clear header, then close the gap the padding leaves.
    plain.resize(clear + encLen);
    std::uint8_t* const body = plain.data() + clear;
    std::copy_n(datagram.data(), clear, plain.data());
    if (!cbcPass(m_ctx.get(), m_chain, false, datagram.data() + clear, body, encLen))
        return makeError("bad-length", "AES-CBC decryption failed");

    // Only the low nibble of byte 15 counts (Asterisk leaves garbage in the high nibble).
    const std::size_t padLen = 16 + (body[15] & 0x0F);
    const std::size_t plainLen = encLen - padLen; // encLen >= 32 > padLen
    const std::size_t headerLen = kind == FrameKind::Full ? 8 : 2; // encrypted part of the header
    if (plainLen < headerLen)
        return makeError("bad-padding", "padding of " + std::to_string(padLen) + " bytes leaves no room for a frame");
    std::memmove(body, body + padLen, plainLen);
    plain.resize(clear + plainLen);
    const int padding = static_cast<int>(padLen);

    if (kind == FrameKind::Mini) {
        if (plainLen == headerLen)
            return makeError("implausible", "decrypted mini frame carries no voice (wrong key?)");
        return padding;
    }
    const std::uint8_t type = plain[10];
    if (type < 1 || type > 12)
        return makeError(
            "implausible", "decrypted frame type " + std::to_string(type) + " does not exist (wrong key?)");
    // Header check through the wire decoder (subclass rules incl. VIDEO's mark bit); only the
    // 12 header bytes are passed, so nothing is copied.
    if (auto header = decodeFullFrame(std::span<const std::uint8_t>(plain.data(), 12)); !header)
        return makeError("implausible", "decrypted frame header is malformed: " + header.error().reason);
    if (type == std::uint8_t(FrameType::Iax) && plain.size() > 12) {
        if (!IeList::decode(std::span<const std::uint8_t>(plain.data() + 12, plain.size() - 12)))
            return makeError("implausible", "decrypted IAX frame has malformed IEs (wrong key?)");
    }
    return padding;
}

} // namespace iax::core
