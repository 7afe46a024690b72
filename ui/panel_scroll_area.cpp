#include "ui/panel_scroll_area.h"

#include <QLayout>
#include <QScrollBar>

#include <algorithm>

namespace iax::ui {

PanelScrollArea::PanelScrollArea(QWidget* content, QWidget* parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("callPanelScroll"));
    setAccessibleName(tr("Selected call"));
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidgetResizable(true);
    setWidget(content);
    viewport()->setAutoFillBackground(false); // the card's white shows through
    content->setAutoFillBackground(false);
}

int PanelScrollArea::heightForWidth(int width) const
{
    const QWidget* w = widget();
    // For the width less a scrollbar's: with this height none is needed, so one appearing in
    // between cannot make the content taller than what was given.
    const int inner = std::max(1, width - 2 * frameWidth() - verticalScrollBar()->sizeHint().width());
    const int needed = w->hasHeightForWidth() ? w->heightForWidth(inner) : w->sizeHint().height();
    return std::min(std::max(needed, w->minimumSizeHint().height()), kMaxLines * fontMetrics().height())
        + 2 * frameWidth();
}

QSize PanelScrollArea::sizeHint() const
{
    return { widget()->sizeHint().width(), heightForWidth(width() > 0 ? width() : widget()->sizeHint().width()) };
}

QSize PanelScrollArea::minimumSizeHint() const
{
    return { widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width(),
        fontMetrics().height() * 4 };
}

void PanelScrollArea::refit()
{
    // Qt caches each widget's height for a width in its parent's layout and drops the cache only
    // when that widget's geometry is updated; a label's new text does that for the label, not
    // for the boxes around it, so the panel's height could stay the previous call's.
    for (QWidget* w : widget()->findChildren<QWidget*>()) {
        if (w->layout() && !w->isWindow())
            w->updateGeometry();
    }
    updateGeometry();
    // And now, not on a later layout request: one posted here was seen to stay pending.
    if (QWidget* card = parentWidget(); card && card->layout())
        card->layout()->activate();
}

} // namespace iax::ui
