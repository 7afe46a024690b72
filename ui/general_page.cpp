#include "ui/general_page.h"

#include "core/phone/call_recording.h"
#include "ui/icons.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace iax::ui {

GeneralPage::GeneralPage(QWidget* parent)
    : SettingsPage(parent)
    , m_minimised(new QCheckBox(tr("Start minimised to the system tray")))
    , m_notifications(new QCheckBox(tr("Show desktop notifications for incoming calls")))
    , m_ringtone(new QLineEdit)
    , m_dialLinks(new QCheckBox(tr("Call iax2: links at once, without asking first")))
{
    m_dialLinks->setObjectName(QStringLiteral("dialLinksDirectly"));
    m_dialLinks->setToolTip(tr("Off: a link from a web page or another program only fills in the number and asks "
                               "you to confirm the call. Turn on only if you trust every program that can open "
                               "links: any web page could then make your account call a premium number."));
    m_minimised->setObjectName(QStringLiteral("startMinimised"));
    m_notifications->setObjectName(QStringLiteral("notifications"));
    m_ringtone->setObjectName(QStringLiteral("ringtone"));
    m_ringtone->setAccessibleName(tr("Ringtone"));
    m_ringtone->setPlaceholderText(tr("Built-in tone"));
    auto* browse = new QPushButton(tr("Browse…"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_ringtone, 1);
    row->addWidget(browse);
    auto* form = new QFormLayout(this);
    form->addRow(QString(), m_minimised);
    form->addRow(QString(), m_notifications);
    form->addRow(tr("Ringtone:"), row);
    form->addRow(QString(), m_dialLinks);
    m_recordings = new QLineEdit;
    m_recordings->setObjectName(QStringLiteral("recordingsFolder"));
    m_recordings->setAccessibleName(tr("Recordings folder"));
    m_recordings->setPlaceholderText(phone::defaultRecordingsFolder());
    m_recordings->setToolTip(tr("Calls you record (Record in the call, off by default) are saved here as WAV "
                                "or Opus files: your voice on the left channel, the other side on the right."));
    auto* browseRecordings = new QPushButton(tr("Browse…"));
    browseRecordings->setObjectName(QStringLiteral("browseRecordings"));
    browseRecordings->setAccessibleName(tr("Choose the recordings folder"));
    auto* recordingsRow = new QHBoxLayout;
    recordingsRow->addWidget(m_recordings, 1);
    recordingsRow->addWidget(browseRecordings);
    form->addRow(tr("Recordings folder:"), recordingsRow);
    m_recordOpus = new QCheckBox(tr("Record as Opus (compressed .opus files) instead of WAV"));
    m_recordOpus->setObjectName(QStringLiteral("recordOpus"));
    m_recordOpus->setToolTip(tr("Ogg Opus files are about a tenth of the size of WAV files and play in most "
                                "media players; the channels are the same."));
    form->addRow(QString(), m_recordOpus);
    connect(browseRecordings, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Recordings folder"), m_recordings->text());
        if (!d.isEmpty())
            m_recordings->setText(d);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(
            this, tr("Ringtone"), QString(), tr("Sounds (*.wav *.ogg *.flac);;All files (*)"));
        if (!f.isEmpty())
            m_ringtone->setText(f);
    });
}

QString GeneralPage::title() const
{
    return tr("General");
}

QIcon GeneralPage::icon() const
{
    return Icons::icon(QStringLiteral("preferences")); // the app's own: as large as the other pages' icons
}

void GeneralPage::load(const Settings& s)
{
    m_minimised->setChecked(s.general.startMinimised);
    m_notifications->setChecked(s.general.notifications);
    m_ringtone->setText(s.general.ringtone);
    m_dialLinks->setChecked(s.general.dialLinksDirectly);
    m_recordings->setText(s.general.recordingsFolder);
    m_recordOpus->setChecked(s.general.recordOpus);
}

void GeneralPage::save(Settings& s)
{
    s.general.startMinimised = m_minimised->isChecked();
    s.general.notifications = m_notifications->isChecked();
    s.general.ringtone = m_ringtone->text().trimmed();
    s.general.dialLinksDirectly = m_dialLinks->isChecked();
    s.general.recordingsFolder = m_recordings->text().trimmed();
    s.general.recordOpus = m_recordOpus->isChecked();
}

} // namespace iax::ui
