#include "ui/secure_dial_feed.h"

#include "core/phone/secure_dialer.h"
#include "ui/call_list_model.h"

namespace iax::ui {

void feedSecureDial(SecureDialer* dialer, CallListModel* model, std::function<void(const QString&)> status)
{
    using Stage = SecureDialProgress::Stage;
    QObject::connect(dialer, &SecureDialer::progress, model, [model, status](int id, const QString& text) {
        model->setSecureDial(id, { Stage::Waiting, text });
        status(text);
    });
    QObject::connect(dialer, &SecureDialer::destinationSent, model, [model, status](int id, const QString& text) {
        model->setSecureDial(id, { Stage::Sent, text });
        status(text);
    });
    QObject::connect(dialer, &SecureDialer::failed, model, [model, status](int id, const QString& reason) {
        if (id >= 0 && model->rowOf(id) >= 0)
            model->setSecureDial(id, { Stage::Failed, reason });
        status(reason);
    });
}

} // namespace iax::ui
