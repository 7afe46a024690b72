// The desk-phone features of issue 18 in the desktop app, offscreen, over real UDP: the main
// window with the production EnginePhoneController registers to a PBX (the Engine on a QUdpSocket
// in this process: registrar of "desk", accepts its calls, answers, talks) and
//  - transfers a call blind (Transfer…): an encrypted IAX TRANSFER with the extension, "requested"
//    until the PBX hangs our leg up as Asterisk does, then "done";
//  - transfers attended (Consult…): CONTROL HOLD on the first call, a consult call, Complete
//    transfer hangs it up and sends the first call's TRANSFER to the consulted number;
//  - shows the voicemail badge from MSGCOUNT and dials the voicemail extension in one click;
//  - refuses calls under do not disturb (account and global) with REJECT cause 17, without a new
//    registration; there is no tray offscreen;
//  - answers a ringing call by itself after N s and says so; answers at once when the PBX asks
//    (AUTOANSWER) and the account honours it, rings when it does not;
//  - chats in a call (TEXT frames both ways; received text stays plain text);
//  - Hold sends CONTROL HOLD and Resume UNHOLD.
// IAXPHONE_SCREENSHOT_DIR=DIR saves the screenshots of docs/screenshots/ (desk-*.png).
#include "core/analysis/capture_decoder.h"
#include "core/phone/engine_phone_controller.h"
#include "core/phone/incoming_rule.h"
#include "support/udp_engine.h"
#include "ui/call_chat_pane.h"
#include "ui/call_features_bar.h"
#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/desk_features_bar.h"
#include "ui/device_call_audio.h"
#include "ui/encryption_indicator.h"
#include "ui/main_window.h"
#include "ui/tray_icon.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

#include <map>
#include <memory>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "desk-secret-for-features";

/// The PBX: registrar of "desk" (with a mailbox of 2 new / 1 old), answers every call of "desk"
/// and keeps sending silence into the answered ones (which proves its direction encrypted).
struct Pbx {
    test::UdpEngine udp;
    QTimer timer;
    std::map<core::CallId, std::string> called; ///< calls of ours it answered → the number dialled
    bool answerCalls = true;

    Pbx()
        : udp(config())
    {
        udp.recordWire = true;
        timer.setInterval(20);
        QObject::connect(&timer, &QTimer::timeout, [this] { tick(); });
        timer.start();
    }
    static core::EngineConfig config()
    {
        core::EngineConfig c = test::registrarOf("desk", kSecret);
        c.users.front().mailboxNew = 2;
        c.users.front().mailboxOld = 1;
        c.users.front().encryption = core::EncryptionPolicy::Required;
        return c;
    }
    void tick()
    {
        for (const auto& ev : udp.events)
            if (const auto* in = std::get_if<core::IncomingCall>(&ev); in && answerCalls && !called.count(in->call)) {
                called[in->call] = in->calledNumber;
                udp.engine().answer(in->call, udp.now());
            }
        const std::vector<std::uint8_t> silence(160, 0xFF);
        for (const auto& [id, number] : called)
            if (udp.stateOf(id) == core::CallState::Answered)
                udp.engine().sendVoice(id, silence, 20, udp.now());
        udp.pump();
    }
    /// The call of ours to `number` it answered (0 = none yet).
    core::CallId callTo(const std::string& number) const
    {
        for (const auto& [id, n] : called)
            if (n == number)
                return id;
        return 0;
    }
    bool heldNow(core::CallId id) const
    {
        bool held = false;
        for (const auto& ev : udp.events)
            if (const auto* h = std::get_if<core::HoldChanged>(&ev); h && h->call == id)
                held = h->held;
        return held;
    }
    int holdEvents(core::CallId id) const
    {
        int n = 0;
        for (const auto& ev : udp.events)
            if (const auto* h = std::get_if<core::HoldChanged>(&ev); h && h->call == id)
                ++n;
        return n;
    }
    int registrations() const
    {
        int n = 0;
        for (const auto& ev : udp.events)
            if (std::holds_alternative<core::PeerRegistered>(ev))
                ++n;
        return n;
    }
    /// The IAX frames of subclass `c` we sent it, decrypted with the account's secret.
    std::vector<core::DecodedPacket> framesFromUs(core::IaxCommand c) const
    {
        core::CaptureDecoder dec({ kSecret });
        std::vector<core::DecodedPacket> out;
        for (const auto& w : udp.wire) {
            core::CapturedDatagram dg;
            dg.packetNumber = 1;
            dg.src = (w.src + QLatin1Char(':') + QString::number(w.srcPort)).toStdString();
            dg.dst = (w.dst + QLatin1Char(':') + QString::number(w.dstPort)).toStdString();
            dg.srcPort = w.srcPort;
            dg.dstPort = w.dstPort;
            dg.payload.assign(w.bytes.begin(), w.bytes.end());
            for (auto& p : dec.feedAll(dg))
                if (p.full && p.full->isIax(c) && w.dstPort == udp.port())
                    out.push_back(std::move(p));
        }
        return out;
    }
    /// Calls the phone registered to it (as Asterisk's Dial(IAX2/desk), with `autoAnswer` as
    /// Dial(IAX2/desk/s/a): the NEW asks for auto-answer); 0 when it cannot.
    core::CallId callDesk(bool autoAnswer = false)
    {
        const auto contact = udp.engine().registeredContact("desk");
        if (!contact)
            return 0;
        core::DialRequest request = test::pbxCallTo(*contact, kSecret);
        request.autoAnswer = autoAnswer;
        const auto id = udp.engine().dial(request, udp.now());
        udp.pump();
        return id.value_or(0);
    }
};

