// The call state machine's transition rule (core/protocol/call_state.h): for each CallState, its
// legal successors are applied and every other state is refused and counted; and the call flows
// of two Engines on a simulated link make only legal transitions.
#include "core/protocol/call_state.h"
#include "sim/engine_pair.h"

#include <QtTest>

using namespace iax::core;
using namespace iax::sim;

namespace {

using S = CallState;
const std::vector<S> kAll { S::Calling, S::Authenticating, S::Proceeding, S::Ringing, S::Answered, S::Incoming,
    S::HungUp, S::Rejected, S::Failed };

// Every state a CallStateChanged of `n` announced, in order, must be a legal successor of the one
// before (the first: Calling for a caller, the callee's Authenticating never announced).
bool announcedLegally(const Node& n, S first)
{
    S at = first;
    bool initial = first == S::Calling;
    for (const auto& c : n.all<CallStateChanged>()) {
        if (!(initial && c.state == S::Calling) && !transitionLegal(at, c.state))
            return false;
        initial = false;
        at = c.state;
    }
    return true;
}

} // namespace

Q_DECLARE_METATYPE(iax::core::CallState)
Q_DECLARE_METATYPE(std::vector<iax::core::CallState>)

class TestCallState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void successors_data();
    void successors();
    void flowsMakeOnlyLegalTransitions_data();
    void flowsMakeOnlyLegalTransitions();
};

void TestCallState::successors_data()
{
    QTest::addColumn<S>("from");
    QTest::addColumn<std::vector<S>>("legal");
    const std::vector<S> end { S::HungUp, S::Rejected, S::Failed };
    auto with = [&](std::vector<S> v) {
        v.insert(v.end(), end.begin(), end.end());
        return v;
    };
    QTest::newRow("calling") << S::Calling << with({ S::Calling, S::Authenticating, S::Proceeding });
    QTest::newRow("authenticating") << S::Authenticating << with({ S::Proceeding, S::Incoming });
    QTest::newRow("proceeding") << S::Proceeding << with({ S::Ringing, S::Answered });
    QTest::newRow("ringing") << S::Ringing << with({ S::Answered });
    QTest::newRow("answered") << S::Answered << with({});
    QTest::newRow("incoming") << S::Incoming << with({ S::Ringing, S::Answered });
    QTest::newRow("hungup") << S::HungUp << std::vector<S> {};
    QTest::newRow("rejected") << S::Rejected << std::vector<S> {};
    QTest::newRow("failed") << S::Failed << std::vector<S> {};
}

void TestCallState::successors()
{
    QFETCH(S, from);
    QFETCH(std::vector<S>, legal);
    for (S to : kAll) {
        const bool isLegal = std::find(legal.begin(), legal.end(), to) != legal.end();
        const QByteArray what = QByteArray(stateName(from)) + " -> " + stateName(to);
        QCOMPARE(transitionLegal(from, to), isLegal);
        S state = from;
        std::uint64_t refused = 5;
        const TransitionResult r = applyTransition(state, to, refused);
        if (isLegal) {
            QVERIFY2(r == TransitionResult::Applied, what.constData());
            QCOMPARE(state, to);
            QCOMPARE(refused, std::uint64_t(5));
        } else if (to == from) { // a repeated state: nothing happens, nothing is counted
            QVERIFY2(r == TransitionResult::Unchanged, what.constData());
            QCOMPARE(state, from);
            QCOMPARE(refused, std::uint64_t(5));
        } else {
            QVERIFY2(r == TransitionResult::Refused, what.constData());
            QCOMPARE(state, from);
            QCOMPARE(refused, std::uint64_t(6));
        }
    }
}

void TestCallState::flowsMakeOnlyLegalTransitions_data()
{
    QTest::addColumn<QString>("flow");
    for (const char* f : { "answer", "ring-answer", "reject", "busy", "cancel", "callee-hangup", "wrong-secret" })
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestCallState::flowsMakeOnlyLegalTransitions()
{
    QFETCH(QString, flow);
    UserConfig u = alice();
    if (flow == QLatin1String("wrong-secret"))
        u.secret = "not-the-secret";
    Pair p(u);
    p.autoAnswer = flow == QLatin1String("answer") || flow == QLatin1String("callee-hangup");
    const auto ca = p.a.dial(p.dial(), p.net.now());
    QVERIFY(ca);
    p.net.run(p.net.now() + Millis(3000));
    const auto incoming = p.nb.all<IncomingCall>();
    if (flow == QLatin1String("ring-answer")) {
        QVERIFY(!incoming.empty());
        QVERIFY(p.b.ring(incoming[0].call, p.net.now()));
        p.net.run(p.net.now() + Millis(500));
        QVERIFY(p.b.answer(incoming[0].call, p.net.now()));
    } else if (flow == QLatin1String("reject")) {
        QVERIFY(p.b.reject(incoming.at(0).call, "no", p.net.now()));
    } else if (flow == QLatin1String("busy")) {
        QVERIFY(p.b.indicateBusy(incoming.at(0).call, false, p.net.now()));
    } else if (flow == QLatin1String("cancel")) {
        QVERIFY(p.b.ring(incoming.at(0).call, p.net.now()));
        p.net.run(p.net.now() + Millis(500));
        QVERIFY(p.a.hangup(*ca, "cancel", p.net.now()));
    } else if (flow == QLatin1String("callee-hangup")) {
        QVERIFY(p.answeredBoth());
        QVERIFY(p.b.hangup(incoming.at(0).call, "bye", p.net.now()));
    }
    p.net.run(p.net.now() + Millis(3000));
    if (p.a.callCount() != 0)
        p.hangupAndDrain(*ca);
    else
        p.net.run(p.net.now() + Millis(120000), [&] { return p.b.callCount() == 0; });
    QCOMPARE(p.a.callCount(), std::size_t(0));
    QCOMPARE(p.b.callCount(), std::size_t(0));
    QVERIFY(p.na.lastState() && *p.na.lastState() != S::Answered); // every flow ended
    QCOMPARE(p.a.counters().illegalTransitions, std::uint64_t(0));
    QCOMPARE(p.b.counters().illegalTransitions, std::uint64_t(0));
    QVERIFY(announcedLegally(p.na, S::Calling));
    QVERIFY(announcedLegally(p.nb, S::Authenticating));
}

QTEST_GUILESS_MAIN(TestCallState)
#include "tst_call_state.moc"
