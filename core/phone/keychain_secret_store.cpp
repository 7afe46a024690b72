#include "core/phone/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

#include <memory>

namespace iax::phone {
namespace {

/// Runs `job` and waits for it (or the timeout). True when it finished without error.
bool runJob(QKeychain::Job& job, int timeoutMs, QString* error, bool* notFound = nullptr)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished) {
        if (error)
            *error = QObject::tr("The keychain did not answer within %1 s.").arg(timeoutMs / 1000);
        return false;
    }
    if (job.error() == QKeychain::NoError)
        return true;
    if (notFound && job.error() == QKeychain::EntryNotFound) {
        *notFound = true;
        return false;
    }
    if (error)
        *error = QObject::tr("Keychain error: %1").arg(job.errorString());
    return false;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int timeoutMs)
    : m_service(std::move(service))
    , m_timeoutMs(timeoutMs)
{ }

bool KeychainSecretStore::write(const QString& key, const QString& value, QString* error)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(key);
    job.setTextData(value);
    return runJob(job, m_timeoutMs, error);
}

std::optional<QString> KeychainSecretStore::read(const QString& key, QString* error)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(key);
    bool notFound = false;
    if (!runJob(job, m_timeoutMs, error, &notFound))
        return std::nullopt;
    return job.textData();
}

bool KeychainSecretStore::remove(const QString& key, QString* error)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(key);
    bool notFound = false;
    return runJob(job, m_timeoutMs, error, &notFound) || notFound;
}

} // namespace iax::phone
