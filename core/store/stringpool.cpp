// SPDX-License-Identifier: Apache-2.0
#include "stringpool.h"

#include <cstring>

namespace wb {

namespace {
constexpr std::size_t ChunkBytes = 1 << 20;
}

std::uint32_t hashBytes(std::string_view text)
{
    // FNV-1a over 8-byte words: fast enough for short ECS values and well spread in the low bits.
    std::uint64_t h = 0xcbf29ce484222325ull;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        h = (h ^ word) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (; i < text.size(); ++i)
        h = (h ^ static_cast<unsigned char>(text[i])) * 0x100000001b3ull;
    h ^= h >> 32;
    return static_cast<std::uint32_t>(h);
}

StringPool::StringPool()
{
    m_slots.assign(1024, npos);
    intern(std::string_view());
}

const char* StringPool::store(std::string_view text)
{
    if (text.empty())
        return "";
    if (text.size() > ChunkBytes / 4) {
        // Large values get a chunk of their own so they do not waste the tail of a shared one.
        m_chunks.emplace_back(new char[text.size()]);
        std::memcpy(m_chunks.back().get(), text.data(), text.size());
        m_arenaBytes += text.size();
        const char* result = m_chunks.back().get();
        // Keep the current shared chunk last so appends continue into it.
        if (m_chunks.size() >= 2)
            std::swap(m_chunks[m_chunks.size() - 1], m_chunks[m_chunks.size() - 2]);
        return result;
    }
    if (m_chunks.empty() || m_chunkUsed + text.size() > m_chunkSize) {
        m_chunks.emplace_back(new char[ChunkBytes]);
        m_chunkSize = ChunkBytes;
        m_chunkUsed = 0;
        m_arenaBytes += ChunkBytes;
    }
    char* dest = m_chunks.back().get() + m_chunkUsed;
    std::memcpy(dest, text.data(), text.size());
    m_chunkUsed += text.size();
    return dest;
}

StringId StringPool::find(std::string_view text) const
{
    const std::uint32_t h = hashBytes(text);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
        const StringId id = m_slots[slot];
        if (id == npos)
            return npos;
        if (m_hashes[id] == h && m_views[id] == text)
            return id;
    }
}

StringId StringPool::intern(std::string_view text)
{
    const std::uint32_t h = hashBytes(text);
    std::size_t mask = m_slots.size() - 1;
    std::size_t slot = h & mask;
    for (;; slot = (slot + 1) & mask) {
        const StringId id = m_slots[slot];
        if (id == npos)
            break;
        if (m_hashes[id] == h && m_views[id] == text)
            return id;
    }
    const auto id = static_cast<StringId>(m_views.size());
    m_views.emplace_back(store(text), text.size());
    m_hashes.push_back(h);
    m_slots[slot] = id;
    if (m_views.size() * 2 > m_slots.size())
        grow();
    return id;
}

void StringPool::grow()
{
    std::vector<StringId> slots(m_slots.size() * 2, npos);
    const std::size_t mask = slots.size() - 1;
    for (StringId id = 0; id < m_views.size(); ++id) {
        std::size_t slot = m_hashes[id] & mask;
        while (slots[slot] != npos)
            slot = (slot + 1) & mask;
        slots[slot] = id;
    }
    m_slots.swap(slots);
}

std::size_t StringPool::memoryBytes() const
{
    return m_arenaBytes + m_views.capacity() * sizeof(std::string_view) + m_slots.capacity() * sizeof(StringId)
        + m_hashes.capacity() * sizeof(std::uint32_t);
}

} // namespace wb
