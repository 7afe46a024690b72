#pragma once
// Owner-side handle of the engine/media thread: creates an EngineHost, moves it to its own
// QThread and starts the thread; on destruction deletes the host on that thread (closing media,
// which flushes recordings) and joins it. Create and destroy it on the owner thread (GUI / main).
#include "core/net/engine_host.h"

#include <QThread>

namespace iax::net {

class EngineThread {
public:
    explicit EngineThread(core::EngineConfig config);
    ~EngineThread();
    EngineThread(const EngineThread&) = delete;
    EngineThread& operator=(const EngineThread&) = delete;

    /// The host, for connecting its signals and calling its (thread-safe, queued) methods. Never
    /// read its state directly from the owner thread.
    EngineHost& host() { return *m_host; }

private:
    QThread m_thread;
    EngineHost* m_host; // lives on m_thread; deleted there
};

} // namespace iax::net
