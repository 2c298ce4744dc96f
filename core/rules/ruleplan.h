// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/engine.h"
#include "exceptions/exceptionmodel.h"
#include "rules/detectionrule.h"
#include "store/eventstore.h"

#include <optional>
#include <string>
#include <vector>

namespace wb::rules {

// A time window for the request's range filter, in nanoseconds, inclusive.
struct TimeWindow {
    std::int64_t fromNs = 0, toNs = 0;
};

// How Kibana's detection engine would run a rule over a capture: the EQL options it sets
// (event_category_override, tiebreaker_field, size = max_signals) and the events its request
// never sees (other indices than the rule's patterns, events an exception item matches, and,
// with a window, events outside it by timestamp_override with its @timestamp fallback).
struct RulePlan {
    eql::RunOptions options;
    std::vector<std::uint8_t> excluded; // one byte per event, non-zero: not searched
    std::size_t outsideIndex = 0; // events of indices the rule does not search
    std::size_t withoutIndex = 0; // events the capture gave no _index: every rule searches them
    std::size_t byExceptions = 0;
    std::size_t outsideWindow = 0;
    std::vector<std::string> notes; // what a user should know about this run (one sentence each)
};

// Marks the events a request over `window` does not see (Kibana's range filter on the rule's
// timestamp_override with its @timestamp fallback); returns how many it newly marked.
std::size_t excludeOutsideWindow(
    const DetectionRule& rule, const EventStore& store, TimeWindow window, std::vector<std::uint8_t>& excluded);

// The exception lists a rule references (its exceptions_list) among those available.
exceptions::ExceptionSet referencedLists(const DetectionRule& rule, const exceptions::ExceptionSet& available);

// `lists`: the exception lists to apply (see referencedLists); `nowNs`: when expire_time is
// judged.
RulePlan planRule(const DetectionRule& rule, const EventStore& store, const exceptions::ExceptionSet& lists,
    std::int64_t nowNs, std::optional<TimeWindow> window = std::nullopt);

} // namespace wb::rules
