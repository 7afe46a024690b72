#include "ui/main_menus.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

namespace iax::ui {

void MainMenus::install(QMainWindow* window, std::function<void()> openSettings, std::function<void()> quit)
{
    QMenu* file = window->menuBar()->addMenu(tr("&Phone"));
    QAction* settingsAction = file->addAction(tr("&Settings…"), window, std::move(openSettings));
    // The platform's Preferences key where it has one (macOS ⌘,; KDE Ctrl+Shift+,), else Ctrl+,
    // (GNOME and Windows define none; issue 21 item 13).
    const QList<QKeySequence> preferences = QKeySequence::keyBindings(QKeySequence::Preferences);
    settingsAction->setShortcut(preferences.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma) : preferences.first());
    file->addSeparator();
    QAction* quitAction = file->addAction(tr("&Quit"), window, std::move(quit));
    quitAction->setShortcut(QKeySequence::Quit);
    QMenu* help = window->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About IAXPhone"), window, [window] {
        QMessageBox::about(window, tr("About IAXPhone"),
            tr("<b>IAXPhone %1</b><br>An IAX2 softphone with AES-128 encryption that never claims more than "
               "is true.")
                .arg(QApplication::applicationVersion()));
    });
}

} // namespace iax::ui
