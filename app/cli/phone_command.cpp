#include "app/cli/phone_command.h"

#include "app/cli/exit_codes.h"

#include <QCoreApplication>
#include <QTextStream>

namespace iax::cli {

int runPhoneCommand(const QStringList& args, CliPhone::Mode mode, const QString& description)
{
    const bool answers = mode != CliPhone::Mode::Call;
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addPositionalArgument(args.value(1), QStringLiteral("the command"));
    if (mode == CliPhone::Mode::Call)
        parser.addPositionalArgument(QStringLiteral("uri"), QStringLiteral("iax2:[user@]host[:port][/extension[@context]]"));
    else if (mode == CliPhone::Mode::Register)
        parser.addPositionalArgument(QStringLiteral("uri"), QStringLiteral("iax2:user@host[:port]"));
    addPhoneOptions(parser, answers);
    QTextStream err(stderr);
    const QString cmd = QStringLiteral("iaxphone-cli %1: ").arg(args.value(1));
    if (!parser.parse(args)) {
        err << cmd << parser.errorText() << " (see --help)\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText() << "\n" << phoneEventHelp() << "\n" << exitCodeHelp();
        return ExitOk;
    }
    PhoneOptions opt;
    QString error;
    if (!readPhoneOptions(parser, answers, &opt, &error)) {
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
        err << cmd << "listen takes no positional argument (see --help)\n";
        return ExitBadArguments;
    }
    if (mode != CliPhone::Mode::Call && (!opt.secureDial.isEmpty() || !opt.dtmf.isEmpty())) {
        err << cmd << "--dtmf and --secure-dial are for 'call'\n";
        return ExitBadArguments;
    }
    if (mode == CliPhone::Mode::Call && opt.answer != AnswerMode::None) {
        err << cmd << "--answer is for 'listen' and 'register'\n";
        return ExitBadArguments;
    }
    if (mode == CliPhone::Mode::Call && (opt.keyLookup() || opt.md5Fallback)) {
        err << cmd << "--key-dir, --key-server and --md5-fallback are for 'listen' and 'register' (callers' keys)\n";
        return ExitBadArguments;
    }
    const bool needsSecret = opt.encryption != core::EncryptionPolicy::Off || opt.auth != QLatin1String("rsa");
    if (opt.secrets.isEmpty() && needsSecret && opt.outkeyPath.isEmpty() && opt.inkeyPaths.isEmpty()
        && !opt.keyLookup()) {
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

} // namespace iax::cli
