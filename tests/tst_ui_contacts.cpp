// Contacts in the desktop app (issue 18), offscreen with a controller that records what is dialled:
// a vCard file imported in the Contacts window (a malformed card skipped and said), a contact found
// by typing part of its name in the dial field and dialled from the suggestions (with the account
// set for that number), a contact marked "always encrypted" called with encryption required — or
// refused, said by the dial field, by a controller that cannot require it — and an incoming call
// from a contact's number shown with the contact's name (ringing notice and call row); numbers found
// without their separators ("5551234" and "555 12" find "+1 (555) 123-4" and "555-1234").
// IAXPHONE_SCREENSHOT_DIR saves contacts.png and dial-contact-search.png.
#include "core/phone/call_history.h"
#include "core/phone/contact_book.h"
#include "support/null_phone_controller.h"
#include "support/ui_screenshot.h"
#include "support/ui_test_support.h"
#include "ui/call_list_model.h"
#include "ui/contacts_dialog.h"
#include "ui/main_window.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

using namespace iax::ui;
using iax::test::screenshot;
using iax::test::type;

namespace {

/// Records dial() and dialEncrypted() ("account:number"); dialEncrypted refuses as the base
/// PhoneController does unless `canEncrypt`.
class Controller : public iax::test::NullPhoneController {
public:
    QStringList dialled;
    QStringList dialledEncrypted;
    bool canEncrypt = true;
    int dial(const QString& accountId, const QString& number) override
    {
        dialled << accountId + QLatin1Char(':') + number;
        return NullPhoneController::dial(accountId, number);
    }
    int dialEncrypted(const QString& accountId, const QString& number) override
    {
        if (!canEncrypt)
            return PhoneController::dialEncrypted(accountId, number);
        dialledEncrypted << accountId + QLatin1Char(':') + number;
        return nextId++;
    }
};

/// Two good cards (one folded, one with an account and "always encrypted") around a broken one.
const QByteArray kCards = "BEGIN:VCARD\r\n"
                          "VERSION:3.0\r\n"
                          "FN:Alice Ex\r\n"
                          " ample\r\n"
                          "N:Example;Alice;;;\r\n"
                          "TEL;TYPE=work;X-IAXPHONE-ACCOUNT=work:555 0100\r\n"
                          "NOTE:Front desk\\, building 2\r\n"
                          "END:VCARD\r\n"
                          "BEGIN:VCARD\r\n"
                          "VERSION:3.0\r\n"
                          "this line has no colon\r\n"
                          "END:VCARD\r\n"
                          "BEGIN:VCARD\r\n"
                          "VERSION:4.0\r\n"
                          "FN:Bob Secure\r\n"
                          "TEL;TYPE=cell:700\r\n"
                          "X-IAXPHONE-ALWAYS-ENCRYPTED:TRUE\r\n"
                          "END:VCARD\r\n";

struct Window {
    QTemporaryDir dir;
    Controller controller;
    CallHistory history { dir.filePath(QStringLiteral("history.json")) };
    ContactBook contacts { dir.filePath(QStringLiteral("contacts.json")) };
    MainWindowDeps deps;
    std::unique_ptr<MainWindow> w;
    Window()
    {
        deps.controller = &controller;
        deps.history = &history;
        deps.contacts = &contacts;
        deps.useTray = false;
        Settings s;
        s.accounts = { iax::test::localAccount(QStringLiteral("home"), QStringLiteral("home"), QStringLiteral("s")),
            iax::test::localAccount(QStringLiteral("work"), QStringLiteral("work"), QStringLiteral("s")) };
        w = std::make_unique<MainWindow>(deps, s);
        w->resize(900, 620);
        w->show();
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    }
};

} // namespace

