// iax-flood: the attacker of issue 16's "Done when", for end-to-end tests of `iaxphone-cli listen`
// (tests/tst_cli_flood.cpp) and for the manual full-scale run (README, Security). From ONE UDP
// socket (one address, one port) it
//   - fetches a call token (REGREQ with an empty CALLTOKEN IE) and re-fetches it every 4 s;
//   - opens --half-open N calls: NEW with the token (one token reused, distinct call numbers), the
//     AUTHREQ is ACKed, and then nothing: the call is left half-open;
//   - sends --regreq N REGREQs for --user spread evenly over --over seconds, each from a new call
//     number with the token (each one would open a registrar transaction);
//   - keeps listening --linger seconds after the flood and reports how the listener ended the
//     half-open calls (HANGUP or REJECT, and how long after their NEW).
// Prints one JSON object per second ("flood") and a summary ("flood-summary") on stdout.
// IPv4 only. A test-support program: it is not installed and is no part of the product.
#include "core/protocol/frame.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace iax::core;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string target = "127.0.0.1";
    std::uint16_t port = 4569;
    std::string bind = "127.0.0.1";
    std::string user = "alice";
    std::string called = "600";
    int regreq = 0;
    double over = 15;
    int halfOpen = 0;
    double linger = 0;
};

void usage()
{
    std::fprintf(stderr,
        "usage: iax-flood --target IP:PORT [--bind IP] [--user NAME] [--called EXTEN]\n"
        "                 [--regreq N] [--over SEC] [--half-open N] [--linger SEC]\n"
        "From one UDP socket: N half-open calls (NEW with a call token, AUTHREQ ACKed, then silence)\n"
        "and N tokened REGREQs for NAME spread over SEC seconds; then listens SEC more seconds for\n"
        "the listener to end the half-open calls. JSON progress and summary on stdout.\n");
}

bool parse(int argc, char** argv, Options* o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            return false;
        const std::string v = argv[++i];
        try {
            if (a == "--target") {
                const auto colon = v.rfind(':');
                if (colon == std::string::npos)
                    return false;
                o->target = v.substr(0, colon);
                o->port = std::uint16_t(std::stoi(v.substr(colon + 1)));
            } else if (a == "--bind")
                o->bind = v;
            else if (a == "--user")
                o->user = v;
            else if (a == "--called")
                o->called = v;
            else if (a == "--regreq")
                o->regreq = std::stoi(v);
            else if (a == "--over")
                o->over = std::stod(v);
            else if (a == "--half-open")
                o->halfOpen = std::stoi(v);
            else if (a == "--linger")
                o->linger = std::stod(v);
            else
                return false;
        } catch (const std::exception&) {
            return false;
        }
    }
    return o->regreq >= 0 && o->halfOpen >= 0 && o->halfOpen <= 10000 && o->over > 0 && o->linger >= 0;
}

// Call numbers: REGREQs cycle through 1..19999, half-open calls use 20000 + i.
constexpr std::uint16_t kTokenCallno = 1;
constexpr std::uint16_t kFirstHalfOpen = 20000;
constexpr std::uint16_t kLastRegreq = 19999;

struct HalfOpen {
    Clock::time_point newSent;
    std::uint16_t remote = 0; ///< the listener's call number, once its AUTHREQ came
    bool opened = false; ///< AUTHREQ received and ACKed
    bool rejected = false; ///< REJECT in answer to the NEW
    std::optional<double> endedAfter; ///< seconds from NEW to the listener's HANGUP/REJECT
    std::string cause;
};

class Flood {
public:
    explicit Flood(Options o)
        : m_o(std::move(o))
        , m_calls(std::size_t(m_o.halfOpen))
    { }

