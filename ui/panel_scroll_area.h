#pragma once
// Holds one widget (the call panel) at the height it needs for the width it is given, up to
// kMaxLines lines, and scrolls it vertically — never horizontally — beyond that, so a long failure,
// its details or a key note cannot make the window taller (issue 21 item 12). A vertical layout
// gives it that height first (height for width); the lists around it give way. GUI thread.
#include <QScrollArea>

namespace iax::ui {

class PanelScrollArea : public QScrollArea {
    Q_OBJECT
public:
    /// The most it asks for, in lines of text: an 800×600 window has room for that and the lists.
    static constexpr int kMaxLines = 18;

    /// Shows `content` (owned from now on).
    explicit PanelScrollArea(QWidget* content, QWidget* parent = nullptr);

    /// The layout gives it the content's height for its width (at most kMaxLines lines).
    bool hasHeightForWidth() const override { return true; }
    /// The content's height at `width` (less a scrollbar's), at most kMaxLines lines.
    int heightForWidth(int width) const override;
    /// The content's width, and heightForWidth() of this area's width.
    QSize sizeHint() const override;
    /// The content's minimum width and four lines of height.
    QSize minimumSizeHint() const override;

    /// The content changed (another call, a banner appeared …): asks the layout again for its
    /// height. Call it after the change (queued).
    void refit();
};

} // namespace iax::ui
