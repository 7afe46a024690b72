// libFuzzer target: an IAX frame's IE area. Invariants: decode never crashes, a decoded list
// re-encodes to the identical bytes, both printers and every typed getter accept every IE; an
// APPARENT_ADDR that decodes encodes and decodes again to the same address, and every IE's bytes
// taken as a host name go through the address encoder's IPv4/IPv6 text parsers. Every IE's bytes
// as peer text (a caller name, a cause) go through the terminal escapes (the result is printable,
// escaping it again changes nothing, lines stay lines) and the codec-name lookup (a name found
// names its one format bit); the end-to-end IEs (E2E_OFFER, E2E_KEY, E2E_ID) that decode re-encode
// to their bytes.
#include "fuzz_common.h"

#include "core/protocol/apparent_address.h"
#include "core/protocol/codec_names.h"
#include "core/protocol/e2e_identity.h"
#include "core/protocol/e2e_ies.h"
#include "core/protocol/information_element.h"
#include "core/protocol/terminal_text.h"

#include <algorithm>
#include <bit>

namespace iax::fuzz {

namespace {
using namespace iax::core;

void peerText(const std::vector<std::uint8_t>& bytes)
{
    const std::string text(bytes.begin(), bytes.end());
    const std::string shown = escapeForTerminal(text);
    IAX_FUZZ_CHECK(std::none_of(shown.begin(), shown.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }),
        "a control character survived the terminal escape");
    IAX_FUZZ_CHECK(escapeForTerminal(shown) == shown, "escaping escaped text changed it");
    const std::string lines = escapeLinesForTerminal(text);
    IAX_FUZZ_CHECK(std::count(lines.begin(), lines.end(), '\n') == std::count(text.begin(), text.end(), '\n'),
        "the line escape changed the number of lines");
    (void)escapeJsonControls(text);

    if (const std::uint64_t format = codecFromName(text)) {
        IAX_FUZZ_CHECK(std::popcount(format) == 1, "a codec name for more than one format bit");
        IAX_FUZZ_CHECK(codecFromName(codecName(format)) == format, "a codec's name names another codec");
    }
}

// The end-to-end IEs: what decodes re-encodes to the same bytes.
template<class Ie> void e2eIe(const std::vector<std::uint8_t>& bytes)
{
    if (auto v = Ie::decode(bytes))
        IAX_FUZZ_CHECK(v->encode() == bytes, "an end-to-end IE does not re-encode");
}
} // namespace

int ie(const std::uint8_t* data, std::size_t size)
{
    auto list = IeList::decode(std::span<const std::uint8_t>(data, size));
    if (!list) {
        IAX_FUZZ_CHECK(!list.error().code.empty(), "error without a code");
        return 0;
    }
    IAX_FUZZ_CHECK(list->encode() == std::vector<std::uint8_t>(data, data + size), "IE list does not re-encode");
    for (const auto& e : list->items()) {
        (void)formatIe(e);
        (void)formatIeAsterisk(e);
        (void)ieName(e.id);
        if (const IeInfo* info = ieInfo(e.id)) {
            IAX_FUZZ_CHECK(info->id == e.id, "IE table lookup returned another id");
            if (info->print)
                (void)info->print(e.data);
            if (info->printAsterisk)
                (void)info->printAsterisk(e.data);
        }
        const auto id = static_cast<IeId>(e.id);
        (void)list->getString(id);
        (void)list->getU8(id);
        (void)list->getU16(id);
        (void)list->getU32(id);
        (void)list->getVersionedU64(id);
        if (id == IeId::ApparentAddr) {
            if (auto addr = decodeApparentAddress(e.data)) {
                const auto again = decodeApparentAddress(encodeApparentAddress(*addr));
                IAX_FUZZ_CHECK(again && *again == *addr, "an APPARENT_ADDR changed by an encode and a decode");
            }
        }
        (void)encodeApparentAddress(PeerAddress { std::string(e.data.begin(), e.data.end()), 4569 });
        peerText(e.data);
        if (const auto f = list->getU32(id))
            (void)codecName(*f);
        if (id == kIeE2eOffer)
            e2eIe<E2eOffer>(e.data);
        else if (id == kIeE2eKey)
            e2eIe<E2eKeyIe>(e.data);
        else if (id == kIeE2eId)
            e2eIe<E2eIdIe>(e.data);
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(ie)
