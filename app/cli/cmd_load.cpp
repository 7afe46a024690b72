// `iaxphone-cli load <uri> --calls N --duration SEC [--encryption required] [--rate CPS] [--timeout SEC]`:
// the IAX2 load generator (issue 9), against our own `listen --answer echo` or a PBX.
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/load_runner.h"
#include "app/cli/phone_options.h"
#include "app/cli/secrets.h"
#include "core/phone/engine_config_builder.h"
#include "core/phone/iax_uri.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace iax::cli {
using phone::parseBindAddress;
using phone::parseIaxUri;
} // namespace iax::cli

namespace iax::cli {

namespace {
bool parseNumber(const QString& s, double lo, double hi, double* out)
{
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (!ok || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}
} // namespace

int runLoad(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Open N concurrent calls to iax2:[user@]host[:port][/extension] (e.g. our 'listen --answer echo'), stream "
        "voice in each at real time for SEC seconds after its answer, and report once a second and at the end: "
        "calls up, voice frames per second each way, decrypt failures, lost frames, retransmits and CPU.\n"
        "Exit 0 when every call was answered (and encrypted with --encryption required), else 1."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("load"), QStringLiteral("the command"));
    p.addPositionalArgument(QStringLiteral("uri"), QStringLiteral("the peer"));
    p.addOption({ QStringLiteral("calls"), QStringLiteral("concurrent calls (default 10)"), QStringLiteral("N"),
        QStringLiteral("10") });
    p.addOption({ QStringLiteral("duration"), QStringLiteral("seconds each call lasts after its answer (default 10)"),
        QStringLiteral("SEC"), QStringLiteral("10") });
    p.addOption({ QStringLiteral("rate"), QStringLiteral("new calls per second (default 50)"), QStringLiteral("CPS"),
        QStringLiteral("50") });
    p.addOption({ QStringLiteral("timeout"),
        QStringLiteral("a call not answered within SEC seconds is hung up and counted as failed (default 60)"),
        QStringLiteral("SEC"), QStringLiteral("60") });
    p.addOption({ QStringLiteral("encryption"), QStringLiteral("off|opportunistic|required (default opportunistic)"),
        QStringLiteral("P"), QStringLiteral("opportunistic") });
    p.addOption({ QStringLiteral("codecs"), QStringLiteral("codec preference order (default ulaw)"),
        QStringLiteral("LIST"), QStringLiteral("ulaw") });
    p.addOption({ QStringLiteral("secret"), QStringLiteral("shared secret (prefer --secret-file or IAXPHONE_SECRET)"),
        QStringLiteral("S") });
    p.addOption({ QStringLiteral("secret-file"), QStringLiteral("read the shared secret from the first line of F"),
        QStringLiteral("F") });
    p.addOption({ QStringLiteral("bind"), QStringLiteral("local ADDR[:PORT] (default: any, ephemeral port)"),
        QStringLiteral("ADDR") });
    p.addOption({ QStringLiteral("interval"), QStringLiteral("seconds between progress lines (default 1)"),
        QStringLiteral("SEC"), QStringLiteral("1") });
    p.addOption({ QStringLiteral("json"),
        QStringLiteral("one JSON object per line: \"load\" progress, \"load-summary\" at the end") });
    QTextStream err(stderr);
    const QString cmd = QStringLiteral("iaxphone-cli load: ");
    if (!p.parse(args)) {
        err << cmd << p.errorText() << " (see --help)\n";
        return ExitBadArguments;
    }
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << p.helpText() << "\n" << exitCodeHelp();
        return ExitOk;
    }
    LoadOptions o;
    QString error;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2) {
        err << cmd << "give exactly one iax2: URI (see --help)\n";
        return ExitBadArguments;
    }
    const auto uri = parseIaxUri(pos[1], &error);
    if (!uri) {
        err << cmd << error << "\n";
        return ExitBadArguments;
    }
    QHostAddress addr;
    if (!addr.setAddress(uri->host)) {
        err << cmd << "the load generator needs an IP address, not a host name\n";
        return ExitBadArguments;
    }
    double v = 0;
    if (!parseNumber(p.value(QStringLiteral("calls")), 1, 30000, &v)) {
        err << cmd << "--calls must be 1 to 30000\n";
        return ExitBadArguments;
    }
    o.calls = int(v);
    if (!parseNumber(p.value(QStringLiteral("duration")), 1, 86400, &v)) {
        err << cmd << "--duration must be 1 to 86400 seconds\n";
        return ExitBadArguments;
    }
    o.durationSec = int(v);
    if (!parseNumber(p.value(QStringLiteral("rate")), 0.01, 10000, &o.rate)) {
        err << cmd << "--rate must be 0.01 to 10000 calls per second\n";
        return ExitBadArguments;
    }
    if (!parseNumber(p.value(QStringLiteral("timeout")), 1, 3600, &v)) {
        err << cmd << "--timeout must be 1 to 3600 seconds\n";
        return ExitBadArguments;
    }
    o.answerTimeoutSec = int(v);
    if (!parseNumber(p.value(QStringLiteral("interval")), 1, 3600, &v)) {
        err << cmd << "--interval must be 1 to 3600 seconds\n";
        return ExitBadArguments;
    }
    o.intervalSec = int(v);
    // One template DialRequest for every call, from the engine-configuration builder (no
    // DATETIME: the calls of a load run carry none).
    phone::EngineAccount account;
    const auto policy = phone::encryptionPolicyFromName(p.value(QStringLiteral("encryption")));
    if (!policy) {
        err << cmd << "--encryption must be off, opportunistic or required\n";
        return ExitBadArguments;
    }
    account.encryption = *policy;
    if (!readCodecs(p.value(QStringLiteral("codecs")), &account.codecs, &error)) {
        err << cmd << error << "\n";
        return ExitBadArguments;
    }
    QStringList secrets;
    if (!collectSecrets(p, &secrets, &error)) {
        err << cmd << error << "\n";
        return ExitBadArguments;
    }
    if (secrets.isEmpty()) {
        err << cmd << "no secret given (use --secret-file F or IAXPHONE_SECRET)\n";
        return ExitBadArguments;
    }
    const QString bind = p.value(QStringLiteral("bind"));
    if (!bind.isEmpty()) {
        const auto b = parseBindAddress(bind, 0, &error);
        if (!b) {
            err << cmd << error << "\n";
            return ExitBadArguments;
        }
        o.bindAddress = b->first;
        o.bindPort = b->second;
    }
    bool isV4 = false;
    const quint32 v4 = addr.toIPv4Address(&isV4);
    const core::PeerAddress peer { (isV4 ? QHostAddress(v4).toString() : addr.toString()).toStdString(), uri->port };
    account.username = uri->user.toStdString();
    account.secret = secrets.first().toStdString();
    o.dial = phone::dialRequest(account, peer, uri->extension, uri->context);
    o.json = p.isSet(QStringLiteral("json"));

    LoadRunner runner(std::move(o));
    const int code = runner.start();
    if (code != ExitOk)
        return code;
    QObject::connect(&runner, &LoadRunner::finished, QCoreApplication::instance(), &QCoreApplication::exit);
    return QCoreApplication::exec();
}

} // namespace iax::cli
