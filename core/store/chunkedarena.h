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

private:
    static constexpr std::size_t ChunkElements = (1u << 20);
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_used = 0;
    std::size_t m_capacity = 0;
    std::size_t m_bytes = 0;
};

} // namespace wb
