// libFuzzer target: a capture file through readUdpCapture (libpcap, all link types) and then the
// CaptureDecoder of `iaxphone-cli decode` with the interop secrets, printers included.
// Invariant: nothing crashes; every datagram yields a DecodedPacket.
#include "fuzz_common.h"

#include "core/analysis/capture_decoder.h"
#include "core/analysis/pcap_reader.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace iax::fuzz {

namespace {
// A private temporary file per process (libFuzzer workers are processes), rewritten per input.
const std::string& tempPath()
{
    static const std::string path = [] {
        std::string p = "/tmp/iax-fuzz-pcap-XXXXXX";
        const int fd = mkstemp(p.data());
        if (fd < 0)
            std::abort();
        close(fd);
        std::atexit([] { std::remove(tempPath().c_str()); });
        return p;
    }();
    return path;
}
} // namespace

int pcap(const std::uint8_t* data, std::size_t size)
{
    using namespace iax::core;
    const std::string& path = tempPath();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size)
        std::abort();
    std::fclose(f);

    std::size_t skipped = 0;
    auto dgs = readUdpCapture(path, 0, &skipped);
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
