#include "fuzz_common.h"

#include <cstdio>
#include <cstdlib>

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
