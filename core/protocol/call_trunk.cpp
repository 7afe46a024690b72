// Voice in the peer's meta trunk frames (Call::receiveTrunk). Asterisk sends a call's voice in
// trunk frames when the account (peer/user) has trunk=yes and the phone is registered from the
// address: every `trunkfreq` ms one frame with an entry per call, by default without per-call
// timestamps (IAX_META_TRUNK_SUPERMINI; trunktimestamps=yes adds them). Its iax2_trunk_queue()
// copies the voice as it is: trunk entries are never encrypted, also on a call whose control and
// our voice are (captured with the asterisk-peer kit's Asterisk, master f0c1c1a7b7, with
// encryption=aes128 and trunk=yes: tests/data/interop/asterisk-trunk).
#include "core/protocol/call.h"

namespace iax::core {

namespace {
/// Clear trunk voice dropped under the required policy before the call ends: one second of
/// Asterisk's 20 ms trunk frames (a few spoofed datagrams alone do not end a call).
constexpr std::uint64_t kClearTrunkLimit = 50;
} // namespace

void Call::receiveTrunk(const TrunkEntry& entry, std::uint32_t trunkTs, Millis now)
{
    ++m_stats.framesReceived;
    const std::uint64_t format = m_rxFormat ? m_rxFormat : m_format;
    // The rules of any voice from the peer first (an answered call, or a caller's early media);
    // what the encryption makes of this voice below.
    if (!format || entry.payload.empty() || !peerMediaAccepted(true, true))
        return;
    if (m_e2e.keyed() || m_rx.active()) {
        // The peer's voice arrives in the clear on a call that is encrypted.
        const std::string why = "the PBX sends the peer's voice unencrypted, in IAX2 trunk frames (trunk=yes "
                                "for this account; its administrator can set trunk=no)";
        if (m_policy == EncryptionPolicy::Required || m_e2e.keyed()) {
            ++m_host->dropCounters().mediaBeforeAuth;
            if (++m_clearTrunkDropped >= kClearTrunkLimit) {
                // The server does not encrypt the call (its voice): refused as a call it would not
                // encrypt at all is, and no longer shown as encrypted.
                setEncryptionState(EncryptionState::Off, why);
                finish(CallState::Failed, { "encryption required, but " + why, 0, CallEnd::Kind::EncryptionRefused },
                    now, true);
            }
            return;
        }
        if (m_encState != EncryptionState::Off)
            setEncryptionState(EncryptionState::Off, why);
    }
    std::uint32_t ts = 0;
    if (entry.hasTimestamp) {
        ts = unwrapMiniTimestamp(entry.timestamp, m_rxLastVoiceTs.value_or(0));
    } else {
        // As Asterisk's fix_peerts(): the trunk frame's time, moved onto this call's timeline where
        // the call's voice stood when its first trunk entry came.
        if (!m_trunkTsOffset)
            m_trunkTsOffset = std::int64_t(m_rxLastVoiceTs ? *m_rxLastVoiceTs + 20 : 0) - std::int64_t(trunkTs);
        ts = std::uint32_t(std::int64_t(trunkTs) + *m_trunkTsOffset);
        // Two entries of a call in one trunk frame share its time: the second follows the first.
        if (m_lastTrunkVoiceTs && std::int32_t(ts - *m_lastTrunkVoiceTs) <= 0) {
            const bool g711 = format == Codec::Ulaw || format == Codec::Alaw;
            ts = *m_lastTrunkVoiceTs + (g711 ? std::uint32_t(entry.payload.size() / 8) : 20u);
        }
    }
    m_lastTrunkVoiceTs = ts;
    onVoice(format, ts, entry.payload, now);
}

} // namespace iax::core
