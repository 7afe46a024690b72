#pragma once
// Runs one SecureDial on the Qt event loop: its clock is a QElapsedTimer, its deadlines a
// single-shot QTimer, its actions signals. The front ends (CliPhone, SecureDialer) feed it the
// call's state and act on the signals. Owner thread (main/GUI) only.
#include "core/phone/secure_dial.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace iax::phone {

class SecureDialDriver : public QObject {
    Q_OBJECT
public:
    explicit SecureDialDriver(SecureDial dial, QObject* parent = nullptr);

    /// The call changed; acts on it at once (signals may fire from inside this call).
    void update(const SecureDialCall& call);
    const SecureDial& dial() const { return m_dial; }

Q_SIGNALS:
    /// Send this DTMF digit in the call now (the call is Encrypted).
    void sendDigit(QChar digit);
    /// Tbd mode: send the whole destination in one IAX DIAL now (the call is accepted and Encrypted).
    void sendNumber(const QString& number);
    /// Secure dial refused to go on: hang the call up.
    void hangUpRequested();
    /// dial().status() / message() changed.
    void statusChanged(iax::phone::SecureDialStatus status, const QString& message);

private:
    void run(const std::vector<SecureDial::Action>& actions);
    void onTimer();

    SecureDial m_dial;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace iax::phone
