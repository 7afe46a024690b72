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

int PhoneController::dialEncrypted(const QString&, const QString& number)
{
    Q_EMIT commandFailed(
        -1, tr("%1 must be called encrypted, which this phone cannot ensure; it was not called.").arg(number));
    return -1;
}

int PhoneController::dialEndToEnd(const QString&, const QString& number, const QString&)
{
    Q_EMIT commandFailed(-1,
        tr("%1 must be called end-to-end encrypted, which this phone cannot ensure; it was not called.").arg(number));
    return -1;
}

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

void PhoneController::setRecording(int callId, const QString& path)
{
    if (!path.isEmpty())
        Q_EMIT commandFailed(callId, tr("This call has no audio that could be recorded."));
}

} // namespace iax::phone
