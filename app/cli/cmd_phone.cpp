#include "app/cli/cmd_phone.h"

#include "app/cli/cli_phone.h"
#include "app/cli/exit_codes.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace iax::cli {

namespace {
int runPhone(const QStringList& args, CliPhone::Mode mode)
{
    const bool listen = mode == CliPhone::Mode::Listen;
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(args.value(1), QStringLiteral("the command"));
    if (mode == CliPhone::Mode::Call) {
        parser.setApplicationDescription(
            QStringLiteral("Place a call: iax2:[user@]host[:port][/extension[@context]] (also iax:)."));
        parser.addPositionalArgument(QStringLiteral("uri"), QStringLiteral("whom to call"));
    } else if (mode == CliPhone::Mode::Register) {
        parser.setApplicationDescription(QStringLiteral(
            "Register to a server (iax2:user@host[:port]) and stay registered, answering calls as --answer says."));
        parser.addPositionalArgument(QStringLiteral("uri"), QStringLiteral("server and user name"));
    } else {
        parser.setApplicationDescription(
            QStringLiteral("Answer incoming calls directly (peer to peer) for the --user names given."));
    }
    addPhoneOptions(parser, listen || mode == CliPhone::Mode::Register);
    QTextStream err(stderr);
    const QString cmd = QStringLiteral("iaxphone-cli %1: ").arg(args.value(1));
    if (!parser.parse(args)) {
        err << cmd << parser.errorText() << "\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText() << "\n" << exitCodeHelp();
        return ExitOk;
    }
    PhoneOptions opt;
    QString error;
    if (!readPhoneOptions(parser, listen || mode == CliPhone::Mode::Register, &opt, &error)) {
        err << cmd << error << "\n";
        return ExitBadArguments;
    }
    const QStringList pos = parser.positionalArguments();
    std::optional<IaxUri> uri;
    if (mode != CliPhone::Mode::Listen) {
        if (pos.size() != 2) {
            err << cmd << "give exactly one iax2: URI (see --help)\n";
            return ExitBadArguments;
        }
        uri = parseIaxUri(pos[1], &error);
        if (!uri) {
            err << cmd << error << "\n";
            return ExitBadArguments;
        }
        if (mode == CliPhone::Mode::Register && uri->user.isEmpty()) {
            err << cmd << "the URI must name the user to register (iax2:user@host)\n";
            return ExitBadArguments;
        }
    } else if (pos.size() != 1) {
        err << cmd << "listen takes no positional argument\n";
        return ExitBadArguments;
    }
    const bool needsSecret = opt.encryption != core::EncryptionPolicy::Off || opt.auth != QLatin1String("rsa");
    if (opt.secrets.isEmpty() && needsSecret && opt.outkeyPath.isEmpty() && opt.inkeyPaths.isEmpty()) {
        err << cmd << "no secret given (use --secret-file F or IAXPHONE_SECRET)\n";
        return ExitBadArguments;
    }
    CliPhone phone(mode, std::move(opt));
    const int code = phone.start(uri ? &*uri : nullptr);
    if (code != ExitOk)
        return code;
    QObject::connect(&phone, &CliPhone::finished, QCoreApplication::instance(), &QCoreApplication::exit);
    return QCoreApplication::exec();
}
} // namespace

int runDevices(const QStringList& args)
{
    const bool json = args.contains(QStringLiteral("--json"));
    QTextStream out(stdout);
    for (const auto& d : audio::PortAudioDevice::list()) {
        if (json) {
            out << QJsonDocument(QJsonObject { { "id", QString::fromStdString(d.id) }, { "inputs", d.maxInputs },
                                     { "outputs", d.maxOutputs }, { "rate", d.defaultRate },
                                     { "default_input", d.isDefaultInput }, { "default_output", d.isDefaultOutput } })
                       .toJson(QJsonDocument::Compact)
                << "\n";
        } else {
            out << QString::fromStdString(d.id) << "  (in " << d.maxInputs << ", out " << d.maxOutputs << ", "
                << d.defaultRate << " Hz" << (d.isDefaultInput ? ", default input" : "")
                << (d.isDefaultOutput ? ", default output" : "") << ")\n";
        }
    }
    return ExitOk;
}

int runCall(const QStringList& args)
{
    return runPhone(args, CliPhone::Mode::Call);
}
int runRegister(const QStringList& args)
{
    return runPhone(args, CliPhone::Mode::Register);
}
int runListen(const QStringList& args)
{
    return runPhone(args, CliPhone::Mode::Listen);
}

} // namespace iax::cli
