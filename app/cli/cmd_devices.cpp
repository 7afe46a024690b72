// `iaxphone-cli devices [--json]`: the sound devices PortAudio sees, with the ids --audio takes.
#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "audio/portaudio_device.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace iax::cli {

int runDevices(const QStringList& args)
{
    const bool json = args.contains(QStringLiteral("--json"));
    for (const QString& a : args.mid(2))
        if (a != QLatin1String("--json")) {
            QTextStream(stderr) << "iaxphone-cli devices: unknown argument '" << a << "' (only --json)\n";
            return ExitBadArguments;
        }
    QTextStream out(stdout);
    const auto devices = audio::PortAudioDevice::list();
    if (devices.empty()) {
        // Not an error (the list is what was asked for, and it is empty), but a silent empty
        // answer looks like a hang or a crash: say why on stderr, stdout stays the (empty) list.
        QTextStream(stderr) << "iaxphone-cli devices: no sound devices found (no sound card, and no "
                               "PulseAudio or PipeWire server answering)\n";
        return ExitOk;
    }
    for (const auto& d : devices) {
        if (json) {
            out << QJsonDocument(QJsonObject { { "id", QString::fromStdString(d.id) }, { "inputs", d.maxInputs },
                                     { "outputs", d.maxOutputs }, { "rate", d.defaultRate },
                                     { "default_input", d.isDefaultInput }, { "default_output", d.isDefaultOutput } })
                       .toJson(QJsonDocument::Compact)
                << "\n";
        } else {
            out << QString::fromStdString(d.id) << "  (in " << d.maxInputs << ", out " << d.maxOutputs << ", "
                << d.defaultRate << " Hz" << (d.isDefaultInput ? ", default input" : "")
                << (d.isDefaultOutput ? ", default output" : "") << ")\n";
        }
    }
    return ExitOk;
}

} // namespace iax::cli
