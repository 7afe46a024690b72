#include "core/phone/phone_controller.h"

namespace iax::phone {

PhoneController::PhoneController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<CallSnapshot>();
    qRegisterMetaType<RegistrationSnapshot>();
    qRegisterMetaType<EncryptionDetails>();
}

PhoneController::~PhoneController() = default;

} // namespace iax::phone
