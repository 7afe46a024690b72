#pragma once
// One running iaxphone per user session: the first instance listens on a local socket
// (QLocalServer) in a directory only this user can enter — $XDG_RUNTIME_DIR, else
// <tmp>/iaxphone-<uid> created with mode 0700 — never a shared one (another local user could
// create the socket first and be handed every link). A later instance hands its `iax2:`/`iax:`
// URI (or just "show the window") to it and exits. GUI thread.
#include <QObject>
#include <QString>

class QLocalServer;

namespace iax::phone {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    /// `socketPath`: full path of the local socket (defaultSocketPath() in the app); "" = no
    /// single instance (forward() and isRunning() are false, listen() fails with the reason).
    explicit SingleInstance(QString socketPath, QObject* parent = nullptr);
    ~SingleInstance() override;
    /// socketPathIn() for $XDG_RUNTIME_DIR and the system temp directory.
    static QString defaultSocketPath(QString* error = nullptr);
    /// The socket path in the first private directory: `runtimeDir` (when set, and a directory
    /// owned by us with no group/other access), else `tempDir`/iaxphone-<uid> (created with mode
    /// 0700, or an existing one that passes the same check). "" with the reason in *error when
    /// neither is private (e.g. another user created iaxphone-<uid> first).
    static QString socketPathIn(const QString& runtimeDir, const QString& tempDir, QString* error = nullptr);
    /// True when `dir` is a real directory (not a symlink) owned by this user with no group or
    /// other permission bits; otherwise false with a sentence in *why.
    static bool isPrivateDirectory(const QString& dir, QString* why = nullptr);

    /// Tries to pass `message` (a URI, or "" = just raise the window) to a running instance.
    /// True when one took it (this process should exit). Waits at most `timeoutMs`.
    bool forward(const QString& message, int timeoutMs = 2000) const;
    /// True when another instance answers on the socket (nothing is sent to it).
    bool isRunning(int timeoutMs = 1000) const;
    /// Becomes the primary instance (removing a stale socket left by a crash). False with a
    /// sentence in *error when the socket cannot be created, or its directory is not private.
    bool listen(QString* error);

Q_SIGNALS:
    /// A later instance sent `message` ("" = raise the window).
    void messageReceived(const QString& message);

private:
    QString m_path;
    QLocalServer* m_server = nullptr;
};

} // namespace iax::phone
