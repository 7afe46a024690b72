// Issue 19: EngineHost ticks a call on a sound card just after the card's captured frame
// (CallMediaPort::msUntilTick(), which CallMedia answers from the device), not on a free-running
// timer where each captured frame waited up to a whole tick before it was sent. Real engine
// threads and loopback UDP; the "sound card" is a port with its own 20 ms capture clock.
#include "core/net/engine_thread.h"
#include "support/hand_driven_caller.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <mutex>

using namespace iax;

namespace {
// A call on a "sound card" that completes a captured frame every 20 ms, 7 ms out of phase with
// when its media started (so a free-running 20 ms tick would find each frame 13 ms old). It asks
// to be pulled 1 ms after its next frame, as CallMedia does for a device, and records how old
// its newest frame was at each pull.
struct PhaseLog {
    std::mutex lock;
    std::vector<int> agesMs; // per pull: ms since the newest frame was completed
    std::atomic<int> closed { 0 };
    std::size_t pulls()
    {
        const std::lock_guard g(lock);
        return agesMs.size();
    }
};

class PhasedMedia final : public net::CallMediaPort {
public:
    explicit PhasedMedia(std::shared_ptr<PhaseLog> log)
        : m_log(std::move(log))
    {
        m_clock.start();
    }
    void pull(int, std::vector<std::vector<std::uint8_t>>& out) override
    {
        const qint64 t = m_clock.elapsed() - kPhaseMs;
        if (t < 0)
            return;
        const std::lock_guard g(m_log->lock);
        m_log->agesMs.push_back(int(t % kFrameMs));
        out.push_back(std::vector<std::uint8_t>(160, 0x55));
    }
    int msUntilTick() const override
    {
        const qint64 t = m_clock.elapsed() - kPhaseMs;
        return int(t < 0 ? -t : kFrameMs - t % kFrameMs) + 1;
    }
    void push(const core::VoiceReceived&) override { }
    std::string close() override
    {
        ++m_log->closed;
        return {};
    }

private:
    static constexpr qint64 kFrameMs = 20, kPhaseMs = 7;
    std::shared_ptr<PhaseLog> m_log;
    QElapsedTimer m_clock;
};

// Counts the µ-law frames that arrive.
class ReceivingMedia final : public net::CallMediaPort {
public:
    explicit ReceivingMedia(std::shared_ptr<std::atomic<int>> received)
        : m_received(std::move(received))
    { }
    void pull(int, std::vector<std::vector<std::uint8_t>>&) override { }
    void push(const core::VoiceReceived& v) override
    {
        if (v.payload.size() == 160 && v.payload[0] == 0x55)
            ++*m_received;
    }
    std::string close() override { return {}; }

private:
    std::shared_ptr<std::atomic<int>> m_received;
};
} // namespace

class TestNetMediaTick : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // PhasedMedia's frames are 7 ms out of phase with the start of its media: on a free-running
    // 20 ms tick every pull would find its newest frame 13 ms old. Most pulls must find it at
    // most 6 ms old (1 ms is asked for; a quarter leaves room for a loaded machine).
    void soundCardCallIsTickedJustAfterItsCapturedFrame()
    {
        net::EngineThread callee(test::oneUserConfig("alice", "tick-secret"));
        net::EngineThread caller(core::EngineConfig {});
        auto received = std::make_shared<std::atomic<int>>(0);
        auto phases = std::make_shared<PhaseLog>();
        callee.host().setMediaFactory([received](const net::MediaCallInfo& info) {
            return info.outgoing ? nullptr : std::make_unique<ReceivingMedia>(received);
        });
        caller.host().setMediaFactory([phases](const net::MediaCallInfo& info) {
            return info.outgoing ? std::make_unique<PhasedMedia>(phases) : nullptr;
        });
        QString error;
        QVERIFY2(callee.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY2(caller.host().bind(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        test::answerEveryCall(callee.host(), this);
        core::DialRequest d;
        d.peer = { "127.0.0.1", callee.host().localPort() };
        d.username = "alice";
        d.secret = "tick-secret";
        d.calledNumber = "600";
        const auto id = caller.host().dial(d);
        QVERIFY(id.has_value());
        QTRY_VERIFY_WITH_TIMEOUT(phases->pulls() >= 60, 30000); // pulled once answered
        QTRY_VERIFY_WITH_TIMEOUT(received->load() >= 25, 10000); // and what it gave was sent
        caller.host().hangup(*id, QStringLiteral("Normal Clearing"));
        QTRY_COMPARE_WITH_TIMEOUT(phases->closed.load(), 1, 10000);
        std::vector<int> ages;
        {
            const std::lock_guard g(phases->lock);
            ages = phases->agesMs;
        }
        const auto fresh = std::count_if(ages.begin(), ages.end(), [](int a) { return a <= 6; });
        QString first;
        for (std::size_t i = 0; i < std::min<std::size_t>(ages.size(), 40); ++i)
            first += QString::number(ages[i]) + u' ';
        qInfo("%lld of %zu pulls within 6 ms of a captured frame; first ages (ms): %s", qlonglong(fresh), ages.size(),
            qPrintable(first));
        QVERIFY2(fresh * 4 >= qint64(ages.size()), qPrintable(first));
    }
};

QTEST_GUILESS_MAIN(TestNetMediaTick)
#include "tst_net_media_tick.moc"
