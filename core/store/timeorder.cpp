// SPDX-License-Identifier: Apache-2.0
#include "timeorder.h"

#include <algorithm>
#include <numeric>

namespace wb {

std::vector<EventIndex> eventsInTimeOrder(const EventStore& store) {
    std::vector<EventIndex> order(store.size());
    std::iota(order.begin(), order.end(), EventIndex(0));
    // Captures are mostly in time order already: check before sorting.
    const auto earlier = [&](EventIndex a, EventIndex b) { return store.timestampNs(a) < store.timestampNs(b); };
    if (!std::is_sorted(order.begin(), order.end(), earlier)) std::stable_sort(order.begin(), order.end(), earlier);
    return order;
}

} // namespace wb
