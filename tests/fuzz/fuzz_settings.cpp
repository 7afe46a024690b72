// libFuzzer target: the desktop app's parsers of its own files, which a user (or another program)
// can edit by hand: the settings file iaxphone.ini (QSettingsStore + SettingsValidator) and the
// call history history.json (CallHistory). Byte 0 selects the parser, the rest is the file:
//   0, 2, 4 mod 8  iaxphone.ini in memory: the text parsed by iniMap() below (an outline of Qt's
//            INI reader: sections, keys, comma lists, quotes, escapes) into a SettingsMap, read,
//            validated, written and read again by QSettingsStore::readFrom()/writeTo(), the
//            functions load() and save() use between their QSettings and Settings;
//   6 mod 8  iaxphone.ini through QSettingsStore's file (Qt's own INI reader and writer; a file
//            on tmpfs where there is one): about 20 times the cost of an in-memory input;
//   1 mod 4  history.json in memory (CallHistory::parseJson/toJson, the functions the class's
//            file load and save use): thousands of inputs per second;
//   3 mod 4  history.json through the CallHistory object and its file (load, add, reload).
// The `iax2:` URIs the app accepts go through the same parser as iaxphone-cli's (fuzz_cli).
// Invariants besides "no crash":
//   settings: what loads, saved and loaded again, is the same (nothing a user set is lost or
//             changed by a save); secrets given to save() never reach the file; the validator
//             answers every account.
//   history:  never more entries than the limit; after add(), a reload gives the same entries.
#include "fuzz_common.h"

#include "core/phone/call_history.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_map.h"
#include "core/phone/settings_validator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>
#include <string>

namespace iax::fuzz {

namespace {

QTemporaryDir& scratch()
{
    static QTemporaryDir dir { QString::fromStdString(scratchTemplate("settings")) };
    return dir;
}

void writeFile(const QString& path, const std::uint8_t* data, std::size_t size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    f.write(reinterpret_cast<const char*>(data), qint64(size));
}

// QSettings keeps every INI file it read in a process-wide cache (parsed keys included) until
// another QSettings re-reads it. So that an input's allocations do not outlive it (libFuzzer runs a
// LeakSanitizer scan after every input that allocated more than it freed), both scratch files are
// removed at the end and a QSettings re-reads each: the cache then holds two empty files, as it did
// before the input.
void forgetSettingsFiles(const QString& in, const QString& out)
{
    for (const QString& path : { in, out }) {
        QFile::remove(path);
        QSettings(path, QSettings::IniFormat).sync();
    }
}

// The secrets the app holds for an account, filled in before a save: they must never be written.
const QString kSecret = QStringLiteral("Fuzz-Secret-7b1e");
const QString kPassphrase = QStringLiteral("Fuzz-Passphrase-c4d2");

// The checks of what was read (both INI modes); returns it with the secrets filled in, to be saved.
iax::phone::Settings checkedWithSecrets(const iax::phone::Settings& loaded)
{
    using namespace iax::phone;
    IAX_FUZZ_CHECK(loaded.accounts.size() <= QSettingsStore::kMaxAccounts, "more accounts read than the cap");
    for (const auto& a : loaded.accounts)
        IAX_FUZZ_CHECK(a.secret.isEmpty() && a.keyPassphrase.isEmpty(), "a secret read from the settings");
    (void)SettingsValidator::validate(loaded); // validateAccount() of every account, and across them
    Settings withSecrets = loaded;
    for (auto& a : withSecrets.accounts) {
        a.secret = kSecret;
        a.keyPassphrase = kPassphrase;
    }
    return withSecrets;
}

void settingsFile(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::phone;
    static const QString in = scratch().filePath(QStringLiteral("in.ini"));
    static const QString out = scratch().filePath(QStringLiteral("out.ini"));
    struct Forget {
        ~Forget() { forgetSettingsFiles(in, out); }
    } forget;
    QFile::remove(in);
    QFile::remove(out);
    writeFile(in, data, size);

    QString warning;
    const Settings loaded = QSettingsStore(in).load(&warning);
    // Save with secrets filled in (as the app holds them), then reload.
    const Settings withSecrets = checkedWithSecrets(loaded);
    QString error;
    if (!QSettingsStore(out).save(withSecrets, &error))
        return; // an I/O failure on the scratch directory, not a parser property
    QFile f(out);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = f.readAll();
        IAX_FUZZ_CHECK(!bytes.contains(kSecret.toUtf8()) && !bytes.contains(kPassphrase.toUtf8()),
            "a secret written to the settings file");
    }
    const Settings again = QSettingsStore(out).load(&warning);
    IAX_FUZZ_CHECK(again == loaded, "settings changed by a save and a load");
}

// The in-memory INI mode. Qt's INI reader is not callable without a file, so this outline of it
// turns the text into the values a QSettings would hold: "[section]" lines ("[General]" is the top
// level, "%XX" escapes as in Qt), "key=value" lines (a backslash in a key is a '/'), a value split at
// unquoted commas into a QStringList, double quotes and backslash escapes, "@Invalid()" a null
// QVariant, "@ByteArray(…)" bytes, "@@" an escaped '@'. Lines starting with ';' or '#' are comments.
QString iniKey(QStringView raw)
{
    QString key;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw[i];
        if (c == QLatin1Char('%') && i + 2 < raw.size()) {
            bool ok = false;
            const int code = raw.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                key += QChar(code);
                i += 2;
                continue;
            }
        }
        key += c == QLatin1Char('\\') ? QLatin1Char('/') : c;
    }
    // QSettings' normalised form: no empty segment, no leading or trailing '/'.
    return key.split(QLatin1Char('/'), Qt::SkipEmptyParts).join(QLatin1Char('/'));
}

