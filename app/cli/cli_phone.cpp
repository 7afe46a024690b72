#include "app/cli/cli_phone.h"

#include "app/cli/exit_codes.h"
#include "audio/portaudio_device.h"
#include "core/phone/caller_keys.h"
#include "core/phone/engine_config_builder.h"
#include "core/phone/secure_dial_driver.h"
#include "core/protocol/call_causes.h"
#include "core/protocol/rsa_keygen.h"

#include <QDateTime>
#include <QHostInfo>

#include <openssl/crypto.h>

#include <cstdio>

namespace iax::cli {

namespace {
constexpr int kDigitPauseMs = phone::kSecureDialDigitPauseMs;
constexpr int kPlayedHangupDelayMs = 1500; // let the echo of the last frames come back

bool terminal(core::CallState s)
{
    return s == core::CallState::HungUp || s == core::CallState::Rejected || s == core::CallState::Failed;
}
} // namespace

CliPhone::CliPhone(Mode mode, PhoneOptions options, QObject* parent)
    : QObject(parent)
    , m_mode(mode)
    , m_opt(std::move(options))
    , m_print(m_opt.json)
{
    m_clock.start();
    m_dtmfTimer.setInterval(kDigitPauseMs);
    connect(&m_dtmfTimer, &QTimer::timeout, this, &CliPhone::sendNextDigits);
    m_gatewayTimer.setInterval(100);
    connect(&m_gatewayTimer, &QTimer::timeout, this, &CliPhone::gatewayCheck);
}

CliPhone::~CliPhone()
{
    m_engine.reset(); // stops the engine/media thread (flushes recordings) before members go
}

int CliPhone::start(const IaxUri* uri)
{
    std::shared_ptr<const core::RsaKey> outkey;
    std::vector<std::shared_ptr<const core::RsaKey>> inkeys;
    if (!m_opt.outkeyPath.isEmpty()) {
        auto k = phone::loadSigningKey(m_opt.outkeyPath, m_opt.outkeyPassphrase);
        OPENSSL_cleanse(m_opt.outkeyPassphrase.data(), m_opt.outkeyPassphrase.size());
        m_opt.outkeyPassphrase.clear();
        if (!k) {
            std::fprintf(stderr, "iaxphone-cli: --outkey: %s%s\n", k.error().reason.c_str(),
                k.error().code == "bad-passphrase"
                    ? " (give it with --outkey-passphrase-file F or IAXPHONE_KEY_PASSPHRASE)"
                    : "");
            return ExitBadArguments;
        }
        outkey = std::move(k).value();
    }
    for (const QString& path : m_opt.inkeyPaths) {
        auto k = phone::loadTrustedKey(path);
        if (!k) {
            std::fprintf(stderr, "iaxphone-cli: --inkey %s: %s\n", qPrintable(path), k.error().reason.c_str());
            return ExitBadArguments;
        }
        inkeys.push_back(std::move(k).value());
    }
    // The account incoming calls are authenticated as: --user NAMEs (listen, or register with
    // --user), and in register mode the registrar's own calls (RegistrationRequest::incoming).
    const phone::EngineAccount account = engineAccount(m_opt, outkey, inkeys);
    std::vector<core::UserConfig> users;
    if (m_mode != Mode::Call) {
        QStringList names = m_opt.users;
        // register: the server's own calls come through the registration (they name no user);
        // without --user nobody else may call.
        if (names.isEmpty() && m_mode == Mode::Listen)
            names << QString();
        for (const QString& n : names) {
            phone::EngineAccount user = account;
            user.username = n.toStdString();
            users.push_back(phone::userConfig(user));
        }
    }
    if (m_opt.audio) {
        auto dev = std::make_unique<audio::PortAudioDevice>();
        dev->setFrameMs(m_opt.frameMs); // 10 ms Opus frames: 10 ms rings too
        const auto st = dev->open(m_opt.inputDevice.toStdString(), m_opt.outputDevice.toStdString(), 48000);
        if (!st) {
            std::fprintf(
                stderr, "iaxphone-cli: %s ('iaxphone-cli devices' lists the devices)\n", st.error().reason.c_str());
            return ExitFailure;
        }
        m_device = std::make_shared<audio::SharedDevice>();
        m_device->device = std::move(dev);
        m_device->onEvent = [this](const std::string& what) {
            // Media thread → main thread, by value.
            QMetaObject::invokeMethod(
                this,
                [this, w = QString::fromStdString(what)] {
                    m_print.print(QJsonObject { { "event", "device" }, { "state", "changed" }, { "reason", w } }, w);
                },
                Qt::QueuedConnection);
        };
    }

    // The media of each answered call, made on the engine/media thread from these values.
    audio::CallMediaConfig outgoingMedia, incomingMedia;
    outgoingMedia.playFile = m_opt.play.toStdString();
    outgoingMedia.recordFile = m_opt.record.toStdString();
    outgoingMedia.device = m_device;
    outgoingMedia.frameMs = m_opt.frameMs;
    incomingMedia.echo = m_opt.answer == AnswerMode::Echo;
    incomingMedia.playFile = m_opt.answer == AnswerMode::Play ? m_opt.answerFile.toStdString() : std::string();
    incomingMedia.recordFile = (m_opt.answer == AnswerMode::Record ? m_opt.answerFile : m_opt.record).toStdString();
    incomingMedia.device = m_device;
    incomingMedia.frameMs = m_opt.frameMs;

    auto config = phone::engineConfig(std::move(users), std::chrono::milliseconds(m_opt.keyTimeoutMs));
    config.e2e = m_opt.e2e; // --e2e
    config.e2eRequired = m_opt.e2eRequired; // --e2e require (core/protocol/call_e2e.cpp)
    config.e2eIdentity = m_opt.identity; // --identity FILE
    m_engine = std::make_unique<net::EngineThread>(std::move(config));
    if (m_mode != Mode::Call && m_opt.keyLookup()) {
        if (const int code = startKeyLookup(); code != ExitOk)
            return code;
    }
    connect(&host(), &net::EngineHost::engineEvent, this, &CliPhone::onEngineEvent, Qt::QueuedConnection);
    connect(&host(), &net::EngineHost::mediaFinished, this, &CliPhone::onMediaFinished, Qt::QueuedConnection);
    connect(
        &host(), &net::EngineHost::networkStatus, this,
        [this](const net::NetworkStatus& s) { m_print.print(describeNetworkStatus(s)); }, Qt::QueuedConnection);
    connect(
        &host(), &net::EngineHost::mediaError, this,
        [](core::CallId id, const QString& why) {
            std::fprintf(stderr, "iaxphone-cli: call %u: %s\n", unsigned(id), qPrintable(why));
        },
        Qt::QueuedConnection);
    connect(
        &host(), &net::EngineHost::commandFailed, this,
        [this](core::CallId id, const QString& why) {
            std::fprintf(stderr, "iaxphone-cli: call %u: %s\n", unsigned(id), qPrintable(why));
            m_calls[id].pendingDtmf.clear();
        },
        Qt::QueuedConnection);
    host().setMediaFactory(
        [this, outgoingMedia, incomingMedia](const net::MediaCallInfo& info) -> std::unique_ptr<net::CallMediaPort> {
            std::string error;
            auto m = audio::CallMedia::create(info.outgoing ? outgoingMedia : incomingMedia, info.format, &error);
            if (!m)
                QMetaObject::invokeMethod(
                    this,
                    [id = info.call, e = QString::fromStdString(error)] {
                        std::fprintf(stderr, "iaxphone-cli: call %u: no media: %s\n", unsigned(id), qPrintable(e));
                    },
                    Qt::QueuedConnection);
            return m;
        });

    QString error;
    if (!host().bind(m_opt.bindAddress, m_opt.bindPort, &error)) {
        std::fprintf(stderr, "iaxphone-cli: %s\n", qPrintable(error));
        return ExitFailure;
    }
    if (m_mode == Mode::Listen) {
        m_print.print(QJsonObject { { "event", "listening" }, { "port", int(host().localPort()) } },
            QStringLiteral("listening on UDP port %1").arg(host().localPort()));
        if (m_opt.duration > 0)
            QTimer::singleShot(m_opt.duration * 1000, this, [this] {
                host().hangupAll(QStringLiteral("Normal Clearing"));
                finish(ExitOk);
            });
        return ExitOk;
    }

    // Resolve the peer.
    QHostAddress addr;
    if (!addr.setAddress(uri->host)) {
        const QHostInfo info = QHostInfo::fromName(uri->host);
        if (info.addresses().isEmpty()) {
            std::fprintf(stderr, "iaxphone-cli: cannot resolve '%s': %s\n", qPrintable(uri->host),
                qPrintable(info.errorString()));
            return ExitUnreachable;
        }
        addr = info.addresses().first();
    }
    core::PeerAddress peer;
    bool isV4 = false;
    const quint32 v4 = addr.toIPv4Address(&isV4);
    peer.host = (isV4 ? QHostAddress(v4).toString() : addr.toString()).toStdString();
    peer.port = uri->port;

    phone::EngineAccount self = account;
    self.username = uri->user.toStdString();
    self.keepaliveSeconds = std::uint16_t(m_opt.keepalive);
    if (m_mode == Mode::Register) {
        m_reg = host().registerTo(phone::registrationRequest(self, peer, std::uint16_t(m_opt.refresh)));
        startRegisterDeadlines();
        return ExitOk;
    }

    QString called = uri->extension;
    if (!m_opt.secureDial.isEmpty()) {
        if (uri->extension.isEmpty()) {
            std::fprintf(stderr, "iaxphone-cli: --secure-dial needs the destination number as the URI's extension\n");
            return ExitBadArguments;
        }
        if (const int code = startSecureDial(uri->extension); code != ExitOk)
            return code;
        called = m_opt.secureDial;
    }
    if (m_opt.encryptedDial) {
        if (const int code = startEncryptedDial(uri->extension); code != ExitOk)
            return code;
        called = QString::fromLatin1(core::kTbdCalledNumber);
    }
    core::DialRequest d = phone::dialRequest(self, peer, called, uri->context, QDateTime::currentDateTime());
    const auto id = host().dial(std::move(d));
    if (!id) {
        std::fprintf(stderr, "iaxphone-cli: too many calls\n");
        return ExitFailure;
    }
    m_outgoing = *id;
    m_calls[*id];
    QTimer::singleShot(m_opt.timeout * 1000, this, [this] {
        if (m_anyAnswered || m_done)
            return;
        finish(ExitTimeout); // first: the hang-up below must not change the exit code
        m_calls[m_outgoing].finished = true;
        m_print.print(QJsonObject { { "event", "call" }, { "call", qint64(m_outgoing) }, { "state", "failed" },
                          { "cause", "timeout" } },
            QStringLiteral("call %1 failed: no answer within %2 s").arg(m_outgoing).arg(m_opt.timeout));
        host().hangup(m_outgoing, QStringLiteral("timeout"));
    });
    return ExitOk;
}

int CliPhone::startKeyLookup()
{
    core::KeyServerOptions server;
    server.urlTemplate = m_opt.keyServer;
    server.timeout = std::chrono::milliseconds(m_opt.keyTimeoutMs);
    server.maxAge = std::chrono::hours(m_opt.keyMaxAgeHours);
    server.allowInsecureHttp = m_opt.allowHttp;
    server.extraCaCertificates = m_opt.keyServerCa;
    net::KeyLookupOptions k = phone::callerKeyLookup(m_opt.keyDir, std::move(server));
    connect(
        &host(), &net::EngineHost::keyLookup, this,
        [this](const net::KeyLookupReport& r) {
            const CliEvent e = describeKeyLookup(r);
            m_print.print(e);
            if (r.outcome == QLatin1String("refused")) // loud, whatever the output format
                std::fprintf(stderr, "iaxphone-cli: SECURITY WARNING: %s\n", qPrintable(r.message));
        },
        Qt::QueuedConnection);
    QString error;
    if (!host().setKeyLookup(std::move(k), &error)) {
        std::fprintf(stderr, "iaxphone-cli: %s\n", qPrintable(error));
        return ExitBadArguments;
    }
    return ExitOk;
}

void CliPhone::startRegisterDeadlines()
{
    QTimer::singleShot(m_opt.timeout * 1000, this, [this] {
        if (!m_registered && !m_unregistering)
            registrationNeverAnswered(QStringLiteral("%1 s (--timeout)").arg(m_opt.timeout));
    });
    if (m_opt.duration > 0)
        QTimer::singleShot(m_opt.duration * 1000, this, &CliPhone::registerDurationEnded);
}

void CliPhone::onRegistration(const core::RegistrationStateChanged& r)
{
    if (m_mode != Mode::Register || r.reg != m_reg || m_done)
        return;
    using S = core::RegistrationState;
    switch (r.state) {
    case S::Registering:
        return;
    case S::Registered:
        m_registered = true;
        return;
    case S::Unregistered:
        if (m_unregistering)
            finish(ExitOk);
        return;
    case S::Failed:
        if (m_unregistering)
            return; // it held for --duration; a REGREL the server refuses does not change that
        m_registered = false;
        finish(r.failure == core::RegistrationFailure::Unreachable ? ExitUnreachable
                : r.failure == core::RegistrationFailure::Refused  ? ExitAuthFailed
                                                                   : ExitFailure);
        return;
    }
}

void CliPhone::registerDurationEnded()
{
    if (m_done)
        return;
    if (!m_registered) {
        registrationNeverAnswered(QStringLiteral("%1 s (--duration)").arg(m_opt.duration));
        return;
    }
    m_unregistering = true;
    host().hangupAll(QStringLiteral("Normal Clearing"));
    host().unregister(m_reg);
    QTimer::singleShot(3000, this, [this] { finish(ExitOk); }); // REGREL unanswered: it still held
}

void CliPhone::registrationNeverAnswered(const QString& within)
{
    if (m_done)
        return;
    core::RegistrationStateChanged r { m_reg, core::RegistrationState::Failed, 0,
        QStringLiteral("the registrar never acknowledged the registration within %1").arg(within).toStdString(), {},
        core::RegistrationFailure::Unreachable };
    if (const auto line = describeEvent(core::EngineEvent { std::move(r) }))
        m_print.print(*line);
    finish(ExitUnreachable);
}

void CliPhone::finish(int code)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = code;
    for (const auto& [id, c] : m_calls)
        if (!c.finished)
            gatewayCallEnded(id); // the program ends: digits collected are not lost
    // Let the last frames (HANGUP, ACKs) leave before exiting.
    QTimer::singleShot(300, this, [this] { Q_EMIT finished(m_exitCode); });
}

