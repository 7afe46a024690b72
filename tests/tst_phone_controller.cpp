// EnginePhoneController (core/phone) with a fake CallAudio, no Widgets and no sound system: the
// media of an answered call comes from the front end's CallAudio with the negotiated codec, the
// devices and the audio-processing switches the user chose; mute (also chosen before the answer),
// hold and DTMF key feedback reach that media; device switches, device events and media failures
// come back as commandFailed sentences. The peer is a PBX Engine on a UDP socket (127.0.0.1).
// Also the caller-key set-up the controller shares with the CLI (caller_keys.h).
#include "core/keys/key_generation.h"
#include "core/phone/caller_keys.h"
#include "core/phone/engine_phone_controller.h"
#include "support/udp_engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <mutex>

using namespace iax;
using namespace iax::phone;

namespace {

const char* const kSecret = "controller-test-secret";

/// What the fake's calls did (written on the engine/media thread, read by the test).
struct FakeLog {
    std::mutex mutex;
    std::vector<CallMediaRequest> requests;
    std::vector<std::pair<std::string, std::string>> switches;
    std::string controls; // "M1" mute on, "H0" hold off, "D5" digit 5, "E10" echo on/not on headsets, "C" closed
    int prepared = 0;
    int pulls = 0;

    void add(const std::string& s)
    {
        const std::lock_guard lock(mutex);
        controls += s;
    }
    std::string get()
    {
        const std::lock_guard lock(mutex);
        return controls;
    }
    template<typename T> T read(const T& field)
    {
        const std::lock_guard lock(mutex);
        return field;
    }
};

class FakeMedia final : public PhoneCallMedia {
public:
    explicit FakeMedia(std::shared_ptr<FakeLog> log)
        : m_log(std::move(log))
    { }
    void pull(int framesDue, std::vector<std::vector<std::uint8_t>>& out) override
    {
        for (int i = 0; i < framesDue; ++i)
            out.emplace_back(160, 0xFF); // µ-law silence
        const std::lock_guard lock(m_log->mutex);
        ++m_log->pulls;
    }
    void push(const core::VoiceReceived&) override { }
    std::string close() override
    {
        m_log->add("C");
        return {};
    }
    void setMuted(bool on) override { m_log->add(on ? "M1" : "M0"); }
    void setEchoCancellation(bool on, bool onHeadsets) override
    {
        m_log->add(std::string("E") + (on ? "1" : "0") + (onHeadsets ? "1" : "0"));
    }
    int playoutDelayMs() override { return 45; }
    std::string setRecording(const std::string& path) override
    {
        if (path.find("refused") != std::string::npos)
            return "the disk is full";
        m_log->add("R" + path + ";");
        return {};
    }
    void setHold(bool on) override { m_log->add(on ? "H1" : "H0"); }
    void playDtmf(char digit) override { m_log->add(std::string("D") + digit); }

private:
    std::shared_ptr<FakeLog> m_log;
};

/// Makes FakeMedia, or fails as told; switchDevices answers `switchError`.
class FakeCallAudio final : public CallAudio {
public:
    explicit FakeCallAudio(std::shared_ptr<FakeLog> log)
        : m_log(std::move(log))
    { }
    void prepare() override
    {
        const std::lock_guard lock(m_log->mutex);
        ++m_log->prepared;
    }
    CallMediaResult create(const CallMediaRequest& request) override
    {
        {
            const std::lock_guard lock(m_log->mutex);
            m_log->requests.push_back(request);
        }
        CallMediaResult r;
        r.deviceError = deviceError;
        if (!mediaError.empty())
            r.error = mediaError;
        else
            r.media = std::make_unique<FakeMedia>(m_log);
        return r;
    }
    std::string switchDevices(const std::string& in, const std::string& out) override
    {
        const std::lock_guard lock(m_log->mutex);
        m_log->switches.emplace_back(in, out);
        return switchError;
    }
    void setEventSink(std::function<void(const std::string&)> sink) override { this->sink = std::move(sink); }

