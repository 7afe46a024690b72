#pragma once
// The APPARENT_ADDR IE (RFC 5456 §8.6.17) as Asterisk sends it in REGACK: a raw struct
// sockaddr_in (16 bytes: family 2 in host order, port and IPv4 address in network order) or
// sockaddr_in6 (28 bytes: family 10, port, flowinfo, 16-byte address, scope id). Pure functions.
#include "core/protocol/engine_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace iax::core {

/// Encodes `addr` (numeric IPv4 or IPv6 host) the way Asterisk does (little-endian family).
/// An unparsable host gives an all-zero IPv4 form.
std::vector<std::uint8_t> encodeApparentAddress(const PeerAddress& addr);
/// Decodes an APPARENT_ADDR value; nullopt when it is neither form.
std::optional<PeerAddress> decodeApparentAddress(std::span<const std::uint8_t> data);

} // namespace iax::core