    bool open()
    {
        m_fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        if (m_fd < 0)
            return false;
        int big = 8 << 20;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
        sockaddr_in me {};
        me.sin_family = AF_INET;
        if (::inet_pton(AF_INET, m_o.bind.c_str(), &me.sin_addr) != 1)
            return false;
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&me), sizeof me) != 0)
            return false;
        m_to.sin_family = AF_INET;
        m_to.sin_port = htons(m_o.port);
        return ::inet_pton(AF_INET, m_o.target.c_str(), &m_to.sin_addr) == 1;
    }

    int run()
    {
        const auto t0 = Clock::now();
        auto since = [&](Clock::time_point t) { return std::chrono::duration<double>(t - t0).count(); };
        std::optional<Clock::time_point> tokenAsked, floodStart;
        Clock::time_point lastReport = t0;
        int halfOpenSent = 0;
        std::uint16_t nextScall = 1;
        for (;;) {
            const auto now = Clock::now();
            if (!tokenAsked || now - *tokenAsked > std::chrono::seconds(4)) {
                send(request(IaxCommand::RegReq, kTokenCallno, std::string()));
                tokenAsked = now;
            }
            if (!m_token.empty()) {
                if (!floodStart)
                    floodStart = now;
                for (; halfOpenSent < m_o.halfOpen && halfOpenSent < int(since(now) * 2000); ++halfOpenSent) {
                    m_calls[std::size_t(halfOpenSent)].newSent = Clock::now();
                    send(newFrame(std::uint16_t(kFirstHalfOpen + halfOpenSent)));
                }
                const double f = std::min(1.0, std::chrono::duration<double>(now - *floodStart).count() / m_o.over);
                const int due = int(f * m_o.regreq);
                for (; m_regreqSent < due; ++m_regreqSent) {
                    send(request(IaxCommand::RegReq, nextScall, m_token));
                    nextScall = nextScall >= kLastRegreq ? 2 : std::uint16_t(nextScall + 1);
                }
            }
            receiveAll();
            if (now - lastReport >= std::chrono::seconds(1)) {
                lastReport = now;
                report("flood", since(now));
            }
            const bool flooded = floodStart && m_regreqSent >= m_o.regreq && halfOpenSent >= m_o.halfOpen;
            if (flooded && !m_floodEnd)
                m_floodEnd = now;
            if (m_floodEnd && now - *m_floodEnd >= std::chrono::duration<double>(m_o.linger))
                break;
            if (!floodStart && since(now) > 10) {
                std::fprintf(stderr, "iax-flood: no call token from %s:%u within 10 s\n", m_o.target.c_str(),
                    unsigned(m_o.port));
                return 1;
            }
            pollfd p { m_fd, POLLIN, 0 };
            ::poll(&p, 1, 1);
        }
        report("flood-summary", since(Clock::now()));
        return 0;
    }

