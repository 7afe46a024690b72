#pragma once
// One running iaxphone per user session: the first instance listens on a local socket
// (QLocalServer) in the user's runtime directory; a later instance hands its `iax2:`/`iax:` URI
// (or just "show the window") to it and exits. GUI thread.
#include <QObject>
#include <QString>

class QLocalServer;

namespace iax::ui {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    /// `socketPath`: full path of the local socket (defaultSocketPath() in the app).
    explicit SingleInstance(QString socketPath, QObject* parent = nullptr);
    ~SingleInstance() override;
    /// $XDG_RUNTIME_DIR/iaxphone.sock (a temp-dir path when there is no runtime directory).
    static QString defaultSocketPath();

    /// Tries to pass `message` (a URI, or "" = just raise the window) to a running instance.
    /// True when one took it (this process should exit). Waits at most `timeoutMs`.
    bool forward(const QString& message, int timeoutMs = 2000) const;
    /// True when another instance answers on the socket (nothing is sent to it).
    bool isRunning(int timeoutMs = 1000) const;
    /// Becomes the primary instance (removing a stale socket left by a crash). False with a
    /// sentence in *error when the socket cannot be created.
    bool listen(QString* error);

Q_SIGNALS:
    /// A later instance sent `message` ("" = raise the window).
    void messageReceived(const QString& message);

private:
    QString m_path;
    QLocalServer* m_server = nullptr;
};

} // namespace iax::ui
