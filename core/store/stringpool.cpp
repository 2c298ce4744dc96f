// SPDX-License-Identifier: Apache-2.0
#include "stringpool.h"

#include <cstring>

namespace wb {

namespace {
constexpr std::size_t ChunkBytes = 1 << 20;
}

std::uint32_t hashBytes(std::string_view text) {
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

StringPool::StringPool() {
    m_slots.assign(1024, 0);
    intern(std::string_view());
}

std::uint64_t StringPool::store(std::string_view text) {
    const std::size_t need = text.size() + 4;
    const auto length = static_cast<std::uint32_t>(text.size());
    if (need > ChunkBytes / 4) {
        // Large values get a chunk of their own so they do not waste the tail of a shared one.
        // Chunks never move: a reference is (chunk, offset), so the shared chunk is tracked by
        // index and small strings keep filling it.
        m_chunks.emplace_back(new char[need]);
        m_arenaBytes += need;
        const std::size_t index = m_chunks.size() - 1;
        std::memcpy(m_chunks[index].get(), &length, 4);
        std::memcpy(m_chunks[index].get() + 4, text.data(), text.size());
        return static_cast<std::uint64_t>(index) << 32;
    }
    if (m_shared == NoChunk || m_chunkUsed + need > m_chunkSize) {
        m_chunks.emplace_back(new char[ChunkBytes]);
        m_shared = m_chunks.size() - 1;
        m_chunkSize = ChunkBytes;
        m_chunkUsed = 0;
        m_arenaBytes += ChunkBytes;
    }
    char* dest = m_chunks[m_shared].get() + m_chunkUsed;
    std::memcpy(dest, &length, 4);
    if (!text.empty()) // an empty view may have no data pointer at all
        std::memcpy(dest + 4, text.data(), text.size());
    const std::uint64_t ref = (static_cast<std::uint64_t>(m_shared) << 32) | m_chunkUsed;
    m_chunkUsed += need;
    return ref;
}

std::size_t StringPool::probe(std::string_view text, std::uint32_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const std::uint64_t entry = m_slots[slot];
        if (entry == 0) return slot;
        if (static_cast<std::uint32_t>(entry >> 32) == hash
            && view(static_cast<StringId>((entry & 0xffffffffu) - 1)) == text)
            return slot;
    }
}

StringId StringPool::find(std::string_view text) const {
    const std::uint64_t entry = m_slots[probe(text, hashBytes(text))];
    return entry == 0 ? npos : static_cast<StringId>((entry & 0xffffffffu) - 1);
}

StringId StringPool::intern(std::string_view text) {
    const std::uint32_t hash = hashBytes(text);
    const std::size_t slot = probe(text, hash);
    if (m_slots[slot] != 0) return static_cast<StringId>((m_slots[slot] & 0xffffffffu) - 1);
    const auto id = static_cast<StringId>(m_refs.size());
    m_refs.push_back(store(text));
    m_slots[slot] = (static_cast<std::uint64_t>(hash) << 32) | (id + 1);
    if (m_refs.size() * 4 > m_slots.size() * 3) grow();
    return id;
}

void StringPool::grow() {
    std::vector<std::uint64_t> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (const std::uint64_t entry : m_slots) {
        if (entry == 0) continue;
        std::size_t slot = (entry >> 32) & mask;
        while (slots[slot] != 0)
            slot = (slot + 1) & mask;
        slots[slot] = entry;
    }
    m_slots.swap(slots);
}

StringPool::MemoryParts StringPool::memoryParts() const {
    return {m_arenaBytes, m_refs.size() * sizeof(std::uint64_t), m_slots.size() * sizeof(std::uint64_t)};
}

} // namespace wb
