// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chunkedarena.h"
#include "fieldtable.h"
#include "sourcetext.h"
#include "stringpool.h"
#include "value.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wb {

using EventIndex = std::uint32_t;
using SourceId = std::uint32_t;

constexpr std::int64_t NoTimestamp = std::numeric_limits<std::int64_t>::min();

// One loaded input file. Every event remembers which one it came from.
struct SourceInfo {
    std::string path;
    std::string indexName; // the file name without its extensions: the index its events belong to
    bool compressed = false;
    std::uint64_t bytes = 0;
    std::shared_ptr<const SourceText> text;
};

// Where an event came from, for messages, the detail view and `_source` in outputs.
struct EventOrigin {
    SourceId source = 0;
    std::uint32_t length = 0;
    std::uint64_t line = 0; // 1-based line of the record's first byte
    std::uint64_t offset = 0; // byte offset of the record in the (decompressed) file
};

// All events of a session, column-wise and interned: repeated strings and whole repeated objects
// (the same host, agent or data_stream block on every event) are stored once.
class EventStore {
public:
    EventStore() = default;
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    StringPool& strings() { return m_strings; }
    const StringPool& strings() const { return m_strings; }
    FieldTable& fields() { return m_fields; }
    const FieldTable& fields() const { return m_fields; }

    SourceId addSource(SourceInfo info);
    const SourceInfo& source(SourceId id) const { return m_sources[id]; }
    void setSourceText(SourceId id, std::shared_ptr<const SourceText> text) { m_sources[id].text = std::move(text); }
    std::size_t sourceCount() const { return m_sources.size(); }

    // Collects the leaves of one event, in any order; commit() stores them.
    class Builder {
    public:
        void clear() { m_leaves.clear(); }
        void add(FieldId field, Value value) { m_leaves.push_back({field, value}); }
        bool empty() const { return m_leaves.empty(); }

    private:
        friend class EventStore;
        struct Leaf {
            FieldId field;
            Value value;
        };
        std::vector<Leaf> m_leaves;
        std::vector<Leaf> m_sorted;
        std::vector<std::uint32_t> m_cells;
        std::vector<std::uint32_t> m_blockIds;
    };

    // indexFromData: the record named its _index (otherwise indexName is the file's). Nothing is
    // stored, and nullopt returned, for an event of more than MaxObjectsPerEvent objects.
    std::optional<EventIndex> commit(Builder& builder, std::int64_t timestampNs, const EventOrigin& origin,
        StringId docId, StringId indexName, bool indexFromData = true);

    // Loading is over: drops what only storing new events needs (the value blocks' hash table,
    // rebuilt if more events come) and hands freed memory back. Values and ids do not change.
    void compact();

    std::size_t size() const { return m_timestamps.size(); }
    std::int64_t timestampNs(EventIndex e) const { return m_timestamps[e]; }
    const EventOrigin& origin(EventIndex e) const { return m_origins[e]; }
    StringId docId(EventIndex e) const { return m_docIds[e]; } // 0: the input had no _id
    StringId indexName(EventIndex e) const { return m_indexNames[e]; }
    // Whether the capture gave this event an _index (a hit, an es_archiver doc); a bare document
    // only has its file's name.
    bool hasIndex(EventIndex e) const { return m_indexFromData[e]; }

    // Calls fn(const Value&) for every value of the field in the event (none if it is absent).
    template <typename Fn> void forEachValue(EventIndex e, FieldId field, Fn&& fn) const;
    std::vector<Value> values(EventIndex e, FieldId field) const;
    // The first string value of a field, or empty.
    std::string_view firstString(EventIndex e, FieldId field) const;
    // The first value of a field as text (strings as they are, integers in decimal), or empty;
    // npos as the field is allowed. For labels and tables.
    std::string firstText(EventIndex e, FieldId field) const;
    // The same by the field's dotted path (empty when no event has the field).
    std::string firstText(EventIndex e, std::string_view fieldPath) const {
        return firstText(e, m_fields.find(fieldPath));
    }
    // Every value of the field as text, in document order: strings as they are, numbers as
    // JSON writes them (1.5, not 1.500000), true/false; nulls left out.
    std::vector<std::string> textValues(EventIndex e, FieldId field) const;
    // Every (field, value) of the event, in field order.
    template <typename Fn> void forEachField(EventIndex e, Fn&& fn) const;

