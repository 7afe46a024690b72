#pragma once
// What an `iax2:`/`iax:` link asks for (issue 16): the number, the account that would place the
// call and whether it would be encrypted — resolved before anything is dialled, so the user can
// be asked first. Pure logic; GUI thread or any thread.
#include "core/phone/settings.h"

#include <QString>

#include <optional>

namespace iax::phone {

/// A link resolved against the accounts.
struct LinkRequest {
    QString uri; ///< as given
    QString accountId;
    QString accountName;
    QString number; ///< the link's extension ("s" when it names none)
    EncryptionPolicy encryption = EncryptionPolicy::Opportunistic; ///< the account's policy
};

/// Parses `uri` (iax_uri rules: lengths and characters checked) and picks the first account with
/// its host and port (and its user, when the link names one). nullopt with a sentence for the user
/// in *error when the link is malformed or no account matches.
std::optional<LinkRequest> resolveLink(const QString& uri, const Settings& settings, QString* error);

/// The confirmation question for `r`: the number, the account, and whether the call will be
/// encrypted (required / only if the server agrees / not at all).
QString linkConfirmationText(const LinkRequest& r);

} // namespace iax::phone
