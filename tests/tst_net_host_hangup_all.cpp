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

// Binds `caller` and dials calleeConfig()'s user; false when either fails.
bool dialBob(test::HandDrivenCaller& caller)
{
    if (!caller.socket.bind(QHostAddress::LocalHost, 0))
        return false;
    core::DialRequest d;
    d.peer = { "127.0.0.1", caller.calleePort };
    d.username = "bob";
    d.secret = "shutdown-secret";
    d.calledNumber = "700";
    return caller.dial(d);
}

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
    test::answerEveryCall(callee.host(), this);
    test::HandDrivenCaller caller(callee.host().localPort());
    QVERIFY(dialBob(caller));
    QTRY_VERIFY_WITH_TIMEOUT((caller.service(), caller.lastState == core::CallState::Answered), 20000);
    callee.host().hangupAll(QStringLiteral("Normal Clearing"));
    QTRY_VERIFY_WITH_TIMEOUT((caller.service(), caller.lastState == core::CallState::HungUp), 20000);
}

void TestNetHostHangupAll::endsCallerStillAuthenticating()
{
    net::EngineThread callee(calleeConfig());
    QString error;
    QVERIFY2(callee.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    test::HandDrivenCaller caller(callee.host().localPort());
    QVERIFY(dialBob(caller));
    caller.service(); // NEW without a token
    QTRY_VERIFY_WITH_TIMEOUT(caller.socket.hasPendingDatagrams(), 20000);
    caller.service(); // CALLTOKEN in, NEW with the token out
    // The callee's AUTHREQ arrives: the callee has the call, still authenticating, and has told
    // its host nothing about it. The caller does not answer yet.
    QTRY_VERIFY_WITH_TIMEOUT((caller.service(false), caller.lastState == core::CallState::Authenticating), 20000);
    callee.host().hangupAll(QStringLiteral("Normal Clearing"));
    // A stats request queued behind it is answered once hangupAll has run on the host thread.
    bool answered = false;
    connect(
        &callee.host(), &net::EngineHost::statsReady, this, [&answered] { answered = true; }, Qt::QueuedConnection);
    callee.host().requestStats();
    QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
    // Only now does its AUTHREP go out: the HANGUP has ended the call already.
    QTRY_VERIFY_WITH_TIMEOUT((caller.service(), caller.lastState == core::CallState::HungUp), 20000);
}

QTEST_GUILESS_MAIN(TestNetHostHangupAll)
#include "tst_net_host_hangup_all.moc"
