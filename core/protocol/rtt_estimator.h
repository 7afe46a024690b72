#pragma once
// The round-trip estimate behind every retransmission timeout of a call or registration, as RFC
// 6298 computes TCP's: SRTT and RTTVAR from samples, RTO = SRTT + max(G, 4·RTTVAR) clamped to
// [min, max], doubled after each timer expiry until the next sample (Karn). Samples come from
// acknowledgements of frames sent once only (ReliableChannel). Before the first sample the RTO is
// the configured initial one. Sans-IO: no clock; owned by one ReliableChannel on the engine thread.
#include <chrono>
#include <optional>

namespace iax::core {

class RttEstimator {
public:
    using Millis = std::chrono::milliseconds;

    /// `initial` until the first sample; afterwards the estimate clamped to [min, max].
    RttEstimator(Millis initial, Millis min, Millis max);

    /// A round trip measured from a frame sent once and its acknowledgement. A negative sample
    /// (a clock or caller error) is ignored.
    void sample(Millis rtt);
    /// A retransmission timer fired at `now`: frames sent from now on wait twice as long, until the
    /// next sample (RFC 6298 5.5 with Karn's rule). RFC 6298 has one timer per connection; every
    /// frame of ours has its own, so expiries within one timeout of the last backoff (a stall
    /// expires every frame behind it) do not double it again. No effect before the first sample.
    void backOff(Millis now);
    /// The timeout for a frame sent now.
    Millis rto() const;
    /// The smoothed round trip, once measured.
    std::optional<Millis> smoothed() const;

private:
    Millis m_initial;
    Millis m_min;
    Millis m_max;
    bool m_measured = false;
    double m_srtt = 0; ///< ms
    double m_rttvar = 0; ///< ms
    int m_backoff = 0; ///< timer expiries since the last sample (the RTO doubles each)
    std::optional<Millis> m_lastBackoff; ///< when the RTO was last doubled
};

} // namespace iax::core
