#pragma once
// Waiting for the OS keychain. A keychain call can take long for two reasons: the service hangs,
// or it waits for the user — KWallet asks for the wallet's password, GNOME for the login keyring's
// or for a new keyring's. A fixed limit of a few seconds fails the second kind while the user is
// still typing (the secrets are then "missing", the identity key is not stored), and several
// calls in a row keep the window away for all of them. So: a short limit as long as nobody is
// told, and once the wait is longer than `noticeAfterMs` a notice (the desktop app: a small window
// "Waiting for the keychain… [Go on without it]") and a long limit; the user ends the wait sooner.
// GUI thread (a local event loop runs while waiting).
#include <functional>

namespace iax::phone {

/// What the user sees while a keychain call takes long (the app's KeychainWaitDialog; tests fake it).
class KeychainWaitNotice {
public:
    virtual ~KeychainWaitNotice() = default;
    /// Shows the notice. Calling `giveUp` (once, from the event loop) ends the wait: the call fails.
    virtual void show(std::function<void()> giveUp) = 0;
    /// The wait is over (answered, given up or timed out): hide the notice and drop `giveUp`.
    virtual void hide() = 0;
};

struct KeychainWaitLimits {
    int timeoutMs = 8000; ///< the wait while no notice is shown (all of it without a notice)
    int noticeAfterMs = 1000; ///< show the notice after this long (only with a notice, and < timeoutMs)
    int patientTimeoutMs = 180000; ///< the whole wait once the notice is shown
};

enum class KeychainWaitEnd {
    Answered, ///< `done` was called
    TimedOut,
    GaveUp, ///< the user ended the wait through the notice
};

struct KeychainWaitResult {
    KeychainWaitEnd end = KeychainWaitEnd::Answered;
    /// The notice was shown, so the wait could last up to patientTimeoutMs (else timeoutMs).
    bool noticeShown = false;
};

/// Runs `start(done)`, which begins an asynchronous keychain call and arranges for `done()` to be
/// called when it answers (at once or later; calling it after this function returned is harmless),
/// and waits for it within `limits`, showing `notice` (may be null) when the wait grows long.
KeychainWaitResult waitForKeychain(
    const std::function<void(std::function<void()> done)>& start, const KeychainWaitLimits& limits,
    KeychainWaitNotice* notice);

} // namespace iax::phone
