#include "ui/call_quality_indicator.h"

#include "ui/call_list_model.h"
#include "ui/call_model_watch.h"

#include <QPainter>

namespace iax::ui {

namespace {

QColor colorOf(CallQualityIndicator::Level level)
{
    using L = CallQualityIndicator::Level;
    switch (level) {
    case L::Excellent:
    case L::Good:
        return QColor(0x1e, 0x8e, 0x3e);
    case L::Fair:
        return QColor(0xb4, 0x83, 0x00);
    case L::Poor:
        return QColor(0xd9, 0x6b, 0x00);
    case L::Bad:
        return QColor(0xc6, 0x28, 0x28);
    case L::Unknown:
        break;
    }
    return QColor(0x8a, 0x94, 0xa3);
}

int barsOf(CallQualityIndicator::Level level)
{
    using L = CallQualityIndicator::Level;
    switch (level) {
    case L::Excellent:
    case L::Good:
        return 4;
    case L::Fair:
        return 3;
    case L::Poor:
        return 2;
    case L::Bad:
        return 1;
    case L::Unknown:
        break;
    }
    return 0;
}

} // namespace

CallQualityIndicator::CallQualityIndicator(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("callQualityIndicator"));
    setAccessibleName(tr("Call quality"));
    setStyleSheet(QStringLiteral("QLabel { color: #4b5563; padding: 3px 6px; }"));
    hide();
}

void CallQualityIndicator::setCall(const CallListModel* model, int callId)
{
    m_model = model;
    m_callId = callId;
    watchCallModel(
        m_model, this, [this] { refresh(); }, m_connections);
    refresh();
}

CallQualityIndicator::Level CallQualityIndicator::levelOf(const CallQuality& q)
{
    if (!q.known || q.mos <= 0)
        return Level::Unknown;
    // G.109: R ≥ 90 very satisfied, ≥ 80 satisfied, ≥ 70 some, ≥ 60 many, below nearly all users
    // dissatisfied; the MOS of those R (G.107 B-4) are 4.34, 4.03, 3.60 and 3.10.
    if (q.mos >= 4.34)
        return Level::Excellent;
    if (q.mos >= 4.03)
        return Level::Good;
    if (q.mos >= 3.60)
        return Level::Fair;
    if (q.mos >= 3.10)
        return Level::Poor;
    return Level::Bad;
}

QString CallQualityIndicator::levelText(Level level)
{
    switch (level) {
    case Level::Excellent:
        return tr("excellent");
    case Level::Good:
        return tr("good");
    case Level::Fair:
        return tr("fair");
    case Level::Poor:
        return tr("poor");
    case Level::Bad:
        return tr("bad");
    case Level::Unknown:
        break;
    }
    return tr("not estimated");
}

QString CallQualityIndicator::describe(const CallQuality& q)
{
    QStringList lines;
    const Level level = levelOf(q);
    if (level == Level::Unknown)
        lines << tr("Call quality: not estimated for this codec");
    else
        lines << tr("Call quality: %1 (MOS %2, R %3)")
                     .arg(levelText(level))
                     .arg(q.mos, 0, 'f', 2)
                     .arg(q.rating, 0, 'f', 0);
    lines << tr("Round trip: %1").arg(q.rttMs < 0 ? tr("not measured yet") : tr("%1 ms").arg(q.rttMs));
    lines << tr("Jitter of what we receive: %1 ms").arg(q.jitterMs);
    lines << tr("Loss of what we receive: %1 %").arg(q.lossPercent);
    if (q.playoutDelayMs >= 0)
        lines << tr("Jitter buffer delay: %1 ms").arg(q.playoutDelayMs);
    if (q.peerLossPercent < 0 && q.peerJitterMs < 0 && q.peerPackets < 0)
        lines << tr("Peer's report of our stream: none yet");
    else
        lines << tr("Peer's report of our stream: jitter %1 ms, loss %2 %, %3 packets, %4 out of order")
                     .arg(q.peerJitterMs)
                     .arg(q.peerLossPercent)
                     .arg(q.peerPackets)
                     .arg(q.peerOutOfOrder);
    lines << tr("Estimated one-way delay: %1 ms (simplified ITU-T G.107 E-model, worse direction)")
                 .arg(q.oneWayDelayMs, 0, 'f', 0);
    if (q.ownDelayMs >= 0)
        lines << tr("Our share of it: %1 ms (capture to playout; plus half the round trip)").arg(q.ownDelayMs);
    if (q.playoutUnderruns >= 0)
        lines << tr("Sound card underruns: %1").arg(q.playoutUnderruns);
    return lines.join(QLatin1Char('\n'));
}

QPixmap CallQualityIndicator::barsPixmap(Level level, int size, qreal devicePixelRatio)
{
    QPixmap pm(QSize(size, size) * devicePixelRatio);
    pm.setDevicePixelRatio(devicePixelRatio);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const int bars = barsOf(level);
    const QColor on = colorOf(level);
    const QColor off(0xd6, 0xdc, 0xe4);
    const qreal w = size / 5.0;
    for (int i = 0; i < 4; ++i) {
        const qreal h = size * (i + 1) / 4.0;
        p.setPen(Qt::NoPen);
        p.setBrush(i < bars ? on : off);
        p.drawRoundedRect(QRectF(i * (w + w / 3.0), size - h, w, h), 1.5, 1.5);
    }
    return pm;
}

void CallQualityIndicator::refresh()
{
    const CallSnapshot* c = m_model ? m_model->snapshot(m_callId) : nullptr;
    if (!c || !c->quality.known || isTerminal(c->state)) {
        m_level = Level::Unknown;
        hide();
        return;
    }
    const CallQuality& q = c->quality;
    m_level = levelOf(q);
    setPixmap(barsPixmap(m_level, 18, devicePixelRatioF()));
    const QString text = describe(q);
    setToolTip(text);
    setAccessibleDescription(text);
    setAccessibleName(tr("Call quality: %1").arg(levelText(m_level)));
    show();
}

} // namespace iax::ui
