#include "ui/dial_pad.h"

#include <QGridLayout>
#include <QPushButton>

namespace iax::ui {

DialPad::DialPad(QWidget* parent)
    : QWidget(parent)
{
    static const char* const keys[12][2]
        = { { "1", "" }, { "2", "ABC" }, { "3", "DEF" }, { "4", "GHI" }, { "5", "JKL" }, { "6", "MNO" },
              { "7", "PQRS" }, { "8", "TUV" }, { "9", "WXYZ" }, { "*", "" }, { "0", "+" }, { "#", "" } };
    auto* grid = new QGridLayout(this);
    grid->setSpacing(6);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSizeConstraint(QLayout::SetMinAndMaxSize); // never taller than its capped keys
    for (int i = 0; i < 12; ++i) {
        const QChar digit = QLatin1Char(keys[i][0][0]);
        auto* b = new QPushButton(this);
        b->setObjectName(QStringLiteral("dialPadKey_%1").arg(digit));
        b->setText(QStringLiteral("%1\n%2").arg(digit).arg(QLatin1String(keys[i][1])));
        b->setMinimumSize(56, kMinKeyHeight);
        b->setMaximumHeight(kMaxKeyHeight);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        b->setFocusPolicy(Qt::NoFocus);
        b->setStyleSheet(QStringLiteral("QPushButton { font-size: 15px; font-weight: 600; border-radius: 10px;"
                                        " border: 1px solid #d6dce4; background: #ffffff; color: #1f2937; }"
                                        "QPushButton:hover { background: #eef3fb; }"
                                        "QPushButton:pressed { background: #dbe6f8; }"));
        b->setAccessibleName(QString(digit));
        connect(b, &QPushButton::clicked, this, [this, digit] { Q_EMIT digitPressed(digit); });
        grid->addWidget(b, i / 3, i % 3);
    }
}

QPushButton* DialPad::button(QChar digit) const
{
    return findChild<QPushButton*>(QStringLiteral("dialPadKey_%1").arg(digit));
}

} // namespace iax::ui
