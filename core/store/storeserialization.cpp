// SPDX-License-Identifier: Apache-2.0
// The event store's arrays written and read back for the capture cache (load/capturecache.h).
#include "store/eventstore.h"
#include "store/storearchive.h"

namespace wb {

namespace {
constexpr std::size_t PoolChunkBytes = 1 << 20; // as StringPool's own
}

template <class Archive> void StringPool::save(Archive& a) const {
    // Pack the strings in id order; a string too large for a shared chunk gets one of its own.
    std::vector<std::uint64_t> refs(m_refs.size());
    std::vector<std::uint64_t> chunkSizes;
    std::uint64_t used = PoolChunkBytes; // forces a first chunk
    for (std::size_t id = 0; id < m_refs.size(); ++id) {
        const std::size_t need = view(StringId(id)).size() + 4;
        if (need > PoolChunkBytes / 4) {
            chunkSizes.push_back(need);
            refs[id] = std::uint64_t(chunkSizes.size() - 1) << 32;
            used = PoolChunkBytes;
            continue;
        }
        if (used + need > PoolChunkBytes) {
            chunkSizes.push_back(0);
            used = 0;
        }
        refs[id] = (std::uint64_t(chunkSizes.size() - 1) << 32) | used;
        used += need;
        chunkSizes.back() = used;
    }
    a.pods(refs);
    a.pods(chunkSizes);
    for (std::size_t id = 0; id < m_refs.size(); ++id) {
        const char* at = m_chunks[m_refs[id] >> 32].get() + (m_refs[id] & 0xffffffffu);
        a.raw(at, view(StringId(id)).size() + 4);
    }
    a.pods(m_slots);
}

template <class Archive> bool StringPool::load(Archive& a) {
    std::vector<std::uint64_t> chunkSizes;
    a.pods(m_refs);
    a.pods(chunkSizes);
    m_chunks.clear();
    m_arenaBytes = 0;
    std::uint64_t total = 0;
    for (std::size_t c = 0; c < chunkSizes.size(); ++c) {
        const std::uint64_t size = chunkSizes[c];
        if (size == 0 || !a.plausible(size, 1) || (total += size) > a.left()) return false;
        // Exact sizes (what the file holds); only the last chunk gets room for appends.
        const std::size_t capacity = c + 1 == chunkSizes.size() ? std::max<std::size_t>(size, PoolChunkBytes) : size;
        m_chunks.emplace_back(new char[capacity]);
        m_arenaBytes += capacity;
    }
    // The strings were written in id order, chunk by chunk.
    for (std::size_t c = 0; c < chunkSizes.size(); ++c)
        a.raw(m_chunks[c].get(), chunkSizes[c]);
    a.pods(m_slots);
    if (!a.ok() || m_refs.empty() || m_slots.empty() || (m_slots.size() & (m_slots.size() - 1))) return false;
    for (std::uint64_t ref : m_refs) {
        const std::size_t chunk = ref >> 32, offset = ref & 0xffffffffu;
        if (chunk >= chunkSizes.size() || offset + 4 > chunkSizes[chunk]) return false;
        std::uint32_t length;
        std::memcpy(&length, m_chunks[chunk].get() + offset, 4);
        if (offset + 4 + length > chunkSizes[chunk]) return false;
    }
    for (std::uint64_t slot : m_slots)
        if (slot && (slot & 0xffffffffu) > m_refs.size()) return false;
    // Small strings go on into the last chunk (it was given room for them above).
    m_shared = chunkSizes.empty() ? NoChunk : chunkSizes.size() - 1;
    m_chunkSize = chunkSizes.empty() ? 0 : std::max<std::size_t>(chunkSizes.back(), PoolChunkBytes);
    m_chunkUsed = chunkSizes.empty() ? 0 : chunkSizes.back();
    return true;
}

template <class Archive, class Self> void FieldTable::transfer(Archive& a, Self& self) {
    std::uint64_t n = self.m_nodes.size();
    a.count(n);
    if constexpr (Archive::reading) self.m_nodes.resize(a.plausible(n, 16) ? n : 0);
    for (auto& node : self.m_nodes) {
        a.pod(node.parent);
        a.pod(node.group);
        a.pod(node.hash);
        a.string(node.name);
        a.string(node.segment);
    }
    a.pods(self.m_slots);
}

template <class Archive> void FieldTable::save(Archive& a) const {
    transfer(a, *this);
}

template <class Archive> bool FieldTable::load(Archive& a) {
    transfer(a, *this);
    if (!a.ok() || m_nodes.empty() || m_slots.empty() || (m_slots.size() & (m_slots.size() - 1))) return false;
    for (const Node& node : m_nodes)
        if ((node.parent != npos && node.parent >= m_nodes.size()) || node.group >= m_nodes.size()) return false;
    for (FieldId slot : m_slots)
        if (slot != npos && slot >= m_nodes.size()) return false;
    return true;
}

template <class Archive, class Self> bool EventStore::transfer(Archive& a, Self& self) {
    if constexpr (Archive::reading) {
        if (!self.m_strings.load(a) || !self.m_fields.load(a)) return false;
    } else {
        self.m_strings.save(a);
        self.m_fields.save(a);
    }
    std::uint64_t sources = self.m_sources.size();
    a.count(sources);
    if constexpr (Archive::reading) self.m_sources.resize(a.plausible(sources, 16) ? sources : 0);
    for (auto& source : self.m_sources) {
        a.string(source.path);
        a.string(source.indexName);
        a.pod(source.compressed);
        a.pod(source.bytes);
    }
    a.pods(self.m_shapeEntries);
    a.pods(self.m_shapes);
    a.pods(self.m_blocks);
    const_cast<ChunkedArena<std::uint32_t>&>(self.m_cells).serialize(a);
    const_cast<ChunkedArena<std::uint32_t>&>(self.m_eventBlocks).serialize(a);
    a.pods(self.m_eventBlockStart);
    a.pods(self.m_eventBlockCount);
    a.pods(self.m_timestamps);
    a.pods(self.m_origins);
    a.pods(self.m_docIds);
    a.pods(self.m_indexNames);
    std::vector<std::uint8_t> fromData(self.m_indexFromData.begin(), self.m_indexFromData.end());
    a.pods(fromData);
    if constexpr (Archive::reading) self.m_indexFromData.assign(fromData.begin(), fromData.end());
    return a.ok();
}

template <class Archive> void EventStore::save(Archive& a) const {
    transfer(a, *this);
}

template <class Archive> bool EventStore::load(Archive& a) {
    clear();
    auto fail = [this] {
        clear();
        return false;
    };
    if (!transfer(a, *this)) return fail();
    // Everything points where it may: no crash on a file that passed the checksum by chance.
    const std::size_t events = m_timestamps.size();
    if (m_eventBlockStart.size() != events || m_eventBlockCount.size() != events || m_origins.size() != events
        || m_docIds.size() != events || m_indexNames.size() != events || m_indexFromData.size() != events)
        return fail();
    for (const ShapeEntry& e : m_shapeEntries)
        if (e.field >= m_fields.size() || e.kind > ValueKind::String || e.narrow > 1
            || (e.narrow && e.kind != ValueKind::Int))
            return fail();
    for (std::uint32_t id = 0; id < m_shapes.size(); ++id) {
        const Shape& s = m_shapes[id];
        if (std::uint64_t(s.firstEntry) + s.entryCount > m_shapeEntries.size() || s.group >= m_fields.size())
            return fail();
        for (std::uint32_t i = 0; i < s.entryCount; ++i) { // an entry's values lie within its block
            const ShapeEntry& e = m_shapeEntries[s.firstEntry + i];
            if (std::uint64_t(e.cell) + std::uint64_t(width(e)) * e.count > s.cellCount) return fail();
        }
        // The shapes' index is theirs to derive, not the file's to say.
        m_shapeIndex.emplace(shapeKey(m_shapeEntries.data() + s.firstEntry, s.entryCount, s.group), id);
    }
    for (const Block& b : m_blocks)
        if (b.shape >= m_shapes.size() || !m_cells.contains(b.cells, m_shapes[b.shape].cellCount)) return fail();
    for (std::size_t e = 0; e < events; ++e) {
        if (!m_eventBlocks.contains(m_eventBlockStart[e], m_eventBlockCount[e])) return fail();
        const std::uint32_t* blocks = m_eventBlocks.at(m_eventBlockStart[e]);
        for (std::uint32_t b = 0; b < m_eventBlockCount[e]; ++b)
            if (blocks[b] >= m_blocks.size()) return fail();
        if (m_origins[e].source >= m_sources.size() || m_docIds[e] >= m_strings.size()
            || m_indexNames[e] >= m_strings.size())
            return fail();
    }
    return true; // the blocks' hash table is rebuilt by the first event stored, if one ever is
}

void EventStore::clear() {
    m_strings = StringPool();
    m_fields = FieldTable();
    m_sources.clear();
    m_shapeEntries.clear();
    m_shapes.clear();
    m_shapeIndex.clear();
    m_lastShape.clear();
    m_lastBlock.clear();
    m_blocks.clear();
    m_blockSlots.clear();
    m_cells = ChunkedArena<std::uint32_t>();
    m_eventBlocks = ChunkedArena<std::uint32_t>();
    m_eventBlockStart.clear();
    m_eventBlockCount.clear();
    m_timestamps.clear();
    m_origins.clear();
    m_docIds.clear();
    m_indexNames.clear();
    m_indexFromData.clear();
}

template void EventStore::save<ArchiveWriter>(ArchiveWriter&) const;
template bool EventStore::load<ArchiveReader>(ArchiveReader&);

} // namespace wb
