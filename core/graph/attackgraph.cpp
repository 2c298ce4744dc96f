// SPDX-License-Identifier: Apache-2.0
#include "graph/attackgraph.h"

#include "story/eventstory.h"
#include "util/timestamp.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace wb::graph {

namespace {
bool hasCategory(const EventStore& store, EventIndex e, const char* category) {
    const FieldId f = store.fields().find("event.category");
    if (f == FieldTable::npos) return false;
    const auto values = store.textValues(e, f);
    return std::find(values.begin(), values.end(), category) != values.end();
}

std::string timeText(std::int64_t ns) {
    if (ns == NoTimestamp) return "time unknown";
    const std::string t = formatTimestampMillis(ns);
    return t.size() > 11 ? t.substr(11) : t; // the time of day; the date is the capture's
}
} // namespace

AttackGraph buildAttackGraph(const EventStore& store, const process::ProcessTree& tree,
    const std::vector<EventIndex>& focus, const std::vector<EventIndex>& stages, const GraphOptions& options) {
    AttackGraph graph;
    const auto& nodes = tree.nodes();
    // Which processes: every focus event's chain.
    std::set<int> included, onChain;
    for (EventIndex e : focus) {
        const int n = tree.nodeOf(e);
        if (n < 0) continue;
        for (int c : tree.chain(n))
            included.insert(c);
        for (int a : tree.ancestors(n))
            onChain.insert(a);
        onChain.insert(n);
    }
    if (included.empty()) return graph;
    std::map<EventIndex, int> stageOf;
    for (std::size_t i = 0; i < stages.size(); ++i)
        stageOf.emplace(stages[i], int(i) + 1);

    auto byStart = [&](int a, int b) {
        if (nodes[a].startNs != nodes[b].startNs) return nodes[a].startNs < nodes[b].startNs;
        if (nodes[a].pid != nodes[b].pid) return nodes[a].pid < nodes[b].pid;
        return nodes[a].key < nodes[b].key;
    };
    auto visible = [&](std::int64_t ns) { return !options.cutoffNs || ns == NoTimestamp || ns <= *options.cutoffNs; };

    int row = 0;
    std::function<void(int, int, int)> place = [&](int n, int depth, int parentBox) {
        const process::ProcessNode& p = nodes[n];
        if (!visible(p.startNs)) {
            ++graph.hiddenByTime;
            return;
        }
        GraphNode box;
        box.kind = GraphNode::Kind::Process;
        box.process = n;
        box.title = p.name.empty() ? "(unknown process)" : p.name;
        box.inferred = p.inferred;
        box.timeNs = p.startNs;
        std::string user;
        std::vector<EventIndex> leaves;
        for (EventIndex e : p.events) {
            if (!visible(store.timestampNs(e))) continue;
            if (user.empty()) user = store.firstText(e, "user.name");
            if (box.signature.empty()) {
                const std::string trusted = store.firstText(e, "process.code_signature.trusted");
                const std::string exists = store.firstText(e, "process.code_signature.exists");
                if (trusted == "true")
                    box.signature = "trusted";
                else if (trusted == "false")
                    box.signature = exists == "false" ? "unsigned" : "untrusted";
                else if (exists == "false")
                    box.signature = "unsigned";
                box.signer = store.firstText(e, "process.code_signature.subject_name");
                if (box.signer.empty()) box.signer = store.firstText(e, "process.code_signature.signing_id");
            }
            if (hasCategory(store, e, "file"))
                ++box.fileEvents;
            else if (hasCategory(store, e, "network"))
                leaves.push_back(e);
            if (hasCategory(store, e, "process")) box.events.push_back(e);
            if (auto s = stageOf.find(e); s != stageOf.end() && hasCategory(store, e, "process")) box.stage = s->second;
        }
        if (box.events.empty()) box.events = p.events;
        box.detail = (p.pid >= 0 ? "pid " + std::to_string(p.pid) : std::string("pid ?"))
            + (user.empty() ? "" : " · " + user) + " · " + timeText(p.startNs) + (p.inferred ? " · inferred" : "");
        box.column = depth;
        box.row = row++;
        const int self = int(graph.nodes.size());
        graph.nodes.push_back(std::move(box));
        if (parentBox >= 0)
            graph.edges.push_back({parentBox, self, nodes[n].inferred || graph.nodes[parentBox].inferred});

        // Leaves: one per destination (or DNS name), in time order, with how many events each.
        std::vector<GraphNode> leafBoxes;
        std::map<std::string, std::size_t> leafIndex;
        for (EventIndex e : leaves) {
            std::string name = store.firstText(e, "dns.question.name");
            GraphNode::Kind kind = GraphNode::Kind::Dns;
            if (name.empty()) {
                kind = GraphNode::Kind::Network;
                name = story::destinationText(store, e);
                if (name.empty()) continue;
            }
            auto [it, fresh] = leafIndex.emplace(name, leafBoxes.size());
            if (fresh) {
                GraphNode leaf;
                leaf.kind = kind;
                leaf.title = name;
                leaf.process = n;
                leaf.timeNs = store.timestampNs(e);
                leaf.detail = (kind == GraphNode::Kind::Dns ? "lookup · " : "connection · ") + timeText(leaf.timeNs);
                leafBoxes.push_back(std::move(leaf));
            } else {
                ++leafBoxes[it->second].connections;
            }
            GraphNode& leaf = leafBoxes[it->second];
            leaf.events.push_back(e);
            if (auto s = stageOf.find(e); s != stageOf.end()) leaf.stage = s->second;
        }
        // Children: processes in the chains, in start order; beyond the limit folded, keeping
        // those on the alert's chain.
        std::vector<int> children;
        for (int c : p.children)
            if (included.count(c)) children.push_back(c);
        std::sort(children.begin(), children.end(), byStart);
        std::vector<int> shown, folded;
        for (int c : children)
            (onChain.count(c) || shown.size() < options.siblingLimit ? shown : folded).push_back(c);
        for (int c : shown)
            place(c, depth + 1, self);
        std::size_t leavesShown = 0, leavesFolded = 0;
        for (GraphNode& leaf : leafBoxes) {
            if (leavesShown >= options.siblingLimit && !leaf.stage) {
                ++leavesFolded;
                continue;
            }
            ++leavesShown;
            leaf.column = depth + 1;
            leaf.row = row++;
            graph.edges.push_back({self, int(graph.nodes.size()), false});
            graph.nodes.push_back(std::move(leaf));
        }
        if (!folded.empty() || leavesFolded) {
            GraphNode more;
            more.kind = GraphNode::Kind::More;
            more.title = "+" + std::to_string(folded.size() + leavesFolded) + " more";
            more.detail
                = std::to_string(folded.size()) + " processes, " + std::to_string(leavesFolded) + " destinations";
            more.process = n;
            for (int c : folded)
                more.events.insert(more.events.end(), nodes[c].events.begin(), nodes[c].events.end());
            more.column = depth + 1;
            more.row = row++;
            graph.edges.push_back({self, int(graph.nodes.size()), false});
            graph.nodes.push_back(std::move(more));
        }
    };
    // The tops of the included chains: processes whose parent is not included.
    std::vector<int> tops;
    for (int n : included)
        if (nodes[n].parent < 0 || !included.count(nodes[n].parent)) tops.push_back(n);
    std::sort(tops.begin(), tops.end(), byStart);
    for (int t : tops)
        place(t, 0, -1);
    // The alert's path: from each later stage up to the first stage's box.
    std::vector<int> parentOf(graph.nodes.size(), -1);
    for (const GraphEdge& e : graph.edges)
        parentOf[std::size_t(e.to)] = e.from;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (graph.nodes[i].stage <= 1) continue;
        std::vector<int> path;
        bool reachesFirst = false;
        for (int at = int(i); at >= 0; at = parentOf[std::size_t(at)]) {
            path.push_back(at);
            if (graph.nodes[std::size_t(at)].stage == 1) {
                reachesFirst = true;
                break;
            }
        }
        if (reachesFirst)
            for (int at : path)
                graph.nodes[std::size_t(at)].onAlertPath = true;
    }
    for (const GraphNode& n : graph.nodes)
        graph.columns = std::max(graph.columns, n.column + 1);
    graph.rows = row;
    return graph;
}

} // namespace wb::graph
