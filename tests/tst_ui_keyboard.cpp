// Issue 18 (desktop, keyboard): every call action has a shortcut (the Call menu) that presses the
// panel's button; the keyboard's digits are DTMF in an answered call; and every control that takes
// keyboard focus in the main window (in each call state) and in the settings dialog (every page)
// has an accessible name a screen reader can say.
#include "core/phone/memory_secret_store.h"
#include "core/phone/qsettings_store.h"
#include "support/command_log_controller.h"
#include "support/ui_test_support.h"
#include "ui/call_features_bar.h"
#include "ui/call_menu.h"
#include "ui/call_panel.h"
#include "ui/icons.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QInputDialog>
#include <QListWidget>
#include <QMenu>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace iax;
using namespace iax::ui;

namespace {

using Controller = iax::test::CommandLogController;

CallSnapshot callIn(int id, CallState state, CallDirection dir = CallDirection::Outgoing)
{
    CallSnapshot c;
    c.id = id;
    c.accountId = QStringLiteral("acc");
    c.number = c.peer = QStringLiteral("600");
    c.direction = dir;
    c.state = state;
    c.codec = QStringLiteral("alaw");
    if (state == CallState::Answered || state == CallState::Held)
        c.answeredAt = QDateTime::currentDateTimeUtc();
    return c;
}

Settings oneAccount()
{
    Settings s;
    s.accounts << iax::test::localAccount(QStringLiteral("acc"), QStringLiteral("alice"), QString());
    return s;
}

/// The main window with one account over a CommandLogController, not shown yet.
struct Window {
    Controller c;
    std::unique_ptr<MainWindow> w;
    Window()
    {
        MainWindowDeps deps;
        deps.controller = &c;
        deps.useTray = false;
        w = std::make_unique<MainWindow>(deps, oneAccount());
    }
};

/// "objectName (Class)" of each widget of `root` that takes keyboard focus but has no accessible
/// name (its own, or what Qt derives from its text or its label).
QStringList unnamedControls(QWidget* root)
{
    QStringList out;
    QList<QWidget*> all = root->findChildren<QWidget*>();
    all.prepend(root);
    for (QWidget* w : all) {
        if (!(w->focusPolicy() & Qt::TabFocus) || w->inherits("QScrollBar"))
            continue;
        // Parts of a composite control (a combo box's popup list, a spin box's editor): the
        // control itself is checked.
        bool part = false;
        for (QWidget* p = w->parentWidget(); p && p != root->parentWidget(); p = p->parentWidget())
            part = part || p->inherits("QComboBox") || p->inherits("QAbstractSpinBox");
        if (part || w->inherits("QComboBoxPrivateContainer"))
            continue;
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w);
        if (a && !a->text(QAccessible::Name).trimmed().isEmpty())
            continue;
        out << QStringLiteral("%1 (%2)").arg(w->objectName(), QLatin1String(w->metaObject()->className()));
    }
    out.removeDuplicates();
    return out;
}

} // namespace

class TstUiKeyboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Icons::initResources();
    }

    void shortcutsPressTheCallButtons()
    {
        Window win;
        Controller& c = win.c;
        MainWindow& w = *win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const auto press = [&](Qt::Key k) {
            QTest::keyClick(&w, k, Qt::ControlModifier | Qt::ShiftModifier);
            return c.commands.isEmpty() ? QString() : c.commands.takeLast();
        };

        // A ringing incoming call: answer and reject; what it does not offer does nothing.
        c.report(callIn(4, CallState::Ringing, CallDirection::Incoming));
        w.selectCall(4);
        QCOMPARE(press(Qt::Key_A), QStringLiteral("answer 4"));
        QCOMPARE(press(Qt::Key_D), QStringLiteral("reject 4"));
        QCOMPARE(press(Qt::Key_M), QString());
        QCOMPARE(press(Qt::Key_T), QString());
        QVERIFY(!w.callPanel()->features()->extensionDialog()); // no transfer before the answer

        // An answered call: hold, mute, record, hang up; digits are DTMF.
        c.report(callIn(5, CallState::Answered));
        w.selectCall(5);
        QCOMPARE(press(Qt::Key_H), QStringLiteral("hold 5 1"));
        QCOMPARE(press(Qt::Key_M), QStringLiteral("mute 5 1"));
        QVERIFY(press(Qt::Key_R).startsWith(QLatin1String("record 5 ")));
        QTest::keyClick(&w, Qt::Key_5);
        QTest::keyClick(&w, Qt::Key_NumberSign);
        QCOMPARE(c.commands.mid(c.commands.size() - 2), QStringList({ "dtmf 5 5", "dtmf 5 #" }));
        c.commands.clear();
        QCOMPARE(press(Qt::Key_K), QString()); // the keypad opens (no command)
        auto* pad = w.callPanel()->findChild<QWidget*>(QStringLiteral("dtmfPad"));
        QVERIFY(pad && pad->isVisible());
        QTest::keyClick(pad->window(), Qt::Key_Escape);
        // Transfer asks for the extension, then transfers the call there.
        QCOMPARE(press(Qt::Key_T), QString());
        QInputDialog* ask = w.callPanel()->features()->extensionDialog();
        QVERIFY(ask && ask->isVisible());
        ask->setTextValue(QStringLiteral("300"));
        ask->accept();
        QCOMPARE(c.commands.value(c.commands.size() - 1), QStringLiteral("transfer 5 300"));
        c.commands.clear();
        QCOMPARE(press(Qt::Key_E), QStringLiteral("hangup 5"));

        // The menu lists them all, and the buttons' tooltips say the keys.
        const auto* menu = w.findChild<QMenu*>(QStringLiteral("callMenu"));
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), CallMenu::entries().size());
        auto* hangup = w.callPanel()->findChild<QAbstractButton*>(QStringLiteral("hangupButton"));
        QVERIFY(hangup->toolTip().contains(
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E).toString(QKeySequence::NativeText)));
    }

    void everyFocusableControlOfTheMainWindowHasAName()
    {
        Window win;
        Controller& c = win.c;
        MainWindow& w = *win.w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList problems = unnamedControls(&w);
        // In each state of a call: other controls show.
        c.report(callIn(4, CallState::Ringing, CallDirection::Incoming));
        w.selectCall(4);
        problems << unnamedControls(&w);
        c.report(callIn(4, CallState::Answered));
        problems << unnamedControls(&w);
        problems.removeDuplicates();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void everyFocusableControlOfTheSettingsDialogHasAName()
    {
        QTemporaryDir dir;
        QSettingsStore store(dir.filePath(QStringLiteral("s.ini")));
        MemorySecretStore secrets;
        KeyLocations keys { dir.filePath(QStringLiteral("trusted")), dir.filePath(QStringLiteral("private")), QString() };
        SettingsDialog dialog(oneAccount(), store, secrets, nullptr, keys);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(unnamedControls(&dialog).isEmpty(), qPrintable(unnamedControls(&dialog).join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TstUiKeyboard)
#include "tst_ui_keyboard.moc"
