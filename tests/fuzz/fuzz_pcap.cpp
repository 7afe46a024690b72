// libFuzzer target: a capture file through readUdpCaptureBytes (libpcap reading the input from
// memory, as readUdpCapture reads a file; all link types) and then the
// CaptureDecoder of `iaxphone-cli decode` with the interop secrets, printers included.
// Invariant: nothing crashes; every datagram yields a DecodedPacket.
#include "fuzz_common.h"

#include "core/analysis/capture_decoder.h"
#include "core/analysis/pcap_reader.h"

namespace iax::fuzz {

int pcap(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
    std::size_t skipped = 0;
    auto dgs = readUdpCaptureBytes({ data, size }, 0, &skipped);
    if (!dgs) {
        IAX_FUZZ_CHECK(!dgs.error().code.empty(), "error without a code");
        return 0;
    }
    CaptureDecoder decoder({ "Aes128Secret-A", "RsaAes-Secret-C", "PlainMd5-Secret-D" });
    for (const auto& dg : *dgs) {
        for (const DecodedPacket& p : decoder.feedAll(dg)) { // splits offloaded payloads too
            IAX_FUZZ_CHECK(p.pkt == dg.packetNumber, "decoded packet lost its number");
            (void)formatDecodedPacket(p);
        }
    }
    (void)formatSummary(decoder.summary());
    return 0;
}

} // namespace iax::fuzz

IAX_FUZZ_TARGET(pcap)
