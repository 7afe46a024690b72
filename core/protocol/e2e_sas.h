#pragma once
// The short authentication string of the end-to-end mode: bytes as words of the PGP word list
// (even positions from the two-syllable list, odd from the three-syllable one, so a skipped or
// swapped word is audible). Any thread; never fails.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace iax::core {

/// The PGP word for `byte` at an even (two-syllable list) or odd (three-syllable list) position.
std::string_view pgpWord(std::uint8_t byte, bool oddPosition);
/// The words of `bytes`, space-separated ("topmost Istanbul Pluto vagabond" for E5 82 94 F2).
std::string sasWords(std::span<const std::uint8_t> bytes);

} // namespace iax::core
