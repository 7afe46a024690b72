#include "core/phone/secure_dial_driver.h"

namespace iax::phone {

SecureDialDriver::SecureDialDriver(SecureDial dial, QObject* parent)
    : QObject(parent)
    , m_dial(std::move(dial))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SecureDialDriver::onTimer);
}

void SecureDialDriver::update(const SecureDialCall& call)
{
    run(m_dial.update(call, m_clock.elapsed()));
}

void SecureDialDriver::onTimer()
{
    run(m_dial.advance(m_clock.elapsed()));
}

void SecureDialDriver::run(const std::vector<SecureDial::Action>& actions)
{
    // Re-arm first: a slot below may delete this object (deleteLater is safe; the timer is a member).
    m_timer.stop();
    if (const auto at = m_dial.nextDeadline())
        m_timer.start(int(std::max<qint64>(0, *at - m_clock.elapsed())));
    for (const auto& a : actions) {
        switch (a.kind) {
        case SecureDial::Action::Kind::SendDigit:
            Q_EMIT sendDigit(a.digit);
            break;
        case SecureDial::Action::Kind::SendNumber:
            Q_EMIT sendNumber(a.number);
            break;
        case SecureDial::Action::Kind::HangUp:
            Q_EMIT hangUpRequested();
            break;
        case SecureDial::Action::Kind::StatusChanged:
            Q_EMIT statusChanged(m_dial.status(), m_dial.message());
            break;
        }
    }
}

} // namespace iax::phone
