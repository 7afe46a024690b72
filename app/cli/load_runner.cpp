#include "app/cli/load_runner.h"

#include "app/cli/exit_codes.h"
#include "app/cli/load_media.h"
#include "core/phone/engine_config_builder.h"

#include <algorithm>
#include <cmath>
#include <ctime>

// POSIX: process CPU time from getrusage(). Elsewhere std::clock() is the portable fallback.
#if defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#define IAX_HAVE_GETRUSAGE 1
#endif

namespace iax::cli {

namespace {
constexpr int kDrainMs = 3000; // after the last call: wait for HANGUPs and final stats
constexpr qint64 kHangupGraceMs = 30000; // HANGUP retransmissions give up well before this
} // namespace

LoadRunner::LoadRunner(LoadOptions options, QObject* parent)
    : QObject(parent)
    , m_opt(std::move(options))
    , m_print(m_opt.json)
{
    m_clock.start();
    m_dialTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dialTimer, &QTimer::timeout, this, &LoadRunner::dialNext);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] { m_engine->host().requestStats(); });
    connect(&m_stuckTimer, &QTimer::timeout, this, &LoadRunner::checkStuck);
}

LoadRunner::~LoadRunner()
{
    m_engine.reset();
}

double LoadRunner::cpuSeconds() const
{
#ifdef IAX_HAVE_GETRUSAGE
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
#else
    return double(std::clock()) / CLOCKS_PER_SEC;
#endif
}

int LoadRunner::start()
{
    m_engine = std::make_unique<net::EngineThread>(phone::engineConfig());
    auto& host = m_engine->host();
    connect(&host, &net::EngineHost::engineEvent, this, &LoadRunner::onEngineEvent, Qt::QueuedConnection);
    connect(&host, &net::EngineHost::statsReady, this, &LoadRunner::onStats, Qt::QueuedConnection);
    host.setMediaFactory([](const net::MediaCallInfo& info) -> std::unique_ptr<net::CallMediaPort> {
        return LoadMedia::create(info.format);
    });
    QString error;
    if (!host.bind(m_opt.bindAddress, m_opt.bindPort, &error)) {
        std::fprintf(stderr, "iaxphone-cli load: %s\n", qPrintable(error));
        return ExitFailure;
    }
    m_lastCpu = cpuSeconds();
    m_dialTimer.start(std::max(1, int(std::lround(1000.0 / m_opt.rate))));
    m_reportTimer.start(m_opt.intervalSec * 1000);
    m_stuckTimer.start(1000);
    dialNext();
    return ExitOk;
}

void LoadRunner::dialNext()
{
    // A late timer dials the calls it owes, so the rate holds on a busy machine.
    const qint64 owed = std::min<qint64>(m_opt.calls, qint64(double(m_clock.elapsed()) * m_opt.rate / 1000.0) + 1);
    while (m_dialed < owed) {
        core::DialRequest d = m_opt.dial;
        d.datetime.reset();
        const auto id = m_engine->host().dial(std::move(d));
        ++m_dialed;
        if (!id) {
            ++m_failed;
            ++m_ended;
            if (!m_failures.contains(QStringLiteral("call table full")))
                m_failures << QStringLiteral("call table full");
            continue;
        }
        m_calls[*id].dialedAt = m_clock.elapsed();
    }
    if (m_dialed >= m_opt.calls)
        m_dialTimer.stop();
    maybeFinish();
}

void LoadRunner::onEngineEvent(const core::EngineEvent& ev)
{
    if (const auto* s = std::get_if<core::CallStateChanged>(&ev)) {
        auto it = m_calls.find(s->call);
        if (it == m_calls.end())
            return;
        Call& c = it->second;
        c.state = s->state;
        if (s->state == core::CallState::Answered && !c.answered && !c.ended) {
            c.answered = true;
            ++m_answered;
            m_peakUp = std::max(m_peakUp, ++m_up);
            QTimer::singleShot(m_opt.durationSec * 1000, this, [this, id = s->call] {
                auto it = m_calls.find(id);
                if (it == m_calls.end() || it->second.ended)
                    return;
                it->second.hangupAt = m_clock.elapsed();
                m_engine->host().hangup(id, QStringLiteral("Normal Clearing"));
            });
        } else if ((s->state == core::CallState::HungUp || s->state == core::CallState::Rejected
                       || s->state == core::CallState::Failed)
            && !c.ended) {
            const bool failed = !c.answered || s->end.kind != core::CallEnd::Kind::Normal;
            endCall(c, failed, QString::fromStdString(s->end.reason));
        }
        return;
    }
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev)) {
        auto it = m_calls.find(e->call);
        if (it != m_calls.end() && e->state == core::EncryptionState::Encrypted && !it->second.encrypted) {
            it->second.encrypted = true;
            ++m_encrypted;
        }
    }
}

void LoadRunner::endCall(Call& c, bool failed, const QString& why)
{
    c.ended = true;
    ++m_ended;
    if (c.answered)
        --m_up;
    if (failed) {
        ++m_failed;
        if (m_failures.size() < 5 && !m_failures.contains(why))
            m_failures << why;
    }
    maybeFinish();
}

