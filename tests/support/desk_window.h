#pragma once
// The desktop window of the GUI end-to-end tests: MainWindow with the production
// EnginePhoneController (on 127.0.0.1, no sound card) and the account "Office PBX" of user "desk"
// at a PBX that is an Engine on a UDP socket in the test (udp_engine.h). GUI thread only.
#include "core/phone/engine_phone_controller.h"
#include "ui/device_call_audio.h"
#include "ui/main_window.h"

#include <memory>

namespace iax::test {

/// The account "Office PBX" (id "pbx-desk") of user "desk" with `secret` at 127.0.0.1:`port`,
/// encryption required.
inline phone::AccountSettings deskAccount(quint16 port, const QString& secret)
{
    phone::AccountSettings a;
    a.id = QStringLiteral("pbx-desk");
    a.name = QStringLiteral("Office PBX");
    a.host = QStringLiteral("127.0.0.1");
    a.port = port;
    a.username = QStringLiteral("desk");
    a.secret = secret;
    a.encryption = phone::EncryptionPolicy::Required;
    return a;
}

/// The shown window on `settings`, ringing through `ringer` (may be null); `started` is false
/// when the controller could not bind (then the window is not made).
struct DeskWindow {
    explicit DeskWindow(const phone::Settings& settings, ui::Ringer* ringer = nullptr)
    {
        phone::EnginePhoneController::Options opt;
        opt.callAudio = std::make_shared<ui::DeviceCallAudio>(false);
        opt.bindAddress = QHostAddress::LocalHost;
        opt.removeDelayMs = 500;
        controller = std::make_unique<phone::EnginePhoneController>(opt);
        QString error;
        started = controller->start(&error);
        if (!started)
            return;
        ui::MainWindowDeps deps;
        deps.controller = controller.get();
        deps.ringer = ringer;
        deps.useTray = false;
        window = std::make_unique<ui::MainWindow>(deps, settings);
        window->show();
    }
    std::unique_ptr<phone::EnginePhoneController> controller;
    std::unique_ptr<ui::MainWindow> window;
    bool started = false;
};

} // namespace iax::test
