// SPDX-License-Identifier: Apache-2.0
// Where an EventStore's memory goes: the numbers behind `eqlwb inspect --memory`.
#include "eventstore.h"

#include <algorithm>

namespace wb {

EventStore::MemoryReport EventStore::memoryReport() const {
    MemoryReport report;
    const StringPool::MemoryParts strings = m_strings.memoryParts();
    report.parts = {
        {"string text", strings.text},
        {"string references", strings.references},
        {"string hash table", strings.hashTable},
        {"value cells", m_cells.memoryBytes()},
        {"value blocks", m_blocks.capacity() * sizeof(Block)},
        {"value block hash table", m_blockSlots.capacity() * sizeof(std::uint32_t)},
        {"value block shapes", m_shapeEntries.capacity() * sizeof(ShapeEntry) + m_shapes.capacity() * sizeof(Shape)},
        {"per event: block lists", m_eventBlocks.memoryBytes()},
        {"per event: block list starts", m_eventBlockStart.capacity() * sizeof(ChunkedArena<std::uint32_t>::Index)},
        {"per event: block counts", m_eventBlockCount.capacity() * sizeof(std::uint16_t)},
        {"per event: timestamps", m_timestamps.capacity() * sizeof(std::int64_t)},
        {"per event: origins (file, line, offset, length)", m_origins.capacity() * sizeof(EventOrigin)},
        {"per event: _id and _index",
            (m_docIds.capacity() + m_indexNames.capacity()) * sizeof(StringId) + m_indexFromData.capacity() / 8},
    };
    for (const MemoryPart& part : report.parts)
        report.total += part.bytes;

    // Each block and each string once, for the first field that holds it.
    const double slotShare = m_strings.size() ? double(strings.hashTable) / double(m_strings.size()) : 0.0;
    std::vector<bool> stringSeen(m_strings.size(), false);
    std::vector<FieldMemory> fields(m_fields.size());
    std::size_t kindBytes[6] = {};
    for (const Block& block : m_blocks) {
        const Shape& shape = m_shapes[block.shape];
        const std::uint32_t* cells = m_cells.at(block.cells);
        for (std::uint32_t i = 0; i < shape.entryCount; ++i) {
            const ShapeEntry& entry = m_shapeEntries[shape.firstEntry + i];
            FieldMemory& field = fields[entry.field];
            const std::size_t bytes = std::size_t(width(entry)) * entry.count * sizeof(std::uint32_t);
            field.cellBytes += bytes;
            kindBytes[std::size_t(entry.kind)] += bytes;
            if (entry.kind != ValueKind::String) continue;
            for (std::uint32_t k = 0; k < entry.count; ++k) {
                const StringId id = cells[entry.cell + k];
                if (id >= stringSeen.size() || stringSeen[id]) continue;
                stringSeen[id] = true;
                ++field.strings;
                field.stringBytes += m_strings.view(id).size() + 4 + sizeof(std::uint64_t) + std::size_t(slotShare);
            }
        }
    }
    report.byKind = {
        {"strings (cells, and all string storage)",
            kindBytes[std::size_t(ValueKind::String)] + strings.text + strings.references + strings.hashTable},
        {"integers", kindBytes[std::size_t(ValueKind::Int)]},
        {"floating point", kindBytes[std::size_t(ValueKind::Double)]},
        {"booleans and nulls (kept in the block's shape)",
            kindBytes[std::size_t(ValueKind::True)] + kindBytes[std::size_t(ValueKind::False)]
                + kindBytes[std::size_t(ValueKind::Null)]},
    };
    for (FieldId f = 0; f < fields.size(); ++f) {
        if (fields[f].cellBytes == 0 && fields[f].stringBytes == 0) continue;
        fields[f].field = m_fields.name(f);
        report.byField.push_back(std::move(fields[f]));
    }
    std::sort(report.byField.begin(), report.byField.end(), [](const FieldMemory& a, const FieldMemory& b) {
        const std::size_t sa = a.cellBytes + a.stringBytes, sb = b.cellBytes + b.stringBytes;
        return sa != sb ? sa > sb : a.field < b.field;
    });
    return report;
}

} // namespace wb
