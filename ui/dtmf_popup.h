#pragma once
// The in-call keypad: a DialPad in a popup next to the call panel's Keypad button, so opening it
// never makes the window taller (issue 21 item 12: 600→730 px). Keys and the keyboard's digits
// (0-9 * #) are offered as digitPressed; a click elsewhere or Escape closes it. GUI thread.
#include <QFrame>
#include <QPointer>

namespace iax::ui {

class DialPad;

class DtmfPopup : public QFrame {
    Q_OBJECT
public:
    /// A hidden popup owned by `parent` (the call panel).
    explicit DtmfPopup(QWidget* parent);

    DialPad* pad() const { return m_pad; }
    /// Shows the popup above `anchor` (below it when the screen has no room above), inside the
    /// screen. A press on `anchor` while open only closes it (the anchor toggles it).
    void openAt(QWidget* anchor);

Q_SIGNALS:
    /// A key was clicked or typed.
    void digitPressed(QChar digit);
    /// The popup was closed (by a click elsewhere, Escape, or hide()).
    void closed();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    DialPad* m_pad;
    QPointer<QWidget> m_anchor;
};

} // namespace iax::ui
