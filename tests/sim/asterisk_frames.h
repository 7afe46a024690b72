#pragma once
// Frames as Asterisk's chan_iax2 sends them, for tests that play an Asterisk peer by hand.
#include "core/protocol/frame.h"
#include "core/protocol/information_element.h"

#include <string>
#include <vector>

namespace iax::sim {

/// Asterisk's clear AUTHREQ for our NEW (its first frame of the call: oseqno 0, iseqno 1): MD5 with
/// `challenge`, AES-128 offered, USERNAME `user`; `retransmission` sets the R bit. Test thread.
inline std::vector<std::uint8_t> asteriskAuthReq(std::uint16_t from, std::uint16_t to, const std::string& challenge,
    const std::string& user, bool retransmission, std::uint32_t timestamp)
{
    core::IeList ies;
    ies.addU16(core::IeId::AuthMethods, core::AuthMethod::Md5).addString(core::IeId::Challenge, challenge);
    ies.addU16(core::IeId::Encryption, core::EncryptionBits::Aes128).addString(core::IeId::Username, user);
    core::FullFrame f;
    f.scall = from;
    f.dcall = to;
    f.retransmission = retransmission;
    f.timestamp = timestamp;
    f.oseqno = 0;
    f.iseqno = 1;
    f.type = std::uint8_t(core::FrameType::Iax);
    f.subclass = std::int64_t(core::IaxCommand::AuthReq);
    f.payload = ies.encode();
    return core::encode(f);
}

} // namespace iax::sim
