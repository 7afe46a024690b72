// Issue 20 in the GUI, offscreen: two main windows, each with the production EnginePhoneController
// on loopback UDP, call each other IAXPhone to IAXPhone (no PBX). After Answer both padlocks say
// "End-to-end encrypted", both call panels show the same four SAS words, and the details dialog
// has the end-to-end section (what the mode protects, what still shows). "Confirm words" on A
// stores the peer as verified in A's settings file; A's next call to it says "End-to-end, verified"
// while B (which did not confirm) still asks. And the downgrade: a verified peer's call without the
// mode shows the red warning. With IAXPHONE_SCREENSHOT_DIR set, the two windows side by side are
// saved there (docs/screenshots).
#include "core/phone/engine_phone_controller.h"
#include "core/phone/qsettings_store.h"
#include "support/null_phone_controller.h"
#include "support/silent_ringer.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/device_call_audio.h"
#include "ui/encryption_details_dialog.h"
#include "ui/encryption_indicator.h"
#include "ui/encryption_presentation.h"
#include "ui/main_window.h"
#include "ui/ringer.h"

#include <QApplication>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "ui-e2e-shared-secret";

using test::SilentRinger;

// One phone: its controller and window. `peerPort` is the other phone's UDP port.
struct Phone {
    std::unique_ptr<EnginePhoneController> controller;
    std::unique_ptr<MainWindow> window;
    SilentRinger ringer;
    QTemporaryDir dir;
    std::unique_ptr<QSettingsStore> store;

    explicit Phone()
    {
        EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.removeDelayMs = 500;
        controller = std::make_unique<EnginePhoneController>(opt);
        store = std::make_unique<QSettingsStore>(dir.filePath(QStringLiteral("iaxphone.ini")));
    }
    void show(const QString& name, quint16 peerPort)
    {
        Settings s;
        AccountSettings a;
        a.id = QStringLiteral("peer");
        a.name = name;
        a.host = QStringLiteral("127.0.0.1");
        a.port = peerPort;
        a.username = QStringLiteral("alice");
        a.secret = kSecret;
        a.encryption = EncryptionPolicy::Required;
        a.codecs = { QStringLiteral("ulaw") };
        s.accounts << a;
        MainWindowDeps deps;
        deps.controller = controller.get();
        deps.ringer = &ringer;
        deps.settingsStore = store.get();
        deps.useTray = false;
        window = std::make_unique<MainWindow>(deps, s);
        window->resize(800, 600);
        window->show();
    }
};

// A calls B, B answers; both padlocks closed. The caller's call id.
int placeCall(Phone& a, Phone& b)
{
    const int rowsBefore = b.window->callModel()->rowCount();
    const int id = a.controller->dial(QStringLiteral("peer"), QStringLiteral("600"));
    if (id < 0)
        return -1;
    if (!QTest::qWaitFor([&] { return b.window->callModel()->rowCount() > rowsBefore; }, 15000))
        return -1;
    auto* answer = b.window->callPanel()->findChild<QPushButton*>(QStringLiteral("answerButton"));
    if (!QTest::qWaitFor([&] { return answer->isVisible(); }, 5000))
        return -1;
    QTest::mouseClick(answer, Qt::LeftButton);
    const bool ok = QTest::qWaitFor(
        [&] {
            return a.window->callPanel()->indicator()->state() == EncryptionState::Encrypted
                && b.window->callPanel()->indicator()->state() == EncryptionState::Encrypted
                && !a.window->callPanel()->sasText().isEmpty() && !b.window->callPanel()->sasText().isEmpty()
                && a.window->callModel()->snapshot(id)
                && a.window->callModel()->snapshot(id)->state == CallState::Answered;
        },
        15000);
    return ok ? id : -1;
}

QString stateLine(CallPanel* p)
{
    EncryptionDetailsDialog* dlg = p->indicator()->showDetails();
    const QString text = dlg->plainText();
    dlg->close();
    return text.section(QLatin1Char('\n'), 0, 0);
}

} // namespace

