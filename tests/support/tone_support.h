#pragma once
// Tones shared by the tests, independent of the product's audio code: a sine to feed in, the
// energy of a signal, the Goertzel power of one frequency, and testtones.wav encoded as µ-law by libsndfile.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace iax::test {

/// `n` samples of a sine of `f` Hz at `rate` peaking at `amp`, starting at sample `first` of the
/// sine (consecutive blocks continue its phase).
inline std::vector<std::int16_t> tone(int rate, double f, int n, double amp = 8000, std::int64_t first = 0)
{
    std::vector<std::int16_t> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out[std::size_t(i)] = std::int16_t(amp * std::sin(2 * std::numbers::pi * f * double(first + i) / rate));
    return out;
}

/// Sum of the squared samples of `x` (any numeric samples).
template<typename Samples> double energy(const Samples& x)
{
    double e = 0;
    for (const auto v : x)
        e += double(v) * double(v);
    return e;
}

/// Power of `freq` in `x` (any numeric samples) at `rate`.
template<typename Samples> double goertzel(const Samples& x, double freq, double rate)
{
    const double k = 2 * std::cos(2 * std::numbers::pi * freq / rate);
    double s1 = 0, s2 = 0;
    for (const auto v : x) {
        const double s = double(v) + k * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/// The µ-law bytes of tests/data/interop/testtones.wav, encoded by libsndfile.
inline QByteArray ulawOfTestTones()
{
    SF_INFO in {};
    SNDFILE* src = sf_open(IAX_TEST_DATA "/interop/testtones.wav", SFM_READ, &in);
    if (!src)
        return {};
    std::vector<short> pcm(size_t(in.frames));
    sf_readf_short(src, pcm.data(), in.frames);
    sf_close(src);
    QTemporaryDir dir;
    const QByteArray path = (dir.path() + "/t.ul").toLocal8Bit();
    SF_INFO out {};
    out.samplerate = 8000;
    out.channels = 1;
    out.format = SF_FORMAT_RAW | SF_FORMAT_ULAW;
    SNDFILE* dst = sf_open(path.constData(), SFM_WRITE, &out);
    if (!dst)
        return {};
    sf_writef_short(dst, pcm.data(), sf_count_t(pcm.size()));
    sf_close(dst);
    QFile f(QString::fromLocal8Bit(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace iax::test