QVariant iniValue(QStringView raw)
{
    QStringList items;
    QString item;
    bool quoted = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw[i];
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char('\\') && i + 1 < raw.size()) {
            const char16_t e = raw[++i].unicode();
            item += e == u'n' ? u'\n' : e == u't' ? u'\t' : e == u'r' ? u'\r' : e;
        } else if (c == QLatin1Char(',') && !quoted) {
            items.append(item.trimmed());
            item.clear();
        } else {
            item += c;
        }
    }
    items.append(item.trimmed());
    if (items.size() > 1)
        return items;
    const QString v = items.first();
    if (v == QLatin1String("@Invalid()"))
        return {};
    if (v.startsWith(QLatin1String("@ByteArray(")) && v.endsWith(QLatin1Char(')')))
        return v.mid(11, v.size() - 12).toUtf8();
    if (v.startsWith(QLatin1String("@@")))
        return v.mid(1);
    return v;
}

iax::phone::SettingsMap iniMap(const std::uint8_t* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    QVariantMap values;
    QString section;
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char(';')) || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            const qsizetype end = line.indexOf(QLatin1Char(']'));
            section = iniKey(line.mid(1, end < 0 ? -1 : end - 1));
            if (section.compare(QLatin1String("general"), Qt::CaseInsensitive) == 0)
                section.clear();
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const QString key = iniKey(line.left(eq).trimmed());
        if (!key.isEmpty())
            values.insert(section.isEmpty() ? key : section + QLatin1Char('/') + key, iniValue(line.mid(eq + 1)));
    }
    return iax::phone::SettingsMap(std::move(values));
}

// A value as a QSettings reads it back from the INI file it wrote: numbers and booleans as text,
// a list of one item as that item, an empty list as a null QVariant ("@Invalid()").
QVariant asReadBack(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Int:
        return QString::number(v.toInt());
    case QMetaType::QStringList: {
        const QStringList list = v.toStringList();
        if (list.isEmpty())
            return {};
        return list.size() == 1 ? QVariant(list.first()) : v;
    }
    default:
        return v;
    }
}

bool mentions(const QVariant& v, const QString& s)
{
    if (v.toString().contains(s))
        return true;
    switch (v.typeId()) {
    case QMetaType::QString:
        return false; // its toStringList() is the one string just searched
    case QMetaType::QStringList: { // what a join at '\n' contains, as `s` has no '\n'
        const QStringList items = v.toStringList();
        return std::any_of(items.begin(), items.end(), [&](const QString& item) { return item.contains(s); });
    }
    default:
        return v.toStringList().join(QLatin1Char('\n')).contains(s);
    }
}

// Accounts the in-memory mode reads at most (the app: QSettingsStore::kMaxAccounts = 200, which
// the file mode keeps). An input claiming hundreds made 200 accounts of defaults each: 20–40 ms of
// the same code, a third of the target's time; the cap and its warning are the same code at 8.
constexpr int kFuzzAccounts = 8;

void settingsMemory(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::phone;
    SettingsMap in = iniMap(data, size);
    QString warning;
    const Settings loaded = QSettingsStore::readFrom(in, QStringLiteral("iaxphone.ini"), &warning, kFuzzAccounts);
    // Written with secrets filled in (as the app holds them), then read back as from the file.
    const Settings withSecrets = checkedWithSecrets(loaded);
    SettingsMap out;
    QSettingsStore::writeTo(out, withSecrets);
    QVariantMap written = out.takeValues(); // turned into what a read gives back, in place
    for (auto it = written.begin(); it != written.end(); ++it) {
        IAX_FUZZ_CHECK(!mentions(it.value(), kSecret) && !mentions(it.value(), kPassphrase),
            "a secret written to the settings (" + it.key().toStdString() + ")");
        it.value() = asReadBack(it.value());
    }
    SettingsMap back(std::move(written));
    const Settings again = QSettingsStore::readFrom(back, QStringLiteral("iaxphone.ini"), &warning, kFuzzAccounts);
    IAX_FUZZ_CHECK(again == loaded, "settings changed by a write and a read");
}

