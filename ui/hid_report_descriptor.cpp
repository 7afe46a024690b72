#include "ui/hid_report_descriptor.h"

#include <algorithm>
#include <map>

namespace iax::ui {

namespace {

constexpr int kMaxPushDepth = 8;
constexpr int kMaxCollectionDepth = 32;

// Item tags (HID 1.11 §6.2.2.4-8), with the type bits: prefix & 0xFC.
enum : std::uint8_t {
    kInput = 0x80,
    kOutput = 0x90,
    kFeature = 0xB0,
    kCollection = 0xA0,
    kEndCollection = 0xC0,
    kUsagePage = 0x04,
    kLogicalMin = 0x14,
    kLogicalMax = 0x24,
    kReportSize = 0x74,
    kReportId = 0x84,
    kReportCount = 0x94,
    kPush = 0xA4,
    kPop = 0xB4,
    kUsage = 0x08,
    kUsageMin = 0x18,
    kUsageMax = 0x28,
};

struct Globals {
    std::uint16_t usagePage = 0;
    std::int64_t logicalMin = 0;
    std::int64_t logicalMax = 0;
    std::uint32_t logicalMaxRaw = 0;
    int logicalMaxSize = 0;
    std::uint32_t reportSize = 0;
    std::uint32_t reportCount = 0;
    std::uint8_t reportId = 0;
};

struct Locals {
    std::vector<HidUsage> usages;
    std::optional<HidUsage> usageMin, usageMax;

    void clear()
    {
        usages.clear();
        usageMin.reset();
        usageMax.reset();
    }
    /// The usages an item declares in order: the Usage items, then a Minimum..Maximum range
    /// (capped at kMaxArrayUsages).
    std::vector<HidUsage> all() const
    {
        std::vector<HidUsage> out = usages;
        if (usageMin && usageMax && *usageMax >= *usageMin) {
            for (HidUsage u = *usageMin; u <= *usageMax && out.size() < kMaxArrayUsages; ++u)
                out.push_back(u);
        }
        return out;
    }
};

std::int64_t signedValue(std::uint32_t raw, int size)
{
    switch (size) {
    case 1:
        return std::int8_t(raw);
    case 2:
        return std::int16_t(raw);
    case 4:
        return std::int32_t(raw);
    default:
        return 0;
    }
}

/// A usage item's value: 4 bytes carry their own page, shorter ones take the current page.
HidUsage usageOf(std::uint32_t raw, int size, std::uint16_t page)
{
    return size == 4 ? HidUsage(raw) : hidUsage(page, std::uint16_t(raw));
}

class Parser {
public:
    HidParseResult run(std::span<const std::uint8_t> bytes);

private:
    bool mainItem(std::uint8_t tag, std::uint32_t raw);
    bool addFields(std::uint8_t tag, std::uint32_t flags);
    bool fail(std::string why)
    {
        m_error = std::move(why);
        return false;
    }

