#pragma once
// A Ringer that plays nothing: for GUI tests whose incoming calls must ring without a sound device.
// GUI thread, as the Ringer it stands in for.
#include "ui/ringer.h"

namespace iax::test {

class SilentRinger : public ui::Ringer {
public:
    void startRinging(int, const QString&, const QStringList&) override { }
    void stopRinging(int) override { }
};

} // namespace iax::test
