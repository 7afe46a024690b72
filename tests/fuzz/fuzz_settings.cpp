// libFuzzer target: the desktop app's parsers of its own files, which a user (or another program)
// can edit by hand: the settings file iaxphone.ini (QSettingsStore + SettingsValidator) and the
// call history history.json (CallHistory). Byte 0 selects the parser, the rest is the file.
// The `iax2:` URIs the app accepts go through the same parser as iaxphone-cli's (fuzz_cli).
// Invariants besides "no crash":
//   settings: what loads, saved and loaded again, is the same (nothing a user set is lost or
//             changed by a save); secrets given to save() never reach the file; the validator
//             answers every account.
//   history:  never more entries than the limit; after add(), a reload gives the same entries.
#include "fuzz_common.h"

#include "core/phone/call_history.h"
#include "core/phone/qsettings_store.h"
#include "core/phone/settings_validator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace iax::fuzz {

namespace {

QTemporaryDir& scratch()
{
    static QTemporaryDir dir;
    return dir;
}

void writeFile(const QString& path, const std::uint8_t* data, std::size_t size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    f.write(reinterpret_cast<const char*>(data), qint64(size));
}

void settingsFile(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::phone;
    const QString in = scratch().filePath(QStringLiteral("in.ini"));
    const QString out = scratch().filePath(QStringLiteral("out.ini"));
    QFile::remove(in);
    QFile::remove(out);
    writeFile(in, data, size);

    QString warning;
    const Settings loaded = QSettingsStore(in).load(&warning);
    IAX_FUZZ_CHECK(loaded.accounts.size() <= QSettingsStore::kMaxAccounts, "more accounts read than the cap");
    for (const auto& a : loaded.accounts) {
        IAX_FUZZ_CHECK(a.secret.isEmpty() && a.keyPassphrase.isEmpty(), "a secret read from the settings file");
        (void)SettingsValidator::validateAccount(a);
    }
    (void)SettingsValidator::validate(loaded);

    // Save with secrets filled in (as the app holds them), then reload.
    Settings withSecrets = loaded;
    static const QString kSecret = QStringLiteral("Fuzz-Secret-7b1e");
    static const QString kPassphrase = QStringLiteral("Fuzz-Passphrase-c4d2");
    for (auto& a : withSecrets.accounts) {
        a.secret = kSecret;
        a.keyPassphrase = kPassphrase;
    }
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

    CallHistoryEntry e;
    e.accountId = QStringLiteral("acct");
    e.number = QStringLiteral("600");
    e.startedAt = QDateTime::fromSecsSinceEpoch(1764547200, Qt::UTC);
    e.durationSeconds = 12;
    e.encrypted = true;
    e.outcome = QStringLiteral("answered");
    QString error;
    if (!h.add(e, &error))
        return; // I/O failure on the scratch directory
    CallHistory reloaded(path, kLimit);
    IAX_FUZZ_CHECK(reloaded.loadError().isEmpty(), "a history we wrote does not load");
    IAX_FUZZ_CHECK(reloaded.entries() == h.entries(), "history changed by a save and a load");
}

} // namespace

int settings(const std::uint8_t* data, std::size_t size)
{
    static int argc = 1;
    static char arg0[] = "fuzz_settings";
    static char* argv[] = { arg0, nullptr };
    static QCoreApplication* app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    (void)app;
    if (!scratch().isValid() || size == 0)
        return 0;
    if (data[0] % 2 == 0)
        settingsFile(data + 1, size - 1);
    else
        historyFile(data + 1, size - 1);
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(settings)
