#pragma once
// A 4×3 telephone keypad (1-9, *, 0, #) with letters. Emits the digit pressed; the owner decides
// whether it goes to the dial field or becomes DTMF. GUI thread.
#include <QWidget>

class QPushButton;

namespace iax::ui {

class DialPad : public QWidget {
    Q_OBJECT
public:
    explicit DialPad(QWidget* parent = nullptr);
    /// The button of `digit` (tests click it), or nullptr.
    QPushButton* button(QChar digit) const;

Q_SIGNALS:
    /// A key was pressed.
    void digitPressed(QChar digit);
};

} // namespace iax::ui
