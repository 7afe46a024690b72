#pragma once
// Immutable registration state of one account, delivered to the GUI thread by a queued signal.
#include <QMetaType>
#include <QString>

namespace iax::phone {

/// Registration states of an account (Offline = not registering at all).
enum class RegistrationState { Offline, Registering, Registered, Failed };

/// One account's registration as the engine last reported it.
struct RegistrationSnapshot {
    QString accountId; ///< AccountSettings::id
    RegistrationState state = RegistrationState::Offline;
    int refreshSeconds = 0; ///< as granted by REGACK
    QString reason; ///< why Failed/Offline (user-readable sentence)
    QString apparentAddress; ///< "ip:port" as the server sees us
    /// Failed because the server asks for a secret and the account has none (e.g. a new keyring):
    /// the reason says so and the GUI opens the account's settings.
    bool secretMissing = false;
    /// Voicemail waiting as the server's last REGACK said (MSGCOUNT); -1 = it said nothing (the
    /// account has no mailbox there). Asterisk updates it only on REGACK, i.e. at every refresh.
    int voicemailNew = -1;
    int voicemailOld = -1;

    friend bool operator==(const RegistrationSnapshot&, const RegistrationSnapshot&) = default;
};

} // namespace iax::phone

Q_DECLARE_METATYPE(iax::phone::RegistrationSnapshot)
