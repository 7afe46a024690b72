#include "ui/call_menu.h"

#include "ui/call_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace iax::ui {

QList<CallMenu::Entry> CallMenu::entries()
{
    const auto key = [](Qt::Key k) { return QKeySequence(Qt::CTRL | Qt::SHIFT | k); };
    return {
        { "answerButton", tr("&Answer"), key(Qt::Key_A) },
        { "rejectButton", tr("&Reject"), key(Qt::Key_D) },
        { "hangupButton", tr("&Hang up"), key(Qt::Key_E) },
        { "holdButton", tr("H&old / Resume"), key(Qt::Key_H) },
        { "muteButton", tr("&Mute / Unmute"), key(Qt::Key_M) },
        { "keypadButton", tr("&Keypad"), key(Qt::Key_K) },
        { "recordButton", tr("Re&cord / Stop recording"), key(Qt::Key_R) },
        { "transferButton", tr("&Transfer…"), key(Qt::Key_T) },
    };
}

QMenu* CallMenu::install(QMainWindow* window, CallPanel* panel)
{
    auto* menu = new QMenu(tr("&Call"), window);
    menu->setObjectName(QStringLiteral("callMenu"));
    const QList<QAction*> bar = window->menuBar()->actions();
    window->menuBar()->insertMenu(bar.isEmpty() ? nullptr : bar.last(), menu); // before Help
    for (const Entry& e : entries()) {
        auto* b = panel->findChild<QAbstractButton*>(QLatin1String(e.button));
        if (!b)
            continue;
        QAction* a = menu->addAction(e.text);
        a->setObjectName(QLatin1String(e.button) + QStringLiteral("Action"));
        a->setShortcut(e.shortcut);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, b, [b] {
            if (b->isVisible() && b->isEnabled())
                b->click();
        });
        const QString keys = e.shortcut.toString(QKeySequence::NativeText);
        b->setProperty("shortcutText", keys); // for buttons that rewrite their tooltip
        b->setToolTip(b->toolTip().isEmpty() ? keys : QStringLiteral("%1 (%2)").arg(b->toolTip(), keys));
    }
    return menu;
}

} // namespace iax::ui
