#include "core/phone/phone_controller.h"

#include <QMetaObject>

namespace iax::phone {

PhoneController::PhoneController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<CallSnapshot>();
    qRegisterMetaType<RegistrationSnapshot>();
    qRegisterMetaType<EncryptionDetails>();
}

PhoneController::~PhoneController() = default;

void PhoneController::shutdown(int)
{
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT shutdownFinished(); }, Qt::QueuedConnection);
}

void PhoneController::setRecording(int callId, const QString& path)
{
    if (!path.isEmpty())
        Q_EMIT commandFailed(callId, tr("This call has no audio that could be recorded."));
}

} // namespace iax::phone