// The call both history modes add to what they read.
iax::phone::CallHistoryEntry newestEntry()
{
    iax::phone::CallHistoryEntry e;
    e.accountId = QStringLiteral("acct");
    e.number = QStringLiteral("600");
    e.startedAt = QDateTime::fromSecsSinceEpoch(1764547200, Qt::UTC);
    e.durationSeconds = 12;
    e.encrypted = true;
    e.outcome = QStringLiteral("answered");
    return e;
}

void historyFile(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::phone;
    const QString path = scratch().filePath(QStringLiteral("history.json"));
    QFile::remove(path);
    writeFile(path, data, size);
    constexpr int kLimit = 50;
    CallHistory h(path, kLimit);
    IAX_FUZZ_CHECK(h.entries().size() <= kLimit, "history longer than its limit");
    (void)h.numbers();

    QString error;
    if (!h.add(newestEntry(), &error))
        return; // I/O failure on the scratch directory
    CallHistory reloaded(path, kLimit);
    IAX_FUZZ_CHECK(reloaded.loadError().isEmpty(), "a history we wrote does not load");
    IAX_FUZZ_CHECK(reloaded.entries() == h.entries(), "history changed by a save and a load");
}

// The in-memory half of historyFile(): the same invariants on CallHistory's parse and write
// functions, with add()'s prepend-and-trim done here on the list.
void historyBytes(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::phone;
    constexpr int kLimit = 50;
    auto entries = CallHistory::parseJson(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), kLimit);
    if (!entries)
        return; // damaged: the app starts an empty history
    IAX_FUZZ_CHECK(entries->size() <= kLimit, "history longer than its limit");
    entries->prepend(newestEntry());
    while (entries->size() > kLimit)
        entries->removeLast();
    const auto again = CallHistory::parseJson(CallHistory::toJson(*entries), kLimit);
    IAX_FUZZ_CHECK(again.has_value(), "a history we wrote does not parse");
    IAX_FUZZ_CHECK(again && *again == *entries, "history changed by a write and a parse");
}

void ensureApp()
{
    static int argc = 1;
    static char arg0[] = "fuzz_settings";
    static char* argv[] = { arg0, nullptr };
    // The libFuzzer binary has no application object; the CTest replay (tst_fuzz_regressions) has one.
    static QCoreApplication* app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    (void)app;
}
} // namespace

int settings(const std::uint8_t* data, std::size_t size)
{
    ensureApp();
    if (!scratch().isValid() || size == 0)
        return 0;
    if (data[0] % 8 == 6)
        settingsFile(data + 1, size - 1);
    else if (data[0] % 2 == 0)
        settingsMemory(data + 1, size - 1);
    else if (data[0] % 4 == 1)
        historyBytes(data + 1, size - 1);
    else
        historyFile(data + 1, size - 1);
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(settings)

#ifdef IAX_FUZZ_MAIN
// Before the first input: the application, the scratch directory and what Qt caches on first use
// (locale, time zone, QSettings' INI machinery, JSON, file engines), by inputs of each mode, so
// that no input's allocations include a first-use cache.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    static const char ini[] = "\x00[General]\nlanguage=de\n[accounts]\n1\\id=a\n1\\host=h\nsize=1\n";
    static const char history[] = "\x01[{\"account\":\"a\",\"number\":\"1\",\"direction\":\"in\",\"started\":\"2026-01-"
                                  "01T00:00:00.000+02:00\"}]";
    for (int i = 0; i < 2; ++i) {
        iax::fuzz::settings(reinterpret_cast<const std::uint8_t*>(ini), sizeof ini - 1);
        std::string iniFile(ini, sizeof ini - 1);
        iniFile[0] = 6;
        iax::fuzz::settings(reinterpret_cast<const std::uint8_t*>(iniFile.data()), iniFile.size());
        iax::fuzz::settings(reinterpret_cast<const std::uint8_t*>(history), sizeof history - 1);
        std::string file(history, sizeof history - 1);
        file[0] = 3;
        iax::fuzz::settings(reinterpret_cast<const std::uint8_t*>(file.data()), file.size());
    }
    return 0;
}
#endif
