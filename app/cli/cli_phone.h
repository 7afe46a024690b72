#pragma once
// The headless softphone behind `call`, `listen` and `register`: runs the EngineHost on the main
// thread (the CLI's engine/media thread), moves voice between files and the Engine every 20 ms,
// implements the answer modes (echo, play, record, gateway), --dtmf and secure dial, and prints
// the contract's events. Exit status as in exit_codes.h.
#include "app/cli/phone_options.h"
#include "audio/portaudio_device.h"
#include "audio/stream_resampler.h"
#include "audio/voice_codec.h"
#include "core/net/engine_host.h"

#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace iax::cli {

class CliPhone : public QObject {
    Q_OBJECT
public:
    enum class Mode { Call, Listen, Register };
    CliPhone(Mode mode, PhoneOptions options, QObject* parent = nullptr);
    ~CliPhone() override;

    /// Sets up keys, users and the socket; then dials / listens / registers. Returns an exit code
    /// != 0 on immediate failure (bad key file, bind failure, unresolvable host).
    int start(const IaxUri* uri);
    /// Exit code once the job is done; emitted through finished().
    int exitCode() const { return m_exitCode; }

signals:
    void finished(int code);

private:
    struct CallMedia {
        std::uint64_t format = 0;
        std::unique_ptr<audio::VoiceCodec> encoder;
        std::unique_ptr<audio::VoiceCodec> decoder;
        std::vector<std::int16_t> playPcm;
        std::size_t playPos = 0;
        bool playing = false;
        std::vector<std::int16_t> recordPcm;
        std::optional<std::uint32_t> firstRxTs;
        QString recordPath;
        bool echo = false;
        bool answered = false;
        core::EncryptionState enc = core::EncryptionState::Off;
        QString gatewayDigits;
        qint64 lastDigitAt = 0;
        bool gatewayDone = false;
        QString pendingDtmf; // digits still to send (after encryption)
        bool dtmfAllowedClear = false;
        qint64 answeredAt = 0;
        bool finished = false;
        std::vector<std::int16_t> tone; // confirmation tone (gateway)
        bool usesDevice = false; // --audio: this call owns the sound device
        std::unique_ptr<audio::StreamResampler> fromDevice, toDevice;
        std::vector<std::int16_t> captureFifo, playFifo;
    };

    void onEvent(const core::EngineEvent& e);
    void tick();
    void emitEvent(const QJsonObject& o, const QString& human);
    void finish(int code);
    void startMedia(core::CallId id, std::uint64_t format);
    void sendNextDigit(core::CallId id);
    void callEnded(core::CallId id, const core::CallStateChanged& s);
    int codeFor(const core::CallEnd& end) const;

    Mode m_mode;
    PhoneOptions m_opt;
    std::unique_ptr<net::EngineHost> m_host;
    std::unique_ptr<audio::PortAudioDevice> m_device;
    bool m_deviceInUse = false;
    std::shared_ptr<core::RsaKey> m_outkey;
    std::vector<std::shared_ptr<const core::RsaKey>> m_inkeys;
    std::map<core::CallId, CallMedia> m_media;
    QTimer m_tick;
    QTimer m_dtmfTimer;
    int m_exitCode = 0;
    bool m_done = false;
    int m_callsDone = 0;
    core::CallId m_outgoing = 0;
    core::RegId m_reg = 0;
    QString m_secureNumber;
    bool m_secureSent = false;
    bool m_anyAnswered = false;
    bool m_encryptedSeen = false;
};

} // namespace iax::cli