int CliPhone::codeFor(const core::CallEnd& end) const
{
    using K = core::CallEnd::Kind;
    switch (end.kind) {
    case K::AuthFailed:
        return ExitAuthFailed;
    case K::Unreachable:
        return ExitUnreachable;
    case K::Rejected:
    case K::Busy:
    case K::Congestion:
        return ExitRejected;
    case K::EncryptionRefused:
    case K::EncryptionFailure:
        return ExitEncryptionRefused;
    case K::Timeout:
        return ExitTimeout;
    default:
        return ExitFailure;
    }
}

int CliPhone::codeAfterAnswer(const core::CallStateChanged& s) const
{
    if (s.state == core::CallState::HungUp && s.end.kind == core::CallEnd::Kind::Normal)
        return core::cause::isFailureCause(s.end.code) ? ExitFailure : ExitOk;
    return codeFor(s.end); // failed or rejected after the answer (EncryptionFailure: 6)
}

void CliPhone::sendNextDigits()
{
    bool pending = false;
    for (auto& [id, c] : m_calls) {
        if (c.pendingDtmf.isEmpty() || c.finished)
            continue;
        pending = true;
        const bool encrypted = c.enc == core::EncryptionState::Encrypted;
        if (!encrypted && !c.dtmfAllowedClear)
            continue; // wait for encryption
        const QChar digit = c.pendingDtmf.front();
        c.pendingDtmf.remove(0, 1);
        sendDigit(id, digit);
    }
    if (!pending)
        m_dtmfTimer.stop();
}

