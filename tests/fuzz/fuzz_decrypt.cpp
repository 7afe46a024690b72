// libFuzzer target: decrypt+decode of one datagram under a fixed key (the initial AES-128 key of
// the md5-aes128-dtmf interop capture, so its encrypted frames in the corpus decrypt). The frame
// kind comes from the F bit, as a receiver decides it. Invariants: decrypt never crashes; what
// decrypts decodes as a datagram of that kind; re-encrypting the plaintext decrypts back to it;
// and any frame-sized input encrypted as a plaintext decrypts to itself or is refused as implausible.
#include "fuzz_common.h"

#include "core/protocol/frame.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/random_source.h"

namespace iax::fuzz {

namespace {
// MD5("211749830" ‖ "Aes128Secret-A"), see tests/data/interop/md5-aes128-dtmf/README.md.
constexpr core::AesKey kKey { 0x06, 0x7b, 0x2b, 0x27, 0xfe, 0xe1, 0xbb, 0xe2, 0xab, 0xa6, 0x15, 0xd7, 0x3d, 0x25,
    0x4d, 0x66 };
} // namespace

int decrypt(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
    static FrameDecryptor dec(kKey); // one context per direction, reused as the Engine does
    static FrameEncryptor enc(kKey);
    SeededRandom rng(size);
    const std::span<const std::uint8_t> in(data, size);
    const FrameKind kind = size > 0 && (data[0] & 0x80) ? FrameKind::Full : FrameKind::Mini;

    if (auto plain = dec.decrypt(in, kind)) {
        IAX_FUZZ_CHECK(plain->padding >= 16 && plain->padding <= 31, "padding length outside 16..31");
        auto d = decodeDatagram(plain->datagram);
        if (kind == FrameKind::Full)
            IAX_FUZZ_CHECK(d.ok() && std::holds_alternative<FullFrame>(*d), "decrypted full frame does not decode");
        const auto again = enc.encrypt(plain->datagram, kind, rng);
        auto back = dec.decrypt(again, kind);
        IAX_FUZZ_CHECK(back.ok() && back->datagram == plain->datagram, "re-encrypted plaintext does not decrypt back");
    } else {
        IAX_FUZZ_CHECK(!plain.error().code.empty(), "error without a code");
    }

    // The input as a plaintext frame (at least a full header, or a mini header and one byte):
    // encryption adds 16..31 bytes and is reversible. Shorter inputs are not frames (the Engine
    // never encrypts them; FrameEncryptor then yields a 16-byte block its decryptor refuses).
    const std::size_t clear = kind == FrameKind::Full ? 4 : 2;
    if (size >= (kind == FrameKind::Full ? 12u : 5u)) {
        const auto ct = enc.encrypt(in, kind, rng);
        IAX_FUZZ_CHECK((ct.size() - clear) % 16 == 0 && ct.size() >= size + 16, "ciphertext has a wrong length");
        auto back = dec.decrypt(ct, kind);
        if (back)
            IAX_FUZZ_CHECK(back->datagram == std::vector<std::uint8_t>(in.begin(), in.end()), "round trip changed bytes");
        else
            IAX_FUZZ_CHECK(back.error().code == "implausible" || back.error().code == "bad-padding",
                "own ciphertext refused for a reason other than plausibility: " + back.error().code);
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(decrypt)
