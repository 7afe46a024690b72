#include "app/cli/commands.h"

#include "app/cli/exit_codes.h"
#include "app/cli/secrets.h"
#include "audio/file_sink.h"
#include "core/analysis/capture_decoder.h"
#include "core/protocol/byte_io.h"
#include "core/protocol/codec_names.h"
#include "core/protocol/terminal_text.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace iax::cli {

namespace {
using core::DecodedPacket;

QJsonObject packetJson(const DecodedPacket& p)
{
    QJsonObject o;
    o["pkt"] = qint64(p.pkt);
    o["src"] = QString::fromStdString(p.src);
    o["dst"] = QString::fromStdString(p.dst);
    o["udp_len"] = qint64(p.udpLen);
    o["enc"] = p.encrypted;
    o["pad"] = p.padding ? QJsonValue(*p.padding) : QJsonValue(QJsonValue::Null);
    switch (p.kind) {
    case DecodedPacket::Kind::Full:
        o["kind"] = "full";
        if (p.full) {
            const auto& f = *p.full;
            o["scall"] = f.scall;
            o["dcall"] = f.dcall;
            o["retrans"] = f.retransmission;
            o["ts"] = qint64(f.timestamp);
            o["oseq"] = f.oseqno;
            o["iseq"] = f.iseqno;
            o["type"] = QString::fromStdString(core::frameTypeName(f.type));
            o["subclass"] = QString::fromStdString(core::subclassName(f.type, f.subclass));
            if (f.type == std::uint8_t(core::FrameType::Iax)) {
                QJsonArray ies;
                if (auto list = f.ies()) {
                    for (const auto& ie : list->items())
                        ies.append(QString::fromStdString(core::formatIe(ie)));
                } else {
                    o["error"] = QString::fromStdString(list.error().reason);
                }
                o["ies"] = ies;
            } else if (f.type == std::uint8_t(core::FrameType::Text)) {
                o["text"]
                    = QString::fromUtf8(reinterpret_cast<const char*>(f.payload.data()), qsizetype(f.payload.size()));
            }
        } else {
            o["scall"] = p.clearScall;
            o["dcall"] = p.clearDcall;
            o["retrans"] = p.clearRetrans;
        }
        break;
    case DecodedPacket::Kind::Mini:
        o["kind"] = "mini";
        o["callno"] = p.mini ? p.mini->callno : p.clearScall;
        if (p.mini) {
            o["ts16"] = p.mini->timestamp;
            o["payload_len"] = qint64(p.mini->payload.size());
        }
        break;
    case DecodedPacket::Kind::Meta:
        o["kind"] = "meta";
        break;
    case DecodedPacket::Kind::Invalid:
        o["kind"] = "invalid";
        break;
    }
    if (!p.error.empty())
        o["error"] = QString::fromStdString(p.error);
    return o;
}

QJsonObject summaryJson(const core::CaptureSummary& s)
{
    QJsonArray keys;
    for (const auto& k : s.keys) // the secret itself is deliberately not printed
        keys.append(QJsonObject { { "pkt", qint64(k.pkt) }, { "challenge", QString::fromStdString(k.challenge) },
            { "aes_key", QString::fromStdString(core::byte_io::toHex(k.key)) } });
    QJsonArray rtkeys;
    for (const auto& r : s.rtkeys)
        rtkeys.append(QJsonObject { { "pkt", qint64(r.pkt) }, { "from", QString::fromStdString(r.from) },
            { "new_key", QString::fromStdString(core::byte_io::toHex(r.key)) } });
    QJsonObject dtmf;
    for (const auto& [src, list] : s.dtmf) {
        QJsonArray a;
        for (const auto& [what, digit] : list)
            a.append(QJsonArray { QString::fromStdString(what), QString::fromStdString(digit) });
        dtmf[QString::fromStdString(src)] = a;
    }
    QJsonObject voice;
    for (const auto& [src, bytes] : s.voice)
        voice[QString::fromStdString(src)] = qint64(bytes.size());
    QJsonArray errors;
    for (const auto& e : s.errors)
        errors.append(QString::fromStdString(e));
    QJsonObject out { { "keys", keys }, { "rtkeys", rtkeys }, { "dtmf", dtmf }, { "errors", errors },
        { "voice_bytes", voice } };
    if (!s.trunkVoice.empty()) { // voice in IAX2 trunk frames: never encrypted (Asterisk's trunk=yes)
        QJsonObject trunk;
        for (const auto& [src, bytes] : s.trunkVoice)
            trunk[QString::fromStdString(src)] = qint64(bytes);
        out["trunk_voice_bytes"] = trunk;
    }
    if (s.endToEndFrames) // frames of end-to-end calls (docs/E2E.md): no secret reads them
        out["end_to_end_frames"] = qint64(s.endToEndFrames);
    if (!s.splitPackets.empty()) { // only captures taken before UDP segmentation offload have it
        QJsonArray split;
        for (const auto& sp : s.splitPackets)
            split.append(QJsonObject {
                { "pkt", qint64(sp.pkt) }, { "datagrams", qint64(sp.count) }, { "size", qint64(sp.size) } });
        out["gso_split"] = split;
    }
    return out;
}

// Writes each sender's voice as raw codec bytes, and as a WAV for G.711.
bool writeVoice(const QString& dir, const core::CaptureSummary& s, const std::map<std::string, std::int64_t>& formats,
    QString* error)
{
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create directory '%1'").arg(dir);
        return false;
    }
    for (const auto& [src, bytes] : s.voice) {
        QString name = QString::fromStdString(src);
        name.replace(':', '_').remove('[').remove(']');
        const auto fit = formats.find(src);
        const std::int64_t fmt = fit == formats.end() ? 0 : fit->second;
        const bool g711 = fmt == std::int64_t(core::Codec::Ulaw) || fmt == std::int64_t(core::Codec::Alaw);
        const std::string ext = g711                 ? core::codecName(std::uint64_t(fmt))
            : fmt == std::int64_t(core::Codec::Opus) ? std::string("opus-frames")
                                                     : std::string("raw");
        const QString base = dir + "/voice-from-" + name;
        QFile raw(base + "." + QString::fromStdString(ext));
        if (!raw.open(QIODevice::WriteOnly)
            || raw.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())) != qint64(bytes.size())) {
            *error = QStringLiteral("cannot write '%1': %2").arg(raw.fileName(), raw.errorString());
            return false;
        }
        if (fmt == std::int64_t(core::Codec::Ulaw) || fmt == std::int64_t(core::Codec::Alaw)) {
            auto wav = audio::FileSink::create((base + ".wav").toLocal8Bit().toStdString(), 8000, 8000,
                fmt == std::int64_t(core::Codec::Ulaw) ? audio::WavEncoding::Ulaw : audio::WavEncoding::Alaw);
            if (!wav || !wav.value()->writeEncoded(bytes)) {
                *error = wav ? QStringLiteral("cannot write '%1.wav'").arg(base)
                             : QString::fromStdString(wav.error().reason);
                return false;
            }
        }
    }
    return true;
}
} // namespace