void CliPhone::sendDigit(core::CallId id, QChar digit)
{
    host().sendDtmf(id, char(digit.toLatin1()));
    m_print.print(
        QJsonObject { { "event", "dtmf" }, { "call", qint64(id) }, { "direction", "tx" }, { "digit", QString(digit) } },
        QStringLiteral("call %1: sent DTMF %2").arg(id).arg(digit));
}

void CliPhone::onAnswered(core::CallId id)
{
    CallInfo& c = m_calls[id];
    if (c.answered)
        return;
    c.answered = true;
    c.gateway.answered(m_clock.elapsed());
    m_anyAnswered = true;
    if (m_mode != Mode::Call && m_opt.answer == AnswerMode::Gateway && !m_gatewayTimer.isActive())
        m_gatewayTimer.start();
    if (m_opt.duration > 0)
        QTimer::singleShot(
            m_opt.duration * 1000, this, [this, id] { host().hangup(id, QStringLiteral("Normal Clearing")); });
    if (m_mode != Mode::Call || id != m_outgoing)
        return;
    if (m_secure && m_secure->dial().mode() == phone::SecureDialMode::Dtmf) { // --dtmf goes first in its digits
        updateSecureDial();
        return;
    }
    c.pendingDtmf = m_opt.dtmf;
    c.dtmfAllowedClear = m_opt.encryption == core::EncryptionPolicy::Off;
    if (!c.pendingDtmf.isEmpty())
        m_dtmfTimer.start();
}