    // The record exactly as it stood in the input, and the document (`_source`) inside it.
    bool recordText(EventIndex e, std::string& out) const;
    bool sourceDocument(EventIndex e, std::string& out) const;

    // The capture cache: everything but the sources' open texts (load() reopens nothing; the
    // caller attaches them). load() leaves the store empty and returns false on anything wrong.
    template <class Archive> void save(Archive& a) const;
    template <class Archive> bool load(Archive& a);
    void clear();
    // Most objects one event may have: its values are kept in one block per object.
    static constexpr std::size_t MaxObjectsPerEvent = 60000;

    struct MemoryUse {
        std::size_t strings = 0, values = 0, events = 0, total = 0;
    };
    MemoryUse memoryUse() const;

    // Where the store's memory goes, part by part (they add up to memoryUse().total), and the
    // values' share by kind and by field: each value block and each string is counted once, for
    // the first field that holds it.
    // Arrays count what they hold (their size): capacity beyond it was never written, so it is
    // reserved address space, not resident memory.
    struct MemoryPart {
        enum class Group { Strings, Values, Events };
        std::string name;
        std::size_t bytes = 0;
        Group group = Group::Values;
    };
    std::vector<MemoryPart> memoryParts() const;
    struct FieldMemory {
        std::string field;
        std::size_t cellBytes = 0; // the field's values in value blocks
        std::size_t stringBytes = 0; // text, reference and hash slot of strings it holds first
        std::size_t strings = 0; // distinct strings it holds first
    };
    struct MemoryReport {
        std::vector<MemoryPart> parts;
        std::vector<MemoryPart> byKind; // string, integer, floating point, boolean, null
        std::vector<FieldMemory> byField; // largest first
        std::size_t total = 0;
    };
    MemoryReport memoryReport() const;

private:
    struct ShapeEntry {
        FieldId field;
        ValueKind kind;
        // Integers that fit 32 bits (pids, counts, ports: most of them) take one cell, not two.
        std::uint8_t narrow = 0; // 0 or 1 (a byte, not a bool: read back from cache files)
        // Named, so it is zero: entries are written to the cache as they are in memory, and the
        // same capture must give the same bytes.
        std::uint8_t padding[2] = {};
        std::uint32_t count;
        std::uint32_t cell; // first cell of the entry, relative to the block
    };
    struct Shape {
        FieldId group;
        std::uint32_t firstEntry;
        std::uint32_t entryCount;
        std::uint32_t cellCount;
    };
    struct Block {
        std::uint32_t shape;
        std::uint32_t hash;
        ChunkedArena<std::uint32_t>::Index cells;
    };

    // The one walk over what the cache holds, for writing (Self const) and reading alike; the hash
    // tables that only find shapes and blocks while storing are not in it (they are rebuilt).
    template <class Archive, class Self> static bool transfer(Archive& a, Self& self);
    static std::string shapeKey(const ShapeEntry* entries, std::size_t count, FieldId group);
    std::uint32_t internShape(const std::vector<ShapeEntry>& entries, FieldId group, std::uint32_t cellCount);
    std::uint32_t internBlock(std::uint32_t shape, const std::uint32_t* cells, std::uint32_t cellCount);
    std::uint32_t findOrAddShape(const std::vector<ShapeEntry>& entries, FieldId group, std::uint32_t cellCount);
    std::uint32_t findOrAddBlock(std::uint32_t shape, const std::uint32_t* cells, std::uint32_t cellCount);
    static constexpr std::uint32_t NoId = 0xffffffffu;
    void growBlockTable();
    const Block* findBlock(EventIndex e, FieldId group) const;
    static std::uint32_t width(const ShapeEntry& entry) { return entry.narrow ? 1 : cellWidth(entry.kind); }
    static Value decode(const ShapeEntry& entry, const std::uint32_t* cells);

