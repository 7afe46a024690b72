#include "core/net/engine_thread.h"

#include <openssl/crypto.h>

namespace iax::net {

EngineThread::EngineThread(core::EngineConfig config)
    : m_host(new EngineHost(std::move(config)))
{
    m_thread.setObjectName(QStringLiteral("iax-engine"));
    m_host->moveToThread(&m_thread);
    m_thread.start();
}

EngineThread::~EngineThread()
{
    // Delete the host on its own thread (its sockets and timers belong there), then join.
    // OpenSSL's per-thread state (its DRBGs) is released there too: left to the thread's exit
    // handlers, it could still be held when wait() returns and the process exits (a leak).
    QMetaObject::invokeMethod(
        m_host,
        [h = m_host] {
            delete h;
            OPENSSL_thread_stop();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace iax::net
