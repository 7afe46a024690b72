#include "app/cli/gateway_input.h"

namespace iax::cli {

void GatewayInput::answered(qint64 nowMs)
{
    if (m_answered)
        return;
    m_answered = true;
    if (!m_since || *m_since < nowMs)
        m_since = nowMs;
}

std::optional<GatewayReport> GatewayInput::digit(char d, qint64 nowMs)
{
    if (m_done)
        return std::nullopt;
    if (d == '#')
        return report(true);
    m_digits += QChar::fromLatin1(d);
    m_since = nowMs;
    return std::nullopt;
}

std::optional<GatewayReport> GatewayInput::tick(qint64 nowMs)
{
    if (m_done || !m_answered || !m_since || nowMs - *m_since < kSilenceMs)
        return std::nullopt;
    return report(false);
}

std::optional<GatewayReport> GatewayInput::ended()
{
    if (m_done || (!m_answered && m_digits.isEmpty()))
        return std::nullopt;
    return report(false);
}

std::optional<GatewayReport> GatewayInput::report(bool complete)
{
    m_done = true;
    return GatewayReport { m_digits, complete };
}

} // namespace iax::cli
