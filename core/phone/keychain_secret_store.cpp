#include "core/phone/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

#include <QObject>

#include <memory>

namespace iax::phone {

namespace {

/// What a finished job said, copied out of it in its finished() signal (the job deletes itself).
struct JobOutcome {
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text; ///< ReadPasswordJob's data
};

QString wentOnWithout()
{
    return QObject::tr("You chose to go on without the keychain.");
}

} // namespace

bool KeychainSecretStore::run(QKeychain::Job* job, QString* error, bool* notFound, QString* text)
{
    // The job lives on the heap and deletes itself once it has finished (autoDelete), also when we
    // stopped waiting for it: the keychain's late answer (libsecret's callback, run from the event
    // loop whenever it comes) must find the job alive. A job on the stack, destroyed at a timeout,
    // crashed the next event loop that received that answer.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    if (m_gaveUp) {
        delete job; // never started
        if (error)
            *error = wentOnWithout();
        return false;
    }
    auto outcome = std::make_shared<JobOutcome>();
    const KeychainWaitResult result = waitForKeychain(
        [job, outcome](std::function<void()> done) {
            QObject::connect(job, &QKeychain::Job::finished, job, [outcome, done](QKeychain::Job* j) {
                outcome->error = j->error();
                outcome->errorString = j->errorString();
                if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(j))
                    outcome->text = read->textData();
                done();
            });
            job->start();
        },
        m_limits, m_notice);
    if (result.end == KeychainWaitEnd::GaveUp) {
        m_gaveUp = true;
        if (error)
            *error = wentOnWithout();
        return false;
    }
    if (result.end == KeychainWaitEnd::TimedOut) {
        if (error) {
            // The whole wait: the long one once the user was told, else the short one.
            const int ms = result.noticeShown ? m_limits.patientTimeoutMs : m_limits.timeoutMs;
            *error = QObject::tr("The keychain did not answer within %1 s.").arg((ms + 999) / 1000);
        }
        return false;
    }
    if (outcome->error == QKeychain::NoError) {
        if (text)
            *text = std::move(outcome->text);
        return true;
    }
    if (notFound && outcome->error == QKeychain::EntryNotFound) {
        *notFound = true;
        return false;
    }
    if (error)
        *error = QObject::tr("Keychain error: %1").arg(outcome->errorString);
    return false;
}

KeychainSecretStore::KeychainSecretStore(QString service, int timeoutMs)
    : m_service(std::move(service))
{
    m_limits.timeoutMs = timeoutMs;
}

void KeychainSecretStore::setWaitNotice(KeychainWaitNotice* notice, int noticeAfterMs, int patientTimeoutMs)
{
    m_notice = notice;
    m_limits.noticeAfterMs = noticeAfterMs;
    m_limits.patientTimeoutMs = patientTimeoutMs;
}

bool KeychainSecretStore::write(const QString& key, const QString& value, QString* error)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(value);
    return run(job, error);
}

std::optional<QString> KeychainSecretStore::read(const QString& key, QString* error)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    bool notFound = false;
    QString text;
    if (!run(job, error, &notFound, &text))
        return std::nullopt;
    return text;
}

bool KeychainSecretStore::remove(const QString& key, QString* error)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    bool notFound = false;
    return run(job, error, &notFound) || notFound;
}

} // namespace iax::phone
