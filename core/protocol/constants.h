#pragma once
// IAX2 numbering: frame types, IAX and CONTROL subclasses, IE ids, codec bits (RFC 5456 + Asterisk).
#include <cstdint>

namespace iax::core {

/// Full-frame types (RFC 5456 §8.2).
enum class FrameType : std::uint8_t {
    DtmfEnd = 1,
    Voice = 2,
    Video = 3,
    Control = 4,
    Null = 5,
    Iax = 6,
    Text = 7,
    Image = 8,
    Html = 9,
    Cng = 10,
    Modem = 11,
    DtmfBegin = 12,
};

/// IAX frame subclasses (RFC 5456 §8.4 + Asterisk's RTKEY 39 and CALLTOKEN 40).
enum class IaxCommand : std::int64_t {
    New = 1,
    Ping = 2,
    Pong = 3,
    Ack = 4,
    Hangup = 5,
    Reject = 6,
    Accept = 7,
    AuthReq = 8,
    AuthRep = 9,
    Inval = 10,
    LagRq = 11,
    LagRp = 12,
    RegReq = 13,
    RegAuth = 14,
    RegAck = 15,
    RegRej = 16,
    RegRel = 17,
    Vnak = 18,
    DpReq = 19,
    DpRep = 20,
    Dial = 21,
    TxReq = 22,
    TxCnt = 23,
    TxAcc = 24,
    TxReady = 25,
    TxRel = 26,
    TxRej = 27,
    Quelch = 28,
    Unquelch = 29,
    Poke = 30,
    Page = 31,
    Mwi = 32,
    Unsupport = 33,
    Transfer = 34,
    Provision = 35,
    FwDownl = 36,
    FwData = 37,
    TxMedia = 38,
    RtKey = 39,
    CallToken = 40,
};

/// CONTROL frame subclasses (RFC 5456 §8.3 + Asterisk). -1 = stop indication (sent as 0xFF).
enum class ControlCommand : std::int64_t {
    StopIndication = -1,
    Hangup = 1,
    Ring = 2,
    Ringing = 3,
    Answer = 4,
    Busy = 5,
    TakeOffHook = 6,
    OffHook = 7,
    Congestion = 8,
    Flash = 9,
    Wink = 10,
    Option = 11,
    KeyRadio = 12,
    UnkeyRadio = 13,
    Progress = 14,
    Proceeding = 15,
    Hold = 16,
    Unhold = 17,
    VidUpdate = 18,
    T38 = 19,
    SrcUpdate = 20,
    Transfer = 21,
    ConnectedLine = 22,
    Redirecting = 23,
    T38Parameters = 24,
    Cc = 25,
    SrcChange = 26,
    ReadAction = 27,
    Aoc = 28,
    EndOfQ = 29,
    Incomplete = 30,
    Mcid = 31,
    UpdateRtpPeer = 32,
    PvtCauseCode = 33,
};

/// Information element ids (RFC 5456 §8.6 + Asterisk).
enum class IeId : std::uint8_t {
    CalledNumber = 1,
    CallingNumber = 2,
    CallingAni = 3,
    CallingName = 4,
    CalledContext = 5,
    Username = 6,
    Password = 7,
    Capability = 8,
    Format = 9,
    Language = 10,
    Version = 11,
    AdsiCpe = 12,
    Dnid = 13,
    AuthMethods = 14,
    Challenge = 15,
    Md5Result = 16,
    RsaResult = 17,
    ApparentAddr = 18,
    Refresh = 19,
    DpStatus = 20,
    CallNo = 21,
    Cause = 22,
    IaxUnknown = 23,
    MsgCount = 24,
    AutoAnswer = 25,
    MusicOnHold = 26,
    TransferId = 27,
    Rdnis = 28,
    Provisioning = 29,
    AesProvisioning = 30,
    DateTime = 31,
    DeviceType = 32,
    ServiceIdent = 33,
    FirmwareVer = 34,
    FwBlockDesc = 35,
    FwBlockData = 36,
    ProvVer = 37,
    CallingPres = 38,
    CallingTon = 39,
    CallingTns = 40,
    SamplingRate = 41,
    CauseCode = 42,
    Encryption = 43,
    EncKey = 44,
    CodecPrefs = 45,
    RrJitter = 46,
    RrLoss = 47,
    RrPkts = 48,
    RrDelay = 49,
    RrDropped = 50,
    RrOoo = 51,
    Variable = 52,
    OspToken = 53,
    CallToken = 54,
    Capability2 = 55,
    Format2 = 56,
    CallingAni2 = 57,
};

/// AUTHMETHODS bits.
namespace AuthMethod {
constexpr std::uint16_t Plaintext = 0x0001;
constexpr std::uint16_t Md5 = 0x0002;
constexpr std::uint16_t Rsa = 0x0004;
} // namespace AuthMethod

/// ENCRYPTION IE bits.
namespace EncryptionBits {
constexpr std::uint16_t Aes128 = 0x0001;
constexpr std::uint16_t KeyRotate = 0x8000;
} // namespace EncryptionBits

/// Codec (format) bits, 64-bit as in CAPABILITY2/FORMAT2.
namespace Codec {
constexpr std::uint64_t G723 = 1ULL << 0;
constexpr std::uint64_t Gsm = 1ULL << 1;
constexpr std::uint64_t Ulaw = 1ULL << 2;
constexpr std::uint64_t Alaw = 1ULL << 3;
constexpr std::uint64_t G726 = 1ULL << 4;
constexpr std::uint64_t Adpcm = 1ULL << 5;
constexpr std::uint64_t Slin = 1ULL << 6;
constexpr std::uint64_t Lpc10 = 1ULL << 7;
constexpr std::uint64_t G729 = 1ULL << 8;
constexpr std::uint64_t Speex = 1ULL << 9;
constexpr std::uint64_t Ilbc = 1ULL << 10;
constexpr std::uint64_t G726Aal2 = 1ULL << 11;
constexpr std::uint64_t G722 = 1ULL << 12;
constexpr std::uint64_t Slin16 = 1ULL << 15;
constexpr std::uint64_t Opus = 1ULL << 34;
} // namespace Codec

constexpr std::uint16_t kDefaultPort = 4569;
constexpr std::uint16_t kProtocolVersion = 2;

} // namespace iax::core