void CliPhone::onEncryption(const core::EncryptionStateChanged& e)
{
    CallInfo& c = m_calls[e.call];
    c.enc = e.state;
    c.encReason = QString::fromStdString(e.details.reason);
    if (e.state == core::EncryptionState::Encrypted) {
        m_encryptedSeen = true;
        if (!c.pendingDtmf.isEmpty() && !m_dtmfTimer.isActive())
            m_dtmfTimer.start();
    }
    if (m_mode == Mode::Call && e.call == m_outgoing)
        updateSecureDial();
}

void CliPhone::onDtmf(const core::DtmfReceived& d)
{
    if (d.begin || m_mode == Mode::Call || m_opt.answer != AnswerMode::Gateway)
        return;
    CallInfo& c = m_calls[d.call];
    if (const auto r = c.gateway.digit(d.digit, m_clock.elapsed()))
        reportDigits(d.call, *r, !c.finished);
}

void CliPhone::gatewayCheck()
{
    // Gateway: '#' (onDtmf) or 5 s without a new digit ends the input; report, confirm with a tone,
    // hang up when the tone has played (onMediaFinished). A hang-up reports too (gatewayCallEnded).
    const qint64 now = m_clock.elapsed();
    for (auto& [id, c] : m_calls) {
        if (!c.answered || c.finished)
            continue;
        if (const auto r = c.gateway.tick(now))
            reportDigits(id, *r, true);
    }
}

