#pragma once
// Holds one widget (the call panel) at the height it needs for the width it is given when there is
// room, and scrolls it vertically — never horizontally — when there is not. It asks the layout for
// that height but needs only a few lines, so a long failure, its details or a key note cannot make
// the window taller (issue 21 item 12). GUI thread.
#include <QScrollArea>

namespace iax::ui {

class PanelScrollArea : public QScrollArea {
    Q_OBJECT
public:
    /// Shows `content` (owned from now on).
    explicit PanelScrollArea(QWidget* content, QWidget* parent = nullptr);

    /// The content's width, and its height at the viewport's width.
    QSize sizeHint() const override;
    /// The content's minimum width and a few lines of height.
    QSize minimumSizeHint() const override;

protected:
    /// The content's layout changed (a banner appeared …): the hint changes with it.
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace iax::ui
