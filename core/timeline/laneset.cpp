// SPDX-License-Identifier: Apache-2.0
#include "laneset.h"

#include "store/timeorder.h"

#include <algorithm>
#include <map>

namespace wb::timeline {

namespace {
std::string firstText(const EventStore& s, EventIndex e, FieldId f) {
    return s.firstText(e, f);
}
} // namespace

std::string laneNameField(const std::string& keyField) {
    for (std::string_view suffix : {".id", ".entity_id"})
        if (keyField.size() > suffix.size() && keyField.ends_with(suffix))
            return keyField.substr(0, keyField.size() - suffix.size()) + ".name";
    return {};
}

LaneSet LaneSet::build(const EventStore& store, const std::vector<std::string>& keyFields) {
    LaneSet set;
    set.m_keyFields = keyFields;
    std::vector<FieldId> ids, nameIds;
    for (const std::string& f : keyFields) {
        ids.push_back(store.fields().find(f));
        const std::string name = laneNameField(f);
        nameIds.push_back(name.empty() ? FieldTable::npos : store.fields().find(name));
    }
    const EventKindClassifier kindOf(store);
    set.m_kinds.assign(store.size(), std::uint8_t(EventKind::Other));
    set.m_eventLane.assign(store.size(), -1);
    std::map<std::vector<std::string>, int> laneIndex;
    std::vector<std::string> key(ids.size());
    const std::vector<EventIndex> order = eventsInTimeOrder(store);
    bool anyTime = false;
    for (EventIndex e : order) {
        if (store.timestampNs(e) == NoTimestamp) continue; // not on any lane
        if (!anyTime) set.m_first = store.timestampNs(e);
        anyTime = true;
        set.m_kinds[e] = std::uint8_t(kindOf(e));
        for (std::size_t i = 0; i < ids.size(); ++i)
            key[i] = firstText(store, e, ids[i]);
        auto [it, inserted] = laneIndex.try_emplace(key, int(set.m_lanes.size()));
        if (inserted) {
            set.m_lanes.emplace_back();
            set.m_lanes.back().key = key;
            set.m_lanes.back().group = key.empty() ? std::string() : key[0];
            for (FieldId n : nameIds)
                set.m_lanes.back().names.push_back(firstText(store, e, n));
        }
        Lane& lane = set.m_lanes[std::size_t(it->second)];
        lane.events.push_back(e);
        lane.times.push_back(store.timestampNs(e));
        lane.kindTimes[set.m_kinds[e]].push_back(store.timestampNs(e));
        set.m_eventLane[e] = it->second;
    }
    // Lanes grouped by host (the first key), then by the rest of the key.
    std::vector<std::size_t> perm(set.m_lanes.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        perm[i] = i;
    std::sort(perm.begin(), perm.end(),
        [&](std::size_t a, std::size_t b) { return set.m_lanes[a].key < set.m_lanes[b].key; });
    std::vector<Lane> sorted;
    std::vector<int> newIndex(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        newIndex[perm[i]] = int(i);
        sorted.push_back(std::move(set.m_lanes[perm[i]]));
    }
    set.m_lanes = std::move(sorted);
    for (int& l : set.m_eventLane)
        if (l >= 0) l = newIndex[std::size_t(l)];
    if (anyTime) set.m_last = store.timestampNs(order.back());
    return set;
}

LaneBins LaneSet::bin(std::size_t laneIndex, std::int64_t fromNs, std::int64_t toNs, int pixels) const {
    LaneBins bins;
    if (pixels <= 0 || toNs <= fromNs || laneIndex >= m_lanes.size()) return bins;
    bins.counts.assign(std::size_t(pixels), {});
    const Lane& lane = m_lanes[laneIndex];
    const double span = double(toNs - fromNs);
    for (std::size_t kind = 0; kind < EventKindCount; ++kind) {
        const std::vector<std::int64_t>& times = lane.kindTimes[kind];
        auto first = std::lower_bound(times.begin(), times.end(), fromNs);
        auto last = std::lower_bound(first, times.end(), toNs);
        if (last - first < 4 * pixels) { // few events: place each one
            for (auto it = first; it != last; ++it) {
                const auto px
                    = std::min<std::size_t>(std::size_t(double(*it - fromNs) * pixels / span), std::size_t(pixels - 1));
                ++bins.counts[px][kind];
            }
            continue;
        }
        // Many events: count between pixel boundaries, searching forward from the last one.
        auto it = first;
        for (int px = 0; px < pixels; ++px) {
            const std::int64_t end = px + 1 == pixels ? toNs : fromNs + std::int64_t(span * (px + 1) / pixels);
            auto next = std::lower_bound(it, last, end);
            bins.counts[std::size_t(px)][kind] = std::uint32_t(next - it);
            it = next;
        }
    }
    return bins;
}

} // namespace wb::timeline
