// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wb {

using FieldId = std::uint32_t;

// The dotted field names seen in a capture, as a tree of path segments. `{"process":{"name":…}}`
// and `{"process.name":…}` reach the same node, which is what makes them the same field.
class FieldTable {
public:
    FieldTable();

    static constexpr FieldId root = 0;
    static constexpr FieldId npos = 0xffffffffu;

    // The child of `parent` named by `segment`; a segment with dots descends several levels.
    FieldId child(FieldId parent, std::string_view segment);
    FieldId intern(std::string_view dottedPath) { return child(root, dottedPath); }
    FieldId find(std::string_view dottedPath) const;

    const std::string& name(FieldId id) const { return m_nodes[id].name; }
    FieldId parent(FieldId id) const { return m_nodes[id].parent; }
    // The top-level object a nested field belongs to, or root for a top-level field. Events store
    // their values in one block per group, so repeated host/agent objects are kept once.
    FieldId group(FieldId id) const { return m_nodes[id].group; }
    std::size_t size() const { return m_nodes.size(); }

private:
    struct Node {
        FieldId parent;
        FieldId group;
        std::string name;
    };
    FieldId childSegment(FieldId parent, std::string_view part);
    FieldId findSegment(FieldId parent, std::string_view part) const;

    std::vector<Node> m_nodes;
    // (parent, segment) -> child
    std::unordered_map<std::string, FieldId> m_children;
    std::string m_scratch;
};

} // namespace wb