/// The account "Office PBX" of "desk" at `pbx`, encryption required, changed by `adjust`.
AccountSettings officeAccount(const Pbx& pbx, const std::function<void(AccountSettings&)>& adjust = {})
{
    AccountSettings a;
    a.id = QStringLiteral("office");
    a.name = QStringLiteral("Office PBX");
    a.host = QStringLiteral("127.0.0.1");
    a.port = pbx.udp.port();
    a.username = QStringLiteral("desk");
    a.secret = kSecret;
    a.encryption = EncryptionPolicy::Required;
    if (adjust)
        adjust(a);
    return a;
}

/// The window under test with the production controller (bound to 127.0.0.1:`bindPort`, 0 = any
/// port) and the one account `account`, which it registers.
struct Desk {
    std::unique_ptr<EnginePhoneController> controller;
    std::unique_ptr<MainWindow> window;

    explicit Desk(const AccountSettings& account, quint16 bindPort = 0)
    {
        EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.bindPort = bindPort;
        opt.removeDelayMs = 3000;
        controller = std::make_unique<EnginePhoneController>(opt);
        QString error;
        if (!controller->start(&error))
            qFatal("%s", qPrintable(error));
        Settings s;
        s.accounts << account;
        MainWindowDeps deps;
        deps.controller = controller.get();
        deps.useTray = false;
        window = std::make_unique<MainWindow>(deps, s);
        window->resize(800, 600);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get())) // a click before that may be lost
            qFatal("the window was not exposed");
    }
    explicit Desk(const Pbx& pbx, const std::function<void(AccountSettings&)>& adjust = {})
        : Desk(officeAccount(pbx, adjust))
    { }
    CallFeaturesBar* features() const { return window->callPanel()->features(); }
    DeskFeaturesBar* desk() const { return window->findChild<DeskFeaturesBar*>(QStringLiteral("deskFeatures")); }
    template<typename T> T* child(const char* name) const
    {
        T* c = window->findChild<T*>(QLatin1String(name));
        if (!c)
            qFatal("no child %s", name);
        return c;
    }
    CallState stateOf(int id) const
    {
        const CallSnapshot* c = window->callModel()->snapshot(id);
        return c ? c->state : CallState::Failed;
    }
    /// Dials `number` from the dial field; the new call's id (-1 on failure).
    int dial(const QString& number) const
    {
        window->dialField()->setText(number);
        window->dialCurrent();
        return window->callPanel()->callId();
    }
    /// Waits for the registration to `pbx`, dials `number` and waits until the call is answered and
    /// encrypted:
    /// its id here in *id, at the PBX in *pc. False when any of it times out.
    bool placeEncrypted(const Pbx& pbx, const QString& number, int* id, core::CallId* pc) const
    {
        if (!QTest::qWaitFor([this] { return registered(); }, 15000))
            return false;
        *id = dial(number);
        const auto answeredEncrypted = [this, id] { // encrypted after the ACCEPT, answered later
            return window->callPanel()->indicator()->state() == EncryptionState::Encrypted
                && stateOf(*id) == CallState::Answered;
        };
        if (*id < 0 || !QTest::qWaitFor(answeredEncrypted, 15000))
            return false;
        *pc = pbx.callTo(number.toStdString());
        return *pc != 0;
    }
    bool registered() const { return child<QLabel>("registrationLabel")->text().contains(QLatin1String("Registered")); }
    /// Enters `text` in the open extension dialog and confirms it.
    bool answerDialog(const QString& text) const
    {
        QInputDialog* d = features()->extensionDialog();
        if (!d)
            return false;
        d->setTextValue(text);
        d->accept();
        return true;
    }
};

