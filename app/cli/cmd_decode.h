#pragma once
// `iaxphone-cli decode <file.pcap|pcapng> [--secret S]... [--json] [--voice-out DIR]`
#include <QStringList>

namespace iax::cli {

/// Runs the decode command with its own arguments (args[0] is the program name, args[1] "decode").
/// Prints to stdout/stderr; returns the process exit code (see exit_codes.h).
int runDecode(const QStringList& args);

} // namespace iax::cli
