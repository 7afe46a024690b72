#include "core/phone/e2e_trust.h"

#include "core/phone/settings_map.h"

#include <QSettings>

#include <algorithm>

namespace iax::phone {

QString e2ePeerOf(const CallSnapshot& call, const QString& accountHost)
{
    return call.number.isEmpty() ? accountHost : call.number;
}

const E2ePeerTrust* findE2ePeer(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer)
{
    for (const auto& e : list)
        if (e.accountId == accountId && e.peer == peer)
            return &e;
    return nullptr;
}

E2eTrustStatus e2eTrustStatus(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer,
    const QString& mode, const QString& identity)
{
    const E2ePeerTrust* e = findE2ePeer(list, accountId, peer);
    if (mode == QLatin1String("e2e") && e && !e->identity.isEmpty() && e->identity != identity)
        return E2eTrustStatus::IdentityChanged;
    if (mode == QLatin1String("e2e"))
        return e && e->verified ? E2eTrustStatus::Verified : E2eTrustStatus::Unverified;
    return e && e->seenE2e ? E2eTrustStatus::Downgrade : E2eTrustStatus::None;
}

QString pinnedE2eIdentity(const QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer)
{
    const E2ePeerTrust* e = findE2ePeer(list, accountId, peer);
    return e ? e->identity : QString();
}

bool noteE2ePeer(
    QList<E2ePeerTrust>& list, const QString& accountId, const QString& peer, bool confirmed, const QString& identity)
{
    if (accountId.isEmpty() || peer.isEmpty())
        return false;
    auto it = std::find_if(
        list.begin(), list.end(), [&](const E2ePeerTrust& e) { return e.accountId == accountId && e.peer == peer; });
    if (it == list.end()) {
        list.append({ accountId, peer, true, confirmed, confirmed ? identity : QString() });
        return true;
    }
    const E2ePeerTrust before = *it;
    it->seenE2e = true;
    it->verified = it->verified || confirmed;
    if (confirmed && !identity.isEmpty())
        it->identity = identity; // confirmed words of a call with this identity: (re)pin it
    return !(before == *it);
}

bool mergeE2eTrust(QList<E2ePeerTrust>& into, const QList<E2ePeerTrust>& from)
{
    bool changed = false;
    for (const auto& e : from) {
        auto it = std::find_if(into.begin(), into.end(),
            [&](const E2ePeerTrust& x) { return x.accountId == e.accountId && x.peer == e.peer; });
        if (it == into.end()) {
            into.append(e);
            changed = true;
            continue;
        }
        const E2ePeerTrust before = *it;
        it->seenE2e = it->seenE2e || e.seenE2e;
        it->verified = it->verified || e.verified;
        if (!e.identity.isEmpty())
            it->identity = e.identity;
        changed = changed || !(before == *it);
    }
    return changed;
}

namespace {
// The overloads below on a QSettings or a SettingsMap (the same calls on both).
template <class Store> QList<E2ePeerTrust> readTrust(Store& q)
{
    QList<E2ePeerTrust> out;
    const int n = std::min(q.beginReadArray(QStringLiteral("e2ePeers")), kMaxE2ePeers);
    for (int i = 0; i < n; ++i) {
        q.setArrayIndex(i);
        E2ePeerTrust e;
        e.accountId = q.value(QStringLiteral("account")).toString();
        e.peer = q.value(QStringLiteral("peer")).toString();
        e.seenE2e = q.value(QStringLiteral("seenE2e"), false).toBool();
        e.verified = q.value(QStringLiteral("verified"), false).toBool();
        e.identity = q.value(QStringLiteral("identity")).toString().left(64); // a fingerprint is 39 characters
        if (!e.accountId.isEmpty() && !e.peer.isEmpty())
            out.append(e);
    }
    q.endArray();
    return out;
}

template <class Store> void writeTrust(Store& q, const QList<E2ePeerTrust>& list)
{
    q.remove(QStringLiteral("e2ePeers"));
    q.beginWriteArray(QStringLiteral("e2ePeers"), int(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        q.setArrayIndex(i);
        q.setValue(QStringLiteral("account"), list.at(i).accountId);
        q.setValue(QStringLiteral("peer"), list.at(i).peer);
        q.setValue(QStringLiteral("seenE2e"), list.at(i).seenE2e);
        q.setValue(QStringLiteral("verified"), list.at(i).verified);
        if (!list.at(i).identity.isEmpty())
            q.setValue(QStringLiteral("identity"), list.at(i).identity);
    }
    q.endArray();
}
} // namespace

QList<E2ePeerTrust> readE2eTrust(QSettings& settings)
{
    return readTrust(settings);
}

QList<E2ePeerTrust> readE2eTrust(SettingsMap& settings)
{
    return readTrust(settings);
}

void writeE2eTrust(QSettings& settings, const QList<E2ePeerTrust>& list)
{
    writeTrust(settings, list);
}

void writeE2eTrust(SettingsMap& settings, const QList<E2ePeerTrust>& list)
{
    writeTrust(settings, list);
}

} // namespace iax::phone
