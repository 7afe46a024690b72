#pragma once
// Settings page "Audio": input/output/ringer devices from an AudioDeviceProvider, a live mic meter,
// a test tone, echo cancellation (also on headsets, if asked) and noise suppression. GUI thread.
#include "ui/settings_page.h"

#include <QTimer>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace iax::ui {

class AudioDeviceProvider;

class AudioPage : public SettingsPage {
    Q_OBJECT
public:
    /// `devices` may be nullptr (then only "System default" is offered and meter/tone are disabled).
    explicit AudioPage(AudioDeviceProvider* devices, QWidget* parent = nullptr);
    ~AudioPage() override;
    QString title() const override;
    QIcon icon() const override;
    void load(const Settings& settings) override;
    void save(Settings& settings) override;

    /// Starts/stops the mic meter (done on show/hide).
    void startMeter();
    void stopMeter();
    /// The meter's current value 0..100.
    int meterValue() const;

protected:
    void showEvent(QShowEvent* e) override;
    void hideEvent(QHideEvent* e) override;

private:
    /// The tooltip of a device choice: where a call falls back, in order, when it is missing.
    static QString fallbackText(const QStringList& history);

    void fill(QComboBox* combo, const QList<struct AudioDeviceInfo>& devices, const QString& selected);
    void playTone();

    AudioDeviceProvider* m_devices;
    QComboBox* m_input;
    QComboBox* m_output;
    QComboBox* m_ringer;
    QProgressBar* m_meter;
    QPushButton* m_tone;
    QLabel* m_status;
    QCheckBox* m_echo;
    QCheckBox* m_echoHeadsets = nullptr; ///< AudioSettings::echoCancellationOnHeadsets (only with m_echo)
    QCheckBox* m_noise;
    QCheckBox* m_shortFrames = nullptr; ///< 10 ms Opus frames (AudioSettings::frameMs)
    QTimer m_meterTimer;
};

} // namespace iax::ui
