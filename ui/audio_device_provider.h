#pragma once
// What the settings dialog needs from the audio layer: device lists, a live input level for the
// mic meter and a test tone. The audio layer implements it; tests use a fake. GUI thread only.
#include <QList>
#include <QString>

namespace iax::ui {

/// One sound device. `id` is stable across runs (saved in AudioSettings); `name` is for humans.
struct AudioDeviceInfo {
    QString id;
    QString name;
};

class AudioDeviceProvider {
public:
    virtual ~AudioDeviceProvider() = default;
    /// Capture devices (may be empty). Must not block for long.
    virtual QList<AudioDeviceInfo> inputDevices() const = 0;
    /// Playback devices (may be empty).
    virtual QList<AudioDeviceInfo> outputDevices() const = 0;
    /// Starts measuring `inputId` for the mic meter (empty = default). False with *error on failure.
    virtual bool startLevelMonitor(const QString& inputId, QString* error) = 0;
    /// Stops the measurement started by startLevelMonitor (no-op when none).
    virtual void stopLevelMonitor() = 0;
    /// Current peak input level 0..1 (polled by the meter ~20 times a second).
    virtual float inputLevel() const = 0;
    /// Plays a short test tone on `outputId`. False with *error when the device cannot be opened.
    virtual bool playTestTone(const QString& outputId, QString* error) = 0;
};

} // namespace iax::ui
