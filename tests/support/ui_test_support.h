#pragma once
// Small helpers shared by the widget tests (tests/tst_ui_*.cpp).
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QWidget>

namespace iax::test {

/// The child widget `name` of `w` (objectName); aborts the test binary when it is missing.
template<typename T> T* child(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QLatin1String(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

/// The whole content of `path` ("" when unreadable).
inline QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace iax::test
