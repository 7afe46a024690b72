#pragma once
// The DTMF gateway's digit input for one call (`listen|register --answer gateway`), without a
// clock of its own (times are passed in, in ms). The input ends at '#' (complete), after
// kSilenceMs without a digit since the answer or the last digit (incomplete), or when the call
// ends first (incomplete). Each answered call gets exactly one report, possibly empty; a digit
// that arrives after the report is not collected (the caller flags it as ignored). Owner thread.
#include <QString>

#include <optional>

namespace iax::cli {

/// What the gateway reports for a call: the digits ('#' not included) and whether '#' ended them.
struct GatewayReport {
    QString digits;
    bool complete = false;
};

class GatewayInput {
public:
    static constexpr qint64 kSilenceMs = 5000;

    /// The call was answered at `nowMs`; the silence rule counts from here until the first digit.
    void answered(qint64 nowMs);
    /// A received digit (at its end). Returns the report when it ends the input ('#'); a digit
    /// after the report is not collected (ignored() says so beforehand).
    std::optional<GatewayReport> digit(char d, qint64 nowMs);
    /// The periodic check: the report once kSilenceMs passed without a digit (answered calls only).
    std::optional<GatewayReport> tick(qint64 nowMs);
    /// The call ended (or the program ends): the report if none was made and the call was answered
    /// or sent digits.
    std::optional<GatewayReport> ended();
    /// True once the report was made: later digits are ignored.
    bool done() const { return m_done; }

private:
    std::optional<GatewayReport> report(bool complete);

    QString m_digits;
    std::optional<qint64> m_since; // answer or last digit, whichever is later
    bool m_answered = false;
    bool m_done = false;
};

} // namespace iax::cli
