// SPDX-License-Identifier: Apache-2.0
// Where an EventStore's memory goes: the numbers behind `eqlwb inspect --memory`.
#include "eventstore.h"

#include <algorithm>

namespace wb {

std::vector<EventStore::MemoryPart> EventStore::memoryParts() const {
    using G = MemoryPart::Group;
    const StringPool::MemoryParts strings = m_strings.memoryParts();
    return {
        {"string text", strings.text, G::Strings},
        {"string references", strings.references, G::Strings},
        {"string hash table", strings.hashTable, G::Strings},
        {"value cells", m_cells.memoryBytes(), G::Values},
        {"value blocks", m_blocks.size() * sizeof(Block), G::Values},
        {"value block hash table", m_blockSlots.size() * sizeof(std::uint32_t), G::Values},
        {"value block shapes", m_shapeEntries.size() * sizeof(ShapeEntry) + m_shapes.size() * sizeof(Shape), G::Values},
        {"per event: block lists", m_eventBlocks.memoryBytes(), G::Events},
        {"per event: block list starts", m_eventBlockStart.size() * sizeof(ChunkedArena<std::uint32_t>::Index),
            G::Events},
        {"per event: block counts", m_eventBlockCount.size() * sizeof(std::uint16_t), G::Events},
        {"per event: timestamps", m_timestamps.size() * sizeof(std::int64_t), G::Events},
        {"per event: origins (file, line, offset, length)", m_origins.size() * sizeof(EventOrigin), G::Events},
        {"per event: _id and _index",
            (m_docIds.size() + m_indexNames.size()) * sizeof(StringId) + (m_indexFromData.size() + 7) / 8, G::Events},
    };
}

EventStore::MemoryReport EventStore::memoryReport() const {
    MemoryReport report;
    const StringPool::MemoryParts strings = m_strings.memoryParts();
    report.parts = memoryParts();
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
