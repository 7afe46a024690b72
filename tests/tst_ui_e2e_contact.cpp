// Issue 20, a contact marked "always end-to-end" (docs/CONTACTS.md, docs/E2E.md), offscreen, real
// UDP: the main window with the production EnginePhoneController and a contact "Bob" (600) so
// marked, and a peer Engine on loopback with the end-to-end mode on (another IAXPhone) or off
// (answers like Asterisk: AES-128-CBC only).
// - calling Bob: with the mode the call is answered end-to-end; without it the call is refused
//   before AUTHREP with a clear cause, and the peer never answers;
// - Bob calling: without the mode the window rejects the call and says why in red; with it the
//   call rings;
// - Bob calling end-to-end but signing with another identity key than the one pinned for him: the
//   window ends the call and says why in red; with the pinned key it rings.
#include "core/phone/contact_book.h"
#include "core/phone/e2e_trust.h"
#include "core/phone/engine_phone_controller.h"
#include "core/protocol/e2e_identity.h"
#include "support/silent_ringer.h"
#include "support/udp_engine.h"
#include "ui/call_list_model.h"
#include "ui/device_call_audio.h"
#include "ui/main_window.h"
#include "ui/ringer.h"

#include <QLineEdit>

#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace iax;
using namespace iax::ui;

namespace {
const char* const kSecret = "ui-e2e-contact-secret";

using test::SilentRinger;

// The peer: an Engine on loopback UDP with user "alice", the end-to-end mode on or off.
std::unique_ptr<test::UdpEngine> peer(bool e2e, std::shared_ptr<const core::Ed25519Identity> identity = nullptr)
{
    core::EngineConfig c;
    c.e2e = e2e;
    c.e2eIdentity = std::move(identity);
    core::UserConfig u;
    u.username = "alice";
    u.secret = kSecret;
    u.encryption = core::EncryptionPolicy::Opportunistic;
    c.users.push_back(u);
    return std::make_unique<test::UdpEngine>(c);
}

// An Ed25519 identity from a fixed seed filled with `fill`.
std::shared_ptr<const core::Ed25519Identity> identity(std::uint8_t fill)
{
    std::array<std::uint8_t, 32> seed {};
    seed.fill(fill);
    return std::make_shared<const core::Ed25519Identity>(core::Ed25519Identity::fromSeed(seed).value());
}

// The window with the production controller, its account pointing at `peerPort`, and Bob (600)
// marked "always end-to-end" in its address book.
struct Phone {
    QTemporaryDir dir;
    std::unique_ptr<EnginePhoneController> controller;
    std::unique_ptr<phone::ContactBook> contacts;
    SilentRinger ringer;
    std::unique_ptr<MainWindow> window;

    explicit Phone(quint16 peerPort, const QList<phone::E2ePeerTrust>& trust = {})
    {
        EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.removeDelayMs = 60000;
        controller = std::make_unique<EnginePhoneController>(opt);
        contacts = std::make_unique<phone::ContactBook>(dir.filePath(QStringLiteral("contacts.json")));
        phone::Contact bob;
        bob.name = QStringLiteral("Bob");
        bob.numbers = { { QStringLiteral("600"), {}, {} } };
        bob.alwaysEndToEnd = true;
        contacts->add(bob);
        Settings s;
        AccountSettings a;
        a.id = QStringLiteral("acc");
        a.name = QStringLiteral("Office");
        a.host = QStringLiteral("127.0.0.1");
        a.port = peerPort;
        a.username = QStringLiteral("alice");
        a.secret = kSecret;
        a.encryption = EncryptionPolicy::Opportunistic;
        a.codecs = { QStringLiteral("ulaw") };
        s.accounts << a;
        s.e2ePeers = trust;
        MainWindowDeps deps;
        deps.controller = controller.get();
        deps.ringer = &ringer;
        deps.contacts = contacts.get();
        deps.useTray = false;
        QString error;
        started = controller->start(&error);
        window = std::make_unique<MainWindow>(deps, s);
        window->show();
    }
    bool started = false;
};

// The peer answers every incoming call (as an IAXPhone or a PBX would).
void answerIncoming(test::UdpEngine& p)
{
    for (const auto& ev : p.events)
        if (const auto* in = std::get_if<core::IncomingCall>(&ev);
            in && p.stateOf(in->call) == core::CallState::Incoming) {
            p.engine().answer(in->call, p.now());
            p.pump();
        }
}

// The peer calls the window as Bob (600); the peer's call, or nothing when it could not dial.
std::optional<core::CallId> bobCalls(test::UdpEngine& p, const Phone& b)
{
    core::DialRequest d;
    d.peer = { "127.0.0.1", b.controller->localPort() };
    d.username = "alice";
    d.secret = kSecret;
    d.calledNumber = "100";
    d.callingNumber = "600"; // Bob
    d.encryption = core::EncryptionPolicy::Opportunistic;
    auto id = p.engine().dial(d, p.now());
    p.pump();
    return id;
}

bool anyAnswered(const test::UdpEngine& p)
{
    for (const auto& ev : p.events)
        if (const auto* s = std::get_if<core::CallStateChanged>(&ev); s && s->state == core::CallState::Answered)
            return true;
    return false;
}

} // namespace

