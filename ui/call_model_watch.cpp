#include "ui/call_model_watch.h"

#include "ui/call_list_model.h"

namespace iax::ui {

void watchCallModel(const CallListModel* model, QObject* receiver, const std::function<void()>& refresh,
    QList<QMetaObject::Connection>& connections)
{
    for (const auto& c : connections)
        QObject::disconnect(c);
    connections.clear();
    if (!model)
        return;
    connections << QObject::connect(model, &QAbstractItemModel::dataChanged, receiver, refresh)
                << QObject::connect(model, &QAbstractItemModel::rowsRemoved, receiver, refresh)
                << QObject::connect(model, &QAbstractItemModel::rowsInserted, receiver, refresh)
                << QObject::connect(model, &QAbstractItemModel::modelReset, receiver, refresh);
}

} // namespace iax::ui
