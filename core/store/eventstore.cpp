// SPDX-License-Identifier: Apache-2.0
#include "eventstore.h"

#include "jsontape.h"
#include "recordlayout.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <nlohmann/json.hpp>

namespace wb {

namespace {
std::uint32_t hashCells(std::uint32_t shape, const std::uint32_t* cells, std::uint32_t count) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ shape;
    for (std::uint32_t i = 0; i < count; ++i) {
        h ^= cells[i];
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    return static_cast<std::uint32_t>(h ^ (h >> 29));
}
} // namespace

void EventStore::compact() {
    std::vector<std::uint32_t>().swap(m_blockSlots);
    // The arrays keep their capacity: what lies beyond their size was never written, so it is
    // address space, not memory, and shrinking would copy them (hundreds of MB at once at the
    // end of a large load, above what the load itself needed).
#ifdef __GLIBC__
    // Hand what loading freed (parse batches, the hash table, the old arrays) back to the system:
    // glibc keeps freed blocks below its adaptive mmap threshold in the heap otherwise.
    malloc_trim(0);
#endif
}

SourceId EventStore::addSource(SourceInfo info) {
    m_sources.push_back(std::move(info));
    return static_cast<SourceId>(m_sources.size() - 1);
}

std::uint32_t EventStore::internShape(const std::vector<ShapeEntry>& entries, FieldId group, std::uint32_t cellCount) {
    if (group >= m_lastShape.size()) m_lastShape.resize(m_fields.size(), NoId);
    if (const std::uint32_t last = m_lastShape[group]; last != NoId && m_shapes[last].entryCount == entries.size()) {
        const ShapeEntry* known = m_shapeEntries.data() + m_shapes[last].firstEntry;
        bool same = true;
        for (std::size_t i = 0; i < entries.size() && same; ++i)
            same = known[i].field == entries[i].field && known[i].kind == entries[i].kind
                && known[i].narrow == entries[i].narrow && known[i].count == entries[i].count;
        if (same) return last;
    }
    const std::uint32_t shape = findOrAddShape(entries, group, cellCount);
    m_lastShape[group] = shape;
    return shape;
}

std::string EventStore::shapeKey(const ShapeEntry* entries, std::size_t count, FieldId group) {
    std::string key;
    key.resize(count * 12 + 4);
    char* out = key.data();
    std::memcpy(out, &group, 4);
    out += 4;
    for (std::size_t i = 0; i < count; ++i) {
        const ShapeEntry& entry = entries[i];
        std::memcpy(out, &entry.field, 4);
        const std::uint32_t kind = static_cast<std::uint32_t>(entry.kind) | (entry.narrow ? 0x100u : 0u);
        std::memcpy(out + 4, &kind, 4);
        std::memcpy(out + 8, &entry.count, 4);
        out += 12;
    }
    return key;
}

std::uint32_t EventStore::findOrAddShape(
    const std::vector<ShapeEntry>& entries, FieldId group, std::uint32_t cellCount) {
    std::string key = shapeKey(entries.data(), entries.size(), group);
    const auto it = m_shapeIndex.find(key);
    if (it != m_shapeIndex.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(m_shapes.size());
    m_shapes.push_back({group, static_cast<std::uint32_t>(m_shapeEntries.size()),
        static_cast<std::uint32_t>(entries.size()), cellCount});
    m_shapeEntries.insert(m_shapeEntries.end(), entries.begin(), entries.end());
    m_shapeIndex.emplace(std::move(key), id);
    return id;
}

void EventStore::growBlockTable() {
    // Twice the current size, or after compact() dropped it: room for the blocks there are.
    std::size_t size = m_blockSlots.empty() ? 4096 : m_blockSlots.size() * 2;
    while (size * 3 < 4 * (m_blocks.size() + 1))
        size *= 2;
    std::vector<std::uint32_t> slots(size, 0xffffffffu);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t id = 0; id < m_blocks.size(); ++id) {
        std::size_t slot = m_blocks[id].hash & mask;
        while (slots[slot] != 0xffffffffu)
            slot = (slot + 1) & mask;
        slots[slot] = id;
    }
    m_blockSlots.swap(slots);
}

std::uint32_t EventStore::internBlock(std::uint32_t shape, const std::uint32_t* cells, std::uint32_t cellCount) {
    const FieldId group = m_shapes[shape].group;
    if (group >= m_lastBlock.size()) m_lastBlock.resize(m_fields.size(), NoId);
    if (const std::uint32_t last = m_lastBlock[group]; last != NoId && m_blocks[last].shape == shape
        && std::memcmp(m_cells.at(m_blocks[last].cells), cells, cellCount * sizeof(std::uint32_t)) == 0)
        return last;
    const std::uint32_t block = findOrAddBlock(shape, cells, cellCount);
    m_lastBlock[group] = block;
    return block;
}

std::uint32_t EventStore::findOrAddBlock(std::uint32_t shape, const std::uint32_t* cells, std::uint32_t cellCount) {
    if (m_blockSlots.empty()) growBlockTable();
    const std::uint32_t hash = hashCells(shape, cells, cellCount);
    const std::size_t mask = m_blockSlots.size() - 1;
    std::size_t slot = hash & mask;
    for (;; slot = (slot + 1) & mask) {
        const std::uint32_t id = m_blockSlots[slot];
        if (id == 0xffffffffu) break;
        const Block& block = m_blocks[id];
        if (block.hash == hash && block.shape == shape
            && std::memcmp(m_cells.at(block.cells), cells, cellCount * sizeof(std::uint32_t)) == 0)
            return id;
    }
    Block block{shape, hash, m_cells.allocate(cellCount)};
    if (cellCount) std::memcpy(m_cells.at(block.cells), cells, cellCount * sizeof(std::uint32_t));
    const auto id = static_cast<std::uint32_t>(m_blocks.size());
    m_blocks.push_back(block);
    m_blockSlots[slot] = id;
    if (m_blocks.size() * 4 > m_blockSlots.size() * 3) growBlockTable();
    return id;
}

std::optional<EventIndex> EventStore::commit(Builder& builder, std::int64_t timestampNs, const EventOrigin& origin,
    StringId docId, StringId indexName, bool indexFromData) {
    // Order leaves by (group, field) but keep the order of values within a field.
    auto& sorted = builder.m_sorted;
    sorted = builder.m_leaves;
    std::stable_sort(sorted.begin(), sorted.end(), [this](const Builder::Leaf& a, const Builder::Leaf& b) {
        const FieldId ga = m_fields.group(a.field), gb = m_fields.group(b.field);
        return ga != gb ? ga < gb : a.field < b.field;
    });
    std::size_t objects = 0; // a block each: refused before anything is stored
    for (std::size_t i = 0; i < sorted.size(); ++i)
        objects += i == 0 || m_fields.group(sorted[i].field) != m_fields.group(sorted[i - 1].field);
    if (objects > MaxObjectsPerEvent) return std::nullopt;

    auto& blockIds = builder.m_blockIds;
    blockIds.clear();
    std::vector<ShapeEntry> entries;
    auto& cells = builder.m_cells;
    std::size_t i = 0;
    while (i < sorted.size()) {
        const FieldId group = m_fields.group(sorted[i].field);
        entries.clear();
        cells.clear();
        for (; i < sorted.size() && m_fields.group(sorted[i].field) == group; ++i) {
            const Builder::Leaf& leaf = sorted[i];
            const bool narrow = leaf.value.kind == ValueKind::Int
                && leaf.value.integer >= std::numeric_limits<std::int32_t>::min()
                && leaf.value.integer <= std::numeric_limits<std::int32_t>::max();
            if (!entries.empty() && entries.back().field == leaf.field && entries.back().kind == leaf.value.kind
                && entries.back().narrow == narrow) {
                ++entries.back().count;
            } else {
                entries.push_back({.field = leaf.field,
                    .kind = leaf.value.kind,
                    .narrow = narrow,
                    .count = 1,
                    .cell = static_cast<std::uint32_t>(cells.size())});
            }
            if (narrow) {
                const auto value = static_cast<std::int32_t>(leaf.value.integer);
                std::uint32_t word;
                std::memcpy(&word, &value, sizeof(word));
                cells.push_back(word);
            } else if (leaf.value.kind == ValueKind::Int || leaf.value.kind == ValueKind::Double) {
                std::uint32_t words[2];
                std::memcpy(words, &leaf.value.integer, 8);
                cells.push_back(words[0]);
                cells.push_back(words[1]);
            } else if (leaf.value.kind == ValueKind::String) {
                cells.push_back(leaf.value.string);
            }
        }
        const std::uint32_t shape = internShape(entries, group, static_cast<std::uint32_t>(cells.size()));
        blockIds.push_back(internBlock(shape, cells.data(), static_cast<std::uint32_t>(cells.size())));
    }

    const auto blockCount = static_cast<std::uint32_t>(blockIds.size());
    const auto start = m_eventBlocks.allocate(blockCount);
    if (blockCount) std::memcpy(m_eventBlocks.at(start), blockIds.data(), blockCount * sizeof(std::uint32_t));
    m_eventBlockStart.push_back(start);
    m_eventBlockCount.push_back(static_cast<std::uint16_t>(blockCount));
    m_timestamps.push_back(timestampNs);
    m_origins.push_back(origin);
    m_docIds.push_back(docId);
    m_indexNames.push_back(indexName);
    m_indexFromData.push_back(indexFromData);
    return static_cast<EventIndex>(m_timestamps.size() - 1);
}

const EventStore::Block* EventStore::findBlock(EventIndex e, FieldId group) const {
    const std::uint32_t* blocks = m_eventBlocks.at(m_eventBlockStart[e]);
    std::uint32_t lo = 0, hi = m_eventBlockCount[e];
    while (lo < hi) {
        const std::uint32_t mid = (lo + hi) / 2;
        const FieldId g = m_shapes[m_blocks[blocks[mid]].shape].group;
        if (g == group) return &m_blocks[blocks[mid]];
        if (g < group)
            lo = mid + 1;
        else
            hi = mid;
    }
    return nullptr;
}

std::vector<Value> EventStore::values(EventIndex e, FieldId field) const {
    std::vector<Value> result;
    forEachValue(e, field, [&](const Value& v) { result.push_back(v); });
    return result;
}

std::string_view EventStore::firstString(EventIndex e, FieldId field) const {
    std::string_view result;
    bool found = false;
    forEachValue(e, field, [&](const Value& v) {
        if (!found && v.kind == ValueKind::String) {
            result = m_strings.view(v.string);
            found = true;
        }
    });
    return result;
}

std::string EventStore::firstText(EventIndex e, FieldId field) const {
    if (field == FieldTable::npos) return {};
    std::string out;
    bool seen = false;
    forEachValue(e, field, [&](const Value& v) {
        if (seen) return;
        if (v.kind == ValueKind::String) {
            out = std::string(m_strings.view(v.string));
            seen = true;
        } else if (v.kind == ValueKind::Int) {
            out = std::to_string(v.integer);
            seen = true;
        }
    });
    return out;
}

std::vector<std::string> EventStore::textValues(EventIndex e, FieldId field) const {
    std::vector<std::string> out;
    if (field == FieldTable::npos) return out;
    forEachValue(e, field, [&](const Value& v) {
        switch (v.kind) {
        case ValueKind::String:
            out.emplace_back(m_strings.view(v.string));
            break;
        case ValueKind::Int:
            out.push_back(std::to_string(v.integer));
            break;
        case ValueKind::Double: {
            char buffer[32];
            const auto r = std::to_chars(buffer, buffer + sizeof buffer, v.real);
            out.emplace_back(buffer, r.ptr);
            break;
        }
        case ValueKind::True:
            out.emplace_back("true");
            break;
        case ValueKind::False:
            out.emplace_back("false");
            break;
        case ValueKind::Null:
            break;
        }
    });
    return out;
}

bool EventStore::recordText(EventIndex e, std::string& out) const {
    const EventOrigin& o = m_origins[e];
    return m_sources[o.source].text && m_sources[o.source].text->read(o.offset, o.length, out);
}

bool EventStore::sourceDocument(EventIndex e, std::string& out) const {
    std::string record;
    if (!recordText(e, record)) return false;
    JsonTape tape;
    JsonTape::Error error;
    if (!tape.parse(record, error)) return false;
    const RecordLayout layout = classifyRecord(tape);
    if (layout.document == JsonTape::npos) return false;
    if (layout.kind != RecordLayout::Kind::FieldsHit) {
        out.assign(tape.raw(tape.node(layout.document)));
        return true;
    }
    // A hit with only `fields`: rebuild the nested document the flattened keys describe.
    nlohmann::ordered_json document = nlohmann::ordered_json::object();
    const auto fields = nlohmann::ordered_json::parse(tape.raw(tape.node(layout.document)), nullptr, false);
    if (fields.is_discarded()) return false;
    for (const auto& [key, value] : fields.items()) {
        nlohmann::ordered_json* node = &document;
        std::size_t start = 0;
        for (;;) {
            const std::size_t dot = key.find('.', start);
            const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (dot == std::string::npos) {
                (*node)[part] = (value.is_array() && value.size() == 1) ? value[0] : value;
                break;
            }
            nlohmann::ordered_json& next = (*node)[part];
            if (!next.is_object()) next = nlohmann::ordered_json::object();
            node = &next;
            start = dot + 1;
        }
    }
    out = document.dump();
    return true;
}

EventStore::MemoryUse EventStore::memoryUse() const {
    MemoryUse use;
    for (const MemoryPart& part : memoryParts()) {
        (part.group == MemoryPart::Group::Strings         ? use.strings
                : part.group == MemoryPart::Group::Values ? use.values
                                                          : use.events)
            += part.bytes;
        use.total += part.bytes;
    }
    return use;
}

} // namespace wb