    std::string deviceError, mediaError, switchError; // set before the controller starts
    std::function<void(const std::string&)> sink;

private:
    std::shared_ptr<FakeLog> m_log;
};

/// A PBX that answers every call it accepts.
struct AnsweringPbx {
    test::UdpEngine udp { test::registrarOf("desk", kSecret) };
    AnsweringPbx()
    {
        QObject::connect(&timer, &QTimer::timeout, &udp, [this] {
            for (const auto& ev : udp.events) {
                if (const auto* in = std::get_if<core::IncomingCall>(&ev); in && !answered.contains(in->call)) {
                    answered << in->call;
                    udp.engine().answer(in->call, udp.now());
                    udp.pump();
                }
            }
        });
        timer.start(10);
    }
    QTimer timer;
    QList<core::CallId> answered;
};

AccountSettings deskAccount(quint16 port)
{
    AccountSettings a;
    a.id = QStringLiteral("desk");
    a.name = QStringLiteral("Desk");
    a.host = QStringLiteral("127.0.0.1");
    a.port = port;
    a.username = QStringLiteral("desk");
    a.encryption = EncryptionPolicy::Off; // digits need no proven encryption here
    a.codecs = QStringList { QStringLiteral("alaw") };
    return a;
}

EnginePhoneController::Options optionsWith(std::shared_ptr<CallAudio> audio)
{
    EnginePhoneController::Options opt;
    opt.callAudio = std::move(audio);
    opt.bindAddress = QHostAddress::LocalHost;
    opt.removeDelayMs = 100;
    return opt;
}

/// A started controller with the desk account and its signals recorded, and a PBX that answers.
struct Rig {
    explicit Rig(std::shared_ptr<CallAudio> audio)
        : controller(optionsWith(std::move(audio)))
    {
        if (controller.start(&error))
            controller.setAccount(deskAccount(pbx.udp.port()), AccountSecrets { QString::fromLatin1(kSecret), {} });
    }
    int dialDesk() { return controller.dial(QStringLiteral("desk"), QStringLiteral("100")); }

    AnsweringPbx pbx;
    EnginePhoneController controller;
    QSignalSpy failed { &controller, &PhoneController::commandFailed };
    QSignalSpy updated { &controller, &PhoneController::callUpdated };
    QString error; ///< why start() failed ("" = started)
};

/// True once `spy` (on callUpdated) saw call `id` in `state`.
bool sawState(const QSignalSpy& spy, int id, CallState state)
{
    return std::any_of(spy.begin(), spy.end(), [id, state](const QList<QVariant>& args) {
        const auto c = args.at(0).value<CallSnapshot>();
        return c.id == id && c.state == state;
    });
}

bool anyContains(const QSignalSpy& spy, const QString& text)
{
    for (const auto& args : spy)
        if (args.at(1).toString().contains(text))
            return true;
    return false;
}

} // namespace

