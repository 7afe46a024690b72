// CallTable (core/protocol/call_table.h): the Engine's calls by call number, by the peer's
// (address, call number) and by deadline. Calls are real Calls on a host that only records.
#include "core/protocol/call_table.h"

#include <QtTest>

using namespace iax::core;

namespace {

// The services a Call needs, doing nothing.
class NullHost final : public CallHost {
public:
    void transmit(const PeerAddress&, std::vector<std::uint8_t>) override { }
    void post(EngineEvent) override { }
    RandomSource& random() override { return m_rng; }
    const EngineConfig& config() const override { return m_config; }
    EngineCounters& dropCounters() override { return m_counters; }
    bool reserveHeld(std::size_t) override { return true; }
    void releaseHeld(std::size_t) override { }
    bool admitAuthenticated() override { return true; }

private:
    SeededRandom m_rng { 1 };
    EngineConfig m_config;
    EngineCounters m_counters;
};

const PeerAddress kP { "10.0.0.1", 4569 };
const PeerAddress kQ { "10.0.0.2", 4569 };

// An incoming call numbered `id` from `peer`'s call number `remote`.
std::unique_ptr<Call> incoming(CallHost& host, CallId id, const PeerAddress& peer, std::uint16_t remote)
{
    FullFrame f;
    f.scall = remote;
    return std::make_unique<Call>(host, id, std::uint16_t(id), peer, f, IeList {}, UserConfig {}, Millis(0));
}

// An outgoing call numbered `id` to `peer` (no peer call number yet).
std::unique_ptr<Call> outgoing(CallHost& host, CallId id, const PeerAddress& peer)
{
    DialRequest r;
    r.peer = peer;
    return std::make_unique<Call>(host, id, std::uint16_t(id), std::move(r), Millis(0));
}

// An incoming call as the Engine files it: by number, by (peer, remote) and by `deadline`.
Call& filed(CallTable& t, CallHost& host, CallId id, const PeerAddress& peer, std::uint16_t remote, Millis deadline)
{
    Call& c = t.insert(incoming(host, id, peer, remote));
    t.bindRemote(peer, remote, id);
    t.setDeadline(id, deadline);
    return c;
}

std::vector<CallId> due(CallTable& t, Millis now)
{
    std::vector<CallId> out;
    t.takeDue(now, out);
    return out;
}

} // namespace

class TestCallTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void insertAndFind();
    void eraseRemovesEverything();
    void byRemote();
    void deadlinesComeDueInOrder();
    void movedDeadlineLeavesStaleEntry();
    void staleEntriesAreBounded();
    void reusedCallNumber();
};

void TestCallTable::insertAndFind()
{
    NullHost host;
    CallTable t;
    QCOMPARE(t.size(), std::size_t(0));
    Call& a = t.insert(outgoing(host, 2, kP));
    Call& b = t.insert(incoming(host, 32767, kQ, 9));
    QCOMPARE(t.size(), std::size_t(2));
    QCOMPARE(t.find(2), &a);
    QCOMPARE(t.find(32767), &b);
    QVERIFY(t.contains(2));
    QVERIFY(!t.contains(3));
    QCOMPARE(t.find(3), nullptr);
    QCOMPARE(t.find(0), nullptr);
    QCOMPARE(t.find(32768), nullptr); // out of range finds nothing
    QCOMPARE(t.find(0xFFFFFFFFu), nullptr);
    std::vector<CallId> walked;
    t.forEach([&](const Call& c) { walked.push_back(c.id()); });
    QCOMPARE(walked, (std::vector<CallId> { 2, 32767 }));
}

void TestCallTable::eraseRemovesEverything()
{
    NullHost host;
    CallTable t;
    Call& c = filed(t, host, 5, kP, 40, Millis(100));
    QCOMPARE(t.findByRemote(kP, 40), &c);
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(100)));
    t.erase(5);
    QCOMPARE(t.size(), std::size_t(0));
    QCOMPARE(t.find(5), nullptr);
    QCOMPARE(t.findByRemote(kP, 40), nullptr);
    QCOMPARE(t.nextDeadline(), std::nullopt);
    QVERIFY(due(t, Millis(1000)).empty());
    t.erase(5); // nothing there: nothing happens
    t.erase(40000);
    QCOMPARE(t.size(), std::size_t(0));
}

