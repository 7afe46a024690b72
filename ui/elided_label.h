#pragma once
// A one-line label that never asks for the width of its text: narrower than its text it paints
// the text elided (at the right unless told otherwise) and shows the whole text on hover, so a
// long reason, name or fingerprint cannot widen the window (issue 21 item 12). text() stays the
// whole text. GUI thread.
#include <QLabel>

namespace iax::ui {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    /// Where the "…" goes (Qt::ElideRight by default; Qt::ElideMiddle keeps both ends).
    void setElideMode(Qt::TextElideMode mode);
    /// True when the text is wider than the label and is painted elided.
    bool isElided() const;
    /// What hovering shows: the whole text when elided, then toolTip() (either may be absent).
    QString toolTipText() const;
    /// As wide as "…" (plus margins): the layout may make it as narrow as it needs.
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int availableWidth() const;

    Qt::TextElideMode m_mode = Qt::ElideRight;
};

} // namespace iax::ui