void screenshot(QWidget* w, const char* name)
{
    const QString dir = qEnvironmentVariable("IAXPHONE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(w->grab().save(dir + QLatin1Char('/') + QLatin1String(name)));
}

/// An account of the asterisk-peer kit at `peer` (IAXPHONE_LIVE_PEER), encryption required.
AccountSettings liveAccount(const QString& peer, const char* user, const char* secret)
{
    AccountSettings a;
    a.id = QStringLiteral("live");
    a.name = QStringLiteral("asterisk-peer");
    a.host = peer;
    a.username = QLatin1String(user);
    a.secret = QLatin1String(secret);
    a.encryption = EncryptionPolicy::Required;
    return a;
}

/// The port of IAXPHONE_LIVE_PORT (the kit's users each have their own range), 0 = any.
quint16 liveBindPort()
{
    return quint16(qEnvironmentVariableIntValue("IAXPHONE_LIVE_PORT"));
}

std::string calledNumberOf(const core::DecodedPacket& p)
{
    return p.full->ies()->getString(core::IeId::CalledNumber).value_or("");
}
} // namespace

class TstUiDeskFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void blindTransfer()
    {
        Pbx pbx;
        Desk d(pbx);
        QVERIFY(QTest::qWaitForWindowExposed(d.window.get()));
        int id = -1;
        core::CallId pc = 0;
        QVERIFY(d.placeEncrypted(pbx, QStringLiteral("200"), &id, &pc));
        QCOMPARE(d.stateOf(id), CallState::Answered);

        auto* transfer = d.child<QPushButton>("transferButton");
        QVERIFY(transfer->isVisible());
        QTest::mouseClick(transfer, Qt::LeftButton);
        QVERIFY(d.answerDialog(QStringLiteral("300")));
        QTRY_VERIFY_WITH_TIMEOUT(d.features()->transferText().contains(QLatin1String("Transferring to 300")), 5000);
        QVERIFY(!transfer->isVisible()); // one transfer at a time
        // On the wire: one TRANSFER, encrypted, naming the extension.
        QTRY_COMPARE_WITH_TIMEOUT(pbx.framesFromUs(core::IaxCommand::Transfer).size(), std::size_t(1), 5000);
        const auto xfer = pbx.framesFromUs(core::IaxCommand::Transfer).front();
        QVERIFY(xfer.encrypted);
        QCOMPARE(calledNumberOf(xfer), std::string("300"));
        screenshot(d.window.get(), "desk-transfer-requested.png");

        // The PBX takes it as Asterisk does: it hangs our leg up.
        pbx.udp.engine().hangup(pc, "Normal Clearing", pbx.udp.now());
        pbx.udp.pump();
        QTRY_VERIFY_WITH_TIMEOUT(d.features()->transferText().contains(QLatin1String("Transferred to 300")), 5000);
        QVERIFY(isTerminal(d.stateOf(id)));
        QCOMPARE(d.window->callModel()->snapshot(id)->transfer.state, TransferState::Done);
    }

    void attendedTransfer()
    {
        Pbx pbx;
        Desk d(pbx);
        int first = -1;
        core::CallId pFirst = 0;
        QVERIFY(d.placeEncrypted(pbx, QStringLiteral("200"), &first, &pFirst));
        auto* consult = d.child<QPushButton>("consultButton");
        QVERIFY(consult->toolTip().contains(QLatin1String("TXREQ"))); // why not IAX2's native transfer
        pbx.answerCalls = false; // the consulted party rings first
        QTest::mouseClick(consult, Qt::LeftButton);
        QVERIFY(d.answerDialog(QStringLiteral("300")));
        // The first call is held (CONTROL HOLD reaches the PBX), the consult call is placed.
        QTRY_VERIFY_WITH_TIMEOUT(pbx.heldNow(pFirst), 5000);
        QCOMPARE(d.stateOf(first), CallState::Held);
        QTRY_VERIFY_WITH_TIMEOUT(d.window->callPanel()->callId() != first, 5000);
        const int second = d.window->callPanel()->callId();
        QCOMPARE(d.features()->attended().consultCall(), second);
        auto* complete = d.child<QPushButton>("completeTransferButton");
        QVERIFY(complete->isVisible());
        QVERIFY(!complete->isEnabled()); // not before the PBX reached the target
        pbx.answerCalls = true;
        QTRY_COMPARE_WITH_TIMEOUT(d.stateOf(second), CallState::Answered, 10000);
        QTRY_VERIFY(complete->isEnabled());
        QVERIFY2(d.features()->transferText().contains(QLatin1String("Consulting 300")),
            qPrintable(d.features()->transferText()));
        screenshot(d.window.get(), "desk-consult.png");
        const core::CallId pSecond = pbx.callTo("300");
        QVERIFY(pSecond != 0);

        QTest::mouseClick(complete, Qt::LeftButton);
        // The consult call ends, and the first call's TRANSFER names the consulted number.
        QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pSecond) == core::CallState::HungUp, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(pbx.framesFromUs(core::IaxCommand::Transfer).size(), std::size_t(1), 5000);
        const auto xfer = pbx.framesFromUs(core::IaxCommand::Transfer).front();
        QVERIFY(xfer.encrypted);
        QCOMPARE(calledNumberOf(xfer), std::string("300"));
        QCOMPARE(d.window->callModel()->snapshot(first)->transfer.state, TransferState::Requested);
        pbx.udp.engine().hangup(pFirst, "Normal Clearing", pbx.udp.now());
        pbx.udp.pump();
        QTRY_COMPARE_WITH_TIMEOUT(d.window->callModel()->snapshot(first)->transfer.state, TransferState::Done, 5000);
    }

    void holdSendsControlHoldAndUnhold()
    {
        Pbx pbx;
        Desk d(pbx);
        int id = -1;
        core::CallId pc = 0;
        QVERIFY(d.placeEncrypted(pbx, QStringLiteral("200"), &id, &pc));
        auto* hold = d.child<QPushButton>("holdButton");
        QTest::mouseClick(hold, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.heldNow(pc), 5000);
        QCOMPARE(d.stateOf(id), CallState::Held);
        QTest::mouseClick(hold, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(pbx.holdEvents(pc), 2, 5000);
        QVERIFY(!pbx.heldNow(pc));
        QCOMPARE(d.stateOf(id), CallState::Answered);
    }

    void voicemailBadgeAndDoNotDisturb()
    {
        Pbx pbx;
        Desk d(pbx, [](AccountSettings& a) { a.voicemailExtension = QStringLiteral("*97"); });
        QTRY_VERIFY_WITH_TIMEOUT(d.registered(), 15000);
        QCOMPARE(d.window->trayIcon(), nullptr); // offscreen: no tray, the window shows everything
        QTRY_COMPARE(d.desk()->badgeText(), QStringLiteral("Voicemail: 2 new, 1 old"));
        auto* voicemail = d.child<QPushButton>("voicemailButton");
        QVERIFY(voicemail->isVisible());
        QTest::mouseClick(voicemail, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.callTo("*97") != 0, 10000);
        screenshot(d.window.get(), "desk-voicemail.png");
        const int vm = d.window->callPanel()->callId();
        d.controller->hangup(vm);
        QTRY_VERIFY_WITH_TIMEOUT(isTerminal(d.stateOf(vm)), 5000);

        // Do not disturb for the account: the PBX's call is refused as busy and never shown.
        const int regsBefore = pbx.registrations();
        auto* accountDnd = d.child<QToolButton>("accountDndButton");
        QTest::mouseClick(accountDnd, Qt::LeftButton);
        QVERIFY(d.window->settings().accounts.front().doNotDisturb);
        QVERIFY(d.desk()->accountDndAction()->isChecked());
        const int rows = d.window->callModel()->rowCount();
        core::CallId pc = pbx.callDesk();
        QVERIFY(pc != 0);
        QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pc) == core::CallState::Rejected, 10000);
        QCOMPARE(pbx.udp.endOf(pc)->code, phone::kDndCauseCode);
        QCOMPARE(d.window->callModel()->rowCount(), rows);
        screenshot(d.window.get(), "desk-dnd.png");
        QCOMPARE(pbx.registrations(), regsBefore); // switching DND did not register again

        // Off for the account, on for all accounts: refused the same way.
        QTest::mouseClick(accountDnd, Qt::LeftButton);
        QVERIFY(!d.window->settings().accounts.front().doNotDisturb);
        QTest::mouseClick(d.child<QToolButton>("globalDndButton"), Qt::LeftButton);
        QVERIFY(d.window->settings().general.doNotDisturb);
        pc = pbx.callDesk();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pc) == core::CallState::Rejected, 10000);
        QCOMPARE(pbx.udp.endOf(pc)->code, phone::kDndCauseCode);

        // All off: the call rings.
        QTest::mouseClick(d.child<QToolButton>("globalDndButton"), Qt::LeftButton);
        QVERIFY(!d.window->settings().general.doNotDisturb);
        pc = pbx.callDesk();
        QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pc) == core::CallState::Ringing, 10000);
        pbx.udp.engine().hangup(pc, "Normal Clearing", pbx.udp.now());
        pbx.udp.pump();
    }

    // Where a desktop has a tray, its menu carries the same two toggles, above Quit.
    void trayMenuHasTheToggles()
    {
        QWidget window;
        DeskFeaturesBar desk;
        TrayIcon tray(&window, [] {});
        tray.addToggles({ desk.accountDndAction(), desk.globalDndAction() });
        const QList<QAction*> actions = tray.contextMenu()->actions();
        const qsizetype account = actions.indexOf(desk.accountDndAction());
        const qsizetype global = actions.indexOf(desk.globalDndAction());
        QVERIFY(account >= 0 && global == account + 1);
        QCOMPARE(actions.last()->text(), QStringLiteral("Quit"));
        QVERIFY(global < actions.size() - 1);
        AccountSettings a;
        a.id = QStringLiteral("a");
        a.name = QStringLiteral("Office");
        a.doNotDisturb = true;
        desk.showAccount(&a, { a }, false);
        QVERIFY(desk.accountDndAction()->isChecked()); // the tray shows what the window shows
        QCOMPARE(desk.accountDndAction()->text(), QStringLiteral("Do not disturb: Office"));
    }

    // Auto-answer: the account's "answer after N s" answers a ringing call by itself; the PBX's
    // request (AUTOANSWER in its NEW, as Dial(IAX2/desk/s/a)) is answered at once with the account's
    // "Honour the PBX's auto-answer request" on, and rings as any call with it off (the default).
    // An auto-answered call says so in the call and in the status line.
    void autoAnswer_data()
    {
        QTest::addColumn<int>("afterSeconds");
        QTest::addColumn<bool>("honour");
        QTest::addColumn<bool>("pbxAsks");
        QTest::addColumn<bool>("answered");
        QTest::addColumn<QString>("shot");
        QTest::newRow("after 1 s") << 1 << false << false << true << QStringLiteral("desk-auto-answer.png");
        QTest::newRow("PBX asks, honoured") << 0 << true << true << true << QStringLiteral("desk-auto-answer-pbx.png");
        QTest::newRow("PBX asks, setting off") << 0 << false << true << false << QString();
    }
    void autoAnswer()
    {
        QFETCH(int, afterSeconds);
        QFETCH(bool, honour);
        QFETCH(bool, pbxAsks);
        QFETCH(bool, answered);
        QFETCH(QString, shot);
        Pbx pbx;
        Desk d(pbx, [&](AccountSettings& a) {
            a.autoAnswerAfterSeconds = afterSeconds;
            a.autoAnswerFromPbx = honour;
        });
        QTRY_VERIFY_WITH_TIMEOUT(d.registered(), 15000);
        const core::CallId pc = pbx.callDesk(pbxAsks);
        QVERIFY(pc != 0);
        QTRY_COMPARE_WITH_TIMEOUT(d.window->callModel()->rowCount(), 1, 10000);
        const int id = d.window->callPanel()->callId();
        if (answered) {
            QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pc) == core::CallState::Answered, 10000);
            QTRY_COMPARE(d.stateOf(id), CallState::Answered);
            QVERIFY(d.window->callModel()->snapshot(id)->autoAnswered);
            QTRY_COMPARE(d.features()->noticeText(), QStringLiteral("Answered automatically."));
            QVERIFY2(d.window->lastStatus().contains(QLatin1String("answered automatically")),
                qPrintable(d.window->lastStatus()));
            QVERIFY(d.window->lastStatus().contains(QLatin1String("Front Desk")));
            screenshot(d.window.get(), qPrintable(shot));
        } else {
            // The phone's RINGING reached the PBX: the rule chose to ring, nothing answers by itself.
            QTRY_VERIFY_WITH_TIMEOUT(pbx.udp.stateOf(pc) == core::CallState::Ringing, 10000);
            QCOMPARE(d.stateOf(id), CallState::Ringing);
            QVERIFY(!d.window->callModel()->snapshot(id)->autoAnswered);
            QVERIFY(!d.window->lastStatus().contains(QLatin1String("answered automatically")));
        }
        pbx.udp.engine().hangup(pc, "Normal Clearing", pbx.udp.now());
        pbx.udp.pump();
    }

    void chatInACall()
    {
        Pbx pbx;
        Desk d(pbx);
        int id = -1;
        core::CallId pc = 0;
        QVERIFY(d.placeEncrypted(pbx, QStringLiteral("200"), &id, &pc));
        auto* chatButton = d.child<QPushButton>("chatButton");
        QTest::mouseClick(chatButton, Qt::LeftButton);
        CallChatPane* chat = d.features()->chat();
        QVERIFY(chat->isVisible());
        QTest::keyClicks(chat->input(), QStringLiteral("hello PBX"));
        QTest::mouseClick(chat->sendButton(), Qt::LeftButton);
        const auto received = [&] {
            for (const auto& ev : pbx.udp.events)
                if (const auto* t = std::get_if<core::TextReceived>(&ev); t && t->call == pc)
                    return t->text;
            return std::string();
        };
        QTRY_COMPARE_WITH_TIMEOUT(received(), std::string("hello PBX"), 5000);
        QTRY_COMPARE(chat->transcript(), QStringLiteral("Me: hello PBX"));
        QVERIFY(pbx.framesFromUs(core::IaxCommand::Transfer).empty());
        // Markup and a right-to-left override from the peer: shown as typed, the override visible.
        QVERIFY(pbx.udp.engine().sendText(pc, "<b>bold</b> \xE2\x80\xAEgnp.exe", pbx.udp.now()));
        pbx.udp.pump();
        QTRY_VERIFY_WITH_TIMEOUT(chat->transcript().contains(QLatin1String("Them: ")), 5000);
        const QString shown = chat->log()->toPlainText();
        QVERIFY2(shown.contains(QLatin1String("Them: <b>bold</b> \\u202egnp.exe")), qPrintable(shown));
        QVERIFY(!shown.contains(QChar(0x202E)));
        screenshot(d.window.get(), "desk-chat.png");
        QCOMPARE(d.stateOf(id), CallState::Answered);
        pbx.udp.engine().hangup(pc, "Normal Clearing", pbx.udp.now());
        pbx.udp.pump();
    }

    // Only with IAXPHONE_LIVE_PEER=<address> of the asterisk-peer kit (account dev-md5; CI has no
    // Asterisk): Hold/Resume in a call to `bridge` (Asterisk plays music on hold to the bridged
    // channel when res_musiconhold is loaded), then Consult… xfer-target and Complete transfer:
    // Asterisk moves the bridged channel to xfer-target and hangs our first call up.
    void liveAttendedTransfer()
    {
        const QString peer = qEnvironmentVariable("IAXPHONE_LIVE_PEER");
        if (peer.isEmpty())
            QSKIP("set IAXPHONE_LIVE_PEER to the asterisk-peer kit's address");
        Desk d(liveAccount(peer, "dev-md5", "DevMd5Pass-1"), liveBindPort());
        MainWindow& w = *d.window;
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        CallFeaturesBar* features = w.callPanel()->features();
        w.dialField()->setText(QStringLiteral("bridge"));
        w.dialCurrent();
        const int first = w.callPanel()->callId();
        QTRY_COMPARE_WITH_TIMEOUT(w.callPanel()->indicator()->state(), EncryptionState::Encrypted, 15000);
        auto* hold = w.findChild<QPushButton*>(QStringLiteral("holdButton"));
        QTest::mouseClick(hold, Qt::LeftButton);
        QTRY_COMPARE(w.callModel()->snapshot(first)->state, CallState::Held);
        QTest::qWait(2000);
        QTest::mouseClick(hold, Qt::LeftButton);
        QTRY_COMPARE(w.callModel()->snapshot(first)->state, CallState::Answered);
        QTest::qWait(1000);
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("consultButton")), Qt::LeftButton);
        QInputDialog* dialog = features->extensionDialog();
        QVERIFY(dialog);
        dialog->setTextValue(QStringLiteral("xfer-target"));
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(features->attended().canComplete(), 15000);
        const int second = features->attended().consultCall();
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->snapshot(second)->state, CallState::Answered, 15000);
        QTest::qWait(1000);
        QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("completeTransferButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.callModel()->snapshot(first)->transfer.state, TransferState::Done, 15000);
        qInfo("first call %d: %s", first, qPrintable(w.callModel()->snapshot(first)->transfer.reason));
    }

    // Only with IAXPHONE_LIVE_PEER (account dev-mwi, whose mailbox the kit seeds; `peer.sh mwi N`
    // changes it): the badge shows the REGACK's count; then do not disturb is switched on for
    // IAXPHONE_LIVE_DND_SECONDS (default 0) while the kit calls us
    // (`peer.sh cli 'channel originate IAX2/dev-mwi extension echo@dev-in'`): no call may ring.
    void liveVoicemailAndDnd()
    {
        const QString peer = qEnvironmentVariable("IAXPHONE_LIVE_PEER");
        if (peer.isEmpty())
            QSKIP("set IAXPHONE_LIVE_PEER to the asterisk-peer kit's address");
        Desk d(liveAccount(peer, "dev-mwi", "DevMwiPass-6"), liveBindPort());
        MainWindow& w = *d.window;
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* desk = w.findChild<DeskFeaturesBar*>(QStringLiteral("deskFeatures"));
        QTRY_VERIFY_WITH_TIMEOUT(!desk->badgeText().isEmpty(), 15000);
        qInfo("badge: %s", qPrintable(desk->badgeText()));
        QTest::mouseClick(w.findChild<QToolButton*>(QStringLiteral("accountDndButton")), Qt::LeftButton);
        QVERIFY(w.settings().accounts.front().doNotDisturb);
        QTest::qWait(1000 * qEnvironmentVariableIntValue("IAXPHONE_LIVE_DND_SECONDS"));
        QCOMPARE(w.callModel()->rowCount(), 0);
        screenshot(&w, "desk-live-voicemail.png");
    }
};

QTEST_MAIN(TstUiDeskFeatures)
#include "tst_ui_desk_features.moc"
