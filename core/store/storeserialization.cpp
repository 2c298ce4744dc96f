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

template <class Archive> void FieldTable::save(Archive& a) const {
    a.count(m_nodes.size());
    for (const Node& n : m_nodes) {
        a.pod(n.parent);
        a.pod(n.group);
        a.pod(n.hash);
        a.string(n.name);
        a.string(n.segment);
    }
    a.pods(m_slots);
}

template <class Archive> bool FieldTable::load(Archive& a) {
    std::uint64_t n = 0;
    a.count(n);
    m_nodes.clear();
    for (std::uint64_t i = 0; i < n && a.ok(); ++i) {
        Node node;
        a.pod(node.parent);
        a.pod(node.group);
        a.pod(node.hash);
        a.string(node.name);
        a.string(node.segment);
        m_nodes.push_back(std::move(node));
    }
    a.pods(m_slots);
    if (!a.ok() || m_nodes.empty() || m_slots.empty() || (m_slots.size() & (m_slots.size() - 1))) return false;
    for (const Node& node : m_nodes)
        if ((node.parent != npos && node.parent >= m_nodes.size()) || node.group >= m_nodes.size()) return false;
    for (FieldId slot : m_slots)
        if (slot != npos && slot >= m_nodes.size()) return false;
    return true;
}

template <class Archive> void EventStore::save(Archive& a) const {
    m_strings.save(a);
    m_fields.save(a);
    a.count(m_sources.size());
    for (const SourceInfo& s : m_sources) {
        a.string(s.path);
        a.string(s.indexName);
        a.pod(s.compressed);
        a.pod(s.bytes);
    }
    a.pods(m_shapeEntries);
    a.pods(m_shapes);
    a.count(m_shapeIndex.size());
    for (const auto& [key, shape] : m_shapeIndex) {
        a.string(key);
        a.pod(shape);
    }
    a.pods(m_blocks);
    a.pods(m_blockSlots);
    const_cast<ChunkedArena<std::uint32_t>&>(m_cells).serialize(a);
    const_cast<ChunkedArena<std::uint32_t>&>(m_eventBlocks).serialize(a);
    a.pods(m_eventBlockStart);
    a.pods(m_eventBlockCount);
    a.pods(m_timestamps);
    a.pods(m_origins);
    a.pods(m_docIds);
    a.pods(m_indexNames);
    const std::vector<std::uint8_t> fromData(m_indexFromData.begin(), m_indexFromData.end());
    a.pods(fromData);
}

template <class Archive> bool EventStore::load(Archive& a) {
    clear();
    auto fail = [this] {
        clear();
        return false;
    };
    if (!m_strings.load(a) || !m_fields.load(a)) return fail();
    std::uint64_t sources = 0;
    a.count(sources);
    for (std::uint64_t i = 0; i < sources && a.ok(); ++i) {
        SourceInfo s;
        a.string(s.path);
        a.string(s.indexName);
        a.pod(s.compressed);
        a.pod(s.bytes);
        m_sources.push_back(std::move(s));
    }
    a.pods(m_shapeEntries);
    a.pods(m_shapes);
    std::uint64_t shapes = 0;
    a.count(shapes);
    for (std::uint64_t i = 0; i < shapes && a.ok(); ++i) {
        std::string key;
        std::uint32_t shape = 0;
        a.string(key);
        a.pod(shape);
        m_shapeIndex.emplace(std::move(key), shape);
    }
    a.pods(m_blocks);
    a.pods(m_blockSlots);
    m_cells.serialize(a);
    m_eventBlocks.serialize(a);
    a.pods(m_eventBlockStart);
    a.pods(m_eventBlockCount);
    a.pods(m_timestamps);
    a.pods(m_origins);
    a.pods(m_docIds);
    a.pods(m_indexNames);
    std::vector<std::uint8_t> fromData;
    a.pods(fromData);
    m_indexFromData.assign(fromData.begin(), fromData.end());
    if (!a.ok()) return fail();
    // Everything points where it may: no crash on a file that passed the checksum by chance.
    const std::size_t events = m_timestamps.size();
    if (m_eventBlockStart.size() != events || m_eventBlockCount.size() != events || m_origins.size() != events
        || m_docIds.size() != events || m_indexNames.size() != events || m_indexFromData.size() != events)
        return fail();
    for (const Shape& s : m_shapes) {
        if (std::uint64_t(s.firstEntry) + s.entryCount > m_shapeEntries.size() || s.group >= m_fields.size())
            return fail();
        for (std::uint32_t i = 0; i < s.entryCount; ++i) { // an entry's values lie within its block
            const ShapeEntry& e = m_shapeEntries[s.firstEntry + i];
            if (std::uint64_t(e.cell) + std::uint64_t(width(e)) * e.count > s.cellCount) return fail();
        }
    }
    for (const ShapeEntry& e : m_shapeEntries)
        if (e.field >= m_fields.size() || e.kind > ValueKind::String || e.narrow > 1
            || (e.narrow && e.kind != ValueKind::Int))
            return fail();
    for (const Block& b : m_blocks)
        if (b.shape >= m_shapes.size() || !m_cells.contains(b.cells, m_shapes[b.shape].cellCount)) return fail();
    for (std::uint32_t slot : m_blockSlots)
        if (slot != 0xffffffffu && slot >= m_blocks.size()) return fail();
    for (std::size_t e = 0; e < events; ++e) {
        if (!m_eventBlocks.contains(m_eventBlockStart[e], m_eventBlockCount[e])) return fail();
        const std::uint32_t* blocks = m_eventBlocks.at(m_eventBlockStart[e]);
        for (std::uint32_t b = 0; b < m_eventBlockCount[e]; ++b)
            if (blocks[b] >= m_blocks.size()) return fail();
        if (m_origins[e].source >= m_sources.size() || m_docIds[e] >= m_strings.size()
            || m_indexNames[e] >= m_strings.size())
            return fail();
    }
    return true;
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