class TstUiE2eSas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoWindowsShowTheSameWords()
    {
        Phone a, b;
        QString error;
        QVERIFY2(a.controller->start(&error), qPrintable(error));
        QVERIFY2(b.controller->start(&error), qPrintable(error));
        a.show(QStringLiteral("Bob's IAXPhone"), b.controller->localPort());
        b.show(QStringLiteral("Alice's IAXPhone"), a.controller->localPort());
        QVERIFY(QTest::qWaitForWindowExposed(a.window.get()));
        QVERIFY(QTest::qWaitForWindowExposed(b.window.get()));

        const int id = placeCall(a, b);
        QVERIFY(id >= 0);
        CallPanel* pa = a.window->callPanel();
        CallPanel* pb = b.window->callPanel();
        QCOMPARE(pa->sasText(), pb->sasText());
        const QString words = pa->sasText().section(QLatin1Char('\n'), 1);
        QCOMPARE(words.split(QLatin1Char(' '), Qt::SkipEmptyParts).size(), 4);
        const CallSnapshot* snap = a.window->callModel()->snapshot(pa->callId());
        QVERIFY(snap);
        QCOMPARE(snap->details.mode, QStringLiteral("e2e"));
        QCOMPARE(snap->details.sas, words);

        // The padlock text and the details dialog's end-to-end section, on both sides.
        for (CallPanel* p : { pa, pb }) {
            EncryptionDetailsDialog* dlg = p->indicator()->showDetails();
            QVERIFY(dlg);
            const QString text = dlg->plainText();
            QVERIFY2(text.contains(QStringLiteral("End-to-end encrypted")), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("Words to compare: ") + words), qPrintable(text));
            QVERIFY(text.contains(QStringLiteral("Forward secrecy")));
            QVERIFY(text.contains(QStringLiteral("IP addresses and ports")));
            dlg->close();
        }

        const QString dir = qEnvironmentVariable("IAXPHONE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(500); // layouts settle
            const QPixmap left = a.window->grab(), right = b.window->grab();
            QPixmap both(left.width() + right.width() + 16, std::max(left.height(), right.height()));
            both.fill(Qt::white);
            QPainter painter(&both);
            painter.drawPixmap(0, 0, left);
            painter.drawPixmap(left.width() + 16, 0, right);
            painter.end();
            QVERIFY(both.save(dir + QStringLiteral("/e2e-two-phones-sas.png")));
        }

        // A confirms the words: saved, and the button goes.
        auto* confirm = pa->findChild<QPushButton*>(QStringLiteral("confirmWordsButton"));
        QVERIFY(confirm->isVisible());
        QVERIFY(pb->findChild<QPushButton*>(QStringLiteral("confirmWordsButton"))->isVisible());
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_VERIFY(!confirm->isVisible());
        QCOMPARE(stateLine(pa), QStringLiteral("State: End-to-end, verified"));
        const auto saved = a.store->load().e2ePeers;
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.front().peer, QStringLiteral("600"));
        QVERIFY(saved.front().verified);
        QVERIFY(!b.store->load().e2ePeers.value(0).verified); // B saw the mode, did not confirm

        a.controller->hangup(id);
        QTRY_COMPARE_WITH_TIMEOUT(b.window->callModel()->rowCount(), 0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(a.window->callModel()->rowCount(), 0, 15000);

        // The next call: verified on A at once (new words, still shown), B still asks.
        const int id2 = placeCall(a, b);
        QVERIFY(id2 >= 0);
        QCOMPARE(stateLine(pa), QStringLiteral("State: End-to-end, verified"));
        QCOMPARE(stateLine(pb), QStringLiteral("State: End-to-end encrypted"));
        QVERIFY(!pa->findChild<QPushButton*>(QStringLiteral("confirmWordsButton"))->isVisible());
        QVERIFY(pb->findChild<QPushButton*>(QStringLiteral("confirmWordsButton"))->isVisible());
        QCOMPARE(pa->sasText().section(QLatin1Char('\n'), 1), pb->sasText().section(QLatin1Char('\n'), 1));
        a.controller->hangup(id2);
        QTRY_COMPARE_WITH_TIMEOUT(b.window->callModel()->rowCount(), 0, 15000);
        a.window.reset();
        b.window.reset();
        a.controller->shutdown(2000);
        b.controller->shutdown(2000);
    }

    void downgradeOfAVerifiedPeerIsARedWarning()
    {
        // A peer verified in the mode before calls hop-by-hop now (its offer stripped, or the
        // mode turned off): red warning in the panel and the padlock's colour, no words.
        iax::test::NullPhoneController controller;
        Settings s;
        AccountSettings acc;
        acc.id = QStringLiteral("peer");
        acc.host = QStringLiteral("127.0.0.1");
        s.accounts << acc;
        noteE2ePeer(s.e2ePeers, QStringLiteral("peer"), QStringLiteral("600"), true);
        MainWindowDeps deps;
        deps.controller = &controller;
        deps.useTray = false;
        MainWindow w(deps, s);
        w.show();
        CallSnapshot c;
        c.id = 7;
        c.accountId = QStringLiteral("peer");
        c.number = QStringLiteral("600");
        c.state = CallState::Answered;
        c.encryption = EncryptionState::Encrypted;
        c.details.cipher = QStringLiteral("AES-128");
        c.details.auth = QStringLiteral("md5");
        c.details.mode = QStringLiteral("hop");
        Q_EMIT controller.callUpdated(c);
        QTRY_COMPARE(w.callModel()->rowCount(), 1);
        w.callPanel()->setCall(7);
        QCOMPARE(w.callModel()->snapshot(7)->details.e2eTrust, E2eTrustStatus::Downgrade);
        QCOMPARE(w.callPanel()->sasText(), EncryptionPresentation::e2eDowngradeWarning());
        const auto look = EncryptionPresentation::lookFor(c.encryption, w.callModel()->snapshot(7)->details);
        QCOMPARE(look.color, QColor(0xc6, 0x28, 0x28));
        QCOMPARE(look.toolTip, EncryptionPresentation::e2eDowngradeWarning());
        // The same call end to end: no warning.
        c.details.mode = QStringLiteral("e2e");
        c.details.sas = QStringLiteral("one two three four");
        Q_EMIT controller.callUpdated(c);
        QTRY_COMPARE(w.callModel()->snapshot(7)->details.e2eTrust, E2eTrustStatus::Verified);
        QVERIFY(w.callPanel()->sasText().endsWith(QStringLiteral("one two three four")));
    }
};

QTEST_MAIN(TstUiE2eSas)
#include "tst_ui_e2e_sas.moc"
