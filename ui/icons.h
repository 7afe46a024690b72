#pragma once
// The app's SVG icons (resources/iaxphone.qrc), rendered with QSvgRenderer so they are crisp at any
// size and do not depend on the icon-engine plugin. GUI thread.
#include <QIcon>
#include <QPixmap>
#include <QString>

namespace iax::ui {

class Icons {
public:
    /// Registers the compiled-in resources (icons). Call once before using any widget of iax_ui;
    /// safe to call again.
    static void initResources();
    /// `name` ("padlock-closed", "phone" …) rendered at `size` logical pixels for `devicePixelRatio`.
    /// A null pixmap when the icon does not exist.
    static QPixmap pixmap(const QString& name, int size, qreal devicePixelRatio = 1.0);
    /// `name` as a QIcon with 16–64 px renderings.
    static QIcon icon(const QString& name);
    /// True when `:/icons/<name>.svg` exists and parses.
    static bool exists(const QString& name);
};

} // namespace iax::ui