private:
    std::vector<std::uint8_t> request(IaxCommand c, std::uint16_t scall, const std::string& token)
    {
        FullFrame f;
        f.scall = scall;
        f.timestamp = 3;
        f.type = std::uint8_t(FrameType::Iax);
        f.subclass = std::int64_t(c);
        IeList ies;
        ies.addString(IeId::Username, m_o.user).addU16(IeId::Refresh, 60).addString(IeId::CallToken, token);
        f.payload = ies.encode();
        return encode(f);
    }

    std::vector<std::uint8_t> newFrame(std::uint16_t scall)
    {
        FullFrame f;
        f.scall = scall;
        f.timestamp = 3;
        f.type = std::uint8_t(FrameType::Iax);
        f.subclass = std::int64_t(IaxCommand::New);
        IeList ies;
        ies.addU16(IeId::Version, kProtocolVersion)
            .addString(IeId::CalledNumber, m_o.called)
            .addString(IeId::Username, m_o.user)
            .addU32(IeId::Format, std::uint32_t(Codec::Ulaw))
            .addU32(IeId::Capability, std::uint32_t(Codec::Ulaw))
            .addU16(IeId::Encryption, 0x0001) // AES-128, as a real caller (a listener may require it)
            .addString(IeId::CallToken, m_token);
        f.payload = ies.encode();
        return encode(f);
    }

    void ack(const FullFrame& got)
    {
        FullFrame a;
        a.scall = got.dcall;
        a.dcall = got.scall;
        a.timestamp = got.timestamp;
        a.oseqno = got.iseqno;
        a.iseqno = std::uint8_t(got.oseqno + 1);
        a.type = std::uint8_t(FrameType::Iax);
        a.subclass = std::int64_t(IaxCommand::Ack);
        send(encode(a));
    }

    void send(const std::vector<std::uint8_t>& bytes)
    {
        // A full socket buffer: wait for room rather than lose our own flood.
        while (
            ::sendto(m_fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&m_to), sizeof m_to) < 0) {
            if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
                ++m_sendErrors;
                return;
            }
            ::usleep(100);
        }
        ++m_sent;
    }

    void receiveAll()
    {
        std::uint8_t buf[2048];
        for (;;) {
            const auto n = ::recv(m_fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n <= 0)
                return;
            ++m_received;
            auto f = decodeFullFrame(std::span<const std::uint8_t>(buf, std::size_t(n)));
            if (!f || f->type != std::uint8_t(FrameType::Iax)) {
                ++m_other;
                continue;
            }
            const auto ies = f->ies();
            const auto cmd = static_cast<IaxCommand>(f->subclass);
            HalfOpen* call = f->dcall >= kFirstHalfOpen && f->dcall < kFirstHalfOpen + m_calls.size()
                ? &m_calls[f->dcall - kFirstHalfOpen]
                : nullptr;
            switch (cmd) {
            case IaxCommand::CallToken:
                if (ies)
                    m_token = ies->getString(IeId::CallToken).value_or(m_token);
                break;
            case IaxCommand::RegAuth:
                ++m_regauth;
                break;
            case IaxCommand::RegRej:
                ++m_regrej;
                break;
            case IaxCommand::AuthReq:
                if (call) {
                    call->remote = f->scall;
                    call->opened = true;
                    ack(*f); // and then silence
                }
                break;
            case IaxCommand::Reject:
            case IaxCommand::Hangup:
                if (!call)
                    break;
                if (cmd == IaxCommand::Reject && !call->opened)
                    call->rejected = true;
                else if (!call->endedAfter)
                    call->endedAfter = std::chrono::duration<double>(Clock::now() - call->newSent).count();
                if (ies)
                    call->cause = ies->getString(IeId::Cause).value_or("");
                ack(*f);
                break;
            case IaxCommand::Ack:
                break;
            default:
                ++m_other;
                break;
            }
        }
    }

    void report(const char* event, double elapsed)
    {
        int opened = 0, rejected = 0, ended = 0;
        double firstEnd = -1, lastEnd = -1;
        std::map<std::string, int> causes;
        for (const auto& c : m_calls) {
            opened += c.opened;
            rejected += c.rejected;
            if (c.endedAfter) {
                ++ended;
                firstEnd = firstEnd < 0 ? *c.endedAfter : std::min(firstEnd, *c.endedAfter);
                lastEnd = std::max(lastEnd, *c.endedAfter);
            }
            if (c.rejected || c.endedAfter)
                ++causes[c.cause];
        }
        std::string causeList;
        for (const auto& [text, n] : causes) {
            std::string safe;
            for (char ch : text)
                if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
                    safe += ch;
            causeList += (causeList.empty() ? "" : ",") + ("\"" + safe + "\":" + std::to_string(n));
        }
        std::printf("{\"event\":\"%s\",\"elapsed\":%.2f,\"regreq_sent\":%d,\"regauth\":%llu,\"regrej\":%llu,"
                    "\"half_open_sent\":%zu,\"half_open_opened\":%d,\"half_open_rejected\":%d,"
                    "\"half_open_ended\":%d,\"half_open_first_end_s\":%.2f,\"half_open_last_end_s\":%.2f,"
                    "\"causes\":{%s},\"datagrams_sent\":%llu,\"datagrams_received\":%llu,\"other\":%llu,"
                    "\"send_errors\":%llu}\n",
            event, elapsed, m_regreqSent, (unsigned long long)m_regauth, (unsigned long long)m_regrej,
            std::size_t(std::count_if(
                m_calls.begin(), m_calls.end(), [](const HalfOpen& c) { return c.newSent != Clock::time_point {}; })),
            opened, rejected, ended, firstEnd, lastEnd, causeList.c_str(), (unsigned long long)m_sent,
            (unsigned long long)m_received, (unsigned long long)m_other, (unsigned long long)m_sendErrors);
        std::fflush(stdout);
    }

    Options m_o;
    int m_fd = -1;
    sockaddr_in m_to {};
    std::string m_token;
    std::vector<HalfOpen> m_calls;
    std::optional<Clock::time_point> m_floodEnd;
    int m_regreqSent = 0;
    std::uint64_t m_regauth = 0, m_regrej = 0, m_sent = 0, m_received = 0, m_other = 0, m_sendErrors = 0;
};

} // namespace

int main(int argc, char** argv)
{
    Options o;
    if (!parse(argc, argv, &o)) {
        usage();
        return 2;
    }
    Flood f(o);
    if (!f.open()) {
        std::fprintf(stderr, "iax-flood: cannot open a UDP socket on %s to %s:%u: %s\n", o.bind.c_str(),
            o.target.c_str(), unsigned(o.port), std::strerror(errno));
        return 1;
    }
    return f.run();
}
