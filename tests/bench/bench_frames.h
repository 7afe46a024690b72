#pragma once
// The datagrams the crypto benchmarks encrypt: a 20 ms µ-law mini frame (2 + 2 + 160 bytes) and an
// ACK full frame (12 bytes), as in the interop captures.
#include "core/protocol/frame.h"

#include <cstdint>
#include <vector>

namespace iax::bench {

/// A 20 ms µ-law voice mini frame.
inline std::vector<std::uint8_t> voiceMini()
{
    core::MiniFrame m;
    m.callno = 10096;
    m.timestamp = 3000;
    m.payload.assign(160, 0xFF);
    return core::encode(m);
}

/// An ACK full frame (header only).
inline std::vector<std::uint8_t> ackFrame()
{
    core::FullFrame f;
    f.scall = 14758;
    f.dcall = 10096;
    f.timestamp = 1121;
    f.oseqno = 2;
    f.iseqno = 4;
    f.type = std::uint8_t(core::FrameType::Iax);
    f.subclass = std::int64_t(core::IaxCommand::Ack);
    return core::encode(f);
}

} // namespace iax::bench
