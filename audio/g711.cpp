#include "audio/g711.h"

#include <algorithm>
#include <bit>

namespace iax::audio {

namespace {
constexpr int kBias = 0x84;
constexpr int kClip = 32635;

// µ-law segment: the smallest seg with v <= (0x100 << seg) - 1, i.e. bit width - 8 (v is biased
// and clipped to 0x84..0x7FFF, so seg is 0..7).
int segmentOf(int v)
{
    return std::max(0, int(std::bit_width(unsigned(v))) - 8);
}
} // namespace

std::uint8_t linearToUlaw(std::int16_t pcm)
{
    int v = pcm;
    const int sign = v < 0 ? 0x80 : 0;
    if (v < 0)
        v = -v;
    if (v > kClip)
        v = kClip;
    v += kBias;
    const int seg = segmentOf(v);
    const int mant = (v >> (seg + 3)) & 0x0F;
    return static_cast<std::uint8_t>(~(sign | (seg << 4) | mant));
}

std::int16_t ulawToLinear(std::uint8_t u)
{
    u = static_cast<std::uint8_t>(~u);
    int t = ((u & 0x0F) << 3) + kBias;
    t <<= (u & 0x70) >> 4;
    return static_cast<std::int16_t>((u & 0x80) ? (kBias - t) : (t - kBias));
}

std::uint8_t linearToAlaw(std::int16_t pcm)
{
    int v = pcm;
    int mask = 0xD5; // sign bit set (positive) with even-bit inversion
    if (v < 0) {
        mask = 0x55;
        v = -v - 1;
    }
    if (v > 32767)
        v = 32767;
    std::uint8_t a;
    if (v < 256) {
        a = static_cast<std::uint8_t>(v >> 4);
    } else {
        int seg = 1;
        for (int t = v >> 8; t > 1 && seg < 7; t >>= 1)
            ++seg;
        a = static_cast<std::uint8_t>((seg << 4) | ((v >> (seg + 3)) & 0x0F));
    }
    return static_cast<std::uint8_t>(a ^ mask);
}

std::int16_t alawToLinear(std::uint8_t a)
{
    a ^= 0x55;
    int t = (a & 0x0F) << 4;
    const int seg = (a & 0x70) >> 4;
    if (seg == 0)
        t += 8;
    else
        t = (t + 0x108) << (seg - 1);
    return static_cast<std::int16_t>((a & 0x80) ? t : -t);
}

} // namespace iax::audio
