#pragma once
// Keeps secrets (shared secrets, AES keys, RSA private keys, passwords) out of core dumps: the
// first thing main() does is make the process non-dumpable (no core file; other processes of the
// same user cannot ptrace it or read /proc/PID/mem) and set its core size limit to 0. Linux only;
// elsewhere a no-op. Header-only, shared by iaxphone and iaxphone-cli. Main thread, before any
// other thread or secret exists.
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace iax::app {

/// Disables core dumps for this process: prctl(PR_SET_DUMPABLE, 0) and RLIMIT_CORE = 0. Skipped
/// when the environment variable IAXPHONE_CORE_DUMPS is "1" (debugging a crash; the dump may then
/// contain secrets). A failing call prints one warning on stderr with `program`; never aborts.
inline void disableCoreDumps(const char* program)
{
#if defined(__linux__)
    if (const char* keep = std::getenv("IAXPHONE_CORE_DUMPS"); keep && std::strcmp(keep, "1") == 0)
        return;
    const rlimit none { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        std::fprintf(stderr, "%s: warning: cannot disable core dumps (setrlimit): %s\n", program, std::strerror(errno));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        std::fprintf(stderr, "%s: warning: cannot mark the process non-dumpable: %s\n", program, std::strerror(errno));
#else
    (void)program;
#endif
}

/// Diagnostic for tests (the hidden first argument --hardening-status of both programs): prints
/// "dumpable N\ncore-limit N\n" for this process on stdout (-1 where unknown, e.g. not Linux).
inline void printHardeningStatus()
{
    long dumpable = -1;
    long coreLimit = -1;
#if defined(__linux__)
    dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    rlimit lim {};
    if (getrlimit(RLIMIT_CORE, &lim) == 0)
        coreLimit = lim.rlim_cur == RLIM_INFINITY ? -1 : static_cast<long>(lim.rlim_cur);
#endif
    std::printf("dumpable %ld\ncore-limit %ld\n", dumpable, coreLimit);
    std::fflush(stdout);
}

/// True when argv[1] is the hidden diagnostic flag --hardening-status.
inline bool wantsHardeningStatus(int argc, char** argv)
{
    return argc >= 2 && std::strcmp(argv[1], "--hardening-status") == 0;
}

} // namespace iax::app
