// A call across an address change (issue 19): the peer that moves (a laptop's new address, resume
// from sleep, a NAT rebinding) is followed once one of its frames proves itself, and our own move
// is announced with a PING from the new source.
#include "core/protocol/call.h"

namespace iax::core {

bool Call::receiveFromNewAddress(std::span<const std::uint8_t> bytes, const PeerAddress& from, Millis now)
{
    if (m_dead || m_remoteCallno == 0)
        return false;
    // Proof: the frame was in sequence (an off-path sender must guess both call numbers and the
    // sequence number) and, on an encrypted call, opened under the call's key.
    const std::uint8_t iseqBefore = m_rel.iseqno();
    const std::uint64_t decryptedBefore = m_enc.framesDecrypted;
    const bool encrypted = m_tx.has_value() || m_e2e.keyed();
    receive(bytes, true, now);
    const bool inSequence = m_rel.iseqno() != iseqBefore;
    const bool opened = !encrypted || m_enc.framesDecrypted != decryptedBefore;
    if (m_dead || !inSequence || !opened)
        return false;
    m_peer = from;
    return true;
}

void Call::announceAddress(Millis now)
{
    if (m_state != CallState::Answered || ended())
        return;
    // What the peer has not acknowledged first (frames sent into the old network, e.g. during a
    // sleep): the peer follows us on a frame in sequence, and the PING alone would be ahead of it.
    for (auto& bytes : m_rel.resendFrom(std::uint8_t(m_rel.oseqno() - 127))) { // the whole send window
        ++m_stats.retransmits;
        m_host->transmit(m_peer, std::move(bytes));
    }
    sendIax(IaxCommand::Ping, {}, now);
}

void Call::abandonAfterMove(Millis now)
{
    finish(CallState::Failed,
        { "the peer did not follow our new network address (Asterisk keeps a call at the address it started "
          "from)",
            0, CallEnd::Kind::Other },
        now, true);
}

} // namespace iax::core
