// AES-128-GCM framing of the end-to-end mode (see gcm_frame_cipher.h and docs/E2E.md).
#include "core/protocol/gcm_frame_cipher.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/secure_wipe.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>

namespace iax::core {

namespace {

constexpr std::uint64_t kCounterMask = (std::uint64_t(1) << 56) - 1;

std::size_t clearHeader(FrameKind kind)
{
    return kind == FrameKind::Full ? 4 : 2;
}

std::size_t kindIndex(FrameKind kind)
{
    return kind == FrameKind::Full ? 0 : 1;
}

// The associated data: the clear header with the R bit (retransmission) masked, so that the reliable
// layer may set it on the stored wire bytes of a frame it sends again.
std::array<std::uint8_t, 4> aadOf(std::span<const std::uint8_t> datagram, FrameKind kind)
{
    std::array<std::uint8_t, 4> aad {};
    std::copy_n(datagram.begin(), clearHeader(kind), aad.begin());
    if (kind == FrameKind::Full)
        aad[2] &= 0x7F;
    return aad;
}

} // namespace

GcmEpoch::GcmEpoch(const Secret32& chain, std::uint32_t epoch, bool encrypt)
    : m_epoch(epoch)
    , m_ctx(EVP_CIPHER_CTX_new())
{
    if (!hkdfExpand(chain, "IAXPhone E2E v1 frame", m_material) || !m_ctx
        || EVP_CipherInit_ex(m_ctx.get(), EVP_aes_128_gcm(), nullptr, m_material.data(), nullptr, encrypt ? 1 : 0) != 1)
        std::abort(); // OpenSSL without HKDF or AES-GCM: a broken installation, not a peer's doing
}

GcmEpoch::GcmEpoch(const GcmEpoch& other)
    : m_epoch(other.m_epoch)
    , m_material(other.m_material)
    , m_ctx(copyCipherContext(other.m_ctx))
{ }

GcmEpoch::~GcmEpoch()
{
    secureWipe(m_material);
}

std::array<std::uint8_t, 12> GcmEpoch::nonce(FrameKind kind, std::uint64_t seq) const
{
    std::array<std::uint8_t, 12> n {};
    std::copy_n(m_material.begin() + (kind == FrameKind::Full ? 16 : 20), 4, n.begin());
    for (int i = 0; i < 8; ++i)
        n[4 + i] = static_cast<std::uint8_t>(seq >> (56 - 8 * i));
    return n;
}

Secret32 ratchetChain(const Secret32& chain)
{
    Secret32 next;
    if (!hkdfExpand(chain, "IAXPhone E2E v1 ratchet", next.bytes))
        std::abort(); // see GcmEpoch
    return next;
}

// ---- sealing -------------------------------------------------------------------------------------

GcmSealer::GcmSealer(const Secret32& chain)
    : m_chain(ratchetChain(chain))
    , m_keys(chain, 0, true)
{ }

std::vector<std::uint8_t> GcmSealer::seal(
    std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail, FrameKind kind)
{
    const std::size_t hdr = clearHeader(kind);
    assert(head.size() >= hdr); // our own encoder wrote it
    const std::uint64_t counter = m_counter[kindIndex(kind)]++ & kCounterMask;
    const std::uint64_t seq = (std::uint64_t(m_keys.number() & 0xFF) << 56) | counter;
    const std::size_t plainLen = head.size() - hdr + tail.size();
    std::vector<std::uint8_t> out(hdr + kGcmSeqBytes + plainLen + kGcmTagBytes);
    std::copy_n(head.begin(), hdr, out.begin());
    for (int i = 0; i < 8; ++i)
        out[hdr + i] = static_cast<std::uint8_t>(seq >> (56 - 8 * i));
    const auto aad = aadOf(head, kind);
    const auto iv = m_keys.nonce(kind, seq);
    EVP_CIPHER_CTX* ctx = m_keys.ctx();
    std::uint8_t* p = out.data() + hdr + kGcmSeqBytes;
    int len = 0;
    bool ok = EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv.data()) == 1
        && EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), int(hdr)) == 1
        && EVP_EncryptUpdate(ctx, p, &len, head.data() + hdr, int(head.size() - hdr)) == 1;
    p += len;
    ok = ok && EVP_EncryptUpdate(ctx, p, &len, tail.data(), int(tail.size())) == 1;
    p += len;
    ok = ok && EVP_EncryptFinal_ex(ctx, p, &len) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, int(kGcmTagBytes), out.data() + out.size() - kGcmTagBytes)
            == 1;
    if (!ok)
        std::abort(); // AES-GCM over memory does not fail
    return out;
}

void GcmSealer::ratchet()
{
    const std::uint32_t next = m_keys.number() + 1;
    m_keys = GcmEpoch(m_chain, next, true);
    m_chain = ratchetChain(m_chain);
}

