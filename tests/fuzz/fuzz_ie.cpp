// libFuzzer target: an IAX frame's IE area. Invariants: decode never crashes, a decoded list
// re-encodes to the identical bytes, both printers and every typed getter accept every IE; an
// APPARENT_ADDR that decodes encodes and decodes again to the same address, and every IE's bytes
// taken as a host name go through the address encoder's IPv4/IPv6 text parsers.
#include "fuzz_common.h"

#include "core/protocol/apparent_address.h"
#include "core/protocol/information_element.h"

namespace iax::fuzz {

int ie(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
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
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(ie)
