// SPDX-License-Identifier: Apache-2.0
#include "processtree.h"

#include "store/timeorder.h"

#include <algorithm>

namespace wb::process {

namespace {
struct Fields {
    FieldId entityId, pid, name, executable, args, parentEntityId, parentPid, parentName, parentExecutable, parentArgs,
        hostId, action, category;
    explicit Fields(const FieldTable& t)
        : entityId(t.find("process.entity_id"))
        , pid(t.find("process.pid"))
        , name(t.find("process.name"))
        , executable(t.find("process.executable"))
        , args(t.find("process.args"))
        , parentEntityId(t.find("process.parent.entity_id"))
        , parentPid(t.find("process.parent.pid"))
        , parentName(t.find("process.parent.name"))
        , parentExecutable(t.find("process.parent.executable"))
        , parentArgs(t.find("process.parent.args"))
        , hostId(t.find("host.id"))
        , action(t.find("event.action"))
        , category(t.find("event.category")) { }
};

std::string text(const EventStore& s, EventIndex e, FieldId f) {
    return s.firstText(e, f);
}

std::string joined(const EventStore& s, EventIndex e, FieldId f) {
    if (f == FieldTable::npos) return {};
    std::string out;
    s.forEachValue(e, f, [&](const Value& v) {
        if (v.kind != ValueKind::String) return;
        if (!out.empty()) out += ' ';
        out += s.strings().view(v.string);
    });
    return out;
}

std::int64_t number(const EventStore& s, EventIndex e, FieldId f) {
    if (f == FieldTable::npos) return -1;
    std::int64_t out = -1;
    s.forEachValue(e, f, [&](const Value& v) {
        if (v.kind == ValueKind::Int && out < 0) out = v.integer;
    });
    return out;
}
} // namespace

ProcessTree ProcessTree::build(const EventStore& store) {
    ProcessTree tree;
    const Fields f(store.fields());
    std::unordered_map<std::string, int> byKey;
    std::vector<std::string> parentKeys; // per node, as its events name the parent
    tree.m_eventNode.assign(store.size(), -1);
    auto nodeFor = [&](const std::string& key) {
        auto [it, inserted] = byKey.try_emplace(key, int(tree.m_nodes.size()));
        if (inserted) {
            tree.m_nodes.emplace_back();
            tree.m_nodes.back().key = key;
            parentKeys.emplace_back();
        }
        return it->second;
    };
    for (EventIndex e : eventsInTimeOrder(store)) {
        const std::string host = text(store, e, f.hostId);
        std::string key = text(store, e, f.entityId);
        const std::int64_t pid = number(store, e, f.pid);
        if (key.empty() && pid >= 0) key = host + "/" + std::to_string(pid);
        if (key.empty()) continue;
        const int id = nodeFor(key);
        ProcessNode& n = tree.m_nodes[std::size_t(id)];
        n.events.push_back(e);
        tree.m_eventNode[e] = id;
        n.inferred = false;
        if (n.startNs == NoTimestamp) n.startNs = store.timestampNs(e);
        if (n.hostId.empty()) n.hostId = host;
        if (n.pid < 0) n.pid = pid;
        // exec replaces the image of the same process: its name, executable and args win.
        const bool exec = text(store, e, f.action) == "exec";
        if (n.name.empty() || exec) {
            if (std::string v = text(store, e, f.name); !v.empty()) n.name = v;
            if (std::string v = text(store, e, f.executable); !v.empty()) n.executable = v;
            if (std::string v = joined(store, e, f.args); !v.empty()) n.args = v;
        }
        if (parentKeys[std::size_t(id)].empty()) {
            std::string parentKey = text(store, e, f.parentEntityId);
            const std::int64_t ppid = number(store, e, f.parentPid);
            if (parentKey.empty() && ppid >= 0) parentKey = host + "/" + std::to_string(ppid);
            if (!parentKey.empty() && parentKey != key) {
                parentKeys[std::size_t(id)] = parentKey;
                if (!byKey.count(parentKey)) { // inferred until its own events show up
                    const int p = nodeFor(parentKey);
                    ProcessNode& parent = tree.m_nodes[std::size_t(p)];
                    parent.inferred = true;
                    parent.hostId = host;
                    parent.pid = ppid;
                    parent.name = text(store, e, f.parentName);
                    parent.executable = text(store, e, f.parentExecutable);
                    parent.args = joined(store, e, f.parentArgs);
                    parent.startNs = store.timestampNs(e);
                }
            }
        }
    }
    for (std::size_t i = 0; i < tree.m_nodes.size(); ++i) {
        auto it = parentKeys[i].empty() ? byKey.end() : byKey.find(parentKeys[i]);
        if (it == byKey.end()) {
            tree.m_roots.push_back(int(i));
            continue;
        }
        tree.m_nodes[i].parent = it->second;
        tree.m_nodes[std::size_t(it->second)].children.push_back(int(i));
    }
    // An inferred parent is named by whichever of its children's events carry its name and
    // executable (the first child event seen may be a network event without them).
    for (ProcessNode& n : tree.m_nodes) {
        if (!n.inferred) continue;
        for (std::size_t c = 0; c < n.children.size() && (n.name.empty() || n.executable.empty()); ++c)
            for (EventIndex e : tree.m_nodes[std::size_t(n.children[c])].events) {
                if (n.name.empty()) n.name = text(store, e, f.parentName);
                if (n.executable.empty()) n.executable = text(store, e, f.parentExecutable);
                if (n.args.empty()) n.args = joined(store, e, f.parentArgs);
                if (n.pid < 0) n.pid = number(store, e, f.parentPid);
                if (!n.name.empty() && !n.executable.empty()) break;
            }
        if (n.name.empty() && !n.executable.empty()) // "/usr/sbin/installer" → "installer"
            n.name = n.executable.substr(n.executable.find_last_of('/') + 1);
    }
    return tree;
}

int ProcessTree::nodeOf(EventIndex e) const {
    return e < m_eventNode.size() ? m_eventNode[e] : -1;
}

std::vector<int> ProcessTree::ancestors(int node) const {
    std::vector<int> out;
    for (int p = node >= 0 ? m_nodes[std::size_t(node)].parent : -1; p >= 0 && out.size() < m_nodes.size();
         p = m_nodes[std::size_t(p)].parent)
        out.push_back(p);
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<int> ProcessTree::chain(int node) const {
    if (node < 0) return {};
    std::vector<int> out = ancestors(node);
    std::vector<bool> seen(m_nodes.size(), false); // pid reuse can make a cycle of parents
    for (int a : out)
        seen[std::size_t(a)] = true;
    std::vector<int> stack{node};
    while (!stack.empty()) {
        const int n = stack.back();
        stack.pop_back();
        if (seen[std::size_t(n)]) continue;
        seen[std::size_t(n)] = true;
        out.push_back(n);
        for (auto it = m_nodes[std::size_t(n)].children.rbegin(); it != m_nodes[std::size_t(n)].children.rend(); ++it)
            stack.push_back(*it);
    }
    return out;
}

} // namespace wb::process
