#pragma once
// The commands of iaxphone-cli, one file each (cmd_<name>.cpp). Each takes the whole argument
// list (args[0] the program, args[1] the command), prints to stdout/stderr, and returns the
// process exit status (exit_codes.h). Main thread; call/register/listen/load run the event loop.
#include <QStringList>

namespace iax::cli {

/// `call <uri>`: places a call (cmd_call.cpp).
int runCall(const QStringList& args);
/// `register <uri>`: registers and answers calls as --answer says (cmd_register.cpp).
int runRegister(const QStringList& args);
/// `listen`: answers calls peer to peer on --bind (cmd_listen.cpp).
int runListen(const QStringList& args);
/// `decode <capture>`: prints and decrypts the IAX2 frames of a pcap/pcapng file (cmd_decode.cpp).
int runDecode(const QStringList& args);
/// `load <uri> --calls N --duration SEC`: concurrent-call load generator (cmd_load.cpp).
int runLoad(const QStringList& args);
/// `devices`: lists the sound devices (cmd_devices.cpp).
int runDevices(const QStringList& args);

} // namespace iax::cli
