#pragma once
// Lock-free single-producer/single-consumer ring of fixed-size PCM frames (20 ms each in this
// project), preallocated. One thread pushes, one thread pops; no locks, no allocation after
// construction — safe in a PortAudio callback. Capacity is rounded up to a power of two.
// Tested under ThreadSanitizer by tst_audio_ring_tsan.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace iax::audio {

class SpscRing {
public:
    /// `frames` slots (rounded up to a power of two) of `frameSamples` 16-bit samples each.
    /// Allocates here and never again.
    SpscRing(std::size_t frames, std::size_t frameSamples)
        : m_frameSamples(frameSamples)
    {
        std::size_t cap = 1;
        while (cap < frames)
            cap <<= 1;
        m_mask = cap - 1;
        m_data.assign(cap * frameSamples, 0);
    }

    /// Samples per frame (fixed).
    std::size_t frameSamples() const { return m_frameSamples; }
    /// Frames the ring holds when full.
    std::size_t capacity() const { return m_mask + 1; }

    /// Producer thread: copies one frame in. False (frame not stored) when full.
    bool push(const std::int16_t* frame)
    {
        const std::size_t w = m_write.load(std::memory_order_relaxed);
        const std::size_t r = m_read.load(std::memory_order_acquire);
        if (w - r > m_mask)
            return false;
        std::memcpy(&m_data[(w & m_mask) * m_frameSamples], frame, m_frameSamples * sizeof(std::int16_t));
        m_write.store(w + 1, std::memory_order_release);
        return true;
    }

    /// Consumer thread: copies one frame out. False when empty.
    bool pop(std::int16_t* frame)
    {
        const std::size_t r = m_read.load(std::memory_order_relaxed);
        const std::size_t w = m_write.load(std::memory_order_acquire);
        if (r == w)
            return false;
        std::memcpy(frame, &m_data[(r & m_mask) * m_frameSamples], m_frameSamples * sizeof(std::int16_t));
        m_read.store(r + 1, std::memory_order_release);
        return true;
    }

    /// Frames currently queued (exact from the producer or consumer; approximate from a third thread).
    std::size_t size() const
    {
        const std::size_t r = m_read.load(std::memory_order_acquire);
        return m_write.load(std::memory_order_acquire) - r;
    }

private:
    std::size_t m_frameSamples;
    std::size_t m_mask = 0;
    std::vector<std::int16_t> m_data;
    alignas(64) std::atomic<std::size_t> m_write { 0 };
    alignas(64) std::atomic<std::size_t> m_read { 0 };
};

} // namespace iax::audio
