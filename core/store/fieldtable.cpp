// SPDX-License-Identifier: Apache-2.0
#include "fieldtable.h"

#include <cstring>

namespace wb {

namespace {
void makeKey(std::string& key, FieldId parent, std::string_view part)
{
    key.resize(sizeof(FieldId) + part.size());
    std::memcpy(key.data(), &parent, sizeof(FieldId));
    std::memcpy(key.data() + sizeof(FieldId), part.data(), part.size());
}
} // namespace

FieldTable::FieldTable()
{
    m_nodes.push_back({npos, root, std::string()});
}

FieldId FieldTable::childSegment(FieldId parent, std::string_view part)
{
    makeKey(m_scratch, parent, part);
    const auto it = m_children.find(m_scratch);
    if (it != m_children.end())
        return it->second;
    const auto id = static_cast<FieldId>(m_nodes.size());
    std::string name = parent == root ? std::string(part) : m_nodes[parent].name + "." + std::string(part);
    // A top-level field is its own future group once something nests under it; its own scalar
    // value lives in the root group.
    const FieldId group = parent == root ? root : (m_nodes[parent].parent == root ? parent : m_nodes[parent].group);
    m_nodes.push_back({parent, group, std::move(name)});
    m_children.emplace(m_scratch, id);
    return id;
}

FieldId FieldTable::findSegment(FieldId parent, std::string_view part) const
{
    std::string key;
    makeKey(key, parent, part);
    const auto it = m_children.find(key);
    return it == m_children.end() ? npos : it->second;
}

FieldId FieldTable::child(FieldId parent, std::string_view segment)
{
    FieldId current = parent;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = segment.find('.', start);
        const std::string_view part
            = segment.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        current = childSegment(current, part);
        if (dot == std::string_view::npos)
            return current;
        start = dot + 1;
    }
}

FieldId FieldTable::find(std::string_view dottedPath) const
{
    FieldId current = root;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = dottedPath.find('.', start);
        const std::string_view part
            = dottedPath.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        current = findSegment(current, part);
        if (current == npos || dot == std::string_view::npos)
            return current;
        start = dot + 1;
    }
}

} // namespace wb
