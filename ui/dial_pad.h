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

    /// The keys' height range (px): they grow with the window up to kMaxKeyHeight, not to fill a
    /// tall one (1400×900 made them ~150 px tall).
    static constexpr int kMinKeyHeight = 46;
    static constexpr int kMaxKeyHeight = 64;
    /// The button of `digit` (tests click it), or nullptr.
    QPushButton* button(QChar digit) const;

Q_SIGNALS:
    /// A key was pressed.
    void digitPressed(QChar digit);
};

} // namespace iax::ui