class TstUiContacts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importSearchAndDialAContact()
    {
        Window win;
        MainWindow& w = *win.w;
        const QString vcf = win.dir.filePath(QStringLiteral("people.vcf"));
        QFile f(vcf);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(kCards) == kCards.size());
        f.close();
        // Phone ▸ Contacts… opens the window.
        QAction* action = w.menuBar()->findChild<QAction*>(QStringLiteral("contactsAction"));
        QVERIFY(action);
        action->trigger();
        ContactsDialog* dialog = w.contactsDialog();
        QVERIFY(dialog && dialog->isVisible());
        const auto imported = dialog->importFrom(vcf);
        QCOMPARE(imported.added, 2);
        QCOMPARE(imported.problems.size(), 1);
        QVERIFY2(dialog->statusText().contains(QLatin1String("card 2")), qPrintable(dialog->statusText()));
        QCOMPARE(dialog->listedIds().size(), 2);
        dialog->setSearch(QStringLiteral("0100"));
        QCOMPARE(dialog->listedIds().size(), 1);
        QCOMPARE(win.contacts.contact(dialog->listedIds().first())->name, QStringLiteral("Alice Example"));
        dialog->setSearch(QString());
        screenshot(dialog, nullptr, "contacts");
        dialog->close();
        w.activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), &w);

        // Typing part of the name offers "Name — number"; Enter on it dials the number with the
        // account set for it ("work", while "home" is selected).
        QCOMPARE(w.currentAccountId(), QStringLiteral("home"));
        QLineEdit* field = w.dialField();
        type(field, QStringLiteral("alic"));
        QAbstractItemView* popup = field->completer()->popup();
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(field->completer()->completionCount(), 1);
        QCOMPARE(field->completer()->currentCompletion(), QStringLiteral("Alice Example \u2014 555 0100"));
        QTest::keyClick(popup, Qt::Key_Down);
        screenshot(&w, popup, "dial-contact-search");
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("work:555 0100") });
        QCOMPARE(w.currentAccountId(), QStringLiteral("work"));
        CallSnapshot out; // the controller reports the call: its row is titled with the name
        out.id = 1;
        out.accountId = QStringLiteral("work");
        out.number = out.peer = QStringLiteral("555 0100");
        Q_EMIT win.controller.callUpdated(out);
        QCOMPARE(w.callModel()->data(w.callModel()->index(0), Qt::DisplayRole).toString(),
            QStringLiteral("Alice Example (555 0100)"));
        QCOMPARE(field->text(), QString());

        // The number matches too, and a contact marked "always encrypted" requires encryption.
        type(field, QStringLiteral("70"));
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(field->completer()->currentCompletion(), QStringLiteral("Bob Secure \u2014 700"));
        popup->hide();
        field->setText(QStringLiteral("700"));
        w.dialCurrent();
        QCOMPARE(win.controller.dialledEncrypted, QStringList { QStringLiteral("work:700") });
        QCOMPARE(win.controller.dialled.size(), 1); // never dialled in clear
        QVERIFY2(w.lastStatus().contains(QLatin1String("always encrypted")), qPrintable(w.lastStatus()));

        // A controller that cannot require encryption refuses: said by the dial field, not placed.
        win.controller.canEncrypt = false;
        field->setText(QStringLiteral("Bob Secure \u2014 700"));
        w.dialCurrent();
        QCOMPARE(win.controller.dialledEncrypted.size(), 1);
        QCOMPARE(win.controller.dialled.size(), 1);
        QVERIFY2(w.dialNotice().contains(QLatin1String("must be called encrypted")), qPrintable(w.dialNotice()));
    }

    // Numbers are found without their separators, in the dial field's suggestions and in the
    // Contacts window's search: "5551234" and "555 12" find "+1 (555) 123-4" and "555-1234".
    void numberSearchIgnoresSeparators_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QStringList>("found");
        const QString carol = QStringLiteral("Carol Desk \u2014 +1 (555) 123-4");
        const QString dave = QStringLiteral("Dave Lab \u2014 555-1234");
        QTest::newRow("digits only") << QStringLiteral("5551234") << QStringList { carol, dave };
        QTest::newRow("with a space") << QStringLiteral("555 12") << QStringList { carol, dave };
        QTest::newRow("other separators") << QStringLiteral("555.12-34") << QStringList { carol, dave };
        QTest::newRow("international") << QStringLiteral("+1555") << QStringList { carol };
        QTest::newRow("name") << QStringLiteral("dave") << QStringList { dave };
        QTest::newRow("nothing") << QStringLiteral("5559") << QStringList {};
    }
    void numberSearchIgnoresSeparators()
    {
        QFETCH(QString, typed);
        QFETCH(QStringList, found);
        Window win;
        MainWindow& w = *win.w;
        iax::phone::Contact carol;
        carol.name = QStringLiteral("Carol Desk");
        carol.numbers = { { QStringLiteral("+1 (555) 123-4"), {}, {} } };
        iax::phone::Contact dave;
        dave.name = QStringLiteral("Dave Lab");
        dave.numbers = { { QStringLiteral("555-1234"), {}, {} } };
        QVERIFY(!win.contacts.add(carol).isEmpty());
        QVERIFY(!win.contacts.add(dave).isEmpty());

        QLineEdit* field = w.dialField();
        type(field, typed);
        QAbstractItemView* popup = field->completer()->popup();
        if (found.isEmpty()) {
            QCOMPARE(field->completer()->completionCount(), 0);
            QVERIFY(!popup->isVisible());
        } else {
            QTRY_VERIFY(popup->isVisible());
            QStringList offered;
            for (int i = 0; i < field->completer()->completionCount(); ++i) {
                field->completer()->setCurrentRow(i);
                offered << field->completer()->currentCompletion();
            }
            QCOMPARE(offered, found);
            popup->hide();
        }

        QAction* action = w.menuBar()->findChild<QAction*>(QStringLiteral("contactsAction"));
        QVERIFY(action);
        action->trigger();
        ContactsDialog* dialog = w.contactsDialog();
        QVERIFY(dialog);
        dialog->setSearch(typed);
        QStringList listed;
        for (const QString& id : dialog->listedIds())
            listed << iax::phone::contactDialText(
                win.contacts.contact(id)->name, win.contacts.contact(id)->numbers.first().number);
        QCOMPARE(listed, found);
    }

    void incomingCallShowsTheContactsName()
    {
        Window win;
        MainWindow& w = *win.w;
        win.contacts.add(
            Contact { {}, QStringLiteral("Carol Desk"), { { QStringLiteral("+49 30 1234"), {}, {} } }, {}, false });
        CallSnapshot in;
        in.id = 9;
        in.accountId = QStringLiteral("home");
        in.direction = CallDirection::Incoming;
        in.state = CallState::Ringing;
        in.number = QStringLiteral("0049301234"); // the CALLING_NUMBER, written otherwise
        in.peer = QStringLiteral("0049301234");
        Q_EMIT win.controller.incomingCall(in);
        QCOMPARE(w.callModel()->data(w.callModel()->index(0), Qt::DisplayRole).toString(),
            QStringLiteral("Carol Desk (0049301234)"));
        QVERIFY2(w.lastStatus().contains(QLatin1String("Carol Desk")), qPrintable(w.lastStatus()));
        // An update from the controller keeps the name (the GUI's field).
        in.state = CallState::Answered;
        Q_EMIT win.controller.callUpdated(in);
        QCOMPARE(w.callModel()->snapshot(9)->contactName, QStringLiteral("Carol Desk"));

        // A caller who is nobody's contact reads as before.
        CallSnapshot other = in;
        other.id = 10;
        other.state = CallState::Ringing;
        other.number = other.peer = QStringLiteral("5559999");
        Q_EMIT win.controller.incomingCall(other);
        QCOMPARE(w.callModel()->snapshot(10)->contactName, QString());
        QVERIFY2(w.lastStatus().contains(QLatin1String("5559999")), qPrintable(w.lastStatus()));
    }
};

QTEST_MAIN(TstUiContacts)
#include "tst_ui_contacts.moc"