void CliPhone::gatewayCallEnded(core::CallId id)
{
    if (m_mode == Mode::Call || m_opt.answer != AnswerMode::Gateway)
        return;
    if (const auto r = m_calls[id].gateway.ended())
        reportDigits(id, *r, false);
}

void CliPhone::reportDigits(core::CallId id, const GatewayReport& r, bool confirm)
{
    const bool encrypted = m_calls[id].enc == core::EncryptionState::Encrypted;
    m_print.print(QJsonObject { { "event", "digits" }, { "call", qint64(id) }, { "digits", r.digits },
                      { "complete", r.complete }, { "encrypted", encrypted } },
        QStringLiteral("call %1: digits '%2' (%3, %4)")
            .arg(id)
            .arg(r.digits, r.complete ? QStringLiteral("ended by #") : QStringLiteral("no # came"),
                encrypted ? QStringLiteral("encrypted") : QStringLiteral("NOT encrypted")));
    if (!confirm)
        return;
    host().withMedia(id, [](net::CallMediaPort& p) {
        if (auto* m = dynamic_cast<audio::CallMedia*>(&p))
            m->playTone(1000, 600);
    });
}

void CliPhone::markIgnoredDigit(const core::DtmfReceived& d, CliEvent& line)
{
    if (d.begin || m_mode == Mode::Call || m_opt.answer != AnswerMode::Gateway || !m_calls[d.call].gateway.done())
        return;
    line.json[QStringLiteral("ignored")] = true;
    line.human += QStringLiteral(" (after the digits were reported: ignored)");
}

