// iaxphone-cli: headless softphone and capture analyser. Wiring only.
#include <QCoreApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("iaxphone-cli");
    QCoreApplication::setApplicationVersion("0.1.0");
    QCommandLineParser parser;
    parser.setApplicationDescription("Headless IAX2 softphone with AES-128 encryption, and a decrypting frame analyser.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    return 0;
}
