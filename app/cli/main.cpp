// iaxphone-cli: headless softphone and capture analyser. Wiring only: each command lives in
// its own cmd_*.cpp.
#include "app/backend_logging.h"
#include "app/cli/cmd_keygen.h"
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/process_hardening.h"

#include <QCoreApplication>
#include <QTextStream>

#include <functional>
#include <map>

namespace {
struct Command {
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const std::map<QString, Command>& commands()
{
    static const std::map<QString, Command> table {
        { QStringLiteral("call"),
            { "call <uri> [options]          place a call (iax2:[user@]host[:port][/extension[@context]])",
                iax::cli::runCall } },
        { QStringLiteral("register"),
            { "register <uri> [options]      register to a server and answer calls", iax::cli::runRegister } },
        { QStringLiteral("listen"),
            { "listen [options]              answer calls directly, peer to peer (--bind, --user)",
                iax::cli::runListen } },
        { QStringLiteral("devices"),
            { "devices [--json]              list sound devices and their ids (for --audio)", iax::cli::runDevices } },
        { QStringLiteral("keygen"),
            { "keygen NAME [--bits N] [--out DIR]  generate an RSA key pair (NAME.key 0600, NAME.pub)",
                [](const QStringList& a) { return iax::cli::runKeygen(a); } } },
        { QStringLiteral("keys"),
            { "keys list|import|remove|fetch      trusted peer public keys, pinned by fingerprint",
                [](const QStringList& a) { return iax::cli::runKeys(a); } } },
        { QStringLiteral("load"),
            { "load <uri> --calls N --duration SEC [--encryption required] [--rate CPS]\n"
              "                                N concurrent calls streaming voice; reports calls up, frames/s, CPU",
                iax::cli::runLoad } },
        { QStringLiteral("decode"),
            { "decode <file> [options]       print (and decrypt) every IAX2 frame of a pcap/pcapng capture",
                iax::cli::runDecode } },
    };
    return table;
}

void printUsage(QTextStream& out)
{
    out << "Usage: iaxphone-cli <command> [options]\n\n"
        << "Headless IAX2 softphone with AES-128 encryption, and a decrypting frame analyser.\n\n"
        << "Commands:\n";
    for (const auto& [name, cmd] : commands())
        out << "  " << cmd.summary << "\n";
    out << "\n'iaxphone-cli <command> --help' describes a command's options.\n"
        << "Secrets: prefer --secret-file F or the environment variable IAXPHONE_SECRET to --secret S,\n"
        << "which other users can see in the process list.\n\n"
        << iax::cli::exitCodeHelp();
}
} // namespace

int main(int argc, char** argv)
{
    iax::app::disableCoreDumps("iaxphone-cli"); // before any secret is read
    if (iax::app::wantsHardeningStatus(argc, argv)) {
        iax::app::printHardeningStatus();
        return iax::cli::ExitOk;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("iaxphone-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    iax::app::logAudioBackendAtDebugLevel();
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")
        || args[1] == QLatin1String("help")) {
        if (args.size() < 2) { // no command: usage on stderr, as for any bad argument
            printUsage(err);
            return iax::cli::ExitBadArguments;
        }
        printUsage(out);
        return iax::cli::ExitOk;
    }
    if (args[1] == QLatin1String("--version") || args[1] == QLatin1String("-v")) {
        out << "iaxphone-cli " << QCoreApplication::applicationVersion() << "\n";
        return iax::cli::ExitOk;
    }
    const auto it = commands().find(args[1]);
    if (it == commands().end()) {
        err << "iaxphone-cli: unknown command '" << args[1] << "'\n\n";
        err.flush();
        printUsage(err);
        return iax::cli::ExitBadArguments;
    }
    return it->second.run(args);
}
