// Both front ends: what ALSA and JACK print on their own goes to our Qt logging at debug level
// (category "iax.audio.backend", off unless QT_LOGGING_RULES="iax.audio.backend.debug=true"),
// so starting the app or `iaxphone-cli devices` shows only our own messages.
#pragma once

#include "audio/backend_messages.h"

#include <QLoggingCategory>
#include <QString>

namespace iax::app {

/// The logging category of the sound system's own messages; debug level is off by default.
inline const QLoggingCategory& audioBackendCategory()
{
    static const QLoggingCategory category("iax.audio.backend", QtInfoMsg);
    return category;
}

/// Sends ALSA's and JACK's messages to audioBackendCategory() at debug level. Call once in main(),
/// before anything opens a sound device.
inline void logAudioBackendAtDebugLevel()
{
    audio::setBackendMessageSink([](std::string_view m) {
        qCDebug(audioBackendCategory).noquote() << QString::fromUtf8(m.data(), qsizetype(m.size()));
    });
    audio::routeBackendMessages();
}

} // namespace iax::app
