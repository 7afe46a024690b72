#include "core/phone/qsettings_store.h"

#include "core/keys/key_files.h"
#include "core/phone/settings_map.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace iax::phone {

namespace {
const QString kDesktopGroup = QStringLiteral("desktop"); // GeneralSettings

/// QSettings writes an empty list as "@Invalid()": an empty one is left out (load() reads a
/// missing key as empty, or as the default for codecs, which may not be empty anyway).
template <class Store> void setList(Store& q, const QString& key, const QStringList& list)
{
    if (!list.isEmpty())
        q.setValue(key, list);
}

// readFrom() and writeTo() on a QSettings or a SettingsMap (the same calls on both).
template <class Store> Settings readSettings(Store& q, const QString& where, QString* warning, int maxAccounts)
{
    Settings s;
    const AccountSettings def;
    // A damaged or hand-edited file may claim any array size ("size=14569" took the fuzzer 10 s,
    // "size=2000000000" would hang the app): read at most kMaxAccounts, and say so.
    const int claimed = q.beginReadArray(QStringLiteral("accounts"));
    const int n = std::min(claimed, maxAccounts);
    if (claimed > maxAccounts && warning)
        *warning = QObject::tr("The settings file %1 lists %2 accounts; only the first %3 are read.")
                       .arg(where)
                       .arg(claimed)
                       .arg(maxAccounts);
    for (int i = 0; i < n; ++i) {
        q.setArrayIndex(i);
        AccountSettings a;
        a.id = q.value(QStringLiteral("id")).toString();
        a.name = q.value(QStringLiteral("name")).toString();
        a.host = q.value(QStringLiteral("host")).toString();
        a.port = q.value(QStringLiteral("port"), def.port).toInt();
        a.username = q.value(QStringLiteral("username")).toString();
        a.auth = authMethodFromString(q.value(QStringLiteral("auth")).toString(), def.auth);
        a.privateKeyFile = q.value(QStringLiteral("privateKeyFile")).toString();
        a.trustedPublicKeys = q.value(QStringLiteral("trustedPublicKeys")).toStringList();
        a.encryption = encryptionPolicyFromString(q.value(QStringLiteral("encryption")).toString(), def.encryption);
        a.keyRotation = q.value(QStringLiteral("keyRotation"), def.keyRotation).toBool();
        a.keyRotationIntervalSeconds
            = q.value(QStringLiteral("keyRotationInterval"), def.keyRotationIntervalSeconds).toInt();
        a.codecs = q.value(QStringLiteral("codecs"), def.codecs).toStringList();
        a.secureDialEnabled = q.value(QStringLiteral("secureDial"), def.secureDialEnabled).toBool();
        a.secureDialExtension = q.value(QStringLiteral("secureDialExtension")).toString();
        const QString term
            = q.value(QStringLiteral("secureDialTerminator"), QString(def.secureDialTerminator)).toString();
        a.secureDialTerminator = term.isEmpty() ? QChar() : term.at(0);
        a.secureDialPauseMs = q.value(QStringLiteral("secureDialPauseMs"), def.secureDialPauseMs).toInt();
        a.keyServerUrl = q.value(QStringLiteral("keyServerUrl")).toString();
        a.allowMd5Fallback = q.value(QStringLiteral("allowMd5Fallback"), def.allowMd5Fallback).toBool();
        a.doNotDisturb = q.value(QStringLiteral("doNotDisturb"), false).toBool();
        a.autoAnswerFromPbx = q.value(QStringLiteral("autoAnswerFromPbx"), false).toBool();
        a.keepaliveSeconds = std::clamp(q.value(QStringLiteral("keepaliveSeconds"), 25).toInt(), 0, 3600);
        a.autoAnswerAfterSeconds = std::clamp(q.value(QStringLiteral("autoAnswerAfterSeconds"), 0).toInt(), 0, 600);
        a.voicemailExtension = q.value(QStringLiteral("voicemailExtension")).toString();
        s.accounts.append(a);
    }
    q.endArray();
    q.beginGroup(QStringLiteral("audio"));
    s.audio.inputDevice = q.value(QStringLiteral("input")).toString();
    s.audio.outputDevice = q.value(QStringLiteral("output")).toString();
    s.audio.ringerDevice = q.value(QStringLiteral("ringer")).toString();
    s.audio.inputHistory = q.value(QStringLiteral("inputHistory")).toStringList();
    s.audio.outputHistory = q.value(QStringLiteral("outputHistory")).toStringList();
    s.audio.ringerHistory = q.value(QStringLiteral("ringerHistory")).toStringList();
    s.audio.echoCancellation = q.value(QStringLiteral("echoCancellation"), true).toBool();
    s.audio.echoCancellationOnHeadsets = q.value(QStringLiteral("echoCancellationOnHeadsets"), false).toBool();
    s.audio.noiseSuppression = q.value(QStringLiteral("noiseSuppression"), true).toBool();
    s.audio.frameMs = q.value(QStringLiteral("frameMs"), 20).toInt() == 10 ? 10 : 20; // anything else: 20
    q.endGroup();
    // Not "general": QSettings writes that group as [%General] and a later process reads it back
    // as "General", so the General page's settings were lost at every restart. Files written
    // that way are still read (as "General").
    q.beginGroup(q.childGroups().contains(kDesktopGroup) ? kDesktopGroup : QStringLiteral("General"));
    s.general.startMinimised = q.value(QStringLiteral("startMinimised"), false).toBool();
    s.general.notifications = q.value(QStringLiteral("notifications"), true).toBool();
    s.general.ringtone = q.value(QStringLiteral("ringtone")).toString();
    s.general.dialLinksDirectly = q.value(QStringLiteral("dialLinksDirectly"), false).toBool();
    s.general.doNotDisturb = q.value(QStringLiteral("doNotDisturb"), false).toBool();
    s.general.recordingsFolder = q.value(QStringLiteral("recordingsFolder")).toString();
    s.general.recordOpus = q.value(QStringLiteral("recordOpus"), false).toBool();
    q.endGroup();
    s.e2ePeers = readE2eTrust(q); // e2e_trust.h
    return s;
}

template <class Store> void writeSettings(Store& q, const Settings& s)
{
    q.clear();
    q.beginWriteArray(QStringLiteral("accounts"), int(s.accounts.size()));
    for (int i = 0; i < s.accounts.size(); ++i) {
        const auto& a = s.accounts[i];
        q.setArrayIndex(i);
        // Deliberately no "secret" and no "keyPassphrase": those go to the SecretStore.
        q.setValue(QStringLiteral("id"), a.id);
        q.setValue(QStringLiteral("name"), a.name);
        q.setValue(QStringLiteral("host"), a.host);
        q.setValue(QStringLiteral("port"), a.port);
        q.setValue(QStringLiteral("username"), a.username);
        q.setValue(QStringLiteral("auth"), toString(a.auth));
        q.setValue(QStringLiteral("privateKeyFile"), a.privateKeyFile);
        setList(q, QStringLiteral("trustedPublicKeys"), a.trustedPublicKeys);
        q.setValue(QStringLiteral("encryption"), toString(a.encryption));
        q.setValue(QStringLiteral("keyRotation"), a.keyRotation);
        q.setValue(QStringLiteral("keyRotationInterval"), a.keyRotationIntervalSeconds);
        setList(q, QStringLiteral("codecs"), a.codecs);
        q.setValue(QStringLiteral("secureDial"), a.secureDialEnabled);
        q.setValue(QStringLiteral("secureDialExtension"), a.secureDialExtension);
        q.setValue(QStringLiteral("secureDialTerminator"),
            a.secureDialTerminator.isNull() ? QString() : QString(a.secureDialTerminator));
        q.setValue(QStringLiteral("secureDialPauseMs"), a.secureDialPauseMs);
        q.setValue(QStringLiteral("keyServerUrl"), a.keyServerUrl);
        q.setValue(QStringLiteral("allowMd5Fallback"), a.allowMd5Fallback);
        q.setValue(QStringLiteral("doNotDisturb"), a.doNotDisturb);
        q.setValue(QStringLiteral("autoAnswerFromPbx"), a.autoAnswerFromPbx);
        q.setValue(QStringLiteral("keepaliveSeconds"), a.keepaliveSeconds);
        q.setValue(QStringLiteral("autoAnswerAfterSeconds"), a.autoAnswerAfterSeconds);
        q.setValue(QStringLiteral("voicemailExtension"), a.voicemailExtension);
    }
    q.endArray();
    q.beginGroup(QStringLiteral("audio"));
    q.setValue(QStringLiteral("input"), s.audio.inputDevice);
    q.setValue(QStringLiteral("output"), s.audio.outputDevice);
    q.setValue(QStringLiteral("ringer"), s.audio.ringerDevice);
    q.setValue(QStringLiteral("inputHistory"), s.audio.inputHistory);
    q.setValue(QStringLiteral("outputHistory"), s.audio.outputHistory);
    q.setValue(QStringLiteral("ringerHistory"), s.audio.ringerHistory);
    q.setValue(QStringLiteral("echoCancellation"), s.audio.echoCancellation);
    q.setValue(QStringLiteral("echoCancellationOnHeadsets"), s.audio.echoCancellationOnHeadsets);
    q.setValue(QStringLiteral("noiseSuppression"), s.audio.noiseSuppression);
    q.setValue(QStringLiteral("frameMs"), s.audio.frameMs);
    q.endGroup();
    q.beginGroup(kDesktopGroup);
    q.setValue(QStringLiteral("startMinimised"), s.general.startMinimised);
    q.setValue(QStringLiteral("notifications"), s.general.notifications);
    q.setValue(QStringLiteral("ringtone"), s.general.ringtone);
    q.setValue(QStringLiteral("dialLinksDirectly"), s.general.dialLinksDirectly);
    q.setValue(QStringLiteral("doNotDisturb"), s.general.doNotDisturb);
    q.setValue(QStringLiteral("recordingsFolder"), s.general.recordingsFolder);
    q.setValue(QStringLiteral("recordOpus"), s.general.recordOpus);
    q.endGroup();
    writeE2eTrust(q, s.e2ePeers); // e2e_trust.h
}
} // namespace

