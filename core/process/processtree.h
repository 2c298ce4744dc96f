// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace wb::process {

struct ProcessNode {
    std::string key; // process.entity_id, or "host/pid" without entity ids
    std::string name;
    std::string executable;
    std::string args;
    std::string hostId;
    std::int64_t pid = -1;
    std::int64_t startNs = NoTimestamp; // first event seen
    int parent = -1;
    std::vector<int> children;
    std::vector<EventIndex> events; // every event of this process (process, network, file ...)
    bool inferred = false; // known only from a child's process.parent.* fields
};

// Process lineage of a capture: one node per process, linked by process.parent.entity_id (or
// host + ppid when entity ids are absent). A parent whose own events are not in the capture is
// inferred from its children's process.parent.* fields, so a chain is never cut where the
// capture started.
class ProcessTree {
public:
    static ProcessTree build(const EventStore& store);

    const std::vector<ProcessNode>& nodes() const { return m_nodes; }
    const std::vector<int>& roots() const { return m_roots; }
    // The process an event belongs to, or -1.
    int nodeOf(EventIndex e) const;
    // The node's ancestors (root first), the node, then all its descendants.
    std::vector<int> chain(int node) const;
    std::vector<int> ancestors(int node) const;

private:
    std::vector<ProcessNode> m_nodes;
    std::vector<int> m_roots;
    std::vector<int> m_eventNode; // per event
};

} // namespace wb::process
