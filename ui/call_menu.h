#pragma once
// The main window's "Call" menu: every per-call action of the call panel with a keyboard shortcut
// (Answer Ctrl+Shift+A, Reject Ctrl+Shift+D, Hang up Ctrl+Shift+E, Hold/Resume Ctrl+Shift+H,
// Mute/Unmute Ctrl+Shift+M, Keypad Ctrl+Shift+K, Record Ctrl+Shift+R, Transfer Ctrl+Shift+T:
// blind, asks for the extension). An action presses the
// panel's button when the shown call offers it, else does nothing; the buttons' tooltips name the
// shortcuts. DTMF digits need no entry: in an answered call the keyboard's 0-9 * # are DTMF
// (DialPanel::setDtmfSink). GUI thread.
#include <QKeySequence>
#include <QObject>

class QMainWindow;
class QMenu;

namespace iax::ui {

class CallPanel;

class CallMenu : public QObject {
    Q_OBJECT
public:
    /// One entry: the panel button's objectName, the menu text and the shortcut.
    struct Entry {
        const char* button;
        QString text;
        QKeySequence shortcut;
    };
    /// The entries, in menu order.
    static QList<Entry> entries();
    /// Adds the "Call" menu to `window` (before Help) for the buttons of `panel`; returns it.
    static QMenu* install(QMainWindow* window, CallPanel* panel);
};

} // namespace iax::ui
