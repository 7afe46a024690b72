#include "core/keys/public_key_store.h"

#include "core/keys/key_files.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>

#include <QThread>

#include <algorithm>
#include <random>

namespace iax::core {

namespace {

constexpr qint64 kMaxKeyFileBytes = 64 * 1024;
const char* const kPinFileName = "pins.json";
const char* const kLockFileName = "pins.json.lock";
/// A lock older than this is taken over even if its process still runs (a change takes milliseconds).
constexpr int kStaleLockMs = 30000;

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

Error errorFrom(const Error& e, const QString& name)
{
    return makeError(e.code, "key '" + name.toStdString() + "': " + e.reason);
}

QJsonObject pinToJson(const KeyPin& p)
{
    QJsonObject o;
    o["fingerprint"] = p.fingerprint;
    o["source"] = p.source;
    o["firstSeen"] = p.firstSeen.toUTC().toString(Qt::ISODate);
    o["lastFetched"] = p.lastFetched.isValid() ? QJsonValue(p.lastFetched.toUTC().toString(Qt::ISODate))
                                               : QJsonValue(QJsonValue::Null);
    return o;
}

KeyPin pinFromJson(const QJsonObject& o)
{
    KeyPin p;
    p.fingerprint = o.value("fingerprint").toString();
    p.source = o.value("source").toString();
    p.firstSeen = QDateTime::fromString(o.value("firstSeen").toString(), Qt::ISODate);
    p.lastFetched = QDateTime::fromString(o.value("lastFetched").toString(), Qt::ISODate);
    return p;
}

} // namespace

PublicKeyStore::PublicKeyStore(QString directory, WallClock clock)
    : m_dir(QDir::cleanPath(QDir(directory).absolutePath()))
    , m_clock(clock ? std::move(clock) : WallClock([] { return QDateTime::currentDateTimeUtc(); }))
{ }

bool PublicKeyStore::isValidName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"));
    return re.match(name).hasMatch();
}

QString PublicKeyStore::pathFor(const QString& name) const
{
    return m_dir + "/" + name + ".pub";
}

QString PublicKeyStore::pinFile() const
{
    return m_dir + "/" + kPinFileName;
}

QString PublicKeyStore::lockFilePath() const
{
    return m_dir + "/" + kLockFileName;
}

Result<std::unique_ptr<QLockFile>> PublicKeyStore::lock(std::chrono::milliseconds timeout) const
{
    if (timeout.count() < 0)
        timeout = m_lockTimeout;
    if (!makePrivateDirs(m_dir)) // 0700 when created here
        return makeError("io", "cannot create the key directory '" + m_dir.toStdString() + "'");
    auto file = std::make_unique<QLockFile>(lockFilePath());
    file->setStaleLockTime(kStaleLockMs);
    // QLockFile::tryLock(timeout) backs off exponentially (100 ms, 200 ms, … 5 s), so a writer
    // that keeps the store busy would starve the others; short jittered retries share it fairly.
    // tryLock(0) still takes over a stale lock (dead process, or older than kStaleLockMs).
    thread_local std::minstd_rand jitter { std::random_device {}() };
    QDeadlineTimer deadline(timeout);
    while (!file->tryLock(0)) {
        if (file->error() == QLockFile::PermissionError || file->error() == QLockFile::UnknownError)
            return makeError("io", "cannot create the lock file '" + lockFilePath().toStdString() + "'");
        if (deadline.hasExpired()) {
            qint64 pid = 0;
            QString host, app;
            std::string holder;
            if (file->getLockInfo(&pid, &host, &app))
                holder = " (held by " + (app.isEmpty() ? std::string("process") : app.toStdString()) + " "
                    + std::to_string(pid) + (host.isEmpty() ? std::string() : " on " + host.toStdString()) + ")";
            return makeError("busy",
                "the key store is busy: " + m_dir.toStdString() + " is being changed by another writer" + holder
                    + "; gave up after " + std::to_string(timeout.count()) + " ms — try again");
        }
        QThread::msleep(1 + jitter() % 10);
    }
    return Result<std::unique_ptr<QLockFile>>(std::move(file));
}

