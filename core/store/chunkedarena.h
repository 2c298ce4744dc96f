// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace wb {

// Append-only storage handing out contiguous runs that never move. Unlike a std::vector it does
// not double (and briefly triple) its footprint while a large capture loads.
template <typename T> class ChunkedArena {
public:
    using Index = std::uint64_t;

    Index allocate(std::size_t count) {
        if (m_chunks.empty() || m_used + count > m_capacity) {
            const std::size_t capacity = count > ChunkElements ? count : ChunkElements;
            if (!m_chunks.empty()) m_filled.push_back(m_used);
            m_capacities.push_back(capacity);
            m_chunks.emplace_back(new T[capacity]);
            m_capacity = capacity;
            m_used = 0;
            m_bytes += capacity * sizeof(T);
        }
        const Index index = (static_cast<Index>(m_chunks.size() - 1) << 32) | m_used;
        m_used += count;
        return index;
    }
    T* at(Index index) { return m_chunks[index >> 32].get() + (index & 0xffffffffu); }
    const T* at(Index index) const { return m_chunks[index >> 32].get() + (index & 0xffffffffu); }
    std::size_t memoryBytes() const { return m_bytes; }

    // Writes or reads the chunks exactly (indexes handed out stay valid); see storearchive.h.
    template <class Archive> void serialize(Archive& a) {
        std::uint64_t n = m_chunks.size();
        a.count(n);
        // What a file may make us allocate: about what it holds (a chunk's unused tail is not
        // written), so a crafted count cannot exhaust memory before the checksum is checked.
        [[maybe_unused]] std::uint64_t budget = 0;
        if constexpr (Archive::reading) {
            m_chunks.clear();
            m_capacities.clear();
            m_filled.clear();
            m_used = m_capacity = m_bytes = 0;
            budget = a.left() * 2 + (64u << 20);
        }
        for (std::uint64_t i = 0; i < n && a.ok(); ++i) {
            std::uint64_t capacity = 0, filled = 0;
            if constexpr (!Archive::reading) {
                capacity = m_capacities[i];
                filled = i + 1 == n ? m_used : m_filled[i];
            }
            a.pod(capacity);
            a.pod(filled);
            if constexpr (Archive::reading) {
                // A chunk is the standard size or exactly one large run; nothing else is believed.
                if (filled > capacity || (capacity != ChunkElements && capacity != filled)
                    || !a.plausible(filled, sizeof(T)) || m_bytes + capacity * sizeof(T) > budget) {
                    a.fail();
                    return;
                }
                m_chunks.emplace_back(new T[capacity]);
                m_capacities.push_back(capacity);
                if (i + 1 < n) m_filled.push_back(filled);
                m_used = filled;
                m_capacity = capacity;
                m_bytes += capacity * sizeof(T);
            }
            a.raw(m_chunks[i].get(), filled * sizeof(T));
        }
    }
    // Whether an index handed out (of `count` elements) lies within what is stored.
    bool contains(Index index, std::size_t count) const {
        const std::size_t chunk = index >> 32, offset = index & 0xffffffffu;
        if (chunk >= m_chunks.size()) return false;
        const std::size_t filled = chunk + 1 == m_chunks.size() ? m_used : m_filled[chunk];
        return offset + count <= filled;
    }

private:
    static constexpr std::size_t ChunkElements = (1u << 20);
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::vector<std::size_t> m_capacities, m_filled; // per chunk; m_filled for all but the last
    std::size_t m_used = 0;
    std::size_t m_capacity = 0;
    std::size_t m_bytes = 0;
};

} // namespace wb
