#pragma once
// The real headsets' HID report descriptors of tests/data/hid (hex text, `#` comment lines; the
// sources are named in its README). Test thread.
#include <QByteArray>
#include <QFile>

#include <cstdint>
#include <vector>

namespace iax::test {

/// The bytes of tests/data/hid/`name`; aborts the test when the file cannot be read.
inline std::vector<std::uint8_t> hidDescriptorFile(const char* name)
{
    QFile f(QStringLiteral(IAX_TEST_DATA "/hid/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read tests/data/hid/%s", name);
    std::vector<std::uint8_t> out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith('#'))
            continue;
        for (const QByteArray& hex : line.simplified().split(' ')) {
            if (!hex.isEmpty())
                out.push_back(std::uint8_t(hex.toUInt(nullptr, 16)));
        }
    }
    return out;
}

} // namespace iax::test
