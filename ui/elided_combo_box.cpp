#include "ui/elided_combo_box.h"

#include <QStyleOptionComboBox>
#include <QStylePainter>

namespace iax::ui {

int ElidedComboBox::textWidth() const
{
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, this);
    const int icon = opt.currentIcon.isNull() ? 0 : opt.iconSize.width() + 4;
    return field.width() - icon - 4;
}

bool ElidedComboBox::isElided() const
{
    return fontMetrics().horizontalAdvance(currentText()) > textWidth();
}

void ElidedComboBox::paintEvent(QPaintEvent*)
{
    QStylePainter p(this);
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    p.drawComplexControl(QStyle::CC_ComboBox, opt);
    opt.currentText = fontMetrics().elidedText(opt.currentText, Qt::ElideRight, textWidth());
    p.drawControl(QStyle::CE_ComboBoxLabel, opt);
}

} // namespace iax::ui
