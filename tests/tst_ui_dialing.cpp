// Dialing and history in the desktop app (issue 21, items 10–11), offscreen with a controller that
// records what is dialled:
// 10. one Enter dials what is in the dial field, also while the completion list is open (a
//     highlighted suggestion is taken first), and the list never hides the Secure dial box;
// 11. calling a Recent calls entry again uses that call's account and mode (secure dial or not, the
//     number dialled, never the access extension), says so, and a refusal shows by the dial field.
#include "core/phone/call_history.h"
#include "support/null_phone_controller.h"
#include "support/ui_screenshot.h"
#include "support/ui_test_support.h"
#include "ui/main_window.h"
#include "ui/recent_calls_list.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace iax::ui;
using iax::test::child;
using iax::test::screenshot;
using iax::test::type;

namespace {

/// Records every dial() (account and number); reports nothing.
class Controller : public iax::test::NullPhoneController {
public:
    QStringList dialled; ///< "account:number" per dial()
    int dial(const QString& accountId, const QString& number) override
    {
        dialled << accountId + QLatin1Char(':') + number;
        return NullPhoneController::dial(accountId, number);
    }
};

AccountSettings account(const QString& id, const QString& name, bool secureDefault)
{
    AccountSettings a;
    a.id = id;
    a.name = name;
    a.host = QStringLiteral("127.0.0.1");
    a.username = id;
    a.secret = QStringLiteral("s");
    a.secureDialExtension = QStringLiteral("dtmf");
    a.secureDialEnabled = secureDefault;
    return a;
}

CallHistoryEntry outgoing(const QString& accountId, const QString& number, const QString& via = {})
{
    CallHistoryEntry e;
    e.accountId = accountId;
    e.number = number;
    e.peer = via.isEmpty() ? number : via;
    e.via = via;
    e.secureDial = !via.isEmpty();
    e.startedAt = QDateTime::currentDateTimeUtc();
    e.outcome = QStringLiteral("answered");
    return e;
}

/// A window with a history file in a private directory and the given accounts.
struct Window {
    QTemporaryDir dir;
    Controller controller;
    CallHistory history { dir.filePath(QStringLiteral("history.json")) };
    MainWindowDeps deps;
    std::unique_ptr<MainWindow> w;
    explicit Window(const QList<AccountSettings>& accounts, const QList<CallHistoryEntry>& past = {})
    {
        for (auto it = past.crbegin(); it != past.crend(); ++it)
            history.add(*it); // newest first
        deps.controller = &controller;
        deps.history = &history;
        deps.useTray = false;
        Settings s;
        s.accounts = accounts;
        w = std::make_unique<MainWindow>(deps, s);
        w->resize(900, 620);
        w->show();
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    }
};

/// A key as the user types it: to the open popup when there is one, else to the focused widget
/// (as QWidgetWindow routes a window system's key event).
void press(Qt::Key key)
{
    QWidget* target = QApplication::activePopupWidget();
    if (!target)
        target = QApplication::focusWidget();
    QVERIFY(target);
    QTest::keyClick(target, key);
}

/// Double-clicks row `row` of the window's Recent calls.
void doubleClickRecent(MainWindow& w, int row)
{
    auto* recent = child<RecentCallsList>(&w, "recentCalls");
    QListWidgetItem* item = recent->item(row);
    QVERIFY(item);
    const QPoint at = recent->visualItemRect(item).center();
    QTest::mouseClick(recent->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(recent->viewport(), Qt::LeftButton, {}, at);
}

} // namespace

class TstUiDialing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void oneEnterDialsWhileTheCompletionListIsOpen()
    {
        Window win({ account(QStringLiteral("acc"), QStringLiteral("PBX"), false) },
            { outgoing(QStringLiteral("acc"), QStringLiteral("5551234")),
                outgoing(QStringLiteral("acc"), QStringLiteral("5559876")) });
        QLineEdit* field = win.w->dialField();
        QCompleter* completer = field->completer();
        QVERIFY(completer);

