#pragma once
// The engine of `iaxphone-cli load` (issue 9): opens N concurrent calls against one peer at a
// given call rate, streams a G.711/Opus tone at real time in each (media on the engine/media
// thread), hangs each up after its duration, and reports once a second and at the end: calls up,
// voice frames per second each way, decrypt failures, lost frames, retransmits and CPU.
// Main thread; the Engine runs in an EngineThread.
#include "app/cli/json_events.h"
#include "core/net/engine_thread.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace iax::cli {

/// What `load` was asked to do.
struct LoadOptions {
    core::DialRequest dial; ///< peer, user, secret, codecs, encryption (one template for all calls)
    QHostAddress bindAddress = QHostAddress::Any;
    quint16 bindPort = 0;
    int calls = 10;
    int durationSec = 10; ///< each call lasts this long after its answer
    double rate = 50; ///< new calls per second
    int answerTimeoutSec = 60; ///< a call not answered by then is hung up and counted as failed
    int intervalSec = 1; ///< progress line period
    bool json = false;
};

class LoadRunner : public QObject {
    Q_OBJECT
public:
    explicit LoadRunner(LoadOptions options, QObject* parent = nullptr);
    ~LoadRunner() override;
    /// Binds and starts dialing. Returns an exit code != 0 on immediate failure.
    int start();

Q_SIGNALS:
    /// Done: 0 when every call was answered (and encrypted when required), else 1.
    void finished(int code);

private:
    struct Call {
        bool answered = false;
        bool encrypted = false;
        bool ended = false;
        qint64 dialedAt = 0; ///< m_clock ms
        qint64 hangupAt = -1; ///< when we asked for HANGUP (-1: not yet)
        core::CallState state = core::CallState::Calling; ///< the last state the Engine reported
    };
    void dialNext();
    /// Once a second: hangs up calls unanswered after answerTimeoutSec, and gives up on calls
    /// whose HANGUP the Engine has not confirmed within kHangupGraceMs (counted failed).
    void checkStuck();
    void endCall(Call& c, bool failed, const QString& why);
    void onEngineEvent(const core::EngineEvent& e);
    void onStats(const net::HostStats& s);
    void maybeFinish();
    double cpuSeconds() const;

    LoadOptions m_opt;
    EventPrinter m_print;
    std::map<core::CallId, Call> m_calls;
    QTimer m_dialTimer, m_reportTimer, m_stuckTimer;
    QElapsedTimer m_clock;
    int m_dialed = 0, m_up = 0, m_peakUp = 0, m_answered = 0, m_encrypted = 0, m_failed = 0, m_ended = 0;
    QStringList m_failures; // distinct failure causes
    net::HostStats m_last;
    qint64 m_lastAt = 0;
    double m_lastCpu = 0;
    double m_peakTxFps = 0, m_peakRxFps = 0, m_peakCpu = 0;
    bool m_finalRequested = false;
    bool m_done = false;
    std::unique_ptr<net::EngineThread> m_engine; // last: stops first
};

} // namespace iax::cli
