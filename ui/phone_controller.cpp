#include "ui/phone_controller.h"

namespace iax::ui {

PhoneController::PhoneController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<CallSnapshot>();
    qRegisterMetaType<RegistrationSnapshot>();
    qRegisterMetaType<EncryptionDetails>();
}

PhoneController::~PhoneController() = default;

} // namespace iax::ui
