#include "ui/call_item_delegate.h"

#include "ui/call_list_model.h"
#include "ui/encryption_presentation.h"
#include "ui/icons.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace iax::ui {

int CallItemDelegate::rowHeight(const QFontMetrics& fm, bool banner)
{
    const int line = fm.height();
    return 16 + line * 2 + 6 + (banner ? line + 6 : 0);
}

QSize CallItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    return { 320, rowHeight(option.fontMetrics, !index.data(CallListModel::BannerRole).toString().isEmpty()) };
}

void CallItemDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect.adjusted(4, 3, -4, -3);
    const bool selected = option.state & QStyle::State_Selected;
    QPainterPath card;
    card.addRoundedRect(r, 8, 8);
    p->fillPath(card, selected ? QColor(0xe6, 0xef, 0xfd) : QColor(0xfa, 0xfb, 0xfc));
    p->setPen(QPen(selected ? QColor(0x2f, 0x6f, 0xdf) : QColor(0xdd, 0xe2, 0xe8), 1));
    p->drawPath(card);

    const auto state = CallState(index.data(CallListModel::StateRole).toInt());
    const auto dir = CallDirection(index.data(CallListModel::DirectionRole).toInt());
    const QFontMetrics fm = option.fontMetrics;
    const int line = fm.height();

    // Direction / state bubble.
    const QRect bubble(r.left() + 10, r.top() + 8, 2 * line + 4, 2 * line + 4);
    QColor bubbleColor = QColor(0x2e, 0x9d, 0x57);
    if (isTerminal(state))
        bubbleColor = QColor(0x9a, 0xa3, 0xae);
    else if (state == CallState::Held)
        bubbleColor = QColor(0xe0, 0xa0, 0x20);
    else if (dir == CallDirection::Incoming && state != CallState::Answered)
        bubbleColor = QColor(0x2f, 0x6f, 0xdf);
    p->setPen(Qt::NoPen);
    p->setBrush(bubbleColor.lighter(185));
    p->drawEllipse(bubble);
    const int is = bubble.width() - 14;
    p->drawPixmap(bubble.center().x() - is / 2 + 1, bubble.center().y() - is / 2 + 1,
        Icons::pixmap(isTerminal(state) ? QStringLiteral("phone-hangup") : QStringLiteral("phone"), is,
            p->device()->devicePixelRatioF()));

    // Padlock + text on the right.
    const auto enc = EncryptionState(index.data(CallListModel::EncryptionStateRole).toInt());
    const auto details = index.data(CallListModel::EncryptionDetailsRole).value<EncryptionDetails>();
    const EncryptionLook look = EncryptionPresentation::lookFor(enc, details);
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const int lockSize = line + 2;
    const int encWidth = bfm.horizontalAdvance(look.text) + lockSize + 6;
    const int encX = r.right() - 12 - encWidth;
    const int encY = r.top() + 8;
    p->drawPixmap(encX, encY, Icons::pixmap(look.iconName, lockSize, p->device()->devicePixelRatioF()));
    p->setFont(bold);
    p->setPen(look.color);
    p->drawText(QRect(encX + lockSize + 6, encY, encWidth, lockSize), Qt::AlignVCenter | Qt::AlignLeft, look.text);

    // Peer and the second line.
    const int textX = bubble.right() + 12;
    const int textW = encX - textX - 8;
    QFont big = bold;
    big.setPointSizeF(bold.pointSizeF() * 1.08);
    p->setFont(big);
    p->setPen(QColor(0x1f, 0x29, 0x37));
    p->drawText(QRect(textX, r.top() + 8, textW, line + 2), Qt::AlignVCenter | Qt::AlignLeft,
        QFontMetrics(big).elidedText(index.data(CallListModel::PeerRole).toString(), Qt::ElideRight, textW));
    QStringList second { index.data(CallListModel::StateTextRole).toString() };
    const QString dur = index.data(CallListModel::DurationTextRole).toString();
    if (!dur.isEmpty())
        second << dur;
    const QString codec = index.data(CallListModel::CodecRole).toString();
    if (!codec.isEmpty())
        second << codec;
    if (index.data(CallListModel::MutedRole).toBool())
        second << tr("muted");
    if (!isTerminal(state) && !index.data(CallListModel::SnapshotRole).value<CallSnapshot>().recordingFile.isEmpty())
        second << tr("● REC"); // the call is being recorded
    p->setFont(option.font);
    p->setPen(QColor(0x5b, 0x66, 0x75));
    const int w2 = r.width() - (textX - r.left()) - 12;
    p->drawText(QRect(textX, r.top() + 10 + line, w2, line + 2), Qt::AlignVCenter | Qt::AlignLeft,
        fm.elidedText(second.join(QStringLiteral("  ·  ")), Qt::ElideRight, w2));

    // Warning / refusal line.
    const QString banner = index.data(CallListModel::BannerRole).toString();
    if (!banner.isEmpty()) {
        const QRect br(textX - 4, r.top() + 14 + 2 * line, w2 + 4, line + 4);
        const QColor c = enc == EncryptionState::Off && state != CallState::Failed ? QColor(0xb7, 0x79, 0x1f)
                                                                                   : QColor(0xb2, 0x3a, 0x36);
        p->setPen(c);
        p->drawText(br.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
            fm.elidedText(QStringLiteral("⚠ ") + banner, Qt::ElideRight, br.width() - 4));
    }
    p->restore();
}

} // namespace iax::ui
