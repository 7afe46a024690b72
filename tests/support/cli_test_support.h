#pragma once
// Helpers for end-to-end tests that run iaxphone-cli processes: free ports, a process wrapper
// that reads JSON events, and tone detection in WAV files (Goertzel, independent of our code).
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QUdpSocket>

#include "tone_support.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace iax::test {
inline const QString kCli = QStringLiteral(IAX_BINARY_DIR "/app/iaxphone-cli");
inline const QString kTones = QStringLiteral(IAX_TEST_DATA "/interop/testtones.wav");
inline const QString kKeys = QStringLiteral(IAX_TEST_DATA "/interop/rsa-aes128/keys/");

inline quint16 freePort()
{
    QUdpSocket s;
    s.bind(QHostAddress::LocalHost, 0);
    return s.localPort();
}

struct Proc {
    QProcess p;
    explicit Proc(const QStringList& args, const QString& secret = QStringLiteral("e2e-secret"))
        : Proc(kCli, args, secret)
    { }
    /// Another program than iaxphone-cli (a test-support tool).
    Proc(const QString& program, const QStringList& args, const QString& secret = QStringLiteral("e2e-secret"))
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("IAXPHONE_SECRET", secret);
        p.setProcessEnvironment(env);
        p.start(program, args);
        p.waitForStarted();
    }
    ~Proc()
    {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(5000);
        }
    }
    bool waitFor(const QByteArray& text, int ms = 10000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            if (m_out.contains(text))
                return true;
            p.waitForReadyRead(100);
            m_out += p.readAllStandardOutput();
        }
        return m_out.contains(text);
    }
    int finish(int ms = 60000)
    {
        p.waitForFinished(ms);
        m_out += p.readAllStandardOutput();
        m_err += p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> out;
        for (const QByteArray& line : m_out.split('\n'))
            if (line.startsWith('{'))
                out << QJsonDocument::fromJson(line).object();
        return out;
    }
    QByteArray m_out, m_err;
};

// The dominant test tone (0 = 440, 1 = 880, 2 = 1320 Hz, -1 = silence) of each `ms` window of
// a WAV file, leaving out `margin` (a fraction of the window) at both ends of each window.
inline QList<int> tonesPerWindow(const QString& path, int ms, double margin = 0)
{
    SF_INFO info {};
    SNDFILE* f = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
    if (!f)
        return {};
    std::vector<double> pcm(size_t(info.frames));
    sf_readf_double(f, pcm.data(), info.frames);
    sf_close(f);
    const long win = long(info.samplerate) * ms / 1000;
    const long skip = long(double(win) * margin);
    QList<int> out;
    for (long s = 0; (s + 1) * win <= long(pcm.size()); ++s) {
        std::vector<double> x(pcm.begin() + s * win + skip, pcm.begin() + (s + 1) * win - skip);
        double p[3];
        for (int t = 0; t < 3; ++t)
            p[t] = goertzel(x, 440.0 * (t + 1), info.samplerate);
        double energy = 0;
        for (double v : x)
            energy += v * v;
        out << (energy / double(x.size()) < 1e-5 ? -1 : int(std::max_element(p, p + 3) - p));
    }
    return out;
}

/// The dominant tone of each whole second (the middle three quarters of it).
inline QList<int> tonesPerSecond(const QString& path)
{
    return tonesPerWindow(path, 1000, 0.125);
}

} // namespace iax::test