void LoadRunner::checkStuck()
{
    const qint64 now = m_clock.elapsed();
    for (auto& [id, c] : m_calls) {
        if (c.ended)
            continue;
        if (!c.answered && c.hangupAt < 0 && now - c.dialedAt >= qint64(m_opt.answerTimeoutSec) * 1000) {
            // Counted now, with the state it was stuck in; the Engine's own HangUp event that
            // follows finds the call ended already.
            endCall(c, true,
                QStringLiteral("not answered within %1 s (stuck in %2)")
                    .arg(m_opt.answerTimeoutSec)
                    .arg(QLatin1String(core::stateName(c.state))));
            m_engine->host().hangup(id, QStringLiteral("No Answer"));
        } else if (c.hangupAt >= 0 && now - c.hangupAt >= kHangupGraceMs) {
            endCall(c, true, QStringLiteral("HANGUP not confirmed within %1 s").arg(kHangupGraceMs / 1000));
        }
    }
}

void LoadRunner::maybeFinish()
{
    if (m_finalRequested || m_dialed < m_opt.calls || m_ended < m_dialed)
        return;
    m_finalRequested = true;
    QTimer::singleShot(kDrainMs, this, [this] { m_engine->host().requestStats(); });
}

void LoadRunner::onStats(const net::HostStats& s)
{
    if (m_done)
        return;
    const qint64 now = m_clock.elapsed();
    const double cpu = cpuSeconds();
    const double dt = std::max<qint64>(1, now - m_lastAt) / 1000.0;
    const double txFps = double(s.voiceSent - m_last.voiceSent) / dt;
    const double rxFps = double(s.voiceReceived - m_last.voiceReceived) / dt;
    const double cpuPct = 100.0 * (cpu - m_lastCpu) / dt;
    m_peakTxFps = std::max(m_peakTxFps, txFps);
    m_peakRxFps = std::max(m_peakRxFps, rxFps);
    m_peakCpu = std::max(m_peakCpu, cpuPct);
    m_last = s;
    m_lastAt = now;
    m_lastCpu = cpu;
    const bool final = m_finalRequested && m_ended >= m_dialed;
    QJsonObject o { { "event", final ? "load-summary" : "load" }, { "t", double(now) / 1000.0 }, { "dialed", m_dialed },
        { "calls_up", m_up }, { "answered", m_answered }, { "encrypted", m_encrypted }, { "failed", m_failed },
        { "tx_fps", std::round(txFps) }, { "rx_fps", std::round(rxFps) },
        { "decrypt_failures", qint64(s.decryptFailures) }, { "lost", qint64(s.lost) },
        { "retransmits", qint64(s.retransmits) }, { "late_ticks", qint64(s.lateTicks) },
        { "cpu_percent", std::round(cpuPct * 10) / 10 } };
    QString human
        = QStringLiteral("t=%1s dialed %2, up %3, answered %4, encrypted %5, failed %6; voice %7 tx/s %8 rx/s; "
                         "decrypt failures %9, lost %10, retransmits %11; CPU %12 %")
              .arg(double(now) / 1000.0, 0, 'f', 1)
              .arg(m_dialed)
              .arg(m_up)
              .arg(m_answered)
              .arg(m_encrypted)
              .arg(m_failed)
              .arg(txFps, 0, 'f', 0)
              .arg(rxFps, 0, 'f', 0)
              .arg(s.decryptFailures)
              .arg(s.lost)
              .arg(s.retransmits)
              .arg(cpuPct, 0, 'f', 1);
    if (final) {
        o["peak_calls_up"] = m_peakUp;
        o["peak_tx_fps"] = std::round(m_peakTxFps);
        o["peak_rx_fps"] = std::round(m_peakRxFps);
        o["peak_cpu_percent"] = std::round(m_peakCpu * 10) / 10;
        o["voice_sent"] = qint64(s.voiceSent);
        o["voice_received"] = qint64(s.voiceReceived);
        o["cpu_seconds"] = std::round(cpu * 100) / 100;
        o["failures"] = QJsonValue::fromVariant(m_failures);
        human = QStringLiteral("summary: %1 calls, peak %2 up at once, %3 answered, %4 encrypted, %5 failed%6; voice "
                               "sent %7, received %8 (peak %9 tx/s, %10 rx/s); decrypt failures %11, lost %12, "
                               "retransmits %13; CPU %14 s (peak %15 %)")
                    .arg(m_dialed)
                    .arg(m_peakUp)
                    .arg(m_answered)
                    .arg(m_encrypted)
                    .arg(m_failed)
                    .arg(m_failures.isEmpty() ? QString() : " (" + m_failures.join("; ") + ")")
                    .arg(s.voiceSent)
                    .arg(s.voiceReceived)
                    .arg(m_peakTxFps, 0, 'f', 0)
                    .arg(m_peakRxFps, 0, 'f', 0)
                    .arg(s.decryptFailures)
                    .arg(s.lost)
                    .arg(s.retransmits)
                    .arg(cpu, 0, 'f', 2)
                    .arg(m_peakCpu, 0, 'f', 1);
    }
    m_print.print(o, human);
    if (!final)
        return;
    m_done = true;
    const bool required = m_opt.dial.encryption == core::EncryptionPolicy::Required;
    const bool ok = m_answered == m_opt.calls && (!required || m_encrypted == m_opt.calls);
    Q_EMIT finished(ok ? ExitOk : ExitFailure);
}

} // namespace iax::cli
