// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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
    // The object a field belongs to (its parent), or root for a top-level field. Events store
    // their values in one block per group, so repeated objects (host, agent, process.hash) are
    // kept once.
    FieldId group(FieldId id) const { return m_nodes[id].group; }
    std::size_t size() const { return m_nodes.size(); }

    template <class Archive> void save(Archive& a) const;
    template <class Archive> bool load(Archive& a);

private:
    // The one walk over what is cached, for writing (Self const) and reading alike.
    template <class Archive, class Self> static void transfer(Archive& a, Self& self);

public:
private:
    struct Node {
        FieldId parent;
        FieldId group;
        std::uint32_t hash; // of (parent, segment)
        std::string name;
        std::string segment;
    };
    FieldId childSegment(FieldId parent, std::string_view part);
    FieldId findSegment(FieldId parent, std::string_view part, std::uint32_t hash) const;
    void grow();

    std::vector<Node> m_nodes;
    // Open addressing over (parent, segment): this lookup runs for every key of every record.
    std::vector<FieldId> m_slots;
};

} // namespace wb
