// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "process/processtree.h"
#include "store/eventstore.h"

#include <optional>
#include <string>
#include <vector>

namespace wb::graph {

// One box of the attack graph: a process, where it connected or what it looked up, or the
// siblings folded away.
struct GraphNode {
    enum class Kind { Process, Network, Dns, More };
    Kind kind = Kind::Process;
    std::string title; // "bash", "dl.example.net:443", "+5 more"
    std::string detail; // "pid 4242 · root · 10:00:00.000Z"
    int process = -1; // the process tree node (processes), or the process a leaf belongs to
    std::vector<EventIndex> events; // what selecting the box selects
    int stage = 0; // the alert stage it is (from 1), 0 when none
    bool inferred = false; // a parent known only from its child's process.parent.* fields
    std::string signature; // "trusted", "untrusted", "unsigned" or "" (no code_signature)
    std::string signer; // code_signature.subject_name or signing_id
    std::size_t fileEvents = 0; // file events of the process, shown as a badge
    std::size_t connections = 1; // network/dns leaves: how many events they stand for
    bool onAlertPath = false; // between the alert's first stage and a later one: drawn in the alert colour
    int column = 0, row = 0; // left to right by depth, top to bottom in start order
    std::int64_t timeNs = NoTimestamp; // when it appears (replay shows it from then)
};

struct GraphEdge {
    int from = 0, to = 0;
    bool inferred = false; // to or from an inferred parent: drawn dashed
};

struct AttackGraph {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    int columns = 0, rows = 0;
    std::size_t hiddenByTime = 0; // nodes after the replay cutoff
};

struct GraphOptions {
    std::size_t siblingLimit = 8; // processes per parent and leaves per process before "+N more"
    std::optional<std::int64_t> cutoffNs; // replay: only what happened by then
};

// The story around some events (an alert's, a process's, a time range's): every process in
// their chains (ancestors and descendants) as a left-to-right tree, with each process's network
// connections and DNS lookups as leaves and its file events as a count. Deterministic: the same
// input gives the same nodes, order and layout. `stages`: the alert's events in stage order,
// numbered on the boxes they fall in.
AttackGraph buildAttackGraph(const EventStore& store, const process::ProcessTree& tree,
    const std::vector<EventIndex>& focus, const std::vector<EventIndex>& stages, const GraphOptions& options = {});

} // namespace wb::graph
