#pragma once
// A combo box that paints its current text elided ("Office PBX — Berlin hea…") when narrower than
// the text, instead of cutting it off; the whole text is in the list and on hover. GUI thread.
#include <QComboBox>

namespace iax::ui {

class ElidedComboBox : public QComboBox {
    Q_OBJECT
public:
    using QComboBox::QComboBox;

    /// True when the current text does not fit and is painted elided.
    bool isElided() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int textWidth() const;
};

} // namespace iax::ui