// ---- the replay window ---------------------------------------------------------------------------

ReplayWindow::Verdict ReplayWindow::check(std::uint64_t counter) const
{
    if (!m_any || counter > m_highest)
        return Verdict::Fresh;
    const std::uint64_t behind = m_highest - counter;
    if (behind >= kSize)
        return Verdict::TooOld;
    return (m_bits >> behind) & 1 ? Verdict::Seen : Verdict::Fresh;
}

void ReplayWindow::mark(std::uint64_t counter)
{
    if (!m_any) {
        m_any = true;
        m_highest = counter;
        m_bits = 1;
        return;
    }
    if (counter > m_highest) {
        const std::uint64_t shift = counter - m_highest;
        m_bits = shift >= kSize ? 0 : m_bits << shift;
        m_bits |= 1;
        m_highest = counter;
        return;
    }
    const std::uint64_t behind = m_highest - counter;
    if (behind < kSize)
        m_bits |= std::uint64_t(1) << behind;
}

// ---- opening -------------------------------------------------------------------------------------

GcmOpener::GcmOpener(const Secret32& chain)
    : m_nextChain(ratchetChain(chain))
    , m_current(chain, 0, false)
{ }

GcmDrop GcmOpener::count(GcmDrop d)
{
    switch (d) {
    case GcmDrop::None:
        ++m_counters.opened;
        break;
    case GcmDrop::Short:
        ++m_counters.shortFrames;
        break;
    case GcmDrop::Epoch:
        ++m_counters.badEpoch;
        break;
    case GcmDrop::Tampered:
        ++m_counters.tampered;
        break;
    case GcmDrop::Replayed:
        ++m_counters.replayed;
        break;
    case GcmDrop::TooOld:
        ++m_counters.tooOld;
        break;
    }
    return d;
}

GcmDrop GcmOpener::open(
    std::span<const std::uint8_t> datagram, FrameKind kind, std::vector<std::uint8_t>& plain, bool* repeated)
{
    const std::size_t hdr = clearHeader(kind);
    if (datagram.size() < hdr + kGcmOverhead + 1)
        return count(GcmDrop::Short);
    const std::uint64_t seq = byte_io::readU64(datagram, hdr);
    const std::uint64_t counter = seq & kCounterMask;
    const auto epochByte = static_cast<std::uint8_t>(seq >> 56);

    // Which keys: the current epoch, the previous one (frames still in flight), or the next one
    // (the sender ratcheted; adopted only once a frame under it authenticates).
    std::optional<GcmEpoch> next;
    const GcmEpoch* keys = nullptr;
    if (epochByte == (m_current.number() & 0xFF))
        keys = &m_current;
    else if (m_previous && epochByte == (m_previous->number() & 0xFF))
        keys = &*m_previous;
    else if (epochByte == ((m_current.number() + 1) & 0xFF))
        keys = &next.emplace(m_nextChain, m_current.number() + 1, false);
    else
        return count(GcmDrop::Epoch);

    auto& window = m_windows[kindIndex(kind)];
    const auto verdict = window.check(counter);
    if (verdict == ReplayWindow::Verdict::TooOld)
        return count(GcmDrop::TooOld);
    const bool retransmission = kind == FrameKind::Full && (datagram[2] & 0x80) != 0;
    if (verdict == ReplayWindow::Verdict::Seen && !retransmission)
        return count(GcmDrop::Replayed);

    const auto aad = aadOf(datagram, kind);
    const auto iv = keys->nonce(kind, seq);
    const auto body = datagram.subspan(hdr + kGcmSeqBytes, datagram.size() - hdr - kGcmOverhead);
    const auto tag = datagram.last(kGcmTagBytes);
    plain.resize(hdr + body.size());
    std::copy_n(datagram.begin(), hdr, plain.begin());
    EVP_CIPHER_CTX* ctx = keys->ctx();
    int len = 0;
    const bool ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, iv.data()) == 1
        && EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), int(hdr)) == 1
        && EVP_DecryptUpdate(ctx, plain.data() + hdr, &len, body.data(), int(body.size())) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, int(kGcmTagBytes), const_cast<std::uint8_t*>(tag.data())) == 1
        && EVP_DecryptFinal_ex(ctx, plain.data() + hdr + len, &len) == 1;
    if (!ok) {
        secureWipe(plain.data(), plain.size()); // unauthenticated plaintext is never handed out
        plain.clear();
        return count(GcmDrop::Tampered);
    }
    if (repeated)
        *repeated = verdict == ReplayWindow::Verdict::Seen;
    window.mark(counter);
    if (next) {
        m_previous = std::move(m_current);
        m_current = std::move(*next);
        m_nextChain = ratchetChain(m_nextChain);
    }
    return count(GcmDrop::None);
}

} // namespace iax::core