class TstPhoneController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answeredCallGetsTheFrontEndsMediaAndControls()
    {
        auto log = std::make_shared<FakeLog>();
        auto audio = std::make_shared<FakeCallAudio>(log);
        audio->switchError = "the headset is busy";
        Rig rig(audio);
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        EnginePhoneController& controller = rig.controller;
        const QSignalSpy& failed = rig.failed;
        QTRY_COMPARE(log->read(log->prepared), 1); // set-up before the first call, once

        // Chosen before the call: the devices and the processing switches go into the request.
        controller.setDevices(QStringLiteral("mic-7"), QStringLiteral("speaker-3"));
        controller.setDevicePreferences({ "mic-7", "usb-mic" }, { "speaker-3" });
        controller.setAudioProcessing(false, true);
        controller.setEchoCancellationOnHeadsets(true); // no call yet: for the next one (issue 19)
        const int id = rig.dialDesk();
        QVERIFY(id > 0);
        controller.mute(id, true); // before the answer: applied to the media once it exists

        QTRY_COMPARE_WITH_TIMEOUT(log->read(log->requests).size(), std::size_t(1), 10000);
        const CallMediaRequest r = log->read(log->requests).front();
        QCOMPARE(int(r.call.call), id);
        QCOMPARE(r.call.format, std::uint64_t(core::Codec::Alaw)); // the account's codec
        QVERIFY(r.call.outgoing);
        QCOMPARE(r.inputDevice, std::string("mic-7"));
        QCOMPARE(r.outputDevice, std::string("speaker-3"));
        QCOMPARE(r.inputPreferences, (std::vector<std::string> { "mic-7", "usb-mic" })); // fallback order (issue 19)
        QCOMPARE(r.outputPreferences, (std::vector<std::string> { "speaker-3" }));
        QCOMPARE(r.echoCancellation, false);
        QCOMPARE(r.echoCancellationOnHeadsets, true);
        QCOMPARE(r.noiseSuppression, true);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(log->get()), QStringLiteral("M1"), 5000);
        QTRY_VERIFY(log->read(log->pulls) > 0); // the host drives it

        controller.sendDtmf(id, QLatin1Char('5'));
        controller.hold(id, true);
        controller.hold(id, false);
        controller.mute(id, false);
        // Echo cancellation changed mid-call: the call's media follows with both switches.
        controller.setAudioProcessing(true, true);
        controller.setEchoCancellationOnHeadsets(false);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(log->get()), QStringLiteral("M1D5H1H0M0E10"), 5000);

        // A device switch the front end refuses, and a device event: sentences for the user.
        controller.setDevices(QStringLiteral("usb-1"), QString());
        QTRY_COMPARE(log->read(log->switches).size(), std::size_t(2));
        QCOMPARE(log->read(log->switches).back(), (std::pair<std::string, std::string>("usb-1", "")));
        QTRY_VERIFY(anyContains(failed, QStringLiteral("The sound device cannot be switched: the headset is busy")));
        audio->sink("the headset was unplugged");
        QTRY_VERIFY(anyContains(failed, QStringLiteral("Sound device: the headset was unplugged")));

        controller.hangup(id);
        QTRY_COMPARE_WITH_TIMEOUT(
            QString::fromStdString(log->get()), QStringLiteral("M1D5H1H0M0E10C"), 5000); // closed when the call ends
        QCOMPARE(log->read(log->requests).size(), std::size_t(1));
    }

    void answeredCallReportsLiveQuality()
    {
        auto log = std::make_shared<FakeLog>();
        Rig rig(std::make_shared<FakeCallAudio>(log));
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        rig.controller.setStatsInterval(50);
        const int id = rig.dialDesk();
        QVERIFY(id > 0);
        // The engine's statistics and the media's playout delay reach the snapshots on their own.
        const auto measured = [&] {
            for (const auto& args : rig.updated) {
                const auto c = args.at(0).value<CallSnapshot>();
                if (c.id == id && c.quality.known && c.quality.playoutDelayMs == 45)
                    return c.quality.mos > 4.0 && c.quality.lossPercent == 0;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(measured(), 10000);
        rig.controller.hangup(id);
    }

    void recordingReachesTheMediaAndTheSnapshot()
    {
        auto log = std::make_shared<FakeLog>();
        Rig rig(std::make_shared<FakeCallAudio>(log));
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/call.wav"));
        const int id = rig.dialDesk();
        QVERIFY(id > 0);
        // Not answered yet: refused with a reason, nothing reaches the media.
        rig.controller.setRecording(id, path);
        QVERIFY(anyContains(rig.failed, QStringLiteral("Only an answered call can be recorded.")));
        QTRY_VERIFY_WITH_TIMEOUT(sawState(rig.updated, id, CallState::Answered), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(log->read(log->requests).size(), std::size_t(1), 5000);

        const auto recordingIs = [&](const QString& file) {
            const auto last = rig.updated.isEmpty() ? CallSnapshot {} : rig.updated.last().at(0).value<CallSnapshot>();
            return last.recordingFile == file;
        };
        rig.controller.setRecording(id, path);
        QTRY_VERIFY(recordingIs(path));
        QVERIFY(QDir(dir.filePath(QStringLiteral("sub"))).exists()); // the folder is made
        rig.controller.setRecording(id, QString());
        QTRY_VERIFY(recordingIs(QString()));
        QCOMPARE(QString::fromStdString(log->get()), QStringLiteral("R%1;R;").arg(path));

        // The media refuses: the user reads why, the snapshot does not claim a recording.
        rig.controller.setRecording(id, dir.filePath(QStringLiteral("refused.wav")));
        QTRY_VERIFY(anyContains(rig.failed, QStringLiteral("The call cannot be recorded: the disk is full")));
        QVERIFY(recordingIs(QString()));
        rig.controller.hangup(id);
    }

    void mediaFailuresAreReportedAndTheCallGoesOn()
    {
        auto log = std::make_shared<FakeLog>();
        auto audio = std::make_shared<FakeCallAudio>(log);
        audio->deviceError = "no sound card";
        audio->mediaError = "the codec opus is not supported";
        Rig rig(audio);
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        const int id = rig.dialDesk();
        QVERIFY(id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            anyContains(rig.failed, QStringLiteral("No audio for this call: the codec opus is not supported")), 10000);
        QVERIFY(anyContains(rig.failed,
            QStringLiteral("The sound device cannot be opened (no sound card); the call goes on without audio.")));
        QTRY_VERIFY(sawState(rig.updated, id, CallState::Answered));
        rig.controller.hangup(id);
    }

    // The key-lookup set-up both front ends use (the CLI's --key-dir/--key-server, the GUI's accounts).
    void callerKeySetUpDefaultsTheStoreAndKeepsTheServer()
    {
        core::KeyServerOptions server;
        server.urlTemplate = QStringLiteral("https://keys.example.net/{name}.pub");
        server.timeout = std::chrono::milliseconds(1234);
        server.allowInsecureHttp = true;
        const net::KeyLookupOptions chosen = callerKeyLookup(QStringLiteral("/srv/keys"), server);
        QCOMPARE(chosen.storeDirectory, QStringLiteral("/srv/keys"));
        QCOMPARE(chosen.server.urlTemplate, server.urlTemplate);
        QCOMPARE(chosen.server.timeout, server.timeout);
        QVERIFY(chosen.server.allowInsecureHttp);
        const net::KeyLookupOptions byDefault = callerKeyLookup(QString(), core::KeyServerOptions {});
        QCOMPARE(byDefault.storeDirectory, core::defaultKeyDirectory());
        QVERIFY(byDefault.storeDirectory.endsWith(QLatin1String("/iaxphone/keys")));
        QVERIFY(byDefault.server.urlTemplate.isEmpty());
        // The call waits for a fetch 3 s longer than the fetch may take; the default stays below
        // Asterisk's give-up of about 10 s.
        QCOMPARE(callerKeyWait(std::chrono::milliseconds(5000)), core::Millis(8000));
        QCOMPARE(callerKeyWait(std::chrono::milliseconds(250)), core::Millis(3250));
        QVERIFY(callerKeyWait(EnginePhoneController::Options {}.keyFetchTimeout) < core::Millis(10000));
    }

    void dialEncryptedRequiresEncryptionWhateverTheAccountsPolicy()
    {
        // The desk account's policy is off: dial() goes out in clear; dialEncrypted() (a contact
        // marked "always encrypted") offers AES-128 and requires it.
        Rig rig(nullptr);
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        const auto reached = [&rig](int id, EncryptionState e) {
            return std::any_of(rig.updated.begin(), rig.updated.end(), [id, e](const QList<QVariant>& args) {
                const auto c = args.at(0).value<CallSnapshot>();
                return c.id == id && c.state == CallState::Answered && c.encryption == e;
            });
        };
        const int clear = rig.dialDesk();
        QTRY_VERIFY_WITH_TIMEOUT(sawState(rig.updated, clear, CallState::Answered), 10000);
        QVERIFY(reached(clear, EncryptionState::Off));
        rig.controller.hangup(clear);
        const int required = rig.controller.dialEncrypted(QStringLiteral("desk"), QStringLiteral("100"));
        QVERIFY(required > 0);
        QTRY_VERIFY_WITH_TIMEOUT(reached(required, EncryptionState::Encrypted), 10000);
        rig.controller.hangup(required);
        QTRY_VERIFY(sawState(rig.updated, required, CallState::HungUp));
        QVERIFY(rig.failed.isEmpty());
    }

    void withoutCallAudioCallsHaveNoMedia()
    {
        Rig rig(nullptr);
        QVERIFY2(rig.error.isEmpty(), qPrintable(rig.error));
        const int id = rig.dialDesk();
        QTRY_VERIFY_WITH_TIMEOUT(sawState(rig.updated, id, CallState::Answered), 10000);
        rig.controller.mute(id, true); // nothing to reach, nothing fails
        rig.controller.hangup(id);
        QTRY_VERIFY(sawState(rig.updated, id, CallState::HungUp)); // after the mute (commands run in order)
        QVERIFY(rig.failed.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstPhoneController)
#include "tst_phone_controller.moc"
