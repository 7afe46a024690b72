#include "app/cli/cli_phone.h"

#include "app/cli/exit_codes.h"
#include "audio/wav_file.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <numbers>

namespace iax::cli {

namespace {
constexpr int kDigitPauseMs = 250;

QString callStateName(core::CallState s)
{
    switch (s) {
    case core::CallState::Calling:
    case core::CallState::Authenticating:
    case core::CallState::Proceeding:
        return QStringLiteral("calling");
    case core::CallState::Ringing:
    case core::CallState::Incoming:
        return QStringLiteral("ringing");
    case core::CallState::Answered:
        return QStringLiteral("answered");
    case core::CallState::HungUp:
        return QStringLiteral("hungup");
    case core::CallState::Rejected:
        return QStringLiteral("rejected");
    case core::CallState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

// The IAX2 DATETIME IE: local time packed as in RFC 5456 §8.6.28.
std::uint32_t packedNow()
{
    const QDateTime t = QDateTime::currentDateTime();
    const QDate d = t.date();
    const QTime c = t.time();
    return (std::uint32_t(d.year() - 2000) << 25) | (std::uint32_t(d.month()) << 21) | (std::uint32_t(d.day()) << 16)
        | (std::uint32_t(c.hour()) << 11) | (std::uint32_t(c.minute()) << 5) | std::uint32_t(c.second() / 2);
}

std::vector<std::int16_t> toneSamples(int rate, double freq, int ms)
{
    std::vector<std::int16_t> out(static_cast<std::size_t>(rate * ms / 1000));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * freq * double(i) / rate));
    return out;
}
} // namespace

CliPhone::CliPhone(Mode mode, PhoneOptions options, QObject* parent)
    : QObject(parent)
    , m_mode(mode)
    , m_opt(std::move(options))
{
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(20);
    connect(&m_tick, &QTimer::timeout, this, &CliPhone::tick);
    m_dtmfTimer.setInterval(kDigitPauseMs);
    connect(&m_dtmfTimer, &QTimer::timeout, this, [this] {
        for (auto& [id, m] : m_media)
            if (!m.pendingDtmf.isEmpty())
                sendNextDigit(id);
    });
}

CliPhone::~CliPhone() = default;

void CliPhone::emitEvent(const QJsonObject& o, const QString& human)
{
    const QByteArray line = m_opt.json ? QJsonDocument(o).toJson(QJsonDocument::Compact) : human.toUtf8();
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int CliPhone::start(const IaxUri* uri)
{
    core::EngineConfig cfg;
    const std::string secret = m_opt.secrets.isEmpty() ? std::string() : m_opt.secrets.first().toStdString();
    if (!m_opt.outkeyPath.isEmpty()) {
        auto k = core::RsaKey::privateFromFile(m_opt.outkeyPath.toStdString());
        if (!k) {
            std::fprintf(stderr, "iaxphone-cli: --outkey: %s\n", k.error().reason.c_str());
            return ExitBadArguments;
        }
        m_outkey = std::make_shared<core::RsaKey>(std::move(k).value());
    }
    for (const QString& path : m_opt.inkeyPaths) {
        auto k = core::RsaKey::publicFromFile(path.toStdString());
        if (!k) {
            std::fprintf(stderr, "iaxphone-cli: --inkey %s: %s\n", qPrintable(path), k.error().reason.c_str());
            return ExitBadArguments;
        }
        m_inkeys.push_back(std::make_shared<core::RsaKey>(std::move(k).value()));
    }
    core::KeyRotation rotation;
    rotation.enabled = m_opt.keyRotate;
    if (m_opt.rotateInterval > 0)
        rotation.minInterval = rotation.maxInterval = core::Millis(m_opt.rotateInterval * 1000);
    if (m_mode != Mode::Call) {
        QStringList names = m_opt.users;
        if (m_mode == Mode::Register && uri && !uri->user.isEmpty() && !names.contains(uri->user))
            names << uri->user; // the server calls us back as the registered user
        if (names.isEmpty())
            names << QString();
        for (const QString& n : names) {
            core::UserConfig u;
            u.username = n.toStdString();
            u.secret = secret;
            u.inkeys = m_inkeys;
            u.encryption = m_opt.encryption;
            u.rotation = rotation;
            u.codecs = m_opt.codecs;
            u.authMethods = m_opt.auth == QLatin1String("md5") ? core::AuthMethod::Md5
                : m_opt.auth == QLatin1String("rsa")           ? core::AuthMethod::Rsa
                                                     : std::uint16_t(core::AuthMethod::Md5 | core::AuthMethod::Rsa);
            if (m_opt.allowPlaintext)
                u.authMethods |= core::AuthMethod::Plaintext;
            cfg.users.push_back(std::move(u));
        }
    }
    if (m_opt.audio) {
        m_device = std::make_unique<audio::PortAudioDevice>();
        const auto st = m_device->open(m_opt.inputDevice.toStdString(), m_opt.outputDevice.toStdString(), 48000);
        if (!st) {
            std::fprintf(
                stderr, "iaxphone-cli: %s ('iaxphone-cli devices' lists the devices)\n", st.error().reason.c_str());
            return ExitFailure;
        }
    }
    m_host = std::make_unique<net::EngineHost>(std::move(cfg));
    m_host->onEvent = [this](const core::EngineEvent& e) { onEvent(e); };
    QString error;
    if (!m_host->bind(m_opt.bindAddress, m_opt.bindPort, &error)) {
        std::fprintf(stderr, "iaxphone-cli: %s\n", qPrintable(error));
        return ExitFailure;
    }
    if (m_mode == Mode::Listen) {
        emitEvent(QJsonObject { { "event", "listening" }, { "port", int(m_host->localPort()) } },
            QStringLiteral("listening on UDP port %1").arg(m_host->localPort()));
        if (m_opt.duration > 0)
            QTimer::singleShot(m_opt.duration * 1000, this, [this] { finish(ExitOk); });
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
    const core::PeerAddress peer = net::EngineHost::toPeer(addr, uri->port);
    const core::Millis now = m_host->now();
    if (m_mode == Mode::Register) {
        core::RegistrationRequest r;
        r.server = peer;
        r.username = uri->user.toStdString();
        r.secret = secret;
        r.outkey = m_outkey;
        m_reg = m_host->engine().registerTo(r, now);
        if (m_opt.duration > 0)
            QTimer::singleShot(m_opt.duration * 1000, this, [this] {
                m_host->engine().unregister(m_reg, m_host->now());
                m_host->pump();
                QTimer::singleShot(3000, this, [this] { finish(ExitOk); });
            });
        m_host->pump();
        return ExitOk;
    }

    core::DialRequest d;
    d.peer = peer;
    d.username = uri->user.toStdString();
    d.secret = secret;
    d.outkey = m_outkey;
    d.calledNumber = (m_opt.secureDial.isEmpty() ? uri->extension : m_opt.secureDial).toStdString();
    d.calledContext = uri->context.toStdString();
    d.codecs = m_opt.codecs;
    d.encryption = m_opt.encryption;
    d.rotation = rotation;
    d.allowPlaintextAuth = m_opt.allowPlaintext;
    d.datetime = packedNow();
    if (!m_opt.secureDial.isEmpty()) {
        if (uri->extension.isEmpty()) {
            std::fprintf(stderr, "iaxphone-cli: --secure-dial needs the destination number as the URI's extension\n");
            return ExitBadArguments;
        }
        m_secureNumber = uri->extension + m_opt.secureDialTerminator;
    }
    auto id = m_host->engine().dial(d, now);
    if (!id) {
        std::fprintf(stderr, "iaxphone-cli: too many calls\n");
        return ExitFailure;
    }
    m_outgoing = *id;
    m_media[*id];
    m_host->pump();
    QTimer::singleShot(m_opt.timeout * 1000, this, [this] {
        if (!m_anyAnswered && !m_done) {
            finish(ExitTimeout); // first: the hang-up below must not change the exit code
            m_media[m_outgoing].finished = true;
            emitEvent(QJsonObject { { "event", "call" }, { "call", int(m_outgoing) }, { "state", "failed" },
                          { "cause", "timeout" } },
                QStringLiteral("call %1 failed: no answer within %2 s").arg(m_outgoing).arg(m_opt.timeout));
            m_host->engine().hangup(m_outgoing, "timeout", m_host->now());
            m_host->pump();
        }
    });
    return ExitOk;
}

void CliPhone::finish(int code)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = code;
    // Let the last frames (HANGUP, ACKs) leave before exiting.
    QTimer::singleShot(300, this, [this] { emit finished(m_exitCode); });
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

void CliPhone::startMedia(core::CallId id, std::uint64_t format)
{
    CallMedia& m = m_media[id];
    m.format = format;
    m.encoder = audio::makeVoiceCodec(format);
    m.decoder = audio::makeVoiceCodec(format);
    if (!m.encoder)
        return;
    const int rate = m.encoder->sampleRate();
    QString playFile
        = m_mode == Mode::Call ? m_opt.play : (m_opt.answer == AnswerMode::Play ? m_opt.answerFile : QString());
    if (!playFile.isEmpty()) {
        auto pcm = audio::readWavMono(playFile.toStdString(), rate);
        if (pcm) {
            m.playPcm = std::move(pcm).value();
            m.playing = true;
        } else {
            std::fprintf(stderr, "iaxphone-cli: %s\n", pcm.error().reason.c_str());
        }
    }
    m.recordPath
        = m_mode == Mode::Call ? m_opt.record : (m_opt.answer == AnswerMode::Record ? m_opt.answerFile : m_opt.record);
    m.echo = m_mode != Mode::Call && m_opt.answer == AnswerMode::Echo;
    if (m_device && !m_deviceInUse && !m.echo) {
        m_deviceInUse = true;
        m.usesDevice = true;
        m.playing = false;
        m.fromDevice = std::make_unique<audio::StreamResampler>(m_device->rate(), rate);
        m.toDevice = std::make_unique<audio::StreamResampler>(rate, m_device->rate());
    }
    if (!m_tick.isActive())
        m_tick.start();
}

void CliPhone::sendNextDigit(core::CallId id)
{
    CallMedia& m = m_media[id];
    if (m.pendingDtmf.isEmpty())
        return;
    const bool encrypted = m.enc == core::EncryptionState::Encrypted;
    if (!encrypted && !m.dtmfAllowedClear)
        return; // wait for encryption
    const QChar digit = m.pendingDtmf.front();
    std::string why;
    if (!m_host->engine().sendDtmf(id, char(digit.toLatin1()), m_host->now(), &why)) {
        std::fprintf(stderr, "iaxphone-cli: DTMF not sent: %s\n", why.c_str());
        m.pendingDtmf.clear();
        return;
    }
    m_host->pump();
    m.pendingDtmf.remove(0, 1);
    emitEvent(
        QJsonObject { { "event", "dtmf" }, { "call", int(id) }, { "direction", "tx" }, { "digit", QString(digit) } },
        QStringLiteral("call %1: sent DTMF %2").arg(id).arg(digit));
    if (m.pendingDtmf.isEmpty() && !m_secureNumber.isEmpty() && id == m_outgoing && !m_secureSent) {
        m_secureSent = true;
        emitEvent(QJsonObject { { "event", "securedial" }, { "call", int(id) }, { "state", "sent" },
                      { "encrypted", encrypted } },
            QStringLiteral("call %1: destination sent encrypted").arg(id));
    }
}

void CliPhone::tick()
{
    const core::Millis now = m_host->now();
    const qint64 nowMs = now.count();
    for (auto& [id, m] : m_media) {
        if (!m.answered || m.finished || !m.encoder)
            continue;
        const int n = m.encoder->frameSamples();
        if (m.echo)
            continue;
        if (m.usesDevice && !m.playing) {
            std::vector<std::int16_t> buf(static_cast<std::size_t>(m_device->frameSamples()));
            while (m_device->readFrame(buf.data())) {
                const auto r = m.fromDevice->process(buf);
                m.captureFifo.insert(m.captureFifo.end(), r.begin(), r.end());
            }
            while (m.captureFifo.size() >= static_cast<std::size_t>(n)) {
                const auto payload = m.encoder->encode(
                    std::span<const std::int16_t>(m.captureFifo.data(), static_cast<std::size_t>(n)));
                m.captureFifo.erase(m.captureFifo.begin(), m.captureFifo.begin() + n);
                m_host->engine().sendVoice(id, payload, 20, now);
            }
            const std::size_t devFrame = static_cast<std::size_t>(m_device->frameSamples());
            while (m.playFifo.size() >= devFrame && m_device->playbackQueued() < 8) {
                m_device->writeFrame(m.playFifo.data());
                m.playFifo.erase(m.playFifo.begin(), m.playFifo.begin() + static_cast<std::ptrdiff_t>(devFrame));
            }
            std::string what;
            if (m_device->poll(&what))
                emitEvent(QJsonObject { { "event", "device" }, { "state", "fallback" },
                              { "reason", QString::fromStdString(what) } },
                    QString::fromStdString(what));
            continue;
        }
        std::vector<std::int16_t> frame(static_cast<std::size_t>(n), 0);
        if (m.playing) {
            for (int i = 0; i < n && m.playPos < m.playPcm.size(); ++i)
                frame[static_cast<std::size_t>(i)] = m.playPcm[m.playPos++];
            if (m.playPos >= m.playPcm.size()) {
                m.playing = false;
                if (m_mode == Mode::Call && m_opt.duration == 0)
                    QTimer::singleShot(1500, this, [this, id = id] {
                        m_host->engine().hangup(id, "Normal Clearing", m_host->now());
                        m_host->pump();
                    });
                if (m.gatewayDone)
                    QTimer::singleShot(200, this, [this, id = id] {
                        m_host->engine().hangup(id, "Normal Clearing", m_host->now());
                        m_host->pump();
                    });
            }
        }
        const auto payload = m.encoder->encode(frame);
        m_host->engine().sendVoice(id, payload, 20, now);
        // Gateway: '#' or 5 s without a new digit ends the input.
        if (m_opt.answer == AnswerMode::Gateway && m_mode != Mode::Call && !m.gatewayDone
            && nowMs - std::max(m.lastDigitAt, m.answeredAt) >= 5000) {
            m.gatewayDone = true;
            emitEvent(QJsonObject { { "event", "digits" }, { "call", int(id) }, { "digits", m.gatewayDigits },
                          { "encrypted", m.enc == core::EncryptionState::Encrypted } },
                QStringLiteral("call %1: digits '%2' (%3)")
                    .arg(id)
                    .arg(m.gatewayDigits, m.enc == core::EncryptionState::Encrypted ? "encrypted" : "NOT encrypted"));
            m.playPcm = toneSamples(m.encoder->sampleRate(), 1000, 600);
            m.playPos = 0;
            m.playing = true;
        }
    }
    m_host->pump();
}

void CliPhone::callEnded(core::CallId id, const core::CallStateChanged& s)
{
    CallMedia& m = m_media[id];
    if (m.finished)
        return;
    m.finished = true;
    if (m.usesDevice)
        m_deviceInUse = false;
    if (!m.recordPath.isEmpty() && m.decoder) {
        auto st = audio::writeWavMono(m.recordPath.toStdString(), m.recordPcm, m.decoder->sampleRate());
        if (!st)
            std::fprintf(stderr, "iaxphone-cli: %s\n", st.error().reason.c_str());
    }
    if (m_mode == Mode::Call && id == m_outgoing) {
        int code = ExitOk;
        if (!m_anyAnswered)
            code = codeFor(s.end);
        else if (m_opt.encryption == core::EncryptionPolicy::Required && !m_encryptedSeen)
            code = ExitEncryptionRefused;
        else if (!m_secureNumber.isEmpty() && !m_secureSent)
            code = ExitEncryptionRefused;
        else if (s.end.kind == core::CallEnd::Kind::EncryptionFailure)
            code = ExitEncryptionRefused;
        finish(code);
        return;
    }
    ++m_callsDone;
    if (m_opt.maxCalls > 0 && m_callsDone >= m_opt.maxCalls)
        finish(ExitOk);
}

void CliPhone::onEvent(const core::EngineEvent& ev)
{
    const core::Millis now = m_host->now();
    if (const auto* s = std::get_if<core::CallStateChanged>(&ev)) {
        const QString state = callStateName(s->state);
        QJsonObject o { { "event", "call" }, { "call", int(s->call) }, { "state", state } };
        if (!s->end.reason.empty())
            o["cause"] = QString::fromStdString(s->end.reason);
        if (s->end.code)
            o["causecode"] = s->end.code;
        if (s->state != core::CallState::Authenticating && s->state != core::CallState::Proceeding
            && s->state != core::CallState::Incoming // "incoming" has its own event
            && !m_media[s->call].finished) // already reported (timeout)
            emitEvent(o,
                QStringLiteral("call %1 %2%3")
                    .arg(s->call)
                    .arg(state, s->end.reason.empty() ? QString() : ": " + QString::fromStdString(s->end.reason)));
        CallMedia& m = m_media[s->call];
        if (s->state == core::CallState::Answered && !m.answered) {
            m.answered = true;
            m.answeredAt = now.count();
            m_anyAnswered = true;
            startMedia(s->call, m_host->engine().callFormat(s->call).value_or(0));
            if (m_mode == Mode::Call) {
                m.pendingDtmf = m_opt.dtmf + m_secureNumber;
                m.dtmfAllowedClear = m_secureNumber.isEmpty() && m_opt.encryption == core::EncryptionPolicy::Off;
                if (!m.pendingDtmf.isEmpty())
                    m_dtmfTimer.start();
                if (!m_secureNumber.isEmpty() && m.enc != core::EncryptionState::Encrypted
                    && m.enc != core::EncryptionState::Negotiating) {
                    emitEvent(QJsonObject { { "event", "securedial" }, { "call", int(s->call) }, { "state", "refused" },
                                  { "reason", "the call is not encrypted; no digit was sent" } },
                        QStringLiteral("secure dial refused: the call is not encrypted; no digit was sent"));
                    m.pendingDtmf.clear();
                    m_host->engine().hangup(s->call, "secure dial refused", now);
                }
                if (!m_secureNumber.isEmpty())
                    QTimer::singleShot(5000, this, [this, id = s->call] {
                        auto& mm = m_media[id];
                        if (!m_secureSent && !mm.finished && mm.enc != core::EncryptionState::Encrypted) {
                            emitEvent(
                                QJsonObject { { "event", "securedial" }, { "call", int(id) }, { "state", "refused" },
                                    { "reason", "encryption was not proven within 5 s; no digit was sent" } },
                                QStringLiteral("secure dial refused: encryption not proven; no digit was sent"));
                            mm.pendingDtmf.clear();
                            m_host->engine().hangup(id, "secure dial refused", m_host->now());
                            m_host->pump();
                        }
                    });
                if (m_opt.duration > 0)
                    QTimer::singleShot(m_opt.duration * 1000, this, [this, id = s->call] {
                        m_host->engine().hangup(id, "Normal Clearing", m_host->now());
                        m_host->pump();
                    });
            } else if (m_opt.duration > 0) {
                QTimer::singleShot(m_opt.duration * 1000, this, [this, id = s->call] {
                    m_host->engine().hangup(id, "Normal Clearing", m_host->now());
                    m_host->pump();
                });
            }
        }
        if (s->state == core::CallState::HungUp || s->state == core::CallState::Rejected
            || s->state == core::CallState::Failed)
            callEnded(s->call, *s);
        return;
    }
    if (const auto* in = std::get_if<core::IncomingCall>(&ev)) {
        emitEvent(QJsonObject { { "event", "incoming" }, { "call", int(in->call) },
                      { "from", QString::fromStdString(in->from.toString()) },
                      { "user", QString::fromStdString(in->username) },
                      { "called", QString::fromStdString(in->calledNumber) },
                      { "codec", QString::fromStdString(audio::formatName(in->format)) } },
            QStringLiteral("incoming call %1 from %2 to '%3'")
                .arg(in->call)
                .arg(QString::fromStdString(in->from.toString()), QString::fromStdString(in->calledNumber)));
        m_host->engine().ring(in->call, now);
        m_host->engine().answer(in->call, now);
        return;
    }
    if (const auto* e = std::get_if<core::EncryptionStateChanged>(&ev)) {
        QJsonObject o { { "event", "encryption" }, { "call", int(e->call) }, { "state", core::stateName(e->state) },
            { "keyrotate", e->details.rotationSupported } };
        if (!e->details.auth.empty())
            o["auth"] = QString::fromStdString(e->details.auth);
        if (!e->details.cipher.empty())
            o["cipher"] = QString::fromStdString(e->details.cipher);
        if (!e->details.reason.empty() && e->state != core::EncryptionState::Encrypted)
            o["reason"] = QString::fromStdString(e->details.reason);
        emitEvent(o,
            QStringLiteral("call %1 encryption %2%3")
                .arg(e->call)
                .arg(core::stateName(e->state),
                    e->details.reason.empty() || e->state == core::EncryptionState::Encrypted
                        ? QString()
                        : ": " + QString::fromStdString(e->details.reason)));
        CallMedia& m = m_media[e->call];
        m.enc = e->state;
        if (e->state == core::EncryptionState::Encrypted) {
            m_encryptedSeen = true;
            if (!m.pendingDtmf.isEmpty() && !m_dtmfTimer.isActive())
                m_dtmfTimer.start();
        }
        if (m_mode == Mode::Call && e->call == m_outgoing && !m_secureNumber.isEmpty() && m.answered
            && (e->state == core::EncryptionState::Off || e->state == core::EncryptionState::Failed) && !m_secureSent) {
            m.pendingDtmf.clear();
            emitEvent(QJsonObject { { "event", "securedial" }, { "call", int(e->call) }, { "state", "refused" },
                          { "reason", "the call is not encrypted; no digit was sent" } },
                QStringLiteral("secure dial refused: the call is not encrypted; no digit was sent"));
            m_host->engine().hangup(e->call, "secure dial refused", now);
        }
        return;
    }
    if (const auto* r = std::get_if<core::Rekey>(&ev)) {
        const char* dir = r->direction == core::Direction2::Tx ? "tx" : "rx";
        emitEvent(QJsonObject { { "event", "rekey" }, { "call", int(r->call) }, { "direction", dir } },
            QStringLiteral("call %1 key rotated (%2)").arg(r->call).arg(dir));
        return;
    }
    if (const auto* d = std::get_if<core::DtmfReceived>(&ev)) {
        if (d->begin)
            return;
        emitEvent(QJsonObject { { "event", "dtmf" }, { "call", int(d->call) }, { "direction", "rx" },
                      { "digit", QString(QChar(d->digit)) } },
            QStringLiteral("call %1: received DTMF %2").arg(d->call).arg(QChar(d->digit)));
        CallMedia& m = m_media[d->call];
        if (m_opt.answer == AnswerMode::Gateway && m_mode != Mode::Call && !m.gatewayDone) {
            m.lastDigitAt = now.count();
            if (d->digit == '#')
                m.lastDigitAt = now.count() - 5000; // ends the input on the next tick
            else
                m.gatewayDigits += QChar(d->digit);
        }
        return;
    }
    if (const auto* v = std::get_if<core::VoiceReceived>(&ev)) {
        CallMedia& m = m_media[v->call];
        if (m.echo) {
            m_host->engine().sendVoice(v->call, v->payload, 20, now);
            return;
        }
        if (m.usesDevice && m.decoder) {
            const auto pcm = m.toDevice->process(m.decoder->decode(v->payload));
            if (m.playFifo.size() < 48000) // bound the backlog to 1 s
                m.playFifo.insert(m.playFifo.end(), pcm.begin(), pcm.end());
        }
        if (!m.recordPath.isEmpty() && m.decoder) {
            const auto pcm = m.decoder->decode(v->payload);
            if (!m.firstRxTs)
                m.firstRxTs = v->timestamp;
            const std::int64_t offsetMs = std::int64_t(v->timestamp) - std::int64_t(*m.firstRxTs);
            if (offsetMs >= 0 && offsetMs < 4LL * 3600 * 1000) {
                const std::size_t at
                    = static_cast<std::size_t>(offsetMs) * static_cast<std::size_t>(m.decoder->sampleRate()) / 1000;
                if (m.recordPcm.size() < at + pcm.size())
                    m.recordPcm.resize(at + pcm.size(), 0);
                std::copy(pcm.begin(), pcm.end(), m.recordPcm.begin() + static_cast<std::ptrdiff_t>(at));
            }
        }
        return;
    }
    if (const auto* f = std::get_if<core::CallFinished>(&ev)) {
        const auto& st = f->stats;
        emitEvent(QJsonObject { { "event", "stats" }, { "call", int(f->call) },
                      { "frames_sent", qint64(st.framesSent) }, { "frames_received", qint64(st.framesReceived) },
                      { "voice_sent", qint64(st.voiceSent) }, { "voice_received", qint64(st.voiceReceived) },
                      { "retransmits", qint64(st.retransmits) }, { "decrypt_failures", st.encryption.decryptFailures },
                      { "rekeys_tx", st.encryption.rekeysSent }, { "rekeys_rx", st.encryption.rekeysReceived },
                      { "frames_encrypted", qint64(st.encryption.framesEncrypted) },
                      { "frames_decrypted", qint64(st.encryption.framesDecrypted) }, { "jitter", st.jitterMs },
                      { "loss", qint64(st.lost) }, { "rtt", st.rttMs } },
            QStringLiteral("call %1 stats: sent %2 frames (%3 voice), received %4 (%5 voice), %6 retransmits, %7 "
                           "decrypt failures, rekeys tx %8 rx %9, rtt %10 ms")
                .arg(f->call)
                .arg(st.framesSent)
                .arg(st.voiceSent)
                .arg(st.framesReceived)
                .arg(st.voiceReceived)
                .arg(st.retransmits)
                .arg(st.encryption.decryptFailures)
                .arg(st.encryption.rekeysSent)
                .arg(st.encryption.rekeysReceived)
                .arg(st.rttMs));
        return;
    }
    if (const auto* pr = std::get_if<core::PeerRegistered>(&ev)) {
        emitEvent(QJsonObject { { "event", "peer" }, { "user", QString::fromStdString(pr->username) },
                      { "address", QString::fromStdString(pr->address.toString()) },
                      { "state", pr->refresh > 0 ? "registered" : "unregistered" }, { "refresh", pr->refresh } },
            QStringLiteral("user %1 %2 at %3")
                .arg(QString::fromStdString(pr->username), pr->refresh > 0 ? "registered" : "unregistered",
                    QString::fromStdString(pr->address.toString())));
        return;
    }
    if (const auto* r = std::get_if<core::RegistrationStateChanged>(&ev)) {
        QJsonObject o { { "event", "registration" }, { "state", core::stateName(r->state) },
            { "refresh", r->refresh } };
        if (!r->reason.empty())
            o["reason"] = QString::fromStdString(r->reason);
        if (!r->apparentAddress.empty())
            o["address"] = QString::fromStdString(r->apparentAddress);
        if (r->state != core::RegistrationState::Registering)
            emitEvent(o,
                QStringLiteral("registration %1%2")
                    .arg(core::stateName(r->state),
                        r->reason.empty() ? QString() : ": " + QString::fromStdString(r->reason)));
        if (r->state == core::RegistrationState::Failed && m_opt.duration == 0)
            finish(r->reason.find("unreachable") != std::string::npos ? ExitUnreachable : ExitAuthFailed);
        return;
    }
}

} // namespace iax::cli
