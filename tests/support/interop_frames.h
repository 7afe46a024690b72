#pragma once
// What the tests need to stand in for a live peer (Asterisk) in front of an Engine: the interop
// data folder, the server frames of a capture readdressed to our random call number, and a
// caller's MD5 AUTHREP. Test thread only; header-only.
#include "core/protocol/auth.h"
#include "core/protocol/frame.h"
#include "core/protocol/information_element.h"

#include <QString>

#include <string>
#include <vector>

namespace iax::test {

/// A file of tests/data/interop (`rel` e.g. "asterisk-mwi/asterisk-mwi.pcap"); needs IAX_TEST_DATA.
inline QString interopPath(const QString& rel)
{
    return QStringLiteral(IAX_TEST_DATA "/interop/") + rel;
}

/// Rewrites the destination call number of a captured full frame to ours (call numbers are random).
inline std::vector<std::uint8_t> toUs(std::vector<std::uint8_t> bytes, std::uint16_t ourCallno)
{
    if (bytes.size() >= 4 && (bytes[0] & 0x80)) {
        bytes[2] = static_cast<std::uint8_t>((bytes[2] & 0x80) | (ourCallno >> 8));
        bytes[3] = static_cast<std::uint8_t>(ourCallno & 0xFF);
    }
    return bytes;
}

/// A caller's AUTHREP (oseqno 1, iseqno 1) answering `challenge` with MD5(challenge ‖ secret); still
/// in clear (encrypt it for an AES call).
inline core::FullFrame md5AuthRep(std::uint16_t scall, std::uint16_t dcall, std::uint32_t timestamp,
    const std::string& challenge, const std::string& secret)
{
    core::FullFrame rep;
    rep.scall = scall;
    rep.dcall = dcall;
    rep.timestamp = timestamp;
    rep.oseqno = 1;
    rep.iseqno = 1;
    rep.type = std::uint8_t(core::FrameType::Iax);
    rep.subclass = std::int64_t(core::IaxCommand::AuthRep);
    core::IeList ies;
    ies.addString(core::IeId::Md5Result, core::md5Response(challenge, secret));
    rep.payload = ies.encode();
    return rep;
}

} // namespace iax::test
