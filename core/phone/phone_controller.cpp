#include "core/phone/phone_controller.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace iax::phone {

PhoneController::PhoneController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<CallSnapshot>();
    qRegisterMetaType<RegistrationSnapshot>();
    qRegisterMetaType<EncryptionDetails>();
    qRegisterMetaType<TransferProgress>();
}

PhoneController::~PhoneController() = default;

void PhoneController::transfer(int callId, const QString&)
{
    Q_EMIT commandFailed(callId, tr("This phone cannot transfer calls."));
}

void PhoneController::sendText(int callId, const QString&)
{
    Q_EMIT commandFailed(callId, tr("This phone cannot send text in a call."));
}

void PhoneController::setDoNotDisturb(bool)
{ }

void PhoneController::shutdown(int)
{
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT shutdownFinished(); }, Qt::QueuedConnection);
}

} // namespace iax::phone
