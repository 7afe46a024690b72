#include "app/cli/secrets.h"

#include <QFile>

namespace iax::cli {

bool collectSecrets(const QCommandLineParser& parser, QStringList* secrets, QString* error)
{
    for (const QString& s : parser.values(QStringLiteral("secret")))
        secrets->append(s);
    for (const QString& path : parser.values(QStringLiteral("secret-file"))) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read secret file '%1': %2").arg(path, f.errorString());
            return false;
        }
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty()) {
            *error = QStringLiteral("secret file '%1' is empty").arg(path);
            return false;
        }
        secrets->append(line);
    }
    const QByteArray env = qgetenv("IAXPHONE_SECRET");
    if (!env.isEmpty())
        secrets->append(QString::fromUtf8(env));
    return true;
}

} // namespace iax::cli
