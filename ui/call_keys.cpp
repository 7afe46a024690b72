#include "ui/call_keys.h"

#include "ui/call_list_model.h"
#include "ui/call_panel.h"
#include "ui/main_window.h"

#include <QAbstractButton>

namespace iax::ui {

int findWindowCall(const MainWindow& window, phone::CallState state, int direction)
{
    const CallListModel* model = window.callModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row);
        if (i.data(CallListModel::StateRole).toInt() == int(state)
            && (direction < 0 || i.data(CallListModel::DirectionRole).toInt() == direction))
            return i.data(CallListModel::CallIdRole).toInt();
    }
    return -1;
}

bool clickCallButton(MainWindow& window, int callId, const char* name)
{
    if (callId < 0)
        return false;
    window.selectCall(callId);
    auto* button = window.callPanel()->findChild<QAbstractButton*>(QLatin1String(name));
    if (!button || button->isHidden() || !button->isEnabled())
        return false;
    button->click();
    return true;
}

void onCallListChange(const MainWindow& window, QObject* receiver, std::function<void()> changed)
{
    const CallListModel* model = window.callModel();
    QObject::connect(model, &QAbstractItemModel::rowsInserted, receiver, changed);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, receiver, changed);
    QObject::connect(model, &QAbstractItemModel::modelReset, receiver, changed);
    QObject::connect(model, &QAbstractItemModel::dataChanged, receiver, changed);
}

} // namespace iax::ui
