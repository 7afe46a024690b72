// libFuzzer target: the command-line parsers of iaxphone-cli (app/cli, library iax_cli):
// the IAX2 URI parser on the first line of the input, then the whole input split at '\n' as
// arguments through the shared phone options (call and listen flavours).
// Arguments that would make the parser read device or kernel files (--secret-file=/dev/stdin
// would block) are dropped: the target fuzzes parsing, not the file system.
// Invariant: nothing crashes; a URI that parses has a host.
#include "fuzz_common.h"

#include "app/cli/phone_options.h"
#include "core/phone/iax_uri.h"

#include <QCommandLineParser>
#include <QStringList>

#include <cstdlib>

namespace iax::fuzz {

int cliParsers(const std::uint8_t* data, std::size_t size)
{
    static const bool envCleared = [] { return unsetenv("IAXPHONE_SECRET") == 0; }();
    (void)envCleared;
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const QStringList lines = text.split(QLatin1Char('\n'));

    QString error;
    if (auto uri = phone::parseIaxUri(lines.front(), &error))
        IAX_FUZZ_CHECK(!uri->host.isEmpty(), "a parsed URI without a host");
    else
        IAX_FUZZ_CHECK(!error.isEmpty(), "a refused URI without an error sentence");

    QStringList args { QStringLiteral("iaxphone-cli") };
    for (const QString& l : lines) {
        if (l.contains(QLatin1String("file")) || l.contains(QLatin1String("/dev")) || l.contains(QLatin1String("/proc"))
            || l.contains(QLatin1String("/sys")))
            continue;
        args << l;
    }
    for (const bool listen : { false, true }) {
        QCommandLineParser parser;
        cli::addPhoneOptions(parser, listen);
        if (!parser.parse(args))
            continue;
        cli::PhoneOptions options;
        QString why;
        if (!cli::readPhoneOptions(parser, listen, &options, &why))
            IAX_FUZZ_CHECK(!why.isEmpty(), "refused options without an error sentence");
    }
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(cliParsers)
