#include "ui/panel_scroll_area.h"

#include <QEvent>
#include <QScrollBar>

namespace iax::ui {

PanelScrollArea::PanelScrollArea(QWidget* content, QWidget* parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("callPanelScroll"));
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidgetResizable(true);
    setWidget(content);
    viewport()->setAutoFillBackground(false); // the card's white shows through
    content->setAutoFillBackground(false);
    content->installEventFilter(this);
}

QSize PanelScrollArea::sizeHint() const
{
    const QWidget* w = widget();
    const int width = viewport()->width() > 0 ? viewport()->width() : w->sizeHint().width();
    const int height = w->hasHeightForWidth() ? w->heightForWidth(width) : w->sizeHint().height();
    return { w->sizeHint().width(), std::max(height, w->minimumSizeHint().height()) };
}

QSize PanelScrollArea::minimumSizeHint() const
{
    const int lines = fontMetrics().height() * 4;
    return { widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width(),
        std::min(lines, sizeHint().height()) };
}

bool PanelScrollArea::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

} // namespace iax::ui
