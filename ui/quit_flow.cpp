#include "ui/quit_flow.h"

#include "core/phone/phone_controller.h"
#include "ui/call_list_model.h"

#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace iax::ui {

QuitFlow::QuitFlow(QWidget* window, PhoneController* controller, CallListModel* model, std::function<void()> exit)
    : QObject(window)
    , m_window(window)
    , m_controller(controller)
    , m_model(model)
    , m_exit(std::move(exit))
{
    connect(m_controller, &PhoneController::shutdownFinished, this, [this] {
        if (m_quitting && m_exit)
            m_exit();
    });
}

int QuitFlow::liveCalls(const CallListModel& model)
{
    int live = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto state = CallState(model.data(model.index(row), CallListModel::StateRole).toInt());
        if (!isTerminal(state))
            ++live;
    }
    return live;
}

void QuitFlow::request()
{
    if (m_quitting || m_confirm)
        return;
    const int live = liveCalls(*m_model);
    if (live == 0) {
        start();
        return;
    }
    m_window->showNormal(); // e.g. Quit from the tray while the window is hidden
    m_window->raise();
    auto* box = new QMessageBox(QMessageBox::Question, tr("Quit IAXPhone"),
        live == 1 ? tr("A call is in progress. Hang up and quit?")
                  : tr("%1 calls are in progress. Hang up all and quit?").arg(live),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("quitConfirmation"));
    QPushButton* quit = box->addButton(tr("Hang up and quit"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box, quit] {
        if (box->clickedButton() == quit)
            start();
    });
    m_confirm = box;
    box->open();
}

void QuitFlow::start()
{
    m_quitting = true;
    m_controller->shutdown(kUnregisterWaitMs); // hangs up, unregisters; shutdownFinished → m_exit
}

} // namespace iax::ui