int runDecode(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print every IAX2 frame of a capture (pcap or pcapng). With --secret, find the challenge, derive "
        "the AES-128 key, decrypt, follow RTKEY key rotation and print the plaintext frames."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("decode"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("capture file (.pcap or .pcapng)"));
    parser.addOption(
        { QStringLiteral("secret"), QStringLiteral("candidate shared secret (repeatable)"), QStringLiteral("S") });
    parser.addOption({ QStringLiteral("secret-file"),
        QStringLiteral("read a candidate secret from the first line of F (repeatable)"), QStringLiteral("F") });
    parser.addOption({ QStringLiteral("json"),
        QStringLiteral("one JSON object per frame (decoded.json field names), then a summary object") });
    parser.addOption({ QStringLiteral("voice-out"), QStringLiteral("write decrypted voice per direction into DIR"),
        QStringLiteral("DIR") });
    parser.addOption(
        { QStringLiteral("port"), QStringLiteral("only UDP datagrams to/from this port (default 4569; 0 = all)"),
            QStringLiteral("PORT"), QStringLiteral("4569") });
    QTextStream err(stderr);
    if (!parser.parse(args)) {
        err << "iaxphone-cli decode: " << parser.errorText() << "\n";
        return ExitBadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText() << "\n" << exitCodeHelp();
        return ExitOk;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2) {
        err << "iaxphone-cli decode: give exactly one capture file (see --help)\n";
        return ExitBadArguments;
    }
    bool portOk = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    if (!portOk || port > 65535) {
        err << "iaxphone-cli decode: --port must be a number from 0 to 65535\n";
        return ExitBadArguments;
    }
    QStringList secrets;
    QString error;
    if (!collectSecrets(parser, &secrets, &error)) {
        err << "iaxphone-cli decode: " << error << "\n";
        return ExitBadArguments;
    }
    auto datagrams = core::readUdpCapture(pos[1].toStdString(), quint16(port));
    if (!datagrams) {
        err << "iaxphone-cli decode: " << QString::fromStdString(datagrams.error().reason) << "\n";
        return ExitFailure;
    }
    std::vector<std::string> secretList;
    for (const auto& s : secrets)
        secretList.push_back(s.toStdString());
    core::CaptureDecoder decoder(std::move(secretList));
    const bool json = parser.isSet(QStringLiteral("json"));
    std::map<std::string, std::int64_t> formats;
    bool undecryptable = false;
    for (const auto& dg : *datagrams)
        for (const DecodedPacket& p : decoder.feedAll(dg)) {
            undecryptable |= p.encrypted && !p.decrypted;
            if (p.full && p.full->type == std::uint8_t(core::FrameType::Voice))
                formats.emplace(p.src, p.full->subclass);
            if (json) {
                const std::string line = core::escapeJsonControls(
                    QJsonDocument(packetJson(p)).toJson(QJsonDocument::Compact).toStdString());
                std::fwrite(line.data(), 1, line.size(), stdout);
                std::fputc('\n', stdout);
            } else {
                const std::string text = core::formatDecodedPacket(p);
                std::fwrite(text.data(), 1, text.size(), stdout);
            }
        }
    if (json) {
        const std::string line
            = core::escapeJsonControls(QJsonDocument(QJsonObject { { "summary", summaryJson(decoder.summary()) } })
                                           .toJson(QJsonDocument::Compact)
                                           .toStdString());
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
    } else {
        const std::string text = "\n" + core::formatSummary(decoder.summary());
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    std::fflush(stdout);
    if (parser.isSet(QStringLiteral("voice-out"))
        && !writeVoice(parser.value(QStringLiteral("voice-out")), decoder.summary(), formats, &error)) {
        err << "iaxphone-cli decode: " << error << "\n";
        return ExitFailure;
    }
    if (const auto e2e = decoder.summary().endToEndFrames) {
        err << "iaxphone-cli decode: " << core::kEndToEndNote << " (" << qint64(e2e)
            << " frames of end-to-end calls; the clear headers are shown)\n";
        return ExitDecryptFailed;
    }
    if (undecryptable) {
        err << "iaxphone-cli decode: some encrypted frames could not be decrypted"
            << (secrets.isEmpty() ? " (give the shared secret with --secret-file or IAXPHONE_SECRET)\n"
                                  : " with the given secrets\n");
        return ExitDecryptFailed;
    }
    return ExitOk;
}

} // namespace iax::cli
