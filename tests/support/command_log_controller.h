#pragma once
// A PhoneController that writes every per-call command down as text ("answer 7", "hold 7 1",
// "dtmf 7 5", "transfer 7 300", "record 7 <path>" …) and reports the snapshots a test gives it. Widget tests drive
// the panel, the menus or the keyboard and compare `commands`.
#include "null_phone_controller.h"

#include <QStringList>

namespace iax::test {

class CommandLogController : public NullPhoneController {
public:
    QStringList commands;
    /// Emits `c` as the controller's callUpdated (the engine's word on the call).
    void report(const phone::CallSnapshot& c) { Q_EMIT callUpdated(c); }
    int dial(const QString&, const QString&) override { return -1; }
    void answer(int id) override { commands << QStringLiteral("answer %1").arg(id); }
    void reject(int id) override { commands << QStringLiteral("reject %1").arg(id); }
    void hangup(int id) override { commands << QStringLiteral("hangup %1").arg(id); }
    void hold(int id, bool on) override { commands << QStringLiteral("hold %1 %2").arg(id).arg(on); }
    void mute(int id, bool on) override { commands << QStringLiteral("mute %1 %2").arg(id).arg(on); }
    void sendDtmf(int id, QChar d) override { commands << QStringLiteral("dtmf %1 %2").arg(id).arg(d); }
    void transfer(int id, const QString& target) override
    {
        commands << QStringLiteral("transfer %1 %2").arg(id).arg(target);
    }
    void setRecording(int id, const QString& path) override
    {
        commands << QStringLiteral("record %1 %2").arg(id).arg(path).trimmed();
    }
};

} // namespace iax::test
