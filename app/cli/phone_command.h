#pragma once
// The shared body of `call`, `register` and `listen`: option parsing and validation (exit 2 with
// a sentence on bad arguments), then a CliPhone on the event loop. Main thread.
#include "app/cli/cli_phone.h"

#include <QStringList>

namespace iax::cli {

/// Parses `args` for `mode` (the description heads --help) and runs the phone until its job is
/// done. Returns the exit status.
int runPhoneCommand(const QStringList& args, CliPhone::Mode mode, const QString& description);

} // namespace iax::cli
