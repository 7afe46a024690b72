#pragma once
// A PhoneController that does nothing: every command is a no-op and dial() hands out ids from
// nextId without reporting a call. Widget tests derive from it and override what they observe.
#include "core/phone/phone_controller.h"

namespace iax::test {

class NullPhoneController : public phone::PhoneController {
public:
    int nextId = 1;
    void setAccount(const phone::AccountSettings&, const phone::AccountSecrets&) override { }
    void removeAccount(const QString&) override { }
    void registerAccount(const QString&) override { }
    void unregisterAccount(const QString&) override { }
    int dial(const QString&, const QString&) override { return nextId++; }
    void answer(int) override { }
    void reject(int) override { }
    void hangup(int) override { }
    void hold(int, bool) override { }
    void mute(int, bool) override { }
    void sendDtmf(int, QChar) override { }
    void setDevices(const QString&, const QString&) override { }
    void setAudioProcessing(bool, bool) override { }
};

} // namespace iax::test
