// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventkind.h"
#include "store/eventstore.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace wb::timeline {

// One timeline lane: the events of one join-key value (host.id, user.id for the seed rule).
struct Lane {
    std::vector<std::string> key; // one value per key field; "" when the event has none
    std::string group; // the first key's value: lanes are grouped by host
    std::vector<std::string> names; // per key, a readable name when there is one (host.name for host.id)
    std::vector<EventIndex> events; // by time
    std::vector<std::int64_t> times; // ns, parallel to events
    std::array<std::vector<std::int64_t>, 3> kindTimes; // the same times split by EventKind
};

// The field that names a lane key's value readably, or "" when there is none: host.id → host.name,
// user.id → user.name, process.entity_id → process.name, process.parent.entity_id →
// process.parent.name. What people recognise a lane by.
std::string laneNameField(const std::string& keyField);

// Per-pixel counts for drawing a lane: 1M events become a few thousand numbers per repaint.
struct LaneBins {
    std::vector<std::array<std::uint32_t, EventKindCount>> counts;
};

// The events of a capture split into lanes by the rule's `by` fields, each sorted by time.
class LaneSet {
public:
    static LaneSet build(const EventStore& store, const std::vector<std::string>& keyFields);

    const std::vector<Lane>& lanes() const { return m_lanes; }
    const std::vector<std::string>& keyFields() const { return m_keyFields; }
    EventKind kind(EventIndex e) const { return EventKind(m_kinds[e]); }
    int laneOf(EventIndex e) const { return m_eventLane[e]; }
    std::int64_t firstNs() const { return m_first; }
    std::int64_t lastNs() const { return m_last; }

    // Counts of each kind in `pixels` equal slices of [fromNs, toNs). Costs O(pixels × log n)
    // when events outnumber pixels, so a zoomed-out lane of 1M events bins as fast as a small one.
    LaneBins bin(std::size_t lane, std::int64_t fromNs, std::int64_t toNs, int pixels) const;

private:
    std::vector<std::string> m_keyFields;
    std::vector<Lane> m_lanes;
    std::vector<std::uint8_t> m_kinds;
    std::vector<int> m_eventLane;
    std::int64_t m_first = 0, m_last = 0;
};

} // namespace wb::timeline