        // Typed text, list open, nothing highlighted: Enter dials the text.
        type(field, QStringLiteral("555"));
        QTRY_VERIFY(completer->popup()->isVisible());
        press(Qt::Key_Return);
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("acc:555") });
        QVERIFY(!completer->popup()->isVisible());
        QCOMPARE(field->text(), QString());

        // A highlighted suggestion: Enter takes it and dials it, once.
        type(field, QStringLiteral("98"));
        QTRY_VERIFY(completer->popup()->isVisible());
        press(Qt::Key_Down);
        QCOMPARE(field->text(), QStringLiteral("5559876"));
        press(Qt::Key_Return);
        QCOMPARE(win.controller.dialled, (QStringList { QStringLiteral("acc:555"), QStringLiteral("acc:5559876") }));
        QVERIFY(!completer->popup()->isVisible());
        QCOMPARE(field->text(), QString()); // not refilled by the completion afterwards
        QTest::qWait(50);
        QCOMPARE(field->text(), QString());
        QCOMPARE(win.controller.dialled.size(), 2);
    }

    void completionListLeavesSecureDialInSight()
    {
        Window win({ account(QStringLiteral("acc"), QStringLiteral("PBX"), true) },
            { outgoing(QStringLiteral("acc"), QStringLiteral("5551234")),
                outgoing(QStringLiteral("acc"), QStringLiteral("5559876")),
                outgoing(QStringLiteral("acc"), QStringLiteral("5550000")) });
        QLineEdit* field = win.w->dialField();
        auto* secure = child<QCheckBox>(win.w.get(), "secureDialToggle");
        QAbstractItemView* popup = field->completer()->popup();
        type(field, QStringLiteral("555"));
        QTRY_VERIFY(popup->isVisible());
        screenshot(win.w.get(), popup, "completion-list");
        const QRect box(secure->mapToGlobal(QPoint(0, 0)), secure->size());
        const QRect list = popup->geometry(); // a top-level window: global coordinates
        QVERIFY2(!list.intersects(box),
            qPrintable(QStringLiteral("list %1,%2 %3x%4 covers the box %5,%6 %7x%8")
                           .arg(list.x())
                           .arg(list.y())
                           .arg(list.width())
                           .arg(list.height())
                           .arg(box.x())
                           .arg(box.y())
                           .arg(box.width())
                           .arg(box.height())));
        QVERIFY(list.top() > field->mapToGlobal(QPoint(0, field->height())).y()); // still under the field
        QVERIFY(list.height() >= 3 * popup->sizeHintForRow(0)); // every suggestion in sight
        // The completer places its list again at every key: still clear of the box.
        type(field, QStringLiteral("9"));
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(popup->model()->rowCount(), 1);
        QVERIFY(!popup->geometry().intersects(box));
        QVERIFY(popup->geometry().top() > field->mapToGlobal(QPoint(0, field->height())).y());
    }

    void redialUsesTheEntrysAccountAndModeAndSaysSo()
    {
        Window win({ account(QStringLiteral("home"), QStringLiteral("Home"), true),
                       account(QStringLiteral("work"), QStringLiteral("Work"), false) },
            { outgoing(QStringLiteral("work"), QStringLiteral("5551234"), QStringLiteral("dtmf")),
                outgoing(QStringLiteral("home"), QStringLiteral("600")) });
        MainWindow& w = *win.w;
        QCOMPARE(w.currentAccountId(), QStringLiteral("home"));

        // Placed by secure dial with "work", whose box is off by default: secure dial again.
        doubleClickRecent(w, 0);
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("work:dtmf") }); // the number is not in NEW
        QCOMPARE(w.currentAccountId(), QStringLiteral("work"));
        QCOMPARE(w.dialNotice(), QStringLiteral("Calling 5551234 with account Work (secure dial)."));
        QVERIFY(child<QLabel>(&w, "dialNotice")->isVisible());
        QCOMPARE(w.lastStatus(), w.dialNotice());
        screenshot(&w, nullptr, "redial");

        // Placed without secure dial with "home", whose box is on by default: without again.
        doubleClickRecent(w, 1);
        QCOMPARE(win.controller.dialled, (QStringList { QStringLiteral("work:dtmf"), QStringLiteral("home:600") }));
        QCOMPARE(w.currentAccountId(), QStringLiteral("home"));
        QCOMPARE(w.dialNotice(), QStringLiteral("Calling 600 with account Home (without secure dial)."));
        QCOMPARE(w.dialField()->text(), QString());
    }

    void refusalsAreSaidByTheDialField()
    {
        CallHistoryEntry caller = outgoing(QStringLiteral("home"), QStringLiteral("alice"));
        caller.direction = CallDirection::Incoming;
        Window win({ account(QStringLiteral("home"), QStringLiteral("Home"), true) },
            { caller, outgoing(QStringLiteral("gone"), QStringLiteral("700")) });
        MainWindow& w = *win.w;
        auto* notice = child<QLabel>(&w, "dialNotice");
        QVERIFY(!notice->isVisible());

        // Calling back a caller by name with secure dial on by default: refused, said by the field.
        doubleClickRecent(w, 0);
        QCOMPARE(win.controller.dialled, QStringList());
        QVERIFY(notice->isVisible());
        QVERIFY2(w.dialNotice().contains(QLatin1String("untick Secure dial")), qPrintable(w.dialNotice()));
        QCOMPARE(w.dialField()->text(), QStringLiteral("alice"));
        // The user does what it says.
        child<QCheckBox>(&w, "secureDialToggle")->setChecked(false);
        child<QPushButton>(&w, "callButton")->click();
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("home:alice") });
        QVERIFY(!notice->isVisible()); // the refusal went with the call

        // An account that no longer exists.
        doubleClickRecent(w, 1);
        QCOMPARE(win.controller.dialled.size(), 1);
        QVERIFY2(w.dialNotice().contains(QLatin1String("no longer exists")), qPrintable(w.dialNotice()));
        QCOMPARE(w.dialField()->text(), QStringLiteral("700"));
        QTest::keyClick(w.dialField(), Qt::Key_1); // the user moves on
        QVERIFY(!notice->isVisible());

        // A typed number secure dial cannot carry: said by the field as well, not only in the status bar.
        child<QCheckBox>(&w, "secureDialToggle")->setChecked(true);
        w.dialField()->setText(QStringLiteral("bob"));
        QTest::keyClick(w.dialField(), Qt::Key_Return);
        QCOMPARE(win.controller.dialled.size(), 1);
        QVERIFY(notice->isVisible());
        QVERIFY2(
            w.dialNotice().contains(QLatin1String("Secure dial can only send digits")), qPrintable(w.dialNotice()));
        screenshot(&w, nullptr, "dial-refusal");
    }
};

QTEST_MAIN(TstUiDialing)
#include "tst_ui_dialing.moc"
