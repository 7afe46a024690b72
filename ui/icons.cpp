#include "ui/icons.h"

#include <QFile>
#include <QHash>
#include <QPainter>
#include <QSvgRenderer>

// Q_INIT_RESOURCE must be used outside any namespace.
static void iaxInitResources()
{
    Q_INIT_RESOURCE(iaxphone);
}

namespace iax::ui {

void Icons::initResources()
{
    static const bool done = [] {
        iaxInitResources();
        return true;
    }();
    (void)done;
}

QPixmap Icons::pixmap(const QString& name, int size, qreal dpr)
{
    initResources();
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!renderer.isValid())
        return {};
    QPixmap pm(QSize(size, size) * dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    renderer.render(&p, QRectF(0, 0, size * dpr, size * dpr));
    p.end();
    pm.setDevicePixelRatio(dpr);
    return pm;
}

QIcon Icons::icon(const QString& name)
{
    QIcon icon;
    for (int s : { 16, 22, 24, 32, 48, 64 })
        icon.addPixmap(pixmap(name, s));
    return icon;
}

bool Icons::exists(const QString& name)
{
    initResources();
    return QSvgRenderer(QStringLiteral(":/icons/%1.svg").arg(name)).isValid();
}

} // namespace iax::ui
