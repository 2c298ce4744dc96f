// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace wb {

// A running 64-bit checksum of bytes (fast, not cryptographic): a cache file that changed by
// one bit, or lost its tail, no longer matches.
class Checksum {
public:
    void add(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        m_bytes += size;
        while (size > 0 && m_pending > 0) { // finish a staged block first
            m_stage[m_pending++] = *p++;
            --size;
            if (m_pending == 32) {
                block(m_stage);
                m_pending = 0;
            }
        }
        for (; size >= 32; p += 32, size -= 32) // four independent lanes: several GB/s
            block(p);
        if (size > 0) { // here nothing is staged: the loop above emptied the stage or the input
            std::memcpy(m_stage, p, size);
            m_pending = size;
        }
    }
    std::uint64_t value() const {
        std::uint64_t h = m_bytes;
        for (std::uint64_t lane : m_lanes)
            h = mix(h ^ lane);
        for (std::size_t i = 0; i < m_pending; ++i)
            h = mix(h ^ m_stage[i]);
        return h;
    }

private:
    static std::uint64_t mix(std::uint64_t h) {
        h *= 0x9E3779B97F4A7C15ull;
        return h ^ (h >> 31);
    }
    void block(const unsigned char* p) {
        for (int i = 0; i < 4; ++i) {
            std::uint64_t w;
            std::memcpy(&w, p + 8 * i, 8);
            m_lanes[i] = mix(m_lanes[i] ^ w);
        }
    }
    std::uint64_t m_lanes[4]
        = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull, 0x082EFA98EC4E6C89ull};
    unsigned char m_stage[32] = {};
    std::size_t m_pending = 0;
    std::uint64_t m_bytes = 0;
};

// Writes the store's arrays as they are in memory (same machine, same build: the format
// version and the header say which).
class ArchiveWriter {
public:
    explicit ArchiveWriter(std::FILE* file)
        : m_file(file) { }
    static constexpr bool reading = false;
    bool ok() const { return m_ok; }
    std::uint64_t checksum() const { return m_sum.value(); }
    std::uint64_t bytes() const { return m_bytes; }

    void raw(const void* data, std::size_t size) {
        if (!m_ok || size == 0) return;
        m_sum.add(data, size);
        m_bytes += size;
        m_ok = std::fwrite(data, 1, size, m_file) == size;
    }
    template <typename T> void pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(&value, sizeof(T));
    }
    template <typename T> void pods(const std::vector<T>& values) {
        pod(std::uint64_t(values.size()));
        raw(values.data(), values.size() * sizeof(T));
    }
    void string(const std::string& s) {
        pod(std::uint64_t(s.size()));
        raw(s.data(), s.size());
    }
    // The sizes of what follows, so a reader can refuse absurd ones before allocating.
    void count(std::uint64_t n) { pod(n); }

private:
    std::FILE* m_file;
    Checksum m_sum;
    std::uint64_t m_bytes = 0;
    bool m_ok = true;
};

// Reads what ArchiveWriter wrote; any short read or implausible size makes it fail (and stay
// failed), never read past the payload or allocate more than the payload could hold.
class ArchiveReader {
public:
    ArchiveReader(std::FILE* file, std::uint64_t payloadBytes)
        : m_file(file)
        , m_left(payloadBytes) { }
    static constexpr bool reading = true;
    bool ok() const { return m_ok; }
    std::uint64_t checksum() const { return m_sum.value(); }
    std::uint64_t left() const { return m_left; }

    void raw(void* data, std::size_t size) {
        if (!m_ok || size == 0) return;
        if (size > m_left || std::fread(data, 1, size, m_file) != size) {
            m_ok = false;
            return;
        }
        m_left -= size;
        m_sum.add(data, size);
    }
    template <typename T> void pod(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(&value, sizeof(T));
    }
    template <typename T> void pods(std::vector<T>& values) {
        std::uint64_t n = 0;
        pod(n);
        if (!plausible(n, sizeof(T))) return;
        values.resize(n);
        raw(values.data(), n * sizeof(T));
    }
    void string(std::string& s) {
        std::uint64_t n = 0;
        pod(n);
        if (!plausible(n, 1)) return;
        s.resize(n);
        raw(s.data(), n);
    }
    void count(std::uint64_t& n) {
        pod(n);
        if (n > m_left) m_ok = false; // every counted thing takes at least a byte
    }
    bool plausible(std::uint64_t n, std::size_t size) {
        if (!m_ok) return false;
        if (size && n > m_left / size) m_ok = false;
        return m_ok;
    }
    void fail() { m_ok = false; }

private:
    std::FILE* m_file;
    std::uint64_t m_left;
    Checksum m_sum;
    bool m_ok = true;
};

} // namespace wb
