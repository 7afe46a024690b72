// EnginePhoneController::setRecording: the call's media (the front end's PhoneCallMedia) records to
// a WAV file; the snapshot says so once the media has opened it.
#include "core/phone/engine_phone_controller.h"
#include "core/phone/phone_media_access.h"

#include <QDir>
#include <QFileInfo>

namespace iax::phone {

void EnginePhoneController::setRecording(int callId, const QString& path)
{
    const CallSnapshot* c = m_tracker.call(callId);
    if (!c || m_tracker.isFinished(callId))
        return;
    if (!path.isEmpty() && c->state != CallState::Answered && c->state != CallState::Held) {
        Q_EMIT commandFailed(callId, tr("Only an answered call can be recorded."));
        return;
    }
    if (!path.isEmpty() && !QDir().mkpath(QFileInfo(path).absolutePath())) {
        Q_EMIT commandFailed(
            callId, tr("The recordings folder %1 cannot be created.").arg(QFileInfo(path).absolutePath()));
        return;
    }
    withPhoneMedia(host(), core::CallId(callId), [this, callId, path](PhoneCallMedia& m) {
        const std::string why = m.setRecording(path.toStdString());
        QMetaObject::invokeMethod(
            this,
            [this, callId, path, why] {
                if (why.empty())
                    m_tracker.setRecording(callId, path);
                else
                    Q_EMIT commandFailed(
                        callId, tr("The call cannot be recorded: %1").arg(QString::fromStdString(why)));
            },
            Qt::QueuedConnection);
    });
}

} // namespace iax::phone
