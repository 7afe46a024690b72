// libFuzzer target: one UDP datagram through the frame codec. Invariants: decoding never crashes,
// whatever decodes re-encodes to the identical bytes (and decodes again to the same value), and
// the printers accept every decoded frame.
#include "fuzz_common.h"

#include "core/protocol/frame.h"

#include <algorithm>

namespace iax::fuzz {

int frame(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
    const std::span<const std::uint8_t> in(data, size);
    auto d = decodeDatagram(in);
    auto full = decodeFullFrame(in);
    if (!d) {
        IAX_FUZZ_CHECK(!d.error().code.empty(), "error without a code");
        IAX_FUZZ_CHECK(!full.ok(), "decodeFullFrame accepted what decodeDatagram refused");
        return 0;
    }
    const std::vector<std::uint8_t> again = encode(*d);
    IAX_FUZZ_CHECK(std::ranges::equal(again, in), "decode→encode does not reproduce the datagram");
    auto d2 = decodeDatagram(again);
    IAX_FUZZ_CHECK(d2.ok() && *d2 == *d, "re-encoded datagram decodes differently");

    const auto* f = std::get_if<FullFrame>(&*d);
    IAX_FUZZ_CHECK(full.ok() == (f != nullptr), "decodeFullFrame disagrees with decodeDatagram");
    if (!f)
        return 0;
    IAX_FUZZ_CHECK(*full == *f, "decodeFullFrame decodes differently");
    (void)frameNeedsAck(*f);
    (void)frameTypeName(f->type);
    (void)subclassName(f->type, f->subclass);
    (void)formatFrameAsterisk(*f, Direction::Rx, "127.0.0.1:4569");
    if (auto ies = f->ies()) {
        IAX_FUZZ_CHECK(ies->encode() == f->payload, "IE area does not re-encode identically");
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(frame)
