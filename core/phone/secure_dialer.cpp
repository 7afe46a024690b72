#include "core/phone/secure_dialer.h"

#include "core/phone/phone_controller.h"
#include "core/phone/secure_dial_driver.h"

namespace iax::phone {

namespace {
/// The call as the secure-dial rule sees it; `reason` says why it is not encrypted or ended.
SecureDialCall viewOf(const CallSnapshot& c)
{
    SecureDialCall v;
    v.answered = c.state == CallState::Answered || c.state == CallState::Held;
    v.held = c.state == CallState::Held;
    v.ended = isTerminal(c.state);
    v.encryption = c.encryption; // the engine's own enum
    if (c.encryption == EncryptionState::Failed)
        v.reason = c.details.failureReason;
    else if (c.encryption == EncryptionState::Off)
        v.reason = !c.details.downgradeWarning.isEmpty() ? c.details.downgradeWarning : c.details.failureReason;
    if (v.ended && c.encryption != EncryptionState::Failed)
        v.reason = c.cause;
    return v;
}
} // namespace

bool secureDialAvailable(const AccountSettings& a)
{
    return !a.secureDialExtension.isEmpty() && a.encryption != EncryptionPolicy::Off;
}

SecureDialConfig secureDialConfig(const AccountSettings& a)
{
    SecureDialConfig c;
    c.extension = a.secureDialExtension;
    c.terminator = a.secureDialTerminator;
    c.pauseMs = a.secureDialPauseMs;
    return c;
}

SecureDialer::SecureDialer(PhoneController* controller, QObject* parent)
    : QObject(parent)
    , m_controller(controller)
{
    connect(m_controller, &PhoneController::callUpdated, this, &SecureDialer::onCallUpdated);
    connect(m_controller, &PhoneController::callRemoved, this, &SecureDialer::onCallRemoved);
}

SecureDialer::~SecureDialer() = default;

bool SecureDialer::isPending(int callId) const
{
    return m_pending.contains(callId);
}

int SecureDialer::dial(const QString& accountId, const QString& destination, const SecureDialConfig& config)
{
    if (config.extension.isEmpty()) {
        Q_EMIT failed(-1, tr("This account has no secure dial extension."));
        return -1;
    }
    QString error;
    const auto digits = SecureDial::digitsFor(destination, config.terminator, &error);
    if (!digits) {
        Q_EMIT failed(-1, error);
        return -1;
    }
    const int id = config.requireEncryption ? m_controller->dialEncrypted(accountId, config.extension)
                                            : m_controller->dial(accountId, config.extension);
    if (id < 0)
        return -1;
    auto* d = new SecureDialDriver(SecureDial(*digits, config.pauseMs, config.encryptionTimeoutMs), this);
    connect(d, &SecureDialDriver::sendDigit, this, [this, id](QChar digit) { m_controller->sendDtmf(id, digit); });
    connect(d, &SecureDialDriver::hangUpRequested, this, [this, id] { m_controller->hangup(id); });
    connect(d, &SecureDialDriver::statusChanged, this,
        [this, id](SecureDialStatus s, const QString& message) { onStatus(id, s, message); });
    m_pending.insert(id, d);
    Q_EMIT progress(id, d->dial().message());
    return id;
}

void SecureDialer::onStatus(int callId, SecureDialStatus status, const QString& message)
{
    switch (status) {
    case SecureDialStatus::Waiting:
    case SecureDialStatus::Sending:
        Q_EMIT progress(callId, message);
        return;
    case SecureDialStatus::Sent:
    case SecureDialStatus::Refused:
    case SecureDialStatus::Abandoned:
        break;
    }
    if (SecureDialDriver* d = m_pending.take(callId))
        d->deleteLater(); // it is the sender of this slot
    if (status == SecureDialStatus::Sent)
        Q_EMIT destinationSent(callId, message);
    else
        Q_EMIT failed(callId, message);
}

void SecureDialer::onCallUpdated(const CallSnapshot& call)
{
    if (SecureDialDriver* d = m_pending.value(call.id))
        d->update(viewOf(call));
}

void SecureDialer::onCallRemoved(int callId)
{
    if (SecureDialDriver* d = m_pending.value(callId)) {
        SecureDialCall gone;
        gone.ended = true;
        d->update(gone);
    }
}

} // namespace iax::phone
