#include "ui/recent_calls_list.h"

#include "core/phone/call_history.h"
#include "core/phone/call_presentation.h"
#include "ui/icons.h"

#include <QLocale>

namespace iax::ui {

RecentCallsList::RecentCallsList(CallHistory* history, QWidget* parent)
    : QListWidget(parent)
    , m_history(history)
{
    setObjectName(QStringLiteral("recentCalls"));
    setFrameShape(QFrame::NoFrame);
    setIconSize(QSize(16, 16));
    setStyleSheet(QStringLiteral("QListWidget { background: transparent; color: #374151; }"
                                 "QListWidget::item { padding: 3px 2px; }"
                                 "QListWidget::item:hover { background: #eef3fb; border-radius: 6px; }"
                                 // Readable with or without focus (the inactive default was white on
                                 // very light blue).
                                 "QListWidget::item:selected { background: #dbe6f8; color: #1f2937;"
                                 " border-radius: 6px; }"));
    setToolTip(tr("Double-click to call again"));
    // Long entries (a failure's sentence) elide, with the whole text in the tooltip; never a
    // horizontal scrollbar that hides the end of every row.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTextElideMode(Qt::ElideRight);
    setUniformItemSizes(true);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const int index = row(item); // the list shows the history's newest entries in order
        if (index >= 0 && index < m_history->entries().size())
            Q_EMIT redialRequested(m_history->entries().at(index));
    });
    connect(m_history, &CallHistory::changed, this, &RecentCallsList::refresh);
    refresh();
}

void RecentCallsList::refresh()
{
    clear();
    const auto& entries = m_history->entries();
    for (int i = 0; i < entries.size() && i < 50; ++i) {
        const CallHistoryEntry& e = entries[i];
        const QString when = QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat);
        QString what;
        if (e.durationSeconds > 0 || e.outcome == QLatin1String("answered"))
            what = tr("%1:%2 min").arg(e.durationSeconds / 60).arg(e.durationSeconds % 60, 2, 10, QLatin1Char('0'));
        else
            what = e.outcome;
        const QString arrow = e.direction == CallDirection::Incoming ? QStringLiteral("↙") : QStringLiteral("↗");
        const QString text = QStringLiteral("%1  %2    %3 · %4").arg(arrow, historyTitle(e), when, what);
        auto* item = new QListWidgetItem(
            Icons::icon(e.encrypted ? QStringLiteral("padlock-closed") : QStringLiteral("padlock-open")), text, this);
        item->setToolTip(QStringLiteral("%1\n%2").arg(
            text, e.encrypted ? tr("This call was encrypted.") : tr("This call was not encrypted.")));
    }
    if (entries.isEmpty()) {
        auto* item = new QListWidgetItem(tr("No calls yet."), this);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace iax::ui
