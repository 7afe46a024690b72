// The contact editor (issue 18, contacts), offscreen: a contact added from the Contacts window
// (name, number with its type and account, note, "Always encrypted") lands in the book and its
// file; editing it shows what was stored and changes it; Cancel leaves it as it was; input the
// book cannot use (neither a name nor a number, a number without digits) is refused with a
// sentence in the editor, which stays open; "Always encrypted" round-trips both ways.
// IAXPHONE_SCREENSHOT_DIR saves contact-editor.png and contact-editor-refused.png.
#include "core/phone/contact_book.h"
#include "support/ui_screenshot.h"
#include "support/ui_test_support.h"
#include "ui/contact_editor.h"
#include "ui/contacts_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace iax::ui;
using iax::phone::Contact;

namespace {

QList<AccountSettings> accounts()
{
    return { iax::test::localAccount(QStringLiteral("home"), QStringLiteral("home"), QStringLiteral("s")),
        iax::test::localAccount(QStringLiteral("work"), QStringLiteral("work"), QStringLiteral("s")) };
}

template<typename T> T* part(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QLatin1String(name));
    if (!c)
        qFatal("no %s", name);
    return c;
}

/// Clicks `button`, which opens the (modal) editor, and runs `use` on it in its event loop;
/// `use` ends by accepting or rejecting it (an editor still open afterwards is rejected, so a
/// failing check cannot leave the test waiting). False when no editor opened.
bool inEditor(QPushButton* button, const std::function<void(ContactEditor*)>& use)
{
    bool opened = false;
    QTimer::singleShot(0, [&] {
        auto* editor = qobject_cast<ContactEditor*>(QApplication::activeModalWidget());
        if (!editor)
            return;
        opened = true;
        use(editor);
        if (editor->isVisible())
            editor->reject();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    return opened;
}

/// Fills the editor's first number row.
void setNumber(ContactEditor* e, const QString& number, const QString& type, int accountIndex)
{
    auto* numbers = part<QTableWidget>(e, "contactNumbers");
    numbers->item(0, 0)->setText(number);
    numbers->item(0, 1)->setText(type);
    qobject_cast<QComboBox*>(numbers->cellWidget(0, 2))->setCurrentIndex(accountIndex);
}

} // namespace

class TstUiContactEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void addEditAndCancel()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("contacts.json"));
        ContactBook book(file);
        ContactsDialog dialog(&book, [] { return accounts(); });
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // Add: every field of the editor reaches the book and its file.
        QVERIFY(inEditor(part<QPushButton>(&dialog, "addContact"), [](ContactEditor* e) {
            QCOMPARE(e->windowTitle(), QStringLiteral("New contact"));
            part<QLineEdit>(e, "contactName")->setText(QStringLiteral("Carol Desk"));
            setNumber(e, QStringLiteral("555-1234"), QStringLiteral("Work"), 2); // "work"
            part<QPlainTextEdit>(e, "contactNote")->setPlainText(QStringLiteral("Front desk"));
            part<QCheckBox>(e, "contactAlwaysEncrypted")->setChecked(true);
            iax::test::screenshot(e, nullptr, "contact-editor");
            e->accept();
        }));
        QCOMPARE(book.contacts().size(), 1);
        const Contact added = book.contacts().first();
        QCOMPARE(added.name, QStringLiteral("Carol Desk"));
        QCOMPARE(added.numbers.size(), 1);
        QCOMPARE(added.numbers.first().number, QStringLiteral("555-1234"));
        QCOMPARE(added.numbers.first().type, QStringLiteral("work"));
        QCOMPARE(added.numbers.first().accountId, QStringLiteral("work"));
        QCOMPARE(added.note, QStringLiteral("Front desk"));
        QVERIFY(added.alwaysEncrypted);
        QCOMPARE(ContactBook(file).contacts(), book.contacts()); // saved
        QCOMPARE(dialog.listedIds(), QStringList { added.id });

        // Edit: the editor shows what is stored; the change replaces the contact (same id).
        part<QListWidget>(&dialog, "contactsList")->setCurrentRow(0);
        QVERIFY(inEditor(part<QPushButton>(&dialog, "editContact"), [](ContactEditor* e) {
            QCOMPARE(e->windowTitle(), QStringLiteral("Edit contact"));
            QCOMPARE(part<QLineEdit>(e, "contactName")->text(), QStringLiteral("Carol Desk"));
            auto* numbers = part<QTableWidget>(e, "contactNumbers");
            QCOMPARE(numbers->item(0, 0)->text(), QStringLiteral("555-1234"));
            QCOMPARE(
                qobject_cast<QComboBox*>(numbers->cellWidget(0, 2))->currentData().toString(), QStringLiteral("work"));
            QCOMPARE(part<QPlainTextEdit>(e, "contactNote")->toPlainText(), QStringLiteral("Front desk"));
            QVERIFY(part<QCheckBox>(e, "contactAlwaysEncrypted")->isChecked());
            part<QLineEdit>(e, "contactName")->setText(QStringLiteral("  Carol   D. "));
            part<QCheckBox>(e, "contactAlwaysEncrypted")->setChecked(false);
            e->accept();
        }));
        QCOMPARE(book.contacts().size(), 1);
        const Contact edited = book.contacts().first();
        QCOMPARE(edited.id, added.id);
        QCOMPARE(edited.name, QStringLiteral("Carol D."));
        QVERIFY(!edited.alwaysEncrypted);
        QCOMPARE(edited.numbers, added.numbers);
        QCOMPARE(ContactBook(file).contacts(), book.contacts());

        // Cancel: whatever was changed in the editor, the contact stays as it was.
        QVERIFY(inEditor(part<QPushButton>(&dialog, "editContact"), [](ContactEditor* e) {
            part<QLineEdit>(e, "contactName")->setText(QStringLiteral("Someone else"));
            setNumber(e, QStringLiteral("999"), QString(), 0);
            part<QCheckBox>(e, "contactAlwaysEncrypted")->setChecked(true);
            e->reject();
        }));
        QCOMPARE(book.contacts(), QList<Contact> { edited });
        QCOMPARE(ContactBook(file).contacts(), QList<Contact> { edited });
    }

    // Input the book cannot use is refused with a sentence; the editor stays open, and OK works
    // once the input is corrected.
    void invalidInputIsSaid_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("said");
        QTest::newRow("nothing") << QString() << QString() << QStringLiteral("Enter a name or a number.");
        QTest::newRow("only spaces") << QStringLiteral("   ") << QStringLiteral("  ")
                                     << QStringLiteral("Enter a name or a number.");
        QTest::newRow("number without digits")
            << QStringLiteral("Carol") << QStringLiteral("--- ()")
            << QStringLiteral(
                   "\u201c--- ()\u201d is not a number: it has no digits or letters. Correct it or remove it.");
    }
    void invalidInputIsSaid()
    {
        QFETCH(QString, name);
        QFETCH(QString, number);
        QFETCH(QString, said);
        ContactEditor e(Contact {}, accounts());
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));
        QCOMPARE(e.errorText(), QString());
        part<QLineEdit>(&e, "contactName")->setText(name);
        setNumber(&e, number, QString(), 0);
        e.accept();
        QVERIFY(e.isVisible());
        QCOMPARE(e.result(), int(QDialog::Rejected));
        QCOMPARE(e.errorText(), said);
        if (QByteArray(QTest::currentDataTag()) == "number without digits")
            iax::test::screenshot(&e, nullptr, "contact-editor-refused");

        setNumber(&e, QStringLiteral("600"), QString(), 0);
        e.accept();
        QVERIFY(!e.isVisible());
        QCOMPARE(e.result(), int(QDialog::Accepted));
        QCOMPARE(e.contact().numbers.first().number, QStringLiteral("600"));
    }

    // "Always encrypted" as stored is what the box shows, and what the box says is stored.
    void alwaysEncryptedRoundTrips_data()
    {
        QTest::addColumn<bool>("stored");
        QTest::newRow("on") << true;
        QTest::newRow("off") << false;
    }
    void alwaysEncryptedRoundTrips()
    {
        QFETCH(bool, stored);
        Contact c;
        c.id = QStringLiteral("c1");
        c.name = QStringLiteral("Bob Secure");
        c.numbers = { { QStringLiteral("700"), QString(), QString() } };
        c.alwaysEncrypted = stored;
        ContactEditor e(c, accounts());
        auto* box = part<QCheckBox>(&e, "contactAlwaysEncrypted");
        QCOMPARE(box->isChecked(), stored);
        QCOMPARE(e.contact(), c); // unchanged input gives the contact back as it was
        box->setChecked(!stored);
        QCOMPARE(e.contact().alwaysEncrypted, !stored);
    }

    void accountColumnShowsTheWholeChoice()
    {
        // Each row's account box gets the width it asks for (its longest entry, e.g. "Selected
        // account" or an account's long name), and so does the Type column's text.
        Contact c;
        c.id = QStringLiteral("c1");
        c.name = QStringLiteral("Dora");
        c.numbers = { { QStringLiteral("700"), QStringLiteral("Assistant's mobile"), QString() },
            { QStringLiteral("701"), QStringLiteral("Work"), QStringLiteral("gone-account-with-a-long-id") } };
        ContactEditor e(c, accounts());
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));
        auto* numbers = part<QTableWidget>(&e, "contactNumbers");
        for (int row = 0; row < numbers->rowCount(); ++row) {
            auto* box = qobject_cast<QComboBox*>(numbers->cellWidget(row, 2));
            QVERIFY(box);
            QVERIFY2(box->width() >= box->sizeHint().width(),
                qPrintable(
                    QStringLiteral("row %1: %2 px for %3").arg(row).arg(box->width()).arg(box->sizeHint().width())));
            const QFontMetrics fm(numbers->font());
            QVERIFY(numbers->columnWidth(1) >= fm.horizontalAdvance(numbers->item(row, 1)->text()));
        }
        QVERIFY(numbers->columnWidth(0)
            >= QFontMetrics(numbers->font()).horizontalAdvance(QStringLiteral("+1 555 123 4567")));
    }
};

QTEST_MAIN(TstUiContactEditor)
#include "tst_ui_contact_editor.moc"
