// `iaxphone-cli call <uri> [options]`: places one call and exits with its outcome.
#include "app/cli/commands.h"
#include "app/cli/phone_command.h"

namespace iax::cli {

int runCall(const QStringList& args)
{
    return runPhoneCommand(args, CliPhone::Mode::Call,
        QStringLiteral("Place a call to iax2:[user@]host[:port][/extension[@context]] (also iax:; IPv6 in "
                       "brackets). Exits 0 once the call was answered (and encrypted with --encryption required) "
                       "and ended normally."));
}

} // namespace iax::cli
