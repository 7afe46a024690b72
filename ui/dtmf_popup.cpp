#include "ui/dtmf_popup.h"

#include "ui/dial_pad.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QScreen>
#include <QVBoxLayout>

#include <algorithm>

namespace iax::ui {

DtmfPopup::DtmfPopup(QWidget* parent)
    : QFrame(parent, Qt::Popup | Qt::FramelessWindowHint)
    , m_pad(new DialPad(this))
{
    setObjectName(QStringLiteral("dtmfPopup"));
    setStyleSheet(QStringLiteral("QFrame#dtmfPopup { background: #f3f5f8; border: 1px solid #cfd6df; }"));
    m_pad->setObjectName(QStringLiteral("dtmfPad"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_pad);
    connect(m_pad, &DialPad::digitPressed, this, &DtmfPopup::digitPressed);
}

void DtmfPopup::openAt(QWidget* anchor)
{
    m_anchor = anchor;
    ensurePolished(); // the style sheet's border counts in the size
    adjustSize();
    const QRect a(anchor->mapToGlobal(QPoint(0, 0)), anchor->size());
    const QScreen* screen = anchor->screen();
    const QRect avail = screen ? screen->availableGeometry() : QRect(a.topLeft(), size() * 4);
    const int right = avail.x() + avail.width(), bottom = avail.y() + avail.height(); // exclusive
    // Above the button (over the call list, in the window: the panel is at its bottom), below it
    // when the screen has no room above.
    QPoint pos(a.x(), a.y() - 4 - height());
    if (pos.y() < avail.y() && a.y() + a.height() + 4 + height() <= bottom)
        pos.setY(a.y() + a.height() + 4);
    pos.setX(std::clamp(pos.x(), avail.x(), std::max(avail.x(), right - width())));
    pos.setY(std::clamp(pos.y(), avail.y(), std::max(avail.y(), bottom - height())));
    move(pos);
    show();
}

void DtmfPopup::keyPressEvent(QKeyEvent* event)
{
    const QString text = event->text();
    if (text.size() == 1 && QStringLiteral("0123456789*#").contains(text[0])) {
        Q_EMIT digitPressed(text[0]);
        return;
    }
    QFrame::keyPressEvent(event); // Escape closes a popup
}

void DtmfPopup::mousePressEvent(QMouseEvent* event)
{
    // The press that closes the popup is replayed to the widget under it; on the Keypad button
    // that would open it again at once.
    if (m_anchor && !rect().contains(event->position().toPoint())
        && QRect(m_anchor->mapToGlobal(QPoint(0, 0)), m_anchor->size()).contains(event->globalPosition().toPoint()))
        setAttribute(Qt::WA_NoMouseReplay);
    QFrame::mousePressEvent(event);
}

void DtmfPopup::hideEvent(QHideEvent* event)
{
    QFrame::hideEvent(event);
    Q_EMIT closed();
}

} // namespace iax::ui
