#include "core/net/engine_thread.h"

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
    QMetaObject::invokeMethod(
        m_host, [h = m_host] { delete h; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace iax::net