PublicKeyStore::PinMap PublicKeyStore::readPins() const
{
    PinMap pins;
    QFile f(pinFile());
    if (!f.open(QIODevice::ReadOnly))
        return pins;
    const QJsonObject keys = QJsonDocument::fromJson(f.readAll()).object().value("keys").toObject();
    for (auto it = keys.begin(); it != keys.end(); ++it) {
        if (isValidName(it.key()) && it.value().isObject())
            pins.insert(it.key(), pinFromJson(it.value().toObject()));
    }
    return pins;
}

Status PublicKeyStore::writePins(const PinMap& pins) const
{
    QJsonObject keys;
    for (auto it = pins.begin(); it != pins.end(); ++it)
        keys[it.key()] = pinToJson(it.value());
    QJsonObject root;
    root["version"] = 1;
    root["keys"] = keys;
    if (!writePrivateFile(pinFile(), QJsonDocument(root).toJson())) // 0600
        return makeError("io", "cannot write the pin database '" + pinFile().toStdString() + "'");
    return Ok {};
}

Result<PublicKeyInfo> PublicKeyStore::importPem(
    const QString& name, const QByteArray& pem, const QString& source, OnChange onChange)
{
    if (!isValidName(name))
        return makeError("bad-name",
            "invalid key name '" + name.left(80).toStdString() + "' (letters, digits, '.', '_', '-'; at most 64)");
    if (pem.size() > kMaxKeyFileBytes)
        return makeError("too-large", "key '" + name.toStdString() + "': the PEM text is larger than 64 KiB");
    auto key = RsaKey::publicFromPem(std::string_view(pem.constData(), size_t(pem.size())));
    if (!key) {
        // A private key pasted by mistake must never end up in the trusted directory.
        if (pem.contains("PRIVATE KEY-----"))
            return makeError("bad-pem",
                "key '" + name.toStdString() + "': this is a PRIVATE key; import the public key (NAME.pub) instead");
        return errorFrom(key.error(), name);
    }
    if (auto strong = checkRsaKeyStrength(*key); !strong)
        return errorFrom(strong.error(), name);
    const QString fp = q(key->fingerprint());

    auto held = lock(); // NAME.pub and its pin change together, pins.json re-read inside the lock
    if (!held)
        return held.error();
    PinMap pins = readPins();
    const auto old = pins.constFind(name);
    if (old != pins.constEnd() && old->fingerprint != fp && onChange == OnChange::Refuse)
        return makeError("key-changed",
            "key for " + name.toStdString() + " changed: pinned " + old->fingerprint.toStdString() + ", offered "
                + fp.toStdString() + " — refusing (remove the old key first to replace it)");

    const std::string normalised = key->publicPem();
    if (!writePrivateFile(pathFor(name), QByteArray::fromStdString(normalised))) // 0600
        return makeError("io", "cannot write '" + pathFor(name).toStdString() + "'");

    const QDateTime now = m_clock().toUTC();
    KeyPin pin;
    if (old != pins.constEnd() && old->fingerprint == fp)
        pin = *old; // same key again: keep first-seen
    else
        pin.firstSeen = now;
    pin.fingerprint = fp;
    pin.source = source;
    if (source.startsWith("https://") || source.startsWith("http://"))
        pin.lastFetched = now;
    pins.insert(name, pin);
    if (auto st = writePins(pins); !st)
        return st.error();

    PublicKeyInfo info;
    info.name = name;
    info.path = pathFor(name);
    info.fingerprint = fp;
    info.bits = key->bits();
    info.pin = pin;
    return info;
}

Result<PublicKeyInfo> PublicKeyStore::importFile(const QString& path, const QString& name, OnChange onChange)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("unreadable", "cannot read key file '" + path.toStdString() + "'");
    if (f.size() > kMaxKeyFileBytes)
        return makeError("too-large", "key file '" + path.toStdString() + "' is larger than 64 KiB");
    const QByteArray pem = f.read(kMaxKeyFileBytes + 1);
    QString keyName = name;
    if (keyName.isEmpty())
        keyName = QFileInfo(path).completeBaseName();
    return importPem(keyName, pem, "file:" + QFileInfo(path).absoluteFilePath(), onChange);
}