void CliPhone::onMediaFinished(core::CallId id)
{
    const CallInfo& c = m_calls[id];
    if (c.finished)
        return;
    if (c.gateway.done()) {
        QTimer::singleShot(200, this, [this, id] { host().hangup(id, QStringLiteral("Normal Clearing")); });
        return;
    }
    if (m_mode == Mode::Call && id == m_outgoing && m_opt.duration == 0)
        QTimer::singleShot(
            kPlayedHangupDelayMs, this, [this, id] { host().hangup(id, QStringLiteral("Normal Clearing")); });
}

void CliPhone::callEnded(core::CallId id, const core::CallStateChanged& s)
{
    CallInfo& c = m_calls[id];
    c.finished = true;
    if (m_mode == Mode::Call && id == m_outgoing) {
        updateSecureDial();
        int code = ExitOk;
        if (secureDialRefused())
            code = ExitEncryptionRefused; // also when it was refused before the answer
        else if (!m_anyAnswered)
            code = codeFor(s.end);
        else if (m_opt.encryption == core::EncryptionPolicy::Required && !m_encryptedSeen)
            code = ExitEncryptionRefused;
        else if (m_secure && m_secure->dial().status() != phone::SecureDialStatus::Sent)
            code = ExitEncryptionRefused;
        else
            code = codeAfterAnswer(s);
        finish(code);
        return;
    }
    ++m_callsDone;
    if (m_opt.maxCalls > 0 && m_callsDone >= m_opt.maxCalls)
        finish(ExitOk);
}

void CliPhone::onEngineEvent(const core::EngineEvent& ev)
{
    if (onFeatureEvent(ev))
        return;
    const auto* s = std::get_if<core::CallStateChanged>(&ev);
    const bool alreadyReported = s && m_calls.count(s->call) && m_calls[s->call].finished;
    if (s && terminal(s->state) && !alreadyReported)
        gatewayCallEnded(s->call); // the digits come before the call's end
    if (!alreadyReported)
        if (auto line = describeEvent(ev)) {
            if (const auto* d = std::get_if<core::DtmfReceived>(&ev))
                markIgnoredDigit(*d, *line);
            markFeatures(ev, *line);
            m_print.print(*line);
        }
    if (s) {
        if (s->state == core::CallState::Answered)
            onAnswered(s->call);
        else if (terminal(s->state) && !alreadyReported)
            callEnded(s->call, *s);
        return;
    }
    if (const auto* in = std::get_if<core::IncomingCall>(&ev)) {
        m_calls[in->call] = CallInfo {}; // a call number used again is a new call
        host().answer(in->call);
        return;
    }
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev)) {
        onEncryption(*e);
        return;
    }
    if (const auto* d = std::get_if<core::DtmfReceived>(&ev)) {
        onDtmf(*d);
        return;
    }
    if (const auto* r = std::get_if<core::RegistrationStateChanged>(&ev)) {
        onRegistration(*r);
        return;
    }
}

} // namespace iax::cli
