#pragma once
// A small HID report-descriptor parser (HID 1.11 §6.2.2) for headset buttons (issue 19): the items
// a telephony headset needs — Usage Page, Usage, Usage Minimum/Maximum, Report ID/Size/Count,
// Logical Minimum/Maximum, Push/Pop, Collection/End Collection, Input/Output/Feature with their
// Constant/Variable/Relative flags — turned into the fields of each input and output report and
// the top-level application collection each lies in. Pure (no Qt, no hidapi); any thread. Bytes
// come from a device: anything malformed is refused with a reason, never thrown or asserted.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iax::ui {

/// A usage with its page: page << 16 | id (HID's "extended usage").
using HidUsage = std::uint32_t;
/// The extended usage of `id` on usage page `page`.
constexpr HidUsage hidUsage(std::uint16_t page, std::uint16_t id)
{
    return HidUsage(page) << 16 | id;
}

/// One data field of a report: one usage of a Variable item, or one slot of an Array item.
struct HidField {
    HidUsage usage = 0; ///< Variable items: the field's usage; Array items: 0 (see arrayUsages)
    std::uint8_t reportId = 0; ///< 0 when the descriptor declares no report ids
    int bitOffset = 0; ///< from the first bit after the report id byte
    int bitSize = 0;
    bool variable = true; ///< false: an Array slot holding an index into arrayUsages
    bool relative = false; ///< Relative flag: a change (a press), not a level
    bool constant = false; ///< Constant flag (some headsets flag real buttons so: kept when it has a usage)
    std::int32_t logicalMin = 0;
    std::int32_t logicalMax = 0;
    /// Array slots: the usage each value selects (value - logicalMin), at most kMaxArrayUsages.
    std::vector<HidUsage> arrayUsages;
    HidUsage application = 0; ///< the top-level application collection the field lies in (0: none)
};

/// What a descriptor declares.
struct HidReportDescriptor {
    std::vector<HidField> inputs;
    std::vector<HidField> outputs;
    std::vector<HidUsage> applications; ///< top-level application collections, in order
    bool usesReportIds = false;
    /// Data bits of each output report (after the id byte), by report id; a writer sends that many
    /// bytes (rounded up) after the id byte.
    std::vector<std::pair<std::uint8_t, int>> outputReportBits;

    /// True when `usage` is one of the top-level application collections.
    bool hasApplication(HidUsage usage) const;
    /// Data bits of output report `reportId`; 0 when there is none.
    int outputBits(std::uint8_t reportId) const;
};

/// The parse, or why the descriptor was refused.
struct HidParseResult {
    std::optional<HidReportDescriptor> descriptor;
    std::string error; ///< set when descriptor is empty: a sentence for the log
};

/// Parses `bytes`. Refuses truncated items, Pop without Push, deep Push stacks, unbalanced
/// collections, report id 0, report sizes over 32 bits and reports over kMaxReportBits.
HidParseResult parseHidReportDescriptor(std::span<const std::uint8_t> bytes);

/// The value of `field` in a report's data (after the id byte), sign-extended when the logical
/// minimum is negative; nullopt when the report is too short for it.
std::optional<std::int32_t> hidFieldValue(const HidField& field, std::span<const std::uint8_t> data);

/// The longest report accepted, in bits (4 KiB; a telephony report is a few bytes).
constexpr int kMaxReportBits = 8 * 4096;
/// The most usages kept for one item (a Usage Minimum..Maximum range is cut there).
constexpr std::size_t kMaxArrayUsages = 1024;

} // namespace iax::ui
