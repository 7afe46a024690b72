#pragma once
// Helpers for unit tests of iaxphone-cli's options and event lines (no process, no network).
#include "app/cli/json_events.h"
#include "app/cli/phone_options.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace iax::test {

/// readPhoneOptions for `call`/`register` with `args`; *error empty when they were accepted.
inline cli::PhoneOptions parsePhoneOptions(const QStringList& args, QString* error)
{
    QCommandLineParser p;
    cli::addPhoneOptions(p, false);
    p.addPositionalArgument(QStringLiteral("uri"), QString());
    cli::PhoneOptions o;
    error->clear();
    if (!p.parse(QStringList { QStringLiteral("iaxphone-cli") } + args))
        *error = p.errorText();
    else if (!cli::readPhoneOptions(p, false, &o, error) && error->isEmpty())
        *error = QStringLiteral("refused");
    return o;
}

/// The JSON object of an event line as --json prints it.
inline QJsonObject jsonOf(const cli::CliEvent& e)
{
    const cli::EventPrinter json(true);
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.line(e))).object();
}

} // namespace iax::test
