#pragma once
// The GUI's own sounds through PortAudio, outside calls: the device lists and the live mic meter
// of the settings dialog, its test tone, and the ringtone of an incoming call (a WAV file or the
// built-in ring cadence), on the ringer device. Each sound gets its own short-lived
// PortAudioDevice, fed every 20 ms from a GUI-thread timer with a few frames queued ahead; the
// device's real-time callback stays lock- and allocation-free (see portaudio_device.h).
// GUI thread only. Failures are sentences (returned, or shown by the caller).
#include "ui/audio_device_provider.h"
#include "ui/ringer.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>
#include <vector>

namespace iax::audio {
class FileSource;
class PortAudioDevice;
class ToneGenerator;
} // namespace iax::audio

namespace iax::ui {

class PortAudioSounds : public QObject, public AudioDeviceProvider, public Ringer {
    Q_OBJECT
public:
    explicit PortAudioSounds(QObject* parent = nullptr);
    ~PortAudioSounds() override;

    QList<AudioDeviceInfo> inputDevices() const override;
    QList<AudioDeviceInfo> outputDevices() const override;
    bool startLevelMonitor(const QString& inputId, QString* error) override;
    void stopLevelMonitor() override;
    float inputLevel() const override;
    /// One second of 440 Hz on `outputId`.
    bool playTestTone(const QString& outputId, QString* error) override;

    /// Rings on the first of `devices` the sound system has (the system default when none is),
    /// falling back along the list if that device goes away while it rings.
    void startRinging(int callId, const QString& ringtone, const QStringList& devices) override;
    void stopRinging(int callId) override;
    /// True while a ringtone plays.
    bool isRinging() const { return m_ring != nullptr; }
    /// The last problem (a sentence; empty = none), e.g. why the ringtone could not play.
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    /// Something could not be played (a sentence), e.g. the ringer device is missing.
    void problem(const QString& reason);

private:
    /// One playing sound: an output-only device and where its samples come from.
    struct Player {
        std::unique_ptr<audio::PortAudioDevice> device;
        std::unique_ptr<audio::FileSource> file;
        std::unique_ptr<audio::ToneGenerator> tone;
        int framesLeft = -1; ///< -1 = until stopped
        std::vector<std::int16_t> frame;
    };
    std::unique_ptr<Player> openPlayer(const QString& outputId, QString* error);
    /// A player on the first of `devices` that opens; the default device last.
    std::unique_ptr<Player> openFirstPlayer(const QStringList& devices, QString* error);
    void feed(Player& p);
    void onTick();
    void updateTimer();

    std::unique_ptr<audio::PortAudioDevice> m_monitor;
    std::vector<std::int16_t> m_drain;
    std::unique_ptr<Player> m_testTone;
    std::unique_ptr<Player> m_ring;
    QSet<int> m_ringingCalls;
    QTimer m_tick;
    QString m_lastError;
};

} // namespace iax::ui