QSettingsStore::QSettingsStore(QString iniPath)
    : m_path(std::move(iniPath))
{ }

QString QSettingsStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/iaxphone.ini");
}

Settings QSettingsStore::load(QString* warning) const
{
    QSettings q(m_path, QSettings::IniFormat);
    if (q.status() != QSettings::NoError && warning)
        *warning = QObject::tr("The settings file %1 could not be read; defaults are used.").arg(m_path);
    return readFrom(q, m_path, warning);
}

Settings QSettingsStore::readFrom(QSettings& q, const QString& where, QString* warning)
{
    return readSettings(q, where, warning, kMaxAccounts);
}

Settings QSettingsStore::readFrom(SettingsMap& q, const QString& where, QString* warning, int maxAccounts)
{
    return readSettings(q, where, warning, std::clamp(maxAccounts, 0, kMaxAccounts));
}

void QSettingsStore::writeTo(QSettings& q, const Settings& settings)
{
    writeSettings(q, settings);
}

void QSettingsStore::writeTo(SettingsMap& q, const Settings& settings)
{
    writeSettings(q, settings);
}

bool QSettingsStore::save(const Settings& s, QString* error)
{
    // Owner-only from the start: QSettings replaces the file keeping its mode, so an empty 0600
    // file is created first (and a wider existing one narrowed); the directory 0700 when created here.
    core::makePrivateDirs(QFileInfo(m_path).absolutePath());
    constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (QFile f(m_path); !f.exists())
        f.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly);
    QFile::setPermissions(m_path, kOwnerOnly);
    QSettings q(m_path, QSettings::IniFormat);
    writeTo(q, s);
    q.sync();
    if (q.status() != QSettings::NoError) {
        if (error)
            *error = QObject::tr("The settings could not be written to %1.").arg(m_path);
        return false;
    }
    QFile::setPermissions(m_path, kOwnerOnly);
    return true;
}

} // namespace iax::phone