std::vector<PublicKeyInfo> PublicKeyStore::list() const
{
    std::vector<PublicKeyInfo> out;
    const PinMap pins = readPins();
    const QStringList files = QDir(m_dir).entryList({ "*.pub" }, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        PublicKeyInfo info;
        info.name = file.chopped(4);
        info.path = m_dir + "/" + file;
        if (pins.contains(info.name))
            info.pin = pins.value(info.name);
        if (!isValidName(info.name)) {
            info.problem = "invalid key name";
        } else if (auto key = RsaKey::publicFromFile(info.path.toStdString()); !key) {
            info.problem = q(key.error().reason);
        } else {
            info.fingerprint = q(key->fingerprint());
            info.bits = key->bits();
            if (info.pin && info.pin->fingerprint != info.fingerprint)
                info.problem = "file differs from its pin " + info.pin->fingerprint;
            else if (auto strong = checkRsaKeyStrength(*key); !strong)
                info.problem = q(strong.error().reason); // dropped into the directory by hand
        }
        out.push_back(std::move(info));
    }
    return out;
}

Status PublicKeyStore::remove(const QString& name)
{
    if (!isValidName(name))
        return makeError("bad-name", "invalid key name '" + name.left(80).toStdString() + "'");
    if (!QFileInfo::exists(m_dir))
        return makeError("not-found", "no key named '" + name.toStdString() + "' in " + m_dir.toStdString());
    auto held = lock();
    if (!held)
        return held.error();
    PinMap pins = readPins();
    const bool hadPin = pins.remove(name) > 0;
    const bool hadFile = QFile::exists(pathFor(name));
    if (!hadPin && !hadFile)
        return makeError("not-found", "no key named '" + name.toStdString() + "' in " + m_dir.toStdString());
    if (hadFile && !QFile::remove(pathFor(name)))
        return makeError("io", "cannot delete '" + pathFor(name).toStdString() + "'");
    if (hadPin)
        return writePins(pins);
    return Ok {};
}

std::optional<KeyPin> PublicKeyStore::pin(const QString& name) const
{
    const PinMap pins = readPins();
    const auto it = pins.constFind(name);
    if (it == pins.constEnd())
        return std::nullopt;
    return *it;
}

Result<std::shared_ptr<const RsaKey>> PublicKeyStore::load(const QString& name) const
{
    auto key = loadUnlocked(name);
    if (key || key.error().code != "pin-mismatch")
        return key;
    // Maybe another writer is between replacing NAME.pub and its pin: look again once it is done.
    // A mismatch that stays (or a store kept busy) is refused.
    auto held = lock(std::min(m_lockTimeout, std::chrono::milliseconds(2000)));
    if (!held)
        return key;
    return loadUnlocked(name);
}

Result<std::shared_ptr<const RsaKey>> PublicKeyStore::loadUnlocked(const QString& name) const
{
    if (!isValidName(name))
        return makeError("bad-name", "invalid key name '" + name.left(80).toStdString() + "'");
    if (!QFile::exists(pathFor(name)))
        return makeError("not-found", "no public key for '" + name.toStdString() + "' in " + m_dir.toStdString());
    auto key = RsaKey::publicFromFile(pathFor(name).toStdString());
    if (!key)
        return errorFrom(key.error(), name);
    if (auto strong = checkRsaKeyStrength(*key); !strong)
        return errorFrom(strong.error(), name); // a NAME.pub dropped in by hand, never imported
    if (const auto p = pin(name); p && p->fingerprint != q(key->fingerprint()))
        return makeError("pin-mismatch",
            "key '" + name.toStdString() + "': " + pathFor(name).toStdString() + " has fingerprint "
                + key->fingerprint() + " but " + p->fingerprint.toStdString() + " is pinned — refusing");
    return std::make_shared<const RsaKey>(std::move(key).value());
}

std::vector<std::shared_ptr<const RsaKey>> PublicKeyStore::loadAll() const
{
    std::vector<std::shared_ptr<const RsaKey>> out;
    for (const auto& info : list()) {
        if (info.fingerprint.isEmpty())
            continue; // bad name or unreadable; a pin mismatch is decided by load() (under the lock)
        if (auto key = load(info.name))
            out.push_back(std::move(key).value());
    }
    return out;
}

Status PublicKeyStore::markFetched(const QString& name)
{
    if (!isValidName(name) || !QFileInfo::exists(pinFile()))
        return makeError("not-found", "no pinned key named '" + name.left(80).toStdString() + "'");
    auto held = lock();
    if (!held)
        return held.error();
    PinMap pins = readPins();
    auto it = pins.find(name);
    if (it == pins.end())
        return makeError("not-found", "no pinned key named '" + name.toStdString() + "'");
    it->lastFetched = m_clock().toUTC();
    return writePins(pins);
}

} // namespace iax::core
