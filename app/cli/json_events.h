#pragma once
// The event lines of iaxphone-cli (a contract for scripts, see README "Command line"): one
// compact JSON object per line with --json, a human-readable sentence otherwise. Owner thread.
#include "core/net/caller_key_lookup.h"
#include "core/net/network_monitor.h"
#include "core/protocol/events.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <string>

namespace iax::cli {

/// One event: its JSON object and its human-readable line.
struct CliEvent {
    QJsonObject json;
    QString human;
};

/// "calling", "ringing", "answered", "hungup", "rejected", "failed" (the contract's call states).
QString callStateName(core::CallState s);

/// The contract's event for an Engine event: call, encryption, rekey, dtmf, stats, registration,
/// incoming, peer. nullopt for events that print nothing (voice, DTMF_BEGIN, intermediate states).
std::optional<CliEvent> describeEvent(const core::EngineEvent& e);

/// The "key" event of a caller-key lookup (store hit, pinned on first use, refused change, failure).
CliEvent describeKeyLookup(const net::KeyLookupReport& report);

/// The "network" event of a network change (issue 19): changed (with the reason), reconnecting,
/// recovered. network_event.cpp.
CliEvent describeNetworkStatus(const net::NetworkStatus& s);

/// The event list printed by `call|register|listen --help`.
const char* phoneEventHelp();

/// Writes events to stdout (flushed per line, so pipes see them at once).
class EventPrinter {
public:
    explicit EventPrinter(bool json)
        : m_json(json)
    {
    }
    /// Writes line(e) and a newline to stdout.
    void print(const CliEvent& e) const;
    /// The line print() writes: the compact JSON object, or the human sentence with every control
    /// character escaped (core::escapeForTerminal: peer TEXT, causes, names act on no terminal);
    /// JSON gets DEL and C1 escaped too (core::escapeJsonControls). No newline.
    std::string line(const CliEvent& e) const;
    void print(const QJsonObject& json, const QString& human) const { print(CliEvent { json, human }); }
    bool json() const { return m_json; }

private:
    bool m_json;
};

} // namespace iax::cli
