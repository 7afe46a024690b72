// EngineHost::hangupAll (the shutdown of both front ends) on real loopback UDP: it hangs up every
// call the Engine has not ended, now taken from the Engine's own call table (Engine::liveCalls)
// rather than a table of the host's: an answered call, and an incoming call whose caller has not
// authenticated yet (which the host's table never held: that caller used to be left to time out).
#include "core/net/engine_thread.h"
#include "support/hand_driven_caller.h"

#include <QtTest>

#include <optional>

using namespace iax;

namespace {

core::EngineConfig calleeConfig()
{
    core::EngineConfig cfg;
    core::UserConfig u;
    u.username = "bob";
    u.secret = "shutdown-secret";
    cfg.users.push_back(u);
    return cfg;
}

// A caller driven by hand that keeps the last state its call announced.
struct Caller : test::HandDrivenCaller {
    std::optional<core::CallState> last;
    using HandDrivenCaller::HandDrivenCaller;

    bool dialBob()
    {
        if (!socket.bind(QHostAddress::LocalHost, 0))
            return false;
        core::DialRequest d;
        d.peer = { "127.0.0.1", calleePort };
        d.username = "bob";
        d.secret = "shutdown-secret";
        d.calledNumber = "700";
        return dial(d);
    }
    /// Feeds what arrived into the Engine and sends what it has to send (when `send`).
    void pump(bool send = true)
    {
        QByteArray buffer(65536, Qt::Uninitialized);
        while (socket.hasPendingDatagrams()) {
            const qint64 n = socket.readDatagram(buffer.data(), buffer.size());
            if (n >= 0)
                engine.receive(std::span<const std::uint8_t>(
                                   reinterpret_cast<const std::uint8_t*>(buffer.constData()), std::size_t(n)),
                    { "127.0.0.1", calleePort }, now());
        }
        if (const auto d = engine.nextDeadline(); d && *d <= now())
            engine.handleTimeout(now());
        while (send) {
            const auto t = engine.pollTransmit();
            if (!t)
                break;
            HandDrivenCaller::send(*t);
        }
        while (const auto e = engine.pollEvent())
            if (const auto* s = std::get_if<core::CallStateChanged>(&*e))
                last = s->state;
    }
};

} // namespace

class TestNetHostHangupAll : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void endsAnsweredCall();
    void endsCallerStillAuthenticating();
};

void TestNetHostHangupAll::endsAnsweredCall()
{
    net::EngineThread callee(calleeConfig());
    QString error;
    QVERIFY2(callee.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    connect(
        &callee.host(), &net::EngineHost::engineEvent, this,
        [&callee](const core::EngineEvent& e) {
            if (const auto* in = std::get_if<core::IncomingCall>(&e))
                callee.host().answer(in->call);
        },
        Qt::QueuedConnection);
    Caller caller(callee.host().localPort());
    QVERIFY(caller.dialBob());
    QTRY_VERIFY_WITH_TIMEOUT((caller.pump(), caller.last == core::CallState::Answered), 20000);
    callee.host().hangupAll(QStringLiteral("Normal Clearing"));
    QTRY_VERIFY_WITH_TIMEOUT((caller.pump(), caller.last == core::CallState::HungUp), 20000);
}

void TestNetHostHangupAll::endsCallerStillAuthenticating()
{
    net::EngineThread callee(calleeConfig());
    QString error;
    QVERIFY2(callee.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    Caller caller(callee.host().localPort());
    QVERIFY(caller.dialBob());
    caller.pump(); // NEW without a token
    QTRY_VERIFY_WITH_TIMEOUT(caller.socket.hasPendingDatagrams(), 20000);
    caller.pump(); // CALLTOKEN in, NEW with the token out
    // The callee's AUTHREQ arrives: the callee has the call, still authenticating, and has told
    // its host nothing about it. The caller does not answer yet.
    QTRY_VERIFY_WITH_TIMEOUT((caller.pump(false), caller.last == core::CallState::Authenticating), 20000);
    callee.host().hangupAll(QStringLiteral("Normal Clearing"));
    // A stats request queued behind it is answered once hangupAll has run on the host thread.
    bool answered = false;
    connect(
        &callee.host(), &net::EngineHost::statsReady, this, [&answered] { answered = true; }, Qt::QueuedConnection);
    callee.host().requestStats();
    QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
    // Only now does its AUTHREP go out: the HANGUP has ended the call already.
    QTRY_VERIFY_WITH_TIMEOUT((caller.pump(), caller.last == core::CallState::HungUp), 20000);
}

QTEST_GUILESS_MAIN(TestNetHostHangupAll)
#include "tst_net_host_hangup_all.moc"
