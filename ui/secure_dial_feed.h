#pragma once
// The one place secure dial progress reaches the GUI: SecureDialer's signals become the calls'
// SecureDialProgress in the CallListModel (which the call panel and the details read) and status
// bar sentences. When secure dial reports its state another way, only this adapter changes.
// GUI thread.
#include "ui/phone_names.h"

#include <QString>

#include <functional>

namespace iax::phone {
class SecureDialer;
}

namespace iax::ui {

class CallListModel;

/// Connects `dialer` to `model` and `status` (called with every step's sentence) for the lifetime
/// of `model`. A failure of a call without a row (it ended meanwhile) only reaches `status`.
void feedSecureDial(SecureDialer* dialer, CallListModel* model, std::function<void(const QString&)> status);

} // namespace iax::ui
