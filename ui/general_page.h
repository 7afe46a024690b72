#pragma once
// Settings page "General": start minimised to the tray, notifications, ringtone, whether iax2:
// links call without asking, where call recordings go. GUI thread.
#include "ui/settings_page.h"

class QCheckBox;
class QLineEdit;

namespace iax::ui {

class GeneralPage : public SettingsPage {
    Q_OBJECT
public:
    explicit GeneralPage(QWidget* parent = nullptr);
    QString title() const override;
    QIcon icon() const override;
    void load(const Settings& settings) override;
    void save(Settings& settings) override;

private:
    QCheckBox* m_minimised;
    QCheckBox* m_notifications;
    QLineEdit* m_ringtone;
    QCheckBox* m_dialLinks;
    QLineEdit* m_recordings; ///< GeneralSettings::recordingsFolder
    QCheckBox* m_recordOpus; ///< GeneralSettings::recordOpus
};

} // namespace iax::ui
