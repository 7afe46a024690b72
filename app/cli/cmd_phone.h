#pragma once
// `iaxphone-cli call <uri>`, `register <uri>`, `listen`: parse options, run the CliPhone.
#include <QStringList>

namespace iax::cli {

/// Each takes the whole argument list (args[1] is the command) and returns the exit code.
int runCall(const QStringList& args);
int runRegister(const QStringList& args);
int runListen(const QStringList& args);
/// `iaxphone-cli devices [--json]`: the sound devices and their stable ids.
int runDevices(const QStringList& args);

} // namespace iax::cli
