#include "core/phone/call_recording.h"

#include <QDir>
#include <QStandardPaths>

namespace iax::phone {

QString defaultRecordingsFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::MusicLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return QDir(base).filePath(QStringLiteral("IAXPhone recordings"));
}

QString recordingPath(const QString& folder, const QString& number, const QDateTime& startUtc, bool opus)
{
    QString safe;
    for (const QChar c : number) {
        const bool ok = (c.isLetterOrNumber() && c.unicode() < 128) || c == u'+' || c == u'-' || c == u'.';
        safe += ok ? c : QChar(u'_');
    }
    if (safe.isEmpty() || safe.startsWith(u'.'))
        safe.prepend(QStringLiteral("call"));
    const QString name = QStringLiteral("%1_%2.%3")
                             .arg(startUtc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss")), safe,
                                 opus ? QStringLiteral("opus") : QStringLiteral("wav"));
    return QDir(folder.isEmpty() ? defaultRecordingsFolder() : folder).filePath(name);
}

} // namespace iax::phone
