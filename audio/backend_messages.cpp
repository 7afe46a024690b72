// ALSA and JACK are not linked by us but by PortAudio, and not on every platform, so their
// handler setters are looked up in the process at run time instead of being linked.
#include "audio/backend_messages.h"

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>

#if defined(__linux__)
#include <dlfcn.h>
#endif

namespace iax::audio {
namespace {

std::atomic<BackendMessageSink> g_sink { nullptr };

// No allocation here: ALSA may report an xrun from PortAudio's callback thread.
void deliver(std::string_view prefix, const char* text)
{
    const BackendMessageSink sink = g_sink.load(std::memory_order_acquire);
    if (!sink || !text)
        return;
    char line[1024];
    const int n = std::snprintf(line, sizeof line, "%.*s%s", int(prefix.size()), prefix.data(), text);
    if (n < 0)
        return;
    std::size_t len = std::min(std::size_t(n), sizeof line - 1);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        --len;
    sink(std::string_view(line, len));
}

// snd_lib_error_handler_t: (file, line, function, err, fmt, ...).
extern "C" void alsaErrorHandler(const char* file, int line, const char* function, int err, const char* fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(text, sizeof text, fmt ? fmt : "", ap);
    va_end(ap);
    char where[256];
    if (err)
        std::snprintf(
            where, sizeof where, "ALSA %s:%d (%s) %d: ", file ? file : "?", line, function ? function : "?", err);
    else
        std::snprintf(where, sizeof where, "ALSA %s:%d (%s): ", file ? file : "?", line, function ? function : "?");
    deliver(where, text);
}

extern "C" void jackErrorHandler(const char* text)
{
    deliver("JACK: ", text);
}
extern "C" void jackInfoHandler(const char* text)
{
    deliver("JACK info: ", text);
}

int install()
{
    int installed = 0;
#if defined(__linux__)
    using AlsaHandler = void (*)(const char*, int, const char*, int, const char*, ...);
    using AlsaSetter = int (*)(AlsaHandler);
    using JackSetter = void (*)(void (*)(const char*));
    if (auto set = reinterpret_cast<AlsaSetter>(dlsym(RTLD_DEFAULT, "snd_lib_error_set_handler"))) {
        set(&alsaErrorHandler);
        ++installed;
    }
    if (auto set = reinterpret_cast<JackSetter>(dlsym(RTLD_DEFAULT, "jack_set_error_function"))) {
        set(&jackErrorHandler);
        ++installed;
    }
    if (auto set = reinterpret_cast<JackSetter>(dlsym(RTLD_DEFAULT, "jack_set_info_function"))) {
        set(&jackInfoHandler);
        ++installed;
    }
#endif
    return installed;
}

} // namespace

void setBackendMessageSink(BackendMessageSink sink)
{
    g_sink.store(sink, std::memory_order_release);
}

int routeBackendMessages()
{
    static std::once_flag once;
    static int installed = 0;
    std::call_once(once, [] { installed = install(); });
    return installed;
}

} // namespace iax::audio
