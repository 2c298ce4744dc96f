// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"
#include "exceptionfilter.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace wb::exceptions {

// What one active exception item does on its own: the events it removes, and how many alerts of
// the rule run without any exception it would suppress by itself (an alert is suppressed when an
// item removes any of its events: Kibana's must_not filter acts before sequences are matched).
struct ItemEffect {
    const ExceptionItem* item = nullptr;
    std::size_t events = 0;
    std::size_t alerts = 0;
};

// The same for a whole list (its active items together), with each active item's own effect.
struct ListEffect {
    const ExceptionList* list = nullptr;
    std::size_t events = 0;
    std::size_t alerts = 0;
    std::vector<ItemEffect> items; // the list's active items, in its order
};

// Per list of `set` (the set `filter` was made from), in its order. `excluded` is
// filter.excludedEvents(); `baseline` is the rule's run without exceptions. Each item is tried
// only on the events the whole set removes, once. Stops early (partial counts) when `cancel` is set.
std::vector<ListEffect> exceptionEffects(const EventStore& store, const ExceptionSet& set,
    const ExceptionFilter& filter, const std::vector<std::uint8_t>& excluded, const eql::QueryResult& baseline,
    const std::atomic<bool>* cancel = nullptr);

// How many results of `baseline` lose an event to `excluded` (what a set of items suppresses).
std::size_t suppressedAlerts(const eql::QueryResult& baseline, const std::vector<std::uint8_t>& excluded);

} // namespace wb::exceptions