    HidReportDescriptor m_out;
    Globals m_g;
    Locals m_l;
    std::vector<Globals> m_stack;
    int m_depth = 0;
    HidUsage m_application = 0;
    std::map<std::pair<std::uint8_t, std::uint8_t>, int> m_bits; // (tag, report id) → bits so far
    std::string m_error;
};

HidParseResult Parser::run(std::span<const std::uint8_t> bytes)
{
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::uint8_t prefix = bytes[i];
        if (prefix == 0xFE) { // long item: size, tag, data (none are defined; skipped)
            if (i + 2 >= bytes.size() || i + 3 + bytes[i + 1] > bytes.size())
                return { std::nullopt, "a long item runs past the end of the descriptor" };
            i += 3 + bytes[i + 1];
            continue;
        }
        const int size = (prefix & 3) == 3 ? 4 : prefix & 3;
        if (i + 1 + std::size_t(size) > bytes.size())
            return { std::nullopt, "an item runs past the end of the descriptor at byte " + std::to_string(i) };
        std::uint32_t raw = 0;
        for (int b = 0; b < size; ++b)
            raw |= std::uint32_t(bytes[i + 1 + std::size_t(b)]) << (8 * b);
        const std::uint8_t tag = prefix & 0xFC;
        bool ok = true;
        switch (tag) {
        case kUsagePage:
            m_g.usagePage = std::uint16_t(raw);
            break;
        case kLogicalMin:
            m_g.logicalMin = signedValue(raw, size);
            break;
        case kLogicalMax:
            m_g.logicalMaxRaw = raw;
            m_g.logicalMaxSize = size;
            break;
        case kReportSize:
            m_g.reportSize = raw;
            ok = raw <= 32 || fail("a report size of " + std::to_string(raw) + " bits");
            break;
        case kReportId:
            m_g.reportId = std::uint8_t(raw);
            m_out.usesReportIds = true;
            ok = (raw > 0 && raw < 256) || fail("report id " + std::to_string(raw));
            break;
        case kReportCount:
            m_g.reportCount = raw;
            ok = raw <= std::uint32_t(kMaxReportBits) || fail("a report count of " + std::to_string(raw));
            break;
        case kPush:
            ok = m_stack.size() < std::size_t(kMaxPushDepth) || fail("more than 8 nested Push items");
            if (ok)
                m_stack.push_back(m_g);
            break;
        case kPop:
            ok = !m_stack.empty() || fail("a Pop without a Push");
            if (ok) {
                m_g = m_stack.back();
                m_stack.pop_back();
            }
            break;
        case kUsage:
            if (m_l.usages.size() < kMaxArrayUsages)
                m_l.usages.push_back(usageOf(raw, size, m_g.usagePage));
            break;
        case kUsageMin:
            m_l.usageMin = usageOf(raw, size, m_g.usagePage);
            break;
        case kUsageMax:
            m_l.usageMax = usageOf(raw, size, m_g.usagePage);
            break;
        case kInput:
        case kOutput:
        case kFeature:
        case kCollection:
        case kEndCollection:
            ok = mainItem(tag, raw);
            break;
        default:
            break; // physical range, units, designators, strings, delimiters: not needed here
        }
        if (!ok)
            return { std::nullopt, m_error };
        i += 1 + std::size_t(size);
    }
    if (m_depth != 0)
        return { std::nullopt, "a collection is not closed" };
    for (const auto& [key, bits] : m_bits) {
        if (key.first == kOutput)
            m_out.outputReportBits.emplace_back(key.second, bits);
    }
    return { std::move(m_out), {} };
}

bool Parser::mainItem(std::uint8_t tag, std::uint32_t raw)
{
    bool ok = true;
    if (tag == kCollection) {
        if (m_depth == 0 && raw == 1) { // Application
            const std::vector<HidUsage> u = m_l.all();
            m_application = u.empty() ? 0 : u.front();
            m_out.applications.push_back(m_application);
        }
        ok = ++m_depth <= kMaxCollectionDepth || fail("collections nested too deep");
    } else if (tag == kEndCollection) {
        ok = m_depth > 0 || fail("an End Collection without a Collection");
        if (ok && --m_depth == 0)
            m_application = 0;
    } else {
        ok = addFields(tag, raw);
    }
    m_l.clear(); // local items last until the next main item
    return ok;
}

bool Parser::addFields(std::uint8_t tag, std::uint32_t flags)
{
    int& bits = m_bits[{ tag, m_g.reportId }];
    const int size = int(m_g.reportSize);
    const int count = int(m_g.reportCount);
    if (std::int64_t(bits) + std::int64_t(size) * count > kMaxReportBits)
        return fail("a report longer than " + std::to_string(kMaxReportBits / 8) + " bytes");
    HidField f;
    f.reportId = m_g.reportId;
    f.bitSize = size;
    f.constant = flags & 1;
    f.variable = flags & 2;
    f.relative = flags & 4;
    f.application = m_application;
    f.logicalMin = std::int32_t(std::clamp<std::int64_t>(m_g.logicalMin, INT32_MIN, INT32_MAX));
    // A maximum is signed only when the minimum is negative (0x25 0xFF means 255 after 0x15 0x00).
    const std::int64_t max
        = m_g.logicalMin < 0 ? signedValue(m_g.logicalMaxRaw, m_g.logicalMaxSize) : std::int64_t(m_g.logicalMaxRaw);
    f.logicalMax = std::int32_t(std::clamp<std::int64_t>(max, INT32_MIN, INT32_MAX));
    const std::vector<HidUsage> usages = m_l.all();
    auto& list = tag == kInput ? m_out.inputs : m_out.outputs;
    const bool kept = tag != kFeature && !usages.empty(); // no usage: padding
    for (int k = 0; k < count && kept; ++k) {
        HidField field = f;
        field.bitOffset = bits + k * size;
        if (f.variable)
            field.usage = usages[std::min(std::size_t(k), usages.size() - 1)];
        else
            field.arrayUsages = usages;
        list.push_back(std::move(field));
    }
    bits += size * count;
    return true;
}

} // namespace

bool HidReportDescriptor::hasApplication(HidUsage usage) const
{
    return std::find(applications.begin(), applications.end(), usage) != applications.end();
}

int HidReportDescriptor::outputBits(std::uint8_t reportId) const
{
    for (const auto& [id, bits] : outputReportBits) {
        if (id == reportId)
            return bits;
    }
    return 0;
}

HidParseResult parseHidReportDescriptor(std::span<const std::uint8_t> bytes)
{
    return Parser().run(bytes);
}

std::optional<std::int32_t> hidFieldValue(const HidField& field, std::span<const std::uint8_t> data)
{
    if (field.bitSize <= 0 || field.bitSize > 32 || std::size_t(field.bitOffset + field.bitSize) > data.size() * 8)
        return std::nullopt;
    std::uint32_t v = 0;
    for (int b = 0; b < field.bitSize; ++b) {
        const int at = field.bitOffset + b;
        if (data[std::size_t(at / 8)] >> (at % 8) & 1)
            v |= std::uint32_t(1) << b;
    }
    if (field.logicalMin < 0 && field.bitSize < 32 && (v >> (field.bitSize - 1) & 1))
        v |= ~std::uint32_t(0) << field.bitSize; // sign-extend
    return std::int32_t(v);
}

} // namespace iax::ui