    StringPool m_strings;
    FieldTable m_fields;
    std::vector<SourceInfo> m_sources;

    std::vector<ShapeEntry> m_shapeEntries;
    std::vector<Shape> m_shapes;
    std::unordered_map<std::string, std::uint32_t> m_shapeIndex;
    // While loading, per group: the shape and block its last event had. Consecutive events of
    // one kind mostly repeat them, and checking costs less than hashing and probing.
    std::vector<std::uint32_t> m_lastShape, m_lastBlock;

    std::vector<Block> m_blocks;
    std::vector<std::uint32_t> m_blockSlots; // open addressing over m_blocks
    ChunkedArena<std::uint32_t> m_cells;

    // Per event: its blocks (sorted by group), time, origin, ids.
    ChunkedArena<std::uint32_t> m_eventBlocks;
    std::vector<ChunkedArena<std::uint32_t>::Index> m_eventBlockStart;
    std::vector<std::uint16_t> m_eventBlockCount;
    std::vector<std::int64_t> m_timestamps;
    std::vector<EventOrigin> m_origins;
    std::vector<StringId> m_docIds;
    std::vector<StringId> m_indexNames;
    std::vector<bool> m_indexFromData;
};

template <typename Fn> void EventStore::forEachValue(EventIndex e, FieldId field, Fn&& fn) const {
    const Block* block = findBlock(e, m_fields.group(field));
    if (!block) return;
    const Shape& shape = m_shapes[block->shape];
    const ShapeEntry* entries = m_shapeEntries.data() + shape.firstEntry;
    std::uint32_t lo = 0, hi = shape.entryCount;
    while (lo < hi) {
        const std::uint32_t mid = (lo + hi) / 2;
        if (entries[mid].field < field)
            lo = mid + 1;
        else
            hi = mid;
    }
    const std::uint32_t* cells = m_cells.at(block->cells);
    for (; lo < shape.entryCount && entries[lo].field == field; ++lo) {
        const ShapeEntry& entry = entries[lo];
        const std::uint32_t cellsPerValue = width(entry);
        for (std::uint32_t i = 0; i < entry.count; ++i)
            fn(decode(entry, cells + entry.cell + i * cellsPerValue));
    }
}

template <typename Fn> void EventStore::forEachField(EventIndex e, Fn&& fn) const {
    const std::uint32_t* blocks = m_eventBlocks.at(m_eventBlockStart[e]);
    for (std::uint32_t b = 0; b < m_eventBlockCount[e]; ++b) {
        const Block& block = m_blocks[blocks[b]];
        const Shape& shape = m_shapes[block.shape];
        const std::uint32_t* cells = m_cells.at(block.cells);
        for (std::uint32_t i = 0; i < shape.entryCount; ++i) {
            const ShapeEntry& entry = m_shapeEntries[shape.firstEntry + i];
            const std::uint32_t cellsPerValue = width(entry);
            for (std::uint32_t k = 0; k < entry.count; ++k)
                fn(entry.field, decode(entry, cells + entry.cell + k * cellsPerValue));
        }
    }
}

inline Value EventStore::decode(const ShapeEntry& entry, const std::uint32_t* cells) {
    Value v;
    v.kind = entry.kind;
    if (entry.narrow) {
        std::int32_t narrow;
        std::memcpy(&narrow, cells, sizeof(narrow));
        v.integer = narrow;
    } else if (entry.kind == ValueKind::Int || entry.kind == ValueKind::Double) {
        std::memcpy(&v.integer, cells, sizeof(std::int64_t));
    } else if (entry.kind == ValueKind::String) {
        v.string = cells[0];
    }
    return v;
}

} // namespace wb
