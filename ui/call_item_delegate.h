#pragma once
// Paints one call row: direction icon, peer, state · duration · codec, the padlock with its text
// (from EncryptionPresentation, reading only EncryptionStateRole) and a warning line. GUI thread.
#include <QStyledItemDelegate>

namespace iax::ui {

class CallItemDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    /// The height of a row in font `fm`, with or without its warning line.
    static int rowHeight(const QFontMetrics& fm, bool banner);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace iax::ui
