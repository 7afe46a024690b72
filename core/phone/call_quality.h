#pragma once
// Live call quality: what the engine measures of a call (RTT, jitter, loss, the peer's RR_* reports)
// and a listening-quality estimate from a simplified ITU-T G.107 E-model. Pure functions and plain
// values; any thread.
//
// The simplification (documented so nobody mistakes it for the full G.107 computation):
//  - R = 93.2 − Id − Ie,eff: the G.107 defaults for everything but delay and equipment, i.e.
//    R0 − Is = 93.2 and A = 0 (G.107 Table 3 defaults give exactly 93.2);
//  - Id from the one-way mouth-to-ear delay Ta alone, with Cole & Rosenbluth's fit of G.107's Idd
//    and Idte at default echo loss: Id = 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3);
//  - Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl / BurstR + Bpl) with random loss (BurstR = 1), Ie and Bpl
//    of the codec from G.113 Appendix I (see codecImpairment);
//  - Ta = RTT/2 + our own pipeline's delay when the media reports it (framing, codec, jitter
//    buffer, resampling, device; CallAudioStats::oneWayMs), else RTT/2 + the receiver's
//    jitter-buffer delay + one 20 ms packet;
//  - MOS from R by G.107 Annex B (B-4).
#include "core/protocol/events.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace iax::phone {

/// The equipment impairment of a codec for the E-model (G.113 Appendix I values).
struct CodecImpairment {
    double ie = 0; ///< equipment impairment factor without loss
    double bpl = 0; ///< packet-loss robustness factor
};

/// Ie and Bpl of codec `codec` (CallSnapshot::codec: "alaw", "ulaw", "opus", "gsm" …); nullopt for
/// a codec without published or assumed values.
std::optional<CodecImpairment> codecImpairment(const QString& codec);

/// One direction of a call as the E-model sees it.
struct EModelInput {
    CodecImpairment codec;
    double lossPercent = 0; ///< packet loss Ppl, 0..100 (random loss)
    double oneWayDelayMs = 0; ///< mouth-to-ear delay Ta
};

/// Transmission rating R of `in` (simplified G.107, see the file comment); never below 0.
double eModelRating(const EModelInput& in);
/// Delay impairment Id for a one-way delay of `delayMs` (Cole & Rosenbluth's fit; 0 for ≤ 0).
double delayImpairment(double delayMs);
/// Effective equipment impairment Ie,eff of `codec` at `lossPercent` random packet loss.
double effectiveEquipmentImpairment(const CodecImpairment& codec, double lossPercent);
/// Estimated MOS (conversational quality, 1..4.5) for rating `r` (G.107 Annex B, B-4).
double mosFromRating(double r);

/// The live numbers of one call and the estimate made from them. Plain value, copied to the GUI.
struct CallQuality {
    bool known = false; ///< false: no measurement yet (the call is not answered, or no stats)
    int rttMs = -1; ///< round trip (PING/PONG, LAGRQ), -1 = not measured yet
    int jitterMs = 0; ///< jitter of the voice we receive
    int lossPercent = 0; ///< voice frames we received missing, % of those expected
    int playoutDelayMs = -1; ///< our jitter-buffer delay, -1 = unknown (then estimated)
    int peerJitterMs = -1; ///< RR_JITTER of the peer's PONG (our stream at the peer); -1 = none
    int peerLossPercent = -1; ///< RR_LOSS's percentage; -1 = none
    qint64 peerPackets = -1; ///< RR_PKTS; -1 = none
    qint64 peerOutOfOrder = -1; ///< RR_OOO; -1 = none
    double oneWayDelayMs = 0; ///< Ta used for the estimate
    int ownDelayMs = -1; ///< our pipeline's share of Ta (capture to playout, ours), -1 = not reported
    qint64 playoutUnderruns = -1; ///< the sound card ran dry this often in the call, -1 = no sound card
    double rating = -1; ///< R of the worse direction; -1 = unknown codec
    double mos = 0; ///< MOS of the worse direction (0 = not estimated)

    friend bool operator==(const CallQuality&, const CallQuality&) = default;
};

/// The quality of a call from the engine's `stats`, its `codec` and the media's playout delay
/// (`playoutDelayMs` < 0: estimated as twice the jitter, at least 40 ms). The rating is that of the
/// worse direction: what we hear (our loss) or what the peer hears (its RR_LOSS), both over Ta.
/// `ownDelayMs` >= 0 (our pipeline's share, CallAudioStats::latencyMs): Ta = that + RTT/2 instead.
CallQuality estimateQuality(
    const core::CallStats& stats, const QString& codec, int playoutDelayMs, int ownDelayMs = -1);

} // namespace iax::phone

Q_DECLARE_METATYPE(iax::phone::CallQuality)
