#pragma once
// Exit status of iaxphone-cli: a contract for scripts (documented in --help and the README).

namespace iax::cli {

enum ExitCode : int {
    ExitOk = 0, ///< the requested job succeeded
    ExitFailure = 1, ///< any other failure (I/O error, call failed for another cause)
    ExitBadArguments = 2, ///< invalid command line
    ExitUnreachable = 3, ///< the peer never answered (retransmissions gave up)
    ExitAuthFailed = 4, ///< authentication failed (wrong secret or key)
    ExitRejected = 5, ///< the peer rejected the call, or was busy / congested
    ExitEncryptionRefused = 6, ///< encryption required (or needed for secure dial) but not agreed
    ExitTimeout = 7, ///< --timeout elapsed before the call was answered
    ExitDecryptFailed = 8, ///< decode: encrypted frames that no given secret could read
};

/// The exit-code table as printed in --help.
inline const char* exitCodeHelp()
{
    return "Exit status:\n"
           "  0  success (call answered, and encrypted when required, and ended normally; register: held for\n"
           "     --duration)\n"
           "  1  other failure (also a call the peer hung up with a failure cause after the answer)\n"
           "  2  bad arguments\n"
           "  3  peer unreachable, also after the answer (register: not acknowledged within --timeout /\n"
           "     --duration)\n"
           "  4  authentication failed (register: refused by the server)\n"
           "  5  rejected, busy or congested (also a REJECT after the answer)\n"
           "  6  encryption required but refused by the peer\n"
           "  7  timeout before answer\n"
           "  8  decode: encrypted frames could not be decrypted with the given secrets\n";
}

} // namespace iax::cli
