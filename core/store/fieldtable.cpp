// SPDX-License-Identifier: Apache-2.0
#include "fieldtable.h"

#include "stringpool.h"

#include <cstring>

namespace wb {

namespace {
std::uint32_t segmentHash(FieldId parent, std::string_view part) {
    return hashBytes(part) ^ (parent * 0x9e3779b1u);
}
} // namespace

FieldTable::FieldTable() {
    m_nodes.push_back({npos, root, 0, std::string(), std::string()});
    m_slots.assign(256, npos);
}

FieldId FieldTable::findSegment(FieldId parent, std::string_view part, std::uint32_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const FieldId id = m_slots[slot];
        if (id == npos) return npos;
        const Node& node = m_nodes[id];
        if (node.hash == hash && node.parent == parent && node.segment == part) return id;
    }
}

void FieldTable::grow() {
    std::vector<FieldId> slots(m_slots.size() * 2, npos);
    const std::size_t mask = slots.size() - 1;
    for (FieldId id = 1; id < m_nodes.size(); ++id) {
        std::size_t slot = m_nodes[id].hash & mask;
        while (slots[slot] != npos)
            slot = (slot + 1) & mask;
        slots[slot] = id;
    }
    m_slots.swap(slots);
}

FieldId FieldTable::childSegment(FieldId parent, std::string_view part) {
    const std::uint32_t hash = segmentHash(parent, part);
    const FieldId found = findSegment(parent, part, hash);
    if (found != npos) return found;
    const auto id = static_cast<FieldId>(m_nodes.size());
    std::string name = parent == root ? std::string(part) : m_nodes[parent].name + "." + std::string(part);
    // A field's values are kept with those of its siblings: the group is the object holding it
    // (the root for top-level fields). process.hash.* or process.code_signature.* repeat on
    // every event of a program while process.pid does not: grouped by their own object they
    // are stored once, where grouped by `process` each event would need a block of its own.
    const FieldId group = parent;
    m_nodes.push_back({parent, group, hash, std::move(name), std::string(part)});
    std::size_t slot = hash & (m_slots.size() - 1);
    while (m_slots[slot] != npos)
        slot = (slot + 1) & (m_slots.size() - 1);
    m_slots[slot] = id;
    if (m_nodes.size() * 2 > m_slots.size()) grow();
    return id;
}

FieldId FieldTable::child(FieldId parent, std::string_view segment) {
    FieldId current = parent;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = segment.find('.', start);
        const std::string_view part
            = segment.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        current = childSegment(current, part);
        if (dot == std::string_view::npos) return current;
        start = dot + 1;
    }
}

FieldId FieldTable::find(std::string_view dottedPath) const {
    FieldId current = root;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = dottedPath.find('.', start);
        const std::string_view part
            = dottedPath.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        current = findSegment(current, part, segmentHash(current, part));
        if (current == npos || dot == std::string_view::npos) return current;
        start = dot + 1;
    }
}

} // namespace wb