class TstUiE2eContact : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void callingTheContactNeedsTheMode_data()
    {
        QTest::addColumn<bool>("peerE2e");
        QTest::newRow("another IAXPhone: end-to-end") << true;
        QTest::newRow("hop-by-hop only (as Asterisk): refused") << false;
    }
    void callingTheContactNeedsTheMode()
    {
        QFETCH(bool, peerE2e);
        auto p = peer(peerE2e);
        Phone a(p->port());
        QVERIFY(a.started);
        a.window->dialField()->setText(QStringLiteral("600"));
        a.window->dialCurrent();
        QVERIFY2(
            a.window->lastStatus().contains(QLatin1String("always end-to-end")), qPrintable(a.window->lastStatus()));
        CallListModel* m = a.window->callModel();
        const auto snap = [&]() -> const CallSnapshot* {
            return m->rowCount() ? m->snapshot(m->data(m->index(0), CallListModel::CallIdRole).toInt()) : nullptr;
        };
        const bool settled = QTest::qWaitFor(
            [&] {
                answerIncoming(*p);
                const CallSnapshot* s = snap();
                return s
                    && (s->state == CallState::Failed || s->state == CallState::HungUp
                        || (s->state == CallState::Answered && s->encryption == EncryptionState::Encrypted));
            },
            15000);
        QVERIFY(settled);
        const CallSnapshot* s = snap();
        if (peerE2e) {
            QCOMPARE(s->state, CallState::Answered);
            QCOMPARE(s->details.mode, QStringLiteral("e2e"));
        } else {
            QVERIFY(s->state != CallState::Answered);
            QVERIFY2(s->cause.contains(QLatin1String("end-to-end encryption required")), qPrintable(s->cause));
            QVERIFY(!anyAnswered(*p)); // refused before AUTHREP: the peer never answered
        }
    }

    void theContactCallingWithoutTheModeIsRejected_data()
    {
        QTest::addColumn<bool>("peerE2e");
        QTest::newRow("end-to-end: rings") << true;
        QTest::newRow("hop-by-hop: rejected") << false;
    }
    void theContactCallingWithoutTheModeIsRejected()
    {
        QFETCH(bool, peerE2e);
        auto p = peer(peerE2e);
        Phone b(p->port());
        QVERIFY(b.started);
        const auto id = bobCalls(*p, b);
        QVERIFY(id);
        CallListModel* m = b.window->callModel();
        QVERIFY(QTest::qWaitFor([&] { return m->rowCount() > 0; }, 15000));
        if (peerE2e) {
            QTest::qWait(500);
            const auto st = p->stateOf(*id);
            QVERIFY(st != core::CallState::Rejected && st != core::CallState::Failed && st != core::CallState::HungUp);
            QVERIFY(b.window->dialNotice().isEmpty());
        } else {
            QVERIFY(QTest::qWaitFor([&] { return p->stateOf(*id) == core::CallState::Rejected; }, 15000));
            QVERIFY2(b.window->dialNotice().contains(QLatin1String("always end-to-end")),
                qPrintable(b.window->dialNotice()));
        }
    }

    void theContactSigningWithAnotherIdentityIsRefused_data()
    {
        QTest::addColumn<bool>("samePin");
        QTest::newRow("the pinned identity: rings") << true;
        QTest::newRow("another identity: ended") << false;
    }
    void theContactSigningWithAnotherIdentityIsRefused()
    {
        QFETCH(bool, samePin);
        const auto bobsKey = identity(0x11), pinnedKey = samePin ? bobsKey : identity(0x22);
        auto p = peer(true, bobsKey);
        phone::E2ePeerTrust pin; // Bob's words were confirmed in an earlier call, his key pinned
        pin.accountId = QStringLiteral("acc");
        pin.peer = QStringLiteral("600");
        pin.seenE2e = pin.verified = true;
        pin.identity = QString::fromStdString(core::identityFingerprint(pinnedKey->pub));
        Phone b(p->port(), { pin });
        QVERIFY(b.started);
        const auto id = bobCalls(*p, b);
        QVERIFY(id);
        CallListModel* m = b.window->callModel();
        QVERIFY(QTest::qWaitFor([&] { return m->rowCount() > 0; }, 15000));
        const int callId = m->data(m->index(0, 0), CallListModel::CallIdRole).toInt();
        // The window knows the caller's identity once the call is keyed end to end.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const CallSnapshot* s = m->snapshot(callId);
                return s && !s->details.peerIdentity.isEmpty();
            },
            15000));
        const QString bobs = QString::fromStdString(core::identityFingerprint(bobsKey->pub));
        QCOMPARE(m->snapshot(callId)->details.peerIdentity, bobs);
        if (samePin) {
            QTest::qWait(500);
            const auto st = p->stateOf(*id);
            QVERIFY(st != core::CallState::Rejected && st != core::CallState::Failed && st != core::CallState::HungUp);
            QVERIFY2(b.window->dialNotice().isEmpty(), qPrintable(b.window->dialNotice()));
        } else {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    const auto st = p->stateOf(*id);
                    return st == core::CallState::Rejected || st == core::CallState::HungUp;
                },
                15000));
            QVERIFY2(b.window->dialNotice().contains(QLatin1String("another identity key")),
                qPrintable(b.window->dialNotice()));
        }
    }
};

QTEST_MAIN(TstUiE2eContact)
#include "tst_ui_e2e_contact.moc"
