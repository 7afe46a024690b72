// `iaxphone-cli listen [options]`: answers calls directly (peer to peer).
#include "app/cli/commands.h"
#include "app/cli/phone_command.h"

namespace iax::cli {

int runListen(const QStringList& args)
{
    return runPhoneCommand(args, CliPhone::Mode::Listen,
        QStringLiteral("Answer incoming calls directly (peer to peer) on --bind (default 0.0.0.0:4569) for the "
                       "--user names given (all share the secret), as --answer says (default echo)."));
}

} // namespace iax::cli
