#include "fuzz_common.h"

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace iax::fuzz {
namespace {
std::function<void(const std::string&)>& handler()
{
    static std::function<void(const std::string&)> h;
    return h;
}
} // namespace

void setViolationHandler(std::function<void(const std::string&)> h)
{
    handler() = std::move(h);
}

std::string scratchTemplate(const char* name)
{
    struct stat st { };
    const bool shm = ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && ::access("/dev/shm", W_OK) == 0;
    const char* tmp = std::getenv("TMPDIR");
    return std::string(shm ? "/dev/shm" : (tmp && *tmp ? tmp : "/tmp")) + "/iax-fuzz-" + name + "-XXXXXX";
}

void violation(const char* file, int line, const std::string& what)
{
    const std::string msg = std::string(file) + ":" + std::to_string(line) + ": invariant broken: " + what;
    if (handler()) {
        handler()(msg);
        return;
    }
    std::fprintf(stderr, "%s\n", msg.c_str());
    std::abort();
}

} // namespace iax::fuzz
