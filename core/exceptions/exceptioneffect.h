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

// Per active item of `filter`, in its order. `excluded` is filter.excludedEvents(); `baseline` is
// the rule's run without exceptions. Stops early (partial counts) when `cancel` is set.
std::vector<ItemEffect> itemEffects(const EventStore& store, const ExceptionFilter& filter,
    const std::vector<std::uint8_t>& excluded, const eql::QueryResult& baseline,
    const std::atomic<bool>* cancel = nullptr);

// How many results of `baseline` lose an event to `excluded` (what a set of items suppresses).
std::size_t suppressedAlerts(const eql::QueryResult& baseline, const std::vector<std::uint8_t>& excluded);

} // namespace wb::exceptions
