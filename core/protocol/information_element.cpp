// IeList: building, encoding and decoding an IE area. Naming and printing IEs: ie_format.cpp.
#include "core/protocol/information_element.h"

#include "core/protocol/byte_io.h"
#include "core/protocol/secure_wipe.h"

#include <array>
#include <cstdio>

namespace iax::core {

// ---- IeList -----------------------------------------------------------------------------------

std::optional<Error> ieSizeProblem(std::uint8_t id, std::size_t size)
{
    if (size <= kMaxIeData)
        return std::nullopt;
    return makeError("ie-too-long",
        ieName(id) + " is " + std::to_string(size) + " bytes; an IAX2 information element carries at most "
            + std::to_string(kMaxIeData));
}

IeList& IeList::addRaw(std::uint8_t id, std::span<const std::uint8_t> data)
{
    if (auto e = ieSizeProblem(id, data.size())) {
        if (!m_error)
            m_error = std::move(e);
        return *this;
    }
    if (m_items.empty())
        m_items.reserve(8); // a frame's list: one allocation instead of growing 1, 2, 4, 8
    m_items.push_back(InformationElement { id, std::vector<std::uint8_t>(data.begin(), data.end()) });
    return *this;
}

IeList& IeList::addEmpty(IeId id)
{
    return addRaw(std::uint8_t(id), {});
}

IeList& IeList::addString(IeId id, std::string_view s)
{
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    return addRaw(std::uint8_t(id), std::span<const std::uint8_t>(p, s.size()));
}

IeList& IeList::addText(IeId id, std::string_view s)
{
    if (s.size() > kMaxIeData) {
        std::size_t cut = kMaxIeData;
        while (cut > 0 && (static_cast<std::uint8_t>(s[cut]) & 0xC0) == 0x80)
            --cut; // s[cut] continues a character: cut before that character starts
        s = s.substr(0, cut);
    }
    return addString(id, s);
}

IeList& IeList::addU8(IeId id, std::uint8_t v)
{
    return addRaw(std::uint8_t(id), std::span<const std::uint8_t>(&v, 1));
}

IeList& IeList::addU16(IeId id, std::uint16_t v)
{
    std::vector<std::uint8_t> b;
    byte_io::appendU16(b, v);
    return addRaw(std::uint8_t(id), b);
}

IeList& IeList::addU32(IeId id, std::uint32_t v)
{
    std::vector<std::uint8_t> b;
    byte_io::appendU32(b, v);
    return addRaw(std::uint8_t(id), b);
}

IeList& IeList::addVersionedU64(IeId id, std::uint64_t v)
{
    std::vector<std::uint8_t> b { 0 };
    byte_io::appendU64(b, v);
    return addRaw(std::uint8_t(id), b);
}

const InformationElement* IeList::find(IeId id) const
{
    for (const auto& ie : m_items)
        if (ie.id == std::uint8_t(id))
            return &ie;
    return nullptr;
}

std::optional<std::string> IeList::getString(IeId id) const
{
    const auto* ie = find(id);
    if (!ie)
        return std::nullopt;
    return std::string(ie->data.begin(), ie->data.end());
}

std::optional<std::uint8_t> IeList::getU8(IeId id) const
{
    const auto* ie = find(id);
    if (!ie || ie->data.size() != 1)
        return std::nullopt;
    return ie->data[0];
}

std::optional<std::uint16_t> IeList::getU16(IeId id) const
{
    const auto* ie = find(id);
    if (!ie || ie->data.size() != 2)
        return std::nullopt;
    return byte_io::readU16(ie->data, 0);
}

std::optional<std::uint32_t> IeList::getU32(IeId id) const
{
    const auto* ie = find(id);
    if (!ie || ie->data.size() != 4)
        return std::nullopt;
    return byte_io::readU32(ie->data, 0);
}

std::optional<std::uint64_t> IeList::getVersionedU64(IeId id) const
{
    const auto* ie = find(id);
    if (!ie || ie->data.size() != 9)
        return std::nullopt;
    return byte_io::readU64(ie->data, 1);
}

std::vector<std::uint8_t> IeList::encode() const
{
    std::vector<std::uint8_t> out;
    encodeTo(out);
    return out;
}

Result<std::vector<std::uint8_t>> IeList::encodeChecked() const
{
    if (m_error)
        return *m_error;
    return encode();
}

void IeList::encodeTo(std::vector<std::uint8_t>& out) const
{
    std::size_t size = out.size();
    for (const auto& ie : m_items)
        size += 2 + ie.data.size();
    out.reserve(size); // one allocation, not a growth per IE
    for (const auto& ie : m_items) {
        if (ie.data.size() > kMaxIeData)
            continue; // cannot happen (addRaw refuses it); never write a wrong length byte
        out.push_back(ie.id);
        out.push_back(static_cast<std::uint8_t>(ie.data.size()));
        byte_io::appendBytes(out, ie.data);
    }
}

Result<IeList> IeList::decode(std::span<const std::uint8_t> bytes)
{
    IeList list;
    // Counted first (headers only) so that the list is allocated once, not grown IE by IE.
    std::size_t count = 0;
    for (std::size_t at = 0; at + 1 < bytes.size(); at += 2 + bytes[at + 1])
        ++count;
    list.m_items.reserve(count);
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < 2)
            return makeError("truncated-ie", "IE header truncated: 1 byte left at offset " + std::to_string(at));
        const std::uint8_t id = bytes[at];
        const std::size_t len = bytes[at + 1];
        at += 2;
        if (len > bytes.size() - at)
            return makeError("truncated-ie",
                "IE " + ieName(id) + " claims " + std::to_string(len) + " bytes but only "
                    + std::to_string(bytes.size() - at) + " remain");
        list.m_items.push_back(InformationElement { id,
            std::vector<std::uint8_t>(bytes.begin() + std::ptrdiff_t(at), bytes.begin() + std::ptrdiff_t(at + len)) });
        at += len;
    }
    return list;
}
void IeList::wipeValues()
{
    for (auto& ie : m_items)
        secureWipe(ie.data);
}

} // namespace iax::core
