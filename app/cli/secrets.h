#pragma once
// Reading secrets for the command line without putting them on the process list:
// --secret-file F (first line), the environment variable IAXPHONE_SECRET, or --secret S.
#include <QCommandLineParser>
#include <QStringList>

namespace iax::cli {

/// Collects secrets from --secret (repeatable), --secret-file (repeatable) and IAXPHONE_SECRET.
/// On an unreadable file returns false and sets `error`.
bool collectSecrets(const QCommandLineParser& parser, QStringList* secrets, QString* error);

} // namespace iax::cli
