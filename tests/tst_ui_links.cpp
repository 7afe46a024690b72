// iax2: links never call on their own (issue 16, item 7): a link (browser, command line, a second
// instance) selects the account, fills the dial field and asks — showing the number, the account
// and whether the call will be encrypted; only "Call" dials. The General page's "Call iax2: links
// at once" (off by default) dials directly. A URI typed into the dial field still calls at once.
// Offscreen, with a fake controller that records dial().
#include "core/phone/link_request.h"
#include "core/phone/phone_controller.h"
#include "support/null_phone_controller.h"
#include "ui/general_page.h"
#include "ui/main_window.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

using namespace iax::ui;

namespace {

/// Records dial(); everything else does nothing.
class RecordingController : public iax::test::NullPhoneController {
public:
    QStringList dialled;
    QStringList accounts;
    int dial(const QString& accountId, const QString& number) override
    {
        dialled << number;
        accounts << accountId;
        CallSnapshot c;
        c.id = nextId++;
        c.accountId = accountId;
        c.number = number;
        c.peer = number;
        Q_EMIT callUpdated(c);
        return c.id;
    }
};

Settings twoAccounts()
{
    Settings s;
    AccountSettings a;
    a.id = QStringLiteral("home");
    a.name = QStringLiteral("Home PBX");
    a.host = QStringLiteral("pbx.example.net");
    a.username = QStringLiteral("alice");
    a.encryption = EncryptionPolicy::Required;
    s.accounts << a;
    AccountSettings b;
    b.id = QStringLiteral("work");
    b.name = QStringLiteral("Work");
    b.host = QStringLiteral("192.0.2.7");
    b.username = QStringLiteral("bob");
    b.encryption = EncryptionPolicy::Off;
    s.accounts << b;
    return s;
}

struct Window {
    RecordingController controller;
    MainWindowDeps deps;
    std::unique_ptr<MainWindow> w;
    explicit Window(const Settings& s)
    {
        deps.controller = &controller;
        deps.useTray = false;
        w = std::make_unique<MainWindow>(deps, s);
        w->show();
    }
};

} // namespace

