// `iaxphone-cli register <uri> [options]`: registers to a server and answers its calls.
#include "app/cli/commands.h"
#include "app/cli/phone_command.h"

namespace iax::cli {

int runRegister(const QStringList& args)
{
    return runPhoneCommand(args, CliPhone::Mode::Register,
        QStringLiteral("Register to a server (iax2:user@host[:port]) and stay registered until interrupted or "
                       "--duration ends, answering incoming calls as --answer says."));
}

} // namespace iax::cli
