#pragma once
// The media of one `load` call (engine/media thread): sends one pre-encoded 20 ms frame of a
// 440 Hz tone per due frame and counts what comes back. Cheap on purpose: the load test measures
// the transport and the cipher, not the codec.
#include "core/net/call_media_port.h"

#include <memory>

namespace iax::cli {

class LoadMedia final : public net::CallMediaPort {
public:
    /// nullptr when the format has no codec.
    static std::unique_ptr<LoadMedia> create(std::uint64_t format);
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override;
    void push(const core::VoiceReceived&) override { ++m_received; }
    std::uint64_t received() const { return m_received; }

private:
    std::vector<std::uint8_t> m_frame;
    std::uint64_t m_received = 0;
};

} // namespace iax::cli
