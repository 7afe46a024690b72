#include "app/cli/cmd_keygen.h"

#include "app/cli/exit_codes.h"
#include "core/keys/key_generation.h"
#include "core/keys/key_server_client.h"
#include "core/keys/public_key_store.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTextStream>

#include <openssl/crypto.h>

namespace iax::cli {

namespace {

using core::PublicKeyStore;

} // namespace

bool readPassphraseFile(const QString& file, std::string* out, QString* error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read passphrase file '%1'").arg(file);
        return false;
    }
    QByteArray line = f.readLine(4096);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        *error = QStringLiteral("passphrase file '%1' is empty (its first line is the passphrase)").arg(file);
        return false;
    }
    out->assign(line.constData(), size_t(line.size()));
    OPENSSL_cleanse(line.data(), size_t(line.size()));
    return true;
}

namespace {

QString describePin(const core::KeyPin& p)
{
    return QStringLiteral("source %1, first seen %2, last fetched %3")
        .arg(p.source, p.firstSeen.toString(Qt::ISODate),
            p.lastFetched.isValid() ? p.lastFetched.toString(Qt::ISODate) : QStringLiteral("never"));
}

int keysList(const PublicKeyStore& store, bool json, QTextStream& out)
{
    const auto entries = store.list();
    if (json) {
        QJsonArray arr;
        for (const auto& e : entries) {
            QJsonObject o;
            o["name"] = e.name;
            o["path"] = e.path;
            o["fingerprint"] = e.fingerprint;
            o["bits"] = e.bits;
            o["pinned"] = bool(e.pin);
            if (e.pin) {
                o["pinnedFingerprint"] = e.pin->fingerprint;
                o["source"] = e.pin->source;
                o["firstSeen"] = e.pin->firstSeen.toString(Qt::ISODate);
                o["lastFetched"] = e.pin->lastFetched.isValid() ? e.pin->lastFetched.toString(Qt::ISODate) : QString();
            }
            if (!e.problem.isEmpty())
                o["problem"] = e.problem;
            arr.append(o);
        }
        out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    if (entries.empty()) {
        out << "no public keys in " << store.directory() << "\n";
        return ExitOk;
    }
    for (const auto& e : entries) {
        out << e.name << "  " << (e.bits ? QString::number(e.bits) + "-bit" : QStringLiteral("?")) << "  SHA-256 "
            << (e.fingerprint.isEmpty() ? QStringLiteral("-") : e.fingerprint) << "\n";
        out << "    " << (e.pin ? describePin(*e.pin) : QStringLiteral("not pinned (file placed by hand)")) << "\n";
        if (!e.problem.isEmpty())
            out << "    PROBLEM: " << e.problem << "\n";
    }
    return ExitOk;
}

int keysFetch(
    PublicKeyStore& store, const QCommandLineParser& parser, const QString& name, QTextStream& out, QTextStream& err)
{
    core::KeyServerOptions opt;
    opt.urlTemplate = parser.value(QStringLiteral("key-server"));
    opt.allowInsecureHttp = parser.isSet(QStringLiteral("allow-http"));
    bool ok = true;
    if (parser.isSet(QStringLiteral("timeout-ms")))
        opt.timeout = std::chrono::milliseconds(parser.value(QStringLiteral("timeout-ms")).toLongLong(&ok));
    if (!ok || opt.timeout.count() <= 0) {
        err << "iaxphone-cli keys: --timeout-ms must be a positive number\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("max-age-hours")))
        opt.maxAge = std::chrono::hours(parser.value(QStringLiteral("max-age-hours")).toLongLong(&ok));
    if (!ok || opt.maxAge.count() < 0) {
        err << "iaxphone-cli keys: --max-age-hours must be a number ≥ 0\n";
        return ExitBadArguments;
    }
    if (opt.urlTemplate.isEmpty()) {
        err << "iaxphone-cli keys fetch: --key-server URL-TEMPLATE is required (e.g. "
               "https://keys.example.net/{name}.pub)\n";
        return ExitBadArguments;
    }
    if (auto st = core::KeyServerClient::validateTemplate(opt.urlTemplate, opt.allowInsecureHttp); !st) {
        err << "iaxphone-cli keys fetch: " << QString::fromStdString(st.error().reason) << "\n";
        return ExitBadArguments;
    }
    for (const QString& caFile : parser.values(QStringLiteral("ca-file"))) {
        const auto certs = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (certs.isEmpty()) {
            err << "iaxphone-cli keys fetch: no PEM certificate in '" << caFile << "'\n";
            return ExitBadArguments;
        }
        opt.extraCaCertificates += certs;
    }
    core::KeyServerClient client(store, opt);
    core::KeyFetchResult result;
    QEventLoop loop;
    QObject::connect(&client, &core::KeyServerClient::finished, &loop, [&](const core::KeyFetchResult& r) {
        result = r;
        loop.quit();
    });
    if (parser.isSet(QStringLiteral("refresh")))
        client.fetch(name);
    else
        client.ensure(name);
    loop.exec();
    using O = core::KeyFetchResult::Outcome;
    switch (result.outcome) {
    case O::Pinned:
    case O::Refreshed:
    case O::Cached:
        out << result.message << "\n";
        return ExitOk;
    case O::Refused:
        err << "WARNING: " << result.message << "\n";
        return ExitFailure;
    case O::Failed:
        break;
    }
    err << "iaxphone-cli keys fetch: " << result.message << "\n";
    return ExitFailure;
}

} // namespace

int runKeygen(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runKeygen(args, out, err);
}

int runKeygen(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Generate an RSA key pair for IAX2 RSA authentication: NAME.key (private, mode 0600) and NAME.pub "
        "(public, the PEM form Asterisk's keys directory accepts)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("keygen"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("key name (letters, digits, . _ -)"));
    parser.addOption({ QStringLiteral("bits"),
        QStringLiteral("1024 (the default and the only size: a larger key's signature does not fit an IAX2 "
                       "information element, and Asterisk uses 1024)"),
        QStringLiteral("N"), QStringLiteral("1024") });
    parser.addOption({ QStringLiteral("out"), QStringLiteral("output directory (default: current directory)"),
        QStringLiteral("DIR"), QStringLiteral(".") });
    parser.addOption({ QStringLiteral("passphrase-file"),
        QStringLiteral("encrypt the private key (AES-256-CBC, PKCS#8) with the first line of F"),
        QStringLiteral("F") });
    parser.addOption({ QStringLiteral("force"), QStringLiteral("replace existing NAME.key / NAME.pub") });
    if (!parser.parse(args)) {
        err << "iaxphone-cli keygen: " << parser.errorText() << "\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || !PublicKeyStore::isValidName(pos[1])) {
        err << "iaxphone-cli keygen: give one key NAME made of letters, digits, '.', '_' and '-' (see --help)\n";
        return ExitBadArguments;
    }
    const QString name = pos[1];
    bool ok = false;
    const int bits = parser.value(QStringLiteral("bits")).toInt(&ok);
    if (!ok || !core::isSupportedRsaKeyBits(bits)) {
        const core::Status fits = ok ? core::checkRsaSigningKeyBits(bits) : core::Status(core::Ok {});
        if (!fits)
            err << "iaxphone-cli keygen: --bits " << bits << ": " << QString::fromStdString(fits.error().reason)
                << "\n";
        else
            err << "iaxphone-cli keygen: --bits must be 1024\n";
        return ExitBadArguments;
    }
    std::string passphrase;
    QString error;
    if (parser.isSet(QStringLiteral("passphrase-file"))
        && !readPassphraseFile(parser.value(QStringLiteral("passphrase-file")), &passphrase, &error)) {
        err << "iaxphone-cli keygen: " << error << "\n";
        return ExitBadArguments;
    }
    auto files = core::generateKeyPairFiles(
        parser.value(QStringLiteral("out")), name, bits, passphrase, parser.isSet(QStringLiteral("force")));
    if (!files) {
        err << "iaxphone-cli keygen: " << QString::fromStdString(files.error().reason)
            << (files.error().code == "exists" ? "; use --force to replace it" : "") << "\n";
        return ExitFailure;
    }

    const bool encrypted = parser.isSet(QStringLiteral("passphrase-file"));
    out << "Generated a " << files->bits << "-bit RSA key pair '" << name << "'\n"
        << "  private key: " << files->privateKeyPath << " (mode 0600, "
        << (encrypted ? "encrypted with the passphrase" : "NOT encrypted: keep it secret, or use --passphrase-file")
        << ")\n"
        << "  public key:  " << files->publicKeyPath
        << " (give it to peers, Asterisk's keys directory, or your key server)\n"
        << "  fingerprint (SHA-256): " << QString::fromStdString(files->fingerprint) << "\n";
    out.flush();
    return ExitOk;
}

int runKeys(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return runKeys(args, out, err);
}

int runKeys(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Manage trusted peer public keys (NAME.pub) and their pins (SHA-256 fingerprints).\n"
                       "  keys list                 list keys with fingerprints and pins\n"
                       "  keys import FILE|-        import a PEM public key from FILE or pasted on stdin (-)\n"
                       "  keys remove NAME          delete a key and its pin\n"
                       "  keys fetch NAME --key-server URL-TEMPLATE   fetch from a key server and pin on first use"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("keys"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, import, remove or fetch"));
    parser.addOption({ QStringLiteral("key-dir"),
        QStringLiteral("trusted key directory (default %1)").arg(core::defaultKeyDirectory()), QStringLiteral("DIR") });
    parser.addOption({ QStringLiteral("name"), QStringLiteral("import: store under NAME (default: file base name)"),
        QStringLiteral("NAME") });
    parser.addOption({ QStringLiteral("replace"), QStringLiteral("import: replace a different pinned key") });
    parser.addOption({ QStringLiteral("json"), QStringLiteral("list: JSON output") });
    parser.addOption(
        { QStringLiteral("key-server"), QStringLiteral("fetch: URL template with {name}"), QStringLiteral("URL") });
    parser.addOption({ QStringLiteral("ca-file"), QStringLiteral("fetch: also trust the CA certificate(s) in F"),
        QStringLiteral("F") });
    parser.addOption(
        { QStringLiteral("timeout-ms"), QStringLiteral("fetch: timeout (default 5000)"), QStringLiteral("MS") });
    parser.addOption({ QStringLiteral("max-age-hours"),
        QStringLiteral("fetch: re-fetch a pinned key older than this (default 24)"), QStringLiteral("H") });
    parser.addOption({ QStringLiteral("refresh"), QStringLiteral("fetch: ask the server even if the pin is fresh") });
    parser.addOption(
        { QStringLiteral("allow-http"), QStringLiteral("fetch: permit an http:// template (testing only)") });
    if (!parser.parse(args)) {
        err << "iaxphone-cli keys: " << parser.errorText() << "\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(1);
    PublicKeyStore store(parser.isSet(QStringLiteral("key-dir")) ? parser.value(QStringLiteral("key-dir"))
                                                                 : core::defaultKeyDirectory());

    if (action == QLatin1String("list") && pos.size() == 2)
        return keysList(store, parser.isSet(QStringLiteral("json")), out);
    if (action == QLatin1String("import") && pos.size() == 3) {
        const auto onChange = parser.isSet(QStringLiteral("replace")) ? PublicKeyStore::OnChange::Replace
                                                                      : PublicKeyStore::OnChange::Refuse;
        const QString name = parser.value(QStringLiteral("name"));
        core::Result<core::PublicKeyInfo> r = core::makeError("unreadable", "");
        if (pos[2] == QLatin1String("-")) {
            if (name.isEmpty()) {
                err << "iaxphone-cli keys import: a pasted key (-) needs --name NAME\n";
                return ExitBadArguments;
            }
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly)) {
                err << "iaxphone-cli keys import: cannot read standard input\n";
                return ExitFailure;
            }
            r = store.importPem(name, in.read(64 * 1024 + 1), QStringLiteral("paste"), onChange);
        } else {
            r = store.importFile(pos[2], name, onChange);
        }
        if (!r) {
            err << "iaxphone-cli keys import: " << QString::fromStdString(r.error().reason) << "\n";
            return r.error().code == "unreadable" ? ExitBadArguments : ExitFailure;
        }
        out << "imported " << r->name << " (" << r->bits << "-bit) SHA-256 " << r->fingerprint << " → " << r->path
            << "\n";
        return ExitOk;
    }
    if (action == QLatin1String("remove") && pos.size() == 3) {
        if (auto st = store.remove(pos[2]); !st) {
            err << "iaxphone-cli keys remove: " << QString::fromStdString(st.error().reason) << "\n";
            return ExitFailure;
        }
        out << "removed " << pos[2] << "\n";
        return ExitOk;
    }
    if (action == QLatin1String("fetch") && pos.size() == 3)
        return keysFetch(store, parser, pos[2], out, err);
    err << "iaxphone-cli keys: expected 'list', 'import FILE|-', 'remove NAME' or 'fetch NAME' (see --help)\n";
    return ExitBadArguments;
}

} // namespace iax::cli
