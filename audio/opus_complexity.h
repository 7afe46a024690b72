#pragma once
// The Opus encoder's complexity chosen by measured CPU (issue 19): the encoder starts at
// kStartComplexity and, every kWindowFrames encoded frames, looks at the mean CPU time one
// encode took. Above the budget it steps down (to at least kMinComplexity); below half the
// budget it steps up (to at most kMaxComplexity) — so a slow machine keeps a call cheap and a
// fast one gets the best quality within the budget. Pure bookkeeping (the caller measures);
// media thread.
#include <cstdint>

namespace iax::audio {

class OpusComplexityGovernor {
public:
    /// On the reference machine (BENCHMARKS.md) complexity 5 costs half of 10 (165 vs 315 µs per
    /// 20 ms frame at 32 kbit/s) for the same bytes; 0–1 drop to the lower-quality SILK modes.
    static constexpr int kStartComplexity = 5;
    static constexpr int kMinComplexity = 2;
    static constexpr int kMaxComplexity = 10;
    static constexpr int kWindowFrames = 100; ///< 2 s of 20 ms frames
    /// 1 % of a core per 20 ms frame.
    static constexpr double kDefaultBudgetUs = 200;

    explicit OpusComplexityGovernor(double budgetUsPerFrame = kDefaultBudgetUs)
        : m_budgetUs(budgetUsPerFrame)
    { }

    /// The complexity the encoder should use now.
    int complexity() const { return m_complexity; }
    /// Records one encode's CPU time (µs); returns true when complexity() changed (apply it).
    bool record(double encodeUs);
    /// The decision on its own: the complexity after a window whose mean encode took `meanUs`.
    static int next(int current, double meanUs, double budgetUs);

private:
    double m_budgetUs;
    int m_complexity = kStartComplexity;
    int m_frames = 0;
    double m_sumUs = 0;
};

} // namespace iax::audio
