// EnginePhoneController: releasing registrations — REGREL for an account removed or changed
// (registering again once the release ended), and quitting (every call hung up, every
// registration released, shutdownFinished once the server acknowledged or the wait ran out).
#include "core/net/engine_host.h"
#include "core/phone/engine_phone_controller.h"

#include <QTimer>

namespace iax::phone {

void EnginePhoneController::releaseRegistration(Account& a, const QString& accountId)
{
    const quint32 reg = a.reg;
    host().unregister(reg);
    m_tracker.removeRegistration(reg);
    m_releases[reg] = accountId;
    a.reg = 0;
    a.regState = RegistrationState::Offline;
    // The engine gives a REGREL up only after all its retransmissions (~40 s): do not wait that long.
    QTimer::singleShot(m_opt.releaseWaitMs, this, [this, reg] { releaseEnded(reg); });
}

bool EnginePhoneController::releasing(const QString& accountId) const
{
    for (const auto& [reg, id] : m_releases) {
        if (id == accountId)
            return true;
    }
    return false;
}

void EnginePhoneController::releaseEnded(quint32 reg)
{
    const auto it = m_releases.find(reg);
    if (it == m_releases.end())
        return;
    const QString accountId = it->second;
    m_releases.erase(it);
    const auto acc = m_accounts.find(accountId);
    if (acc != m_accounts.end() && acc->second.registerAfterRelease && !releasing(accountId)) {
        acc->second.registerAfterRelease = false;
        registerAccount(accountId);
    }
    if (m_shuttingDown && m_releases.empty())
        finishShutdown();
}

void EnginePhoneController::shutdown(int timeoutMs)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    host().hangupAll(QStringLiteral("Normal Clearing")); // before the REGRELs (commands run in order)
    for (auto& [id, a] : m_accounts) {
        a.registerAfterRelease = false;
        a.registerWhenResolved = false;
        if (!a.reg)
            continue;
        // Every registration is released; only those the server knows (or may know) are waited for.
        const bool wait = a.regState == RegistrationState::Registered || a.regState == RegistrationState::Registering;
        const quint32 reg = a.reg;
        releaseRegistration(a, id);
        if (!wait)
            m_releases.erase(reg);
    }
    if (m_releases.empty())
        QMetaObject::invokeMethod(
            this, [this] { finishShutdown(); }, Qt::QueuedConnection);
    else
        QTimer::singleShot(timeoutMs, this, [this] { finishShutdown(); });
}

void EnginePhoneController::finishShutdown()
{
    if (m_shutdownFinished)
        return;
    m_shutdownFinished = true;
    Q_EMIT shutdownFinished();
}

} // namespace iax::phone