void TestCallTable::byRemote()
{
    NullHost host;
    CallTable t;
    Call& p7 = t.insert(incoming(host, 10, kP, 7));
    Call& q7 = t.insert(incoming(host, 11, kQ, 7));
    Call& p8 = t.insert(incoming(host, 12, kP, 8));
    t.bindRemote(kP, 7, 10);
    t.bindRemote(kQ, 7, 11);
    t.bindRemote(kP, 8, 12);
    QCOMPARE(t.findByRemote(kP, 7), &p7);
    QCOMPARE(t.findByRemote(kQ, 7), &q7);
    QCOMPARE(t.findByRemote(kP, 8), &p8);
    QCOMPARE(t.findByRemote(kQ, 8), nullptr);
    QCOMPARE(t.findByRemote({ "10.0.0.1", 4570 }, 7), nullptr); // another port is another peer
    // The first call filed under a pair keeps it.
    t.bindRemote(kP, 7, 12);
    QCOMPARE(t.findByRemote(kP, 7), &p7);
    // An outgoing call is filed once it knows the peer's call number; erasing a call that is not
    // the one filed under its pair leaves the pair alone.
    Call& out = t.insert(outgoing(host, 13, kP));
    QCOMPARE(out.remoteCallno(), std::uint16_t(0));
    t.bindRemote(kP, 8, 13);
    QCOMPARE(t.findByRemote(kP, 8), &p8);
    t.erase(13);
    QCOMPARE(t.findByRemote(kP, 8), &p8);
    t.erase(12);
    QCOMPARE(t.findByRemote(kP, 8), nullptr);
    QCOMPARE(t.findByRemote(kP, 7), &p7);
}

void TestCallTable::deadlinesComeDueInOrder()
{
    NullHost host;
    CallTable t;
    for (CallId id : { 20, 21, 22, 23, 24 })
        t.insert(outgoing(host, id, kP));
    t.setDeadline(20, Millis(300));
    t.setDeadline(21, Millis(100));
    t.setDeadline(22, Millis(200));
    t.setDeadline(23, Millis(100));
    t.setDeadline(24, std::nullopt);
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(100)));
    QVERIFY(due(t, Millis(99)).empty());
    // Earliest first, ties by call number; only those due.
    QCOMPARE(due(t, Millis(200)), (std::vector<CallId> { 21, 23, 22 }));
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(300)));
    // Taken calls are unfiled until filed again.
    QVERIFY(due(t, Millis(250)).empty());
    t.setDeadline(23, Millis(250));
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(250)));
    QCOMPARE(due(t, Millis(1000)), (std::vector<CallId> { 23, 20 }));
    QCOMPARE(t.nextDeadline(), std::nullopt);
}

void TestCallTable::movedDeadlineLeavesStaleEntry()
{
    NullHost host;
    CallTable t;
    t.insert(outgoing(host, 30, kP));
    t.insert(outgoing(host, 31, kP));
    t.setDeadline(30, Millis(100));
    t.setDeadline(31, Millis(150));
    t.setDeadline(30, Millis(500)); // later: the entry at 100 is stale
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(150)));
    QCOMPARE(due(t, Millis(400)), (std::vector<CallId> { 31 }));
    t.setDeadline(30, Millis(50)); // earlier
    t.setDeadline(30, Millis(50)); // the same again: nothing new filed
    QCOMPARE(due(t, Millis(60)), (std::vector<CallId> { 30 }));
    QVERIFY(due(t, Millis(1000)).empty()); // its entry at 500 is stale
    t.setDeadline(31, Millis(70));
    t.setDeadline(31, std::nullopt); // unfiled
    QCOMPARE(t.nextDeadline(), std::nullopt);
    QVERIFY(due(t, Millis(1000)).empty());
}

void TestCallTable::staleEntriesAreBounded()
{
    NullHost host;
    CallTable t;
    for (CallId id = 2; id < 12; ++id) {
        t.insert(outgoing(host, id, kP));
        t.setDeadline(id, Millis(1000 + id));
    }
    // One call moving its deadline on and on leaves stale entries; the heap is rebuilt from the
    // current deadlines before they outnumber the calls by far.
    std::size_t most = 0;
    for (int i = 0; i < 20000; ++i) {
        t.setDeadline(2, Millis(5000 + i));
        most = std::max(most, t.deadlineEntries());
    }
    QVERIFY2(most <= 4 * t.size() + 1025, qPrintable(QString::number(most)));
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(1003)));
    std::vector<CallId> expect;
    for (CallId id = 3; id < 12; ++id)
        expect.push_back(id);
    expect.push_back(2);
    QCOMPARE(due(t, Millis(1000000)), expect); // each call once, at its current deadline
}

void TestCallTable::reusedCallNumber()
{
    NullHost host;
    CallTable t;
    filed(t, host, 40, kP, 77, Millis(100));
    t.erase(40);
    // The number is taken again by a call of another peer: nothing of the old one is left.
    Call& again = t.insert(incoming(host, 40, kQ, 78));
    t.bindRemote(kQ, 78, 40);
    QCOMPARE(t.size(), std::size_t(1));
    QCOMPARE(t.findByRemote(kP, 77), nullptr);
    QCOMPARE(t.findByRemote(kQ, 78), &again);
    t.setDeadline(40, Millis(500));
    QVERIFY(due(t, Millis(200)).empty()); // the old call's entry at 100 is stale
    QCOMPARE(t.nextDeadline(), std::optional<Millis>(Millis(500)));
    // A reused number filed at the old deadline comes due once, not once per entry.
    t.erase(40);
    t.insert(outgoing(host, 40, kP));
    t.setDeadline(40, Millis(500));
    QCOMPARE(due(t, Millis(600)), (std::vector<CallId> { 40 }));
    QVERIFY(due(t, Millis(600)).empty());
}

QTEST_GUILESS_MAIN(TestCallTable)
#include "tst_call_table.moc"