class TstUiLinks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linkAsksBeforeCalling_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("account");
        QTest::addColumn<QString>("accountId");
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("encryption");
        QTest::newRow("encrypted account") << "iax2:pbx.example.net/0900123456"
                                           << "Home PBX"
                                           << "home"
                                           << "0900123456"
                                           << "will be encrypted (required";
        QTest::newRow("unencrypted account") << "iax2:bob@192.0.2.7/555"
                                             << "Work"
                                             << "work"
                                             << "555"
                                             << "NOT be encrypted";
    }
    void linkAsksBeforeCalling()
    {
        QFETCH(QString, link);
        QFETCH(QString, account);
        QFETCH(QString, accountId);
        QFETCH(QString, number);
        QFETCH(QString, encryption);
        Window win(twoAccounts());
        MainWindow& w = *win.w;
        QVERIFY(w.openLink(link));
        QVERIFY(win.controller.dialled.isEmpty()); // nothing called yet
        QCOMPARE(w.dialField()->text(), number);
        QCOMPARE(w.currentAccountId(), accountId);
        QMessageBox* box = w.linkConfirmation();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->objectName(), QStringLiteral("linkConfirmation"));
        const QString text = box->text();
        QVERIFY2(text.contains(number), qPrintable(text));
        QVERIFY2(text.contains(account), qPrintable(text));
        QVERIFY2(text.contains(encryption), qPrintable(text));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel)); // Enter does not call
        box->button(QMessageBox::Yes)->click();
        QCOMPARE(win.controller.dialled, QStringList { number });
        QCOMPARE(win.controller.accounts.size(), 1);
        QCOMPARE(win.controller.accounts, QStringList { accountId });
    }

    void cancelledLinkCallsNothing()
    {
        Window win(twoAccounts());
        MainWindow& w = *win.w;
        QVERIFY(w.openLink(QStringLiteral("iax2:pbx.example.net/0900123456")));
        QCOMPARE(w.currentAccountId(), QStringLiteral("home"));
        QTRY_VERIFY(w.linkConfirmation());
        w.linkConfirmation()->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!w.linkConfirmation()); // closed and deleted
        QVERIFY(win.controller.dialled.isEmpty());
        QCOMPARE(w.dialField()->text(), QStringLiteral("0900123456")); // left for the user to see
    }

    void newerLinkReplacesTheQuestion()
    {
        Window win(twoAccounts());
        MainWindow& w = *win.w;
        QVERIFY(w.openLink(QStringLiteral("iax2:pbx.example.net/111")));
        QPointer<QMessageBox> first = w.linkConfirmation();
        QVERIFY(w.openLink(QStringLiteral("iax2:bob@192.0.2.7/222")));
        QTRY_VERIFY(!first);
        w.linkConfirmation()->button(QMessageBox::Yes)->click();
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("222") });
        QCOMPARE(win.controller.accounts, QStringList { QStringLiteral("work") });
    }

    void editedNumberIsNotCalledByTheOldQuestion()
    {
        // The question named 0900…; if the field now says something else, "Call" does not dial it.
        Window win(twoAccounts());
        MainWindow& w = *win.w;
        QVERIFY(w.openLink(QStringLiteral("iax2:pbx.example.net/0900123456")));
        w.dialField()->setText(QStringLiteral("0900999999"));
        w.linkConfirmation()->button(QMessageBox::Yes)->click();
        QVERIFY(win.controller.dialled.isEmpty());
    }

    void directDialingIsAnOptIn()
    {
        Settings s = twoAccounts();
        QVERIFY(!s.general.dialLinksDirectly); // off by default
        s.general.dialLinksDirectly = true;
        Window win(s);
        QVERIFY(win.w->openLink(QStringLiteral("iax2:pbx.example.net/600")));
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("600") });
        QVERIFY(!win.w->linkConfirmation());
    }

    void typedUriCallsAtOnce()
    {
        Window win(twoAccounts());
        QTest::keyClicks(win.w->dialField(), QStringLiteral("iax2:bob@192.0.2.7/777"));
        QTest::keyClick(win.w->dialField(), Qt::Key_Return);
        QCOMPARE(win.controller.dialled, QStringList { QStringLiteral("777") });
        QVERIFY(!win.w->linkConfirmation());
    }

    void badLinksAreRefused()
    {
        Window win(twoAccounts());
        QVERIFY(!win.w->openLink(QStringLiteral("iax2:pbx.example.net/") + QString(300, '9')));
        QVERIFY2(win.w->lastStatus().contains(QLatin1String("extension is 300 characters")),
            qPrintable(win.w->lastStatus()));
        QVERIFY(!win.w->openLink(QStringLiteral("iax2:unknown.example.org/1")));
        QVERIFY2(win.w->lastStatus().contains(QLatin1String("No account")), qPrintable(win.w->lastStatus()));
        QVERIFY(!win.w->linkConfirmation());
        QVERIFY(win.controller.dialled.isEmpty());
    }

    void linkTextIsNeverRendered()
    {
        // The user part of a link may hold '<' and '>': the question shows it as typed, never as HTML.
        Settings s = twoAccounts();
        s.accounts[0].username = QStringLiteral("<b>alice");
        Window win(s);
        QVERIFY(win.w->openLink(QStringLiteral("iax2:<b>alice@pbx.example.net/600")));
        QMessageBox* box = win.w->linkConfirmation();
        QVERIFY(box);
        QCOMPARE(box->textFormat(), Qt::PlainText);
        QVERIFY(box->text().contains(QLatin1String("iax2:<b>alice@pbx.example.net/600")));
    }

    void generalPageHasTheSetting()
    {
        GeneralPage page;
        Settings s;
        page.load(s);
        auto* box = page.findChild<QCheckBox*>(QStringLiteral("dialLinksDirectly"));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        box->setChecked(true);
        page.save(s);
        QVERIFY(s.general.dialLinksDirectly);
    }

    void confirmationTextNamesEverything()
    {
        LinkRequest r;
        r.number = QStringLiteral("123");
        r.accountName = QStringLiteral("Acc");
        r.encryption = EncryptionPolicy::Opportunistic;
        const QString t = linkConfirmationText(r);
        QVERIFY(t.contains(QLatin1String("123")) && t.contains(QLatin1String("\"Acc\"")));
        QVERIFY(t.contains(QLatin1String("only if the server agrees")));
    }
};

QTEST_MAIN(TstUiLinks)
#include "tst_ui_links.moc"
