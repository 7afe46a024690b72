#pragma once
// The per-call quality icon: signal bars coloured by the call's estimated MOS (CallSnapshot::quality,
// a simplified ITU-T G.107 E-model, core/phone/call_quality.h) with the numbers behind it (RTT,
// jitter, loss, the peer's RR_* reports, MOS) in its tooltip and accessible description. Follows
// one call of a CallListModel; the controller refreshes the numbers about every second. Hidden
// until the first measurement of an answered call. GUI thread.
#include "core/phone/call_quality.h"
#include "ui/phone_names.h"

#include <QLabel>
#include <QList>

namespace iax::ui {

class CallListModel;

class CallQualityIndicator : public QLabel {
    Q_OBJECT
public:
    /// How good a call sounds, by MOS (G.109's user-satisfaction classes of R).
    enum class Level { Unknown, Bad, Poor, Fair, Good, Excellent };

    explicit CallQualityIndicator(QWidget* parent = nullptr);

    /// Follows call `callId` of `model` (-1 = none: hidden).
    void setCall(const CallListModel* model, int callId);
    /// The level shown now.
    Level level() const { return m_level; }

    /// The level of an estimate (Unknown when not estimated).
    static Level levelOf(const CallQuality& q);
    /// The word for a level ("good" …).
    static QString levelText(Level level);
    /// The tooltip: every number of `q`, one per line.
    static QString describe(const CallQuality& q);
    /// The icon of a level: 1–4 bars in the level's colour, `size` logical px square.
    static QPixmap barsPixmap(Level level, int size, qreal devicePixelRatio);

private:
    void refresh();

    const CallListModel* m_model = nullptr;
    int m_callId = -1;
    Level m_level = Level::Unknown;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace iax::ui
