// The options of issue 18's native features (--transfer, --transfer-after …): reading and checking.
#include "app/cli/phone_options.h"

namespace iax::cli {

bool readFeatureOptions(const QCommandLineParser& p, PhoneOptions* o, QString* error)
{
    const QString transfer = p.value(QStringLiteral("transfer"));
    if (p.isSet(QStringLiteral("transfer"))) {
        const qsizetype at = transfer.indexOf(QLatin1Char('@'));
        o->transfer = at < 0 ? transfer : transfer.left(at);
        o->transferContext = at < 0 ? QString() : transfer.mid(at + 1);
        const auto bad = [](const QString& s) {
            if (s.toUtf8().size() > 255)
                return true;
            for (QChar c : s)
                if (c.unicode() <= 0x20 || c.unicode() == 0x7F)
                    return true;
            return false;
        };
        if (o->transfer.isEmpty() || bad(o->transfer) || bad(o->transferContext)
            || (at >= 0 && o->transferContext.isEmpty())) {
            *error = QStringLiteral("--transfer needs an extension (EXT or EXT@CONTEXT, no spaces)");
            return false;
        }
    }
    if (p.isSet(QStringLiteral("transfer-after"))) {
        bool ok = false;
        o->transferAfter = p.value(QStringLiteral("transfer-after")).toInt(&ok);
        if (!ok || o->transferAfter < 0 || o->transferAfter > 86400) {
            *error = QStringLiteral("--transfer-after must be 0 to 86400 seconds");
            return false;
        }
        if (o->transfer.isEmpty()) {
            *error = QStringLiteral("--transfer-after needs --transfer");
            return false;
        }
    }
    o->dnd = p.isSet(QStringLiteral("dnd"));
    o->autoAnswerFromPbx = p.isSet(QStringLiteral("auto-answer"));
    o->text = p.value(QStringLiteral("text"));
    if (p.isSet(QStringLiteral("text")) && (o->text.isEmpty() || o->text.toUtf8().size() > 1000)) {
        *error = QStringLiteral("--text needs a message of 1 to 1000 bytes");
        return false;
    }
    return true;
}

} // namespace iax::cli
