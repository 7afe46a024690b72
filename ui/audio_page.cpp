#include "ui/audio_page.h"

#include "core/phone/device_preferences.h"
#include "ui/audio_device_provider.h"
#include "ui/icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>

namespace iax::ui {

AudioPage::AudioPage(AudioDeviceProvider* devices, QWidget* parent)
    : SettingsPage(parent)
    , m_devices(devices)
    , m_input(new QComboBox)
    , m_output(new QComboBox)
    , m_ringer(new QComboBox)
    , m_meter(new QProgressBar)
    , m_tone(new QPushButton(tr("Play test tone")))
    , m_status(new QLabel)
    , m_echo(new QCheckBox(tr("Echo cancellation")))
    , m_noise(new QCheckBox(tr("Noise suppression")))
{
    m_input->setObjectName(QStringLiteral("inputDevice"));
    m_output->setObjectName(QStringLiteral("outputDevice"));
    m_ringer->setObjectName(QStringLiteral("ringerDevice"));
    m_meter->setObjectName(QStringLiteral("micMeter"));
    m_tone->setObjectName(QStringLiteral("testTone"));
    m_echo->setObjectName(QStringLiteral("echoCancellation"));
    m_noise->setObjectName(QStringLiteral("noiseSuppression"));
    m_status->setObjectName(QStringLiteral("audioStatus"));
    m_meter->setRange(0, 100);
    m_meter->setTextVisible(false);
    m_meter->setMaximumHeight(10);
    m_meter->setAccessibleName(tr("Microphone level"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: #b23a36;"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Microphone:"), m_input);
    form->addRow(tr("Level:"), m_meter);
    form->addRow(tr("Speaker:"), m_output);
    form->addRow(QString(), m_tone);
    form->addRow(tr("Ringer:"), m_ringer);
    form->addRow(QString(), m_echo);
    m_echoHeadsets = new QCheckBox(tr("Echo cancellation on headsets too"));
    m_echoHeadsets->setObjectName(QStringLiteral("echoCancellationOnHeadsets"));
    m_echoHeadsets->setToolTip(tr("Echo cancellation normally stays off on a device whose name says "
                                  "headset or headphones (no echo path, less CPU). Turn this on for a "
                                  "\"headset\" that is a speakerphone or lets the far end hear itself."));
    connect(m_echo, &QCheckBox::toggled, m_echoHeadsets, &QCheckBox::setEnabled);
    form->addRow(QString(), m_echoHeadsets);
    form->addRow(QString(), m_noise);
    m_shortFrames = new QCheckBox(tr("Lower latency: 10 ms Opus frames"));
    m_shortFrames->setObjectName(QStringLiteral("shortFrames"));
    m_shortFrames->setToolTip(tr("Opus calls send 10 ms frames instead of 20 ms: about 15 ms less delay, "
                                 "twice as many packets. G.711 calls are not affected."));
    form->addRow(QString(), m_shortFrames);
    form->addRow(m_status);
    m_tone->setEnabled(m_devices != nullptr);
    m_meterTimer.setInterval(50);
    connect(&m_meterTimer, &QTimer::timeout, this,
        [this] { m_meter->setValue(m_devices ? qBound(0, int(m_devices->inputLevel() * 100.0f + 0.5f), 100) : 0); });
    connect(m_tone, &QPushButton::clicked, this, &AudioPage::playTone);
    connect(m_input, &QComboBox::currentIndexChanged, this, [this] {
        if (m_meterTimer.isActive()) {
            stopMeter();
            startMeter();
        }
    });
}

AudioPage::~AudioPage()
{
    stopMeter();
}

QString AudioPage::title() const
{
    return tr("Audio");
}

QIcon AudioPage::icon() const
{
    return Icons::icon(QStringLiteral("speaker")); // the app's own: as large as the other pages' icons
}

void AudioPage::fill(QComboBox* combo, const QList<AudioDeviceInfo>& devices, const QString& selected)
{
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("System default"), QString());
    for (const auto& d : devices)
        combo->addItem(d.name, d.id);
    int idx = combo->findData(selected);
    if (idx < 0) {
        combo->addItem(tr("%1 (not connected)").arg(selected), selected);
        idx = combo->count() - 1;
    }
    combo->setCurrentIndex(idx);
}

QString AudioPage::fallbackText(const QStringList& history)
{
    QStringList names = history;
    names.append(tr("the system default"));
    return tr("If this device is missing during a call: %1.").arg(names.join(tr(", then ")));
}

void AudioPage::load(const Settings& s)
{
    const auto inputs = m_devices ? m_devices->inputDevices() : QList<AudioDeviceInfo>();
    const auto outputs = m_devices ? m_devices->outputDevices() : QList<AudioDeviceInfo>();
    fill(m_input, inputs, s.audio.inputDevice);
    fill(m_output, outputs, s.audio.outputDevice);
    fill(m_ringer, outputs, s.audio.ringerDevice);
    m_input->setToolTip(fallbackText(s.audio.inputHistory));
    m_output->setToolTip(fallbackText(s.audio.outputHistory));
    m_ringer->setToolTip(fallbackText(s.audio.ringerHistory));
    m_echo->setChecked(s.audio.echoCancellation);
    m_echoHeadsets->setChecked(s.audio.echoCancellationOnHeadsets);
    m_echoHeadsets->setEnabled(s.audio.echoCancellation);
    m_noise->setChecked(s.audio.noiseSuppression);
    m_shortFrames->setChecked(s.audio.frameMs == 10);
}

void AudioPage::save(Settings& s)
{
    // The device chosen before becomes the first fallback of its role (device_preferences.h).
    const QString input = m_input->currentData().toString(), output = m_output->currentData().toString();
    s.audio.inputHistory = phone::rememberDevice(s.audio.inputHistory, s.audio.inputDevice, input);
    s.audio.outputHistory = phone::rememberDevice(s.audio.outputHistory, s.audio.outputDevice, output);
    s.audio.inputDevice = input;
    s.audio.outputDevice = output;
    const QString ringer = m_ringer->currentData().toString();
    s.audio.ringerHistory = phone::rememberDevice(s.audio.ringerHistory, s.audio.ringerDevice, ringer);
    s.audio.ringerDevice = ringer;
    s.audio.echoCancellation = m_echo->isChecked();
    s.audio.echoCancellationOnHeadsets = m_echoHeadsets->isChecked();
    s.audio.noiseSuppression = m_noise->isChecked();
    s.audio.frameMs = m_shortFrames->isChecked() ? 10 : 20;
}

void AudioPage::startMeter()
{
    if (!m_devices || m_meterTimer.isActive())
        return;
    QString err;
    if (!m_devices->startLevelMonitor(m_input->currentData().toString(), &err)) {
        m_status->setText(tr("The microphone cannot be opened: %1").arg(err));
        return;
    }
    m_status->clear();
    m_meterTimer.start();
}

void AudioPage::stopMeter()
{
    if (!m_meterTimer.isActive())
        return;
    m_meterTimer.stop();
    m_meter->setValue(0);
    if (m_devices)
        m_devices->stopLevelMonitor();
}

int AudioPage::meterValue() const
{
    return m_meter->value();
}

void AudioPage::playTone()
{
    QString err;
    if (m_devices && !m_devices->playTestTone(m_output->currentData().toString(), &err))
        m_status->setText(tr("The test tone cannot be played: %1").arg(err));
    else
        m_status->clear();
}

void AudioPage::showEvent(QShowEvent* e)
{
    SettingsPage::showEvent(e);
    startMeter();
}

void AudioPage::hideEvent(QHideEvent* e)
{
    stopMeter();
    SettingsPage::hideEvent(e);
}

} // namespace iax::ui
