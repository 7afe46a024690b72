// MainWindow: the desk-phone features of issue 18 that concern accounts — voicemail badge and
// button, do not disturb per account and for all (window and tray), the announcement of an
// auto-answered call. The DeskFeaturesBar shows and asks; this changes and saves the settings.
// GUI thread.
#include "core/phone/settings_store.h"
#include "ui/account_bar.h"
#include "ui/call_list_model.h"
#include "ui/desk_features_bar.h"
#include "ui/icons.h"
#include "ui/main_window.h"
#include "ui/tray_icon.h"

#include <QApplication>

namespace iax::ui {

void MainWindow::connectDeskFeatures()
{
    // Before the account bar's connection: its refresh shows the count kept here.
    connect(m_deps.controller, &PhoneController::registrationChanged, this, [this](const RegistrationSnapshot& r) {
        m_desk->applyRegistration(r);
        refreshDesk();
    });
    connect(m_desk, &DeskFeaturesBar::accountDndToggled, this, [this](const QString& id, bool on) {
        Settings s = m_settings;
        for (AccountSettings& a : s.accounts) {
            if (a.id == id)
                a.doNotDisturb = on;
        }
        const AccountSettings* a = s.account(id);
        const QString name = a ? a->name : id;
        changeDeskSettings(s,
            on ? tr("Do not disturb for %1: its incoming calls are refused as busy.").arg(name)
               : tr("Do not disturb for %1 is off.").arg(name));
    });
    connect(m_desk, &DeskFeaturesBar::globalDndToggled, this, [this](bool on) {
        Settings s = m_settings;
        s.general.doNotDisturb = on;
        changeDeskSettings(s,
            on ? tr("Do not disturb for all accounts: incoming calls are refused as busy.")
               : tr("Do not disturb for all accounts is off."));
    });
    connect(m_desk, &DeskFeaturesBar::voicemailRequested, this, [this](const QString& id) {
        const AccountSettings* a = m_settings.account(id);
        if (!a || a->voicemailExtension.trimmed().isEmpty())
            return;
        if (placeCall(*a, a->voicemailExtension.trimmed(), false) >= 0)
            showStatus(tr("Calling the voicemail of %1 (%2)…").arg(a->name, a->voicemailExtension.trimmed()));
    });
    connect(m_model, &CallListModel::callChanged, this, [this](const CallSnapshot& call, bool) {
        if (!call.autoAnswered || !m_desk->firstAnnouncement(call.id))
            return;
        const QString who = call.peer.isEmpty() ? call.number : call.peer;
        const QString text = tr("The call from %1 was answered automatically.").arg(who);
        showStatus(text);
        QApplication::alert(this);
        if (m_tray && m_settings.general.notifications)
            m_tray->showMessage(tr("Call answered automatically"), text, Icons::icon(QStringLiteral("phone")));
    });
    if (m_tray)
        m_tray->addToggles({ m_desk->accountDndAction(), m_desk->globalDndAction() });
}

void MainWindow::refreshDesk()
{
    m_desk->showAccount(m_settings.account(currentAccountId()), m_settings.accounts, m_settings.general.doNotDisturb);
}

void MainWindow::changeDeskSettings(const Settings& settings, const QString& said)
{
    QString error;
    if (m_deps.settingsStore && !m_deps.settingsStore->save(settings, &error))
        showStatus(error);
    applySettings(settings);
    showStatus(said);
}

} // namespace iax::ui
