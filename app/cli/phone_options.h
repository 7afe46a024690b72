#pragma once
// Options shared by `call`, `register` and `listen` (the CLI contract, see --help and README).
#include "core/phone/engine_config_builder.h"
#include "core/phone/iax_uri.h"
#include "core/protocol/engine_types.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QStringList>

#include <optional>
#include <string>

namespace iax::cli {

using phone::IaxUri;
using phone::parseBindAddress;
using phone::parseIaxUri;

enum class AnswerMode { None, Echo, Play, Record, Gateway };

struct PhoneOptions {
    QStringList secrets;
    QString outkeyPath;
    std::string outkeyPassphrase; // --outkey-passphrase-file / IAXPHONE_KEY_PASSPHRASE ("" = none)
    QStringList inkeyPaths;
    QStringList users;
    QString auth = QStringLiteral("any");
    bool allowPlaintext = false;
    core::EncryptionPolicy encryption = core::EncryptionPolicy::Opportunistic;
    bool keyRotate = true;
    bool e2e = true; ///< --e2e prefer (default): offer/accept the end-to-end mode (docs/E2E.md); off: never
    bool e2eRequired = false; ///< --e2e require: every call must agree on the mode, else it ends (exit 6)
    /// --identity FILE: our Ed25519 identity in the end-to-end mode (generated into FILE, mode 0600,
    /// when absent); nullptr with --identity off (the default).
    std::shared_ptr<const core::Ed25519Identity> identity;
    int rotateInterval = 0; // seconds, 0 = Asterisk's random 120–300 s
    std::vector<std::uint64_t> codecs;
    QHostAddress bindAddress = QHostAddress::Any;
    quint16 bindPort = 0;
    QString play;
    QString record;
    QString dtmf;
    QString secureDial;
    QString secureDialTerminator = QStringLiteral("#");
    bool encryptedDial = false; // call: NEW to "TBD", the number in an encrypted IAX DIAL
    QString transfer; // call: blind-transfer the answered call to this extension ("" = no)
    QString transferContext; // its CALLED_CONTEXT (--transfer EXT@CONTEXT; "" = none)
    int transferAfter = 0; // seconds after the answer (and encryption when required)
    bool dnd = false; // listen/register: refuse every incoming call as busy (REJECT cause 17)
    bool autoAnswerFromPbx = false; // register: honour the registrar's AUTOANSWER request
    QString text; // call: a TEXT message sent once answered (and encrypted unless encryption is off)
    AnswerMode answer = AnswerMode::None;
    QString answerFile;
    int duration = 0; // seconds, 0 = until the peer hangs up / the file ends
    int timeout = 60;
    int refresh = 60; // register: seconds asked for in REGREQ's REFRESH IE
    int keepalive = 25; // register: re-register at most this often behind NAT (0 = off)
    int maxCalls = 0;
    bool json = false;
    bool audio = false; // use the sound devices (PortAudio)
    QString inputDevice; // device id ("" = default)
    QString outputDevice;
    int frameMs = 20; // --frame-ms: our Opus frame, 10 or 20 (G.711 stays 20)
    // Callers' public keys (listen/register): the trusted-key store and the key server.
    QString keyDir; // "" = not given (the default directory is used when a key server is set)
    QString keyServer; // URL template with {name}; "" = none
    QList<QSslCertificate> keyServerCa; // --ca-file: trusted in addition to the system CAs
    int keyTimeoutMs = 5000;
    int keyMaxAgeHours = 24;
    bool allowHttp = false;
    bool md5Fallback = false; // allow MD5+AES when RSA is unavailable for a call
    /// True when callers' keys are looked up by name (--key-dir or --key-server given).
    bool keyLookup() const { return !keyDir.isEmpty() || !keyServer.isEmpty(); }
};

/// Adds the shared options to a parser.
void addPhoneOptions(QCommandLineParser& parser, bool listen);
/// Reads and validates them; false with a sentence in *error on bad input.
bool readPhoneOptions(const QCommandLineParser& parser, bool listen, PhoneOptions* out, QString* error);
/// --codecs (or load's): the names → format bits in order; false with a sentence in *error when a
/// name is unknown or none is given.
bool readCodecs(const QString& list, std::vector<std::uint64_t>* out, QString* error);
/// The options as the account the engine-configuration builder takes (no user name yet: the
/// caller sets it per --user or from the URI): --secret, --auth, --allow-plaintext, --encryption,
/// rotation, --codecs, key lookup and --md5-fallback, with the loaded --outkey and --inkey keys.
phone::EngineAccount engineAccount(const PhoneOptions& options, std::shared_ptr<const core::RsaKey> outkey,
    std::vector<std::shared_ptr<const core::RsaKey>> inkeys);
/// The issue-18 part of readPhoneOptions (--transfer, --transfer-after, --dnd, --auto-answer,
/// --text; cli_feature_options.cpp). False with a sentence in *error on bad input.
bool readFeatureOptions(const QCommandLineParser& parser, PhoneOptions* out, QString* error);
/// The key-lookup part of readPhoneOptions (--key-dir, --key-server, --ca-file, --key-timeout-ms,
/// --max-age-hours, --allow-http, --md5-fallback); needs `out->secrets` read first.
bool readKeyOptions(const QCommandLineParser& parser, PhoneOptions* out, QString* error);

} // namespace iax::cli
