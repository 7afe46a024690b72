#pragma once
// A snapshot of an EngineHost's counters (EngineHost::requestStats → statsReady): plain data,
// copied across threads. Call totals include the calls that already ended.
#include "core/protocol/engine_types.h"

#include <QMetaType>

#include <cstdint>

namespace iax::net {

struct HostStats {
    std::uint64_t datagramsSent = 0, datagramsReceived = 0, sendErrors = 0;
    /// Linux UDP segmentation offload: datagrams sent inside a run handed down as one buffer
    /// (UDP_SEGMENT), and datagrams that arrived inside one read holding several (UDP_GRO).
    /// Both are also counted in datagramsSent/datagramsReceived.
    std::uint64_t datagramsSentOffloaded = 0, datagramsReceivedCoalesced = 0;
    std::uint64_t callsAllocated = 0; ///< call states the Engine holds now
    std::uint64_t callsWithMedia = 0; ///< answered calls with running media now
    std::uint64_t framesSent = 0, framesReceived = 0; ///< all frames of all calls (ended included)
    std::uint64_t voiceSent = 0, voiceReceived = 0;
    std::uint64_t retransmits = 0, lost = 0;
    std::uint64_t decryptFailures = 0, rekeysSent = 0, rekeysReceived = 0;
    std::uint64_t lateTicks = 0; ///< media ticks that came more than 40 ms late (host thread overloaded)
    core::EngineCounters engine; ///< Engine-wide drop counters
};

} // namespace iax::net

Q_DECLARE_METATYPE(iax::net::HostStats)
