#include "core/phone/secure_dialer.h"

#include "core/phone/phone_controller.h"

#include <QRegularExpression>

namespace iax::phone {

struct SecureDialer::Pending {
    QString digits; ///< destination + terminator
    int next = 0; ///< index of the next digit to send
    int pauseMs = 250;
    bool sending = false;
    bool sawNegotiating = false;
    EncryptionState encryption = EncryptionState::Off;
    QTimer timer; ///< paces the digits
    QTimer encryptionTimeout; ///< started on answer
};

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
    static const QRegularExpression digits(QStringLiteral("^[0-9*#A-Da-d]+$"));
    if (config.extension.isEmpty()) {
        Q_EMIT failed(-1, tr("This account has no secure dial extension."));
        return -1;
    }
    if (!digits.match(destination).hasMatch()) {
        Q_EMIT failed(-1, tr("Secure dial can only send digits 0-9, *, # and A-D; \"%1\" contains others.")
                            .arg(destination));
        return -1;
    }
    const int id = m_controller->dial(accountId, config.extension);
    if (id < 0)
        return -1;
    auto p = std::make_shared<Pending>();
    p->digits = destination.toUpper();
    if (!config.terminator.isNull())
        p->digits += config.terminator;
    p->pauseMs = config.pauseMs;
    p->timer.setSingleShot(true);
    connect(&p->timer, &QTimer::timeout, this, [this, id] { sendNext(id); });
    p->encryptionTimeout.setSingleShot(true);
    p->encryptionTimeout.setInterval(config.encryptionTimeoutMs);
    connect(&p->encryptionTimeout, &QTimer::timeout, this, [this, id] {
        abort(id, tr("Encryption was not confirmed in time; the destination was not sent."), true);
    });
    m_pending.insert(id, p);
    Q_EMIT progress(id, tr("Waiting for encryption before sending the destination…"));
    return id;
}

void SecureDialer::onCallUpdated(const CallSnapshot& call)
{
    const auto it = m_pending.find(call.id);
    if (it == m_pending.end())
        return;
    const auto p = *it;
    p->encryption = call.encryption;
    if (call.encryption == EncryptionState::Negotiating)
        p->sawNegotiating = true;

    if (call.encryption == EncryptionState::Failed) {
        const QString why = call.details.failureReason.isEmpty() ? tr("encryption failed") : call.details.failureReason;
        abort(call.id, tr("The call could not be encrypted (%1); the destination was not sent.").arg(why), true);
        return;
    }
    if (isTerminal(call.state)) {
        abort(call.id,
            tr("The call ended before the destination could be sent encrypted%1.")
                .arg(call.cause.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(call.cause)),
            false);
        return;
    }
    const bool answered = call.state == CallState::Answered || call.state == CallState::Held;
    if (call.encryption == EncryptionState::Off && (answered || p->sawNegotiating)) {
        const QString why = !call.details.downgradeWarning.isEmpty() ? call.details.downgradeWarning
            : !call.details.failureReason.isEmpty()                  ? call.details.failureReason
                                                                     : tr("the peer did not agree to encryption");
        abort(call.id, tr("The call is not encrypted (%1); the destination was not sent.").arg(why), true);
        return;
    }
    if (answered && !p->encryptionTimeout.isActive() && !p->sending && call.encryption != EncryptionState::Encrypted)
        p->encryptionTimeout.start();
    if (call.encryption == EncryptionState::Encrypted && call.state == CallState::Answered && !p->sending) {
        p->encryptionTimeout.stop();
        p->sending = true;
        Q_EMIT progress(call.id, tr("Call encrypted; sending the destination as encrypted DTMF…"));
        p->timer.start(p->pauseMs);
    }
}

void SecureDialer::sendNext(int callId)
{
    const auto it = m_pending.find(callId);
    if (it == m_pending.end())
        return;
    const auto p = *it;
    // Re-check before every digit: a snapshot may have withdrawn Encrypted meanwhile (then abort()
    // has already run), but be strict anyway.
    if (p->encryption != EncryptionState::Encrypted) {
        abort(callId, tr("Encryption was lost; the rest of the destination was not sent."), true);
        return;
    }
    m_controller->sendDtmf(callId, p->digits.at(p->next));
    ++p->next;
    if (p->next < p->digits.size()) {
        p->timer.start(p->pauseMs);
        return;
    }
    release(m_pending.take(callId));
    Q_EMIT destinationSent(callId, tr("Destination sent encrypted"));
}

void SecureDialer::abort(int callId, const QString& reason, bool hangup)
{
    auto p = m_pending.take(callId);
    if (!p)
        return;
    release(std::move(p));
    if (hangup)
        m_controller->hangup(callId);
    Q_EMIT failed(callId, reason);
}

void SecureDialer::release(std::shared_ptr<Pending> p)
{
    // Its timers may be the sender of the running slot: destroy it from the event loop.
    p->timer.stop();
    p->encryptionTimeout.stop();
    QMetaObject::invokeMethod(this, [p = std::move(p)] { (void)p; }, Qt::QueuedConnection);
}

void SecureDialer::onCallRemoved(int callId)
{
    abort(callId, tr("The call ended before the destination could be sent encrypted."), false);
}

} // namespace iax::phone
