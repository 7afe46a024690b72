#pragma once
// Loads and saves Settings as a whole: plain values through a SettingsStore, secrets through a
// SecretStore. The one place that splits the two. GUI thread.
#include "core/phone/secret_store.h"
#include "core/phone/settings_store.h"

namespace iax::phone {

/// Reads plain settings and fills in each account's secret and key passphrase from `secrets`.
/// A keychain failure leaves those empty and is reported in *warning (settings still load).
Settings loadSettings(const SettingsStore& store, SecretStore& secrets, QString* warning);

/// Writes the secrets of `settings` to `secrets` (empty = removed), removes secrets of accounts that
/// were in `previous` but are gone, then writes the plain values. Stops at the first failure and
/// returns false with a sentence in *error (plain values are not written if a secret failed).
bool saveSettings(
    const Settings& settings, const Settings& previous, SettingsStore& store, SecretStore& secrets, QString* error);

} // namespace iax::phone
