#pragma once
// How a widget that shows one call of a CallListModel (the padlock, the quality icon, the Record
// toggle) follows it: it refreshes on every change of the model's rows. GUI thread.
#include <QList>
#include <QObject>

#include <functional>

namespace iax::ui {

class CallListModel;

/// Drops the connections in `connections` and, when `model` is not nullptr, connects `refresh`
/// (run in `receiver`'s context) to the model's data changes, inserted and removed rows and resets,
/// keeping the new connections there.
void watchCallModel(const CallListModel* model, QObject* receiver, const std::function<void()>& refresh,
    QList<QMetaObject::Connection>& connections);

} // namespace iax::ui
