#include "ui/tray_icon.h"

#include "ui/account_bar.h"
#include "ui/icons.h"

#include <QMenu>
#include <QWidget>

namespace iax::ui {

namespace {

void raiseWindow(QWidget* window)
{
    window->showNormal();
    window->raise();
    window->activateWindow();
}

} // namespace

TrayIcon::TrayIcon(QWidget* window, std::function<void()> quit)
    : QSystemTrayIcon(window)
{
    auto* menu = new QMenu(window);
    menu->addAction(tr("Show IAXPhone"), window, [window] { raiseWindow(window); });
    m_togglesEnd = menu->addSeparator();
    menu->addAction(tr("Quit"), window, std::move(quit));
    setContextMenu(menu);
    connect(this, &QSystemTrayIcon::activated, window, [window](QSystemTrayIcon::ActivationReason r) {
        if (r != QSystemTrayIcon::Trigger)
            return;
        if (window->isVisible() && !window->isMinimized())
            window->hide();
        else
            raiseWindow(window);
    });
}

void TrayIcon::addToggles(const QList<QAction*>& actions)
{
    contextMenu()->insertActions(m_togglesEnd, actions);
}

void TrayIcon::showRegistration(RegistrationState best, int registered, int accounts)
{
    setIcon(Icons::icon(AccountBar::stateIcon(best)));
    setToolTip(tr("IAXPhone — %1 (%2 of %3 accounts registered)")
                   .arg(AccountBar::stateText(best))
                   .arg(registered)
                   .arg(accounts));
}

} // namespace iax::ui
