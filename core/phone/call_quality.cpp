#include "core/phone/call_quality.h"

#include <algorithm>
#include <cmath>

namespace iax::phone {

namespace {

/// R0 − Is with every G.107 parameter at its default (Table 3): the best rating of a narrowband
/// connection without delay or equipment impairment.
constexpr double kDefaultRating = 93.2;
/// One packet of voice (IAXPhone sends 20 ms frames): the packetization part of Ta.
constexpr double kPacketMs = 20;

} // namespace

std::optional<CodecImpairment> codecImpairment(const QString& codec)
{
    // G.113 Appendix I, Table I.1/I.3: G.711 has Ie 0; with packet loss concealment (ours is
    // repeat-and-fade, see audio/g711_codec.h) Bpl 25.1. Opus is not in G.113: assumed no worse than
    // G.711 with concealment (at IAXPhone's 32 kb/s it carries wideband audio, and FEC on top).
    if (codec == QLatin1String("alaw") || codec == QLatin1String("ulaw") || codec == QLatin1String("opus"))
        return CodecImpairment { 0.0, 25.1 };
    if (codec == QLatin1String("gsm")) // GSM 06.10 full rate: Ie 20; Bpl not published, G.729A's 19.0
        return CodecImpairment { 20.0, 19.0 };
    if (codec == QLatin1String("g729")) // G.729A + VAD: Ie 11, Bpl 19.0
        return CodecImpairment { 11.0, 19.0 };
    return std::nullopt;
}

double delayImpairment(double delayMs)
{
    if (delayMs <= 0)
        return 0;
    double id = 0.024 * delayMs;
    if (delayMs > 177.3)
        id += 0.11 * (delayMs - 177.3);
    return id;
}

double effectiveEquipmentImpairment(const CodecImpairment& codec, double lossPercent)
{
    const double ppl = std::clamp(lossPercent, 0.0, 100.0);
    if (ppl <= 0)
        return codec.ie;
    return codec.ie + (95.0 - codec.ie) * ppl / (ppl + codec.bpl); // BurstR = 1 (random loss)
}

double eModelRating(const EModelInput& in)
{
    const double r
        = kDefaultRating - delayImpairment(in.oneWayDelayMs) - effectiveEquipmentImpairment(in.codec, in.lossPercent);
    return std::max(0.0, r);
}

double mosFromRating(double r)
{
    if (r <= 0)
        return 1.0;
    if (r >= 100)
        return 4.5;
    return 1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7.0e-6;
}

CallQuality estimateQuality(const core::CallStats& stats, const QString& codec, int playoutDelayMs, int ownDelayMs)
{
    CallQuality q;
    q.known = true;
    q.rttMs = stats.rttMs;
    q.jitterMs = stats.jitterMs;
    const std::uint64_t expected = stats.voiceReceived + stats.lost;
    q.lossPercent = expected ? int(std::lround(100.0 * double(stats.lost) / double(expected))) : 0;
    q.playoutDelayMs = playoutDelayMs;
    q.peerJitterMs = stats.peerJitterMs;
    q.peerLossPercent = stats.peerLossPercent;
    q.peerPackets = stats.peerPackets;
    q.peerOutOfOrder = stats.peerOutOfOrder;

    const double buffer = playoutDelayMs >= 0 ? playoutDelayMs : std::max(40, 2 * stats.jitterMs);
    q.oneWayDelayMs = std::max(0, stats.rttMs) / 2.0 + buffer + kPacketMs;
    q.ownDelayMs = ownDelayMs;
    if (ownDelayMs >= 0)
        q.oneWayDelayMs = std::max(0, stats.rttMs) / 2.0 + ownDelayMs; // ours + RTT/2 (issue 19)
    const auto impairment = codecImpairment(codec);
    if (!impairment)
        return q;
    double loss = q.lossPercent;
    if (stats.peerLossPercent >= 0)
        loss = std::max(loss, double(stats.peerLossPercent)); // the worse direction
    q.rating = eModelRating({ *impairment, loss, q.oneWayDelayMs });
    q.mos = mosFromRating(q.rating);
    return q;
}

} // namespace iax::phone
