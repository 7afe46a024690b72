#include "core/phone/call_history.h"

#include "core/keys/key_files.h"
#include "core/phone/call_presentation.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace iax::phone {

CallHistory::CallHistory(QString filePath, int limit, QObject* parent)
    : QObject(parent)
    , m_path(std::move(filePath))
    , m_limit(limit)
{
    load();
}

QString CallHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history.json");
}

CallHistoryEntry CallHistory::entryOf(const CallSnapshot& last, const QDateTime& now)
{
    CallHistoryEntry e;
    e.accountId = last.accountId;
    e.number = last.dialled.isEmpty() ? last.number : last.dialled;
    e.peer = last.peer;
    e.direction = last.direction;
    e.startedAt = last.firstSeen;
    e.durationSeconds = callDurationSeconds(last, now); // the live row's clock
    e.encrypted = last.everEncrypted;
    e.secureDial = last.secureDial.stage == SecureDialProgress::Stage::Sent;
    if (last.secureDial.stage != SecureDialProgress::Stage::None)
        e.via = last.number; // the access extension; `number` is the destination dialled
    if (last.state == CallState::Failed)
        e.outcome = tr("failed: %1").arg(failureText(last).summary);
    else if (last.answeredAt.isValid())
        e.outcome = QStringLiteral("answered");
    else
        e.outcome = last.direction == CallDirection::Incoming ? QStringLiteral("missed") : QStringLiteral("cancelled");
    return e;
}

QStringList CallHistory::numbers() const
{
    QStringList out;
    for (const auto& e : m_entries) {
        if (!e.number.isEmpty() && !out.contains(e.number))
            out << e.number;
    }
    return out;
}

void CallHistory::load()
{
    QFile f(m_path);
    if (!f.exists())
        return;
    if (!f.open(QIODevice::ReadOnly)) {
        m_loadError = tr("The call history %1 cannot be read.").arg(m_path);
        return;
    }
    auto entries = parseJson(f.readAll(), m_limit);
    if (!entries) {
        m_loadError = tr("The call history %1 is damaged and was ignored.").arg(m_path);
        return;
    }
    m_entries = std::move(*entries);
}

std::optional<QList<CallHistoryEntry>> CallHistory::parseJson(const QByteArray& json, int limit)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    QList<CallHistoryEntry> entries;
    for (const auto& v : doc.array()) {
        const QJsonObject o = v.toObject();
        CallHistoryEntry e;
        e.accountId = o.value(QLatin1String("account")).toString();
        e.number = o.value(QLatin1String("number")).toString();
        e.peer = o.value(QLatin1String("peer")).toString();
        e.direction = o.value(QLatin1String("direction")).toString() == QLatin1String("in") ? CallDirection::Incoming
                                                                                            : CallDirection::Outgoing;
        e.startedAt = QDateTime::fromString(o.value(QLatin1String("started")).toString(), Qt::ISODate);
        e.durationSeconds = o.value(QLatin1String("duration")).toInt();
        e.encrypted = o.value(QLatin1String("encrypted")).toBool();
        e.secureDial = o.value(QLatin1String("secureDial")).toBool();
        e.via = o.value(QLatin1String("via")).toString();
        // Written before "via": an outgoing call's peer is what was dialled, so a peer other than
        // the number typed is secure dial's access extension.
        if (!o.contains(QLatin1String("via")) && e.direction == CallDirection::Outgoing && !e.peer.isEmpty()
            && (e.secureDial || e.peer != e.number))
            e.via = e.peer;
        e.outcome = o.value(QLatin1String("outcome")).toString();
        entries.append(e);
        if (entries.size() >= limit)
            break;
    }
    return entries;
}

QByteArray CallHistory::toJson(const QList<CallHistoryEntry>& entries)
{
    QJsonArray arr;
    for (const auto& e : entries) {
        arr.append(QJsonObject {
            { QStringLiteral("account"), e.accountId },
            { QStringLiteral("number"), e.number },
            { QStringLiteral("peer"), e.peer },
            { QStringLiteral("direction"), e.direction == CallDirection::Incoming ? "in" : "out" },
            { QStringLiteral("started"), e.startedAt.toUTC().toString(Qt::ISODateWithMs) },
            { QStringLiteral("duration"), e.durationSeconds },
            { QStringLiteral("encrypted"), e.encrypted },
            { QStringLiteral("secureDial"), e.secureDial },
            { QStringLiteral("via"), e.via },
            { QStringLiteral("outcome"), e.outcome },
        });
    }
    return QJsonDocument(arr).toJson();
}

bool CallHistory::save(QString* error)
{
    // Who the user called is private: directory 0700 when created here, the file 0600.
    core::makePrivateDirs(QFileInfo(m_path).absolutePath());
    if (!core::writePrivateFile(m_path, toJson(m_entries))) {
        if (error)
            *error = tr("The call history could not be written to %1.").arg(m_path);
        return false;
    }
    return true;
}

bool CallHistory::add(const CallHistoryEntry& entry, QString* error)
{
    m_entries.prepend(entry);
    while (m_entries.size() > m_limit)
        m_entries.removeLast();
    Q_EMIT changed();
    return save(error);
}

bool CallHistory::clear(QString* error)
{
    m_entries.clear();
    Q_EMIT changed();
    return save(error);
}

} // namespace iax::phone
