// SPDX-License-Identifier: Apache-2.0
#include "exceptioneffect.h"

namespace wb::exceptions {

std::size_t suppressedAlerts(const eql::QueryResult& baseline, const std::vector<std::uint8_t>& excluded) {
    auto removed = [&](EventIndex e) { return e < excluded.size() && excluded[e] != 0; };
    std::size_t alerts = 0;
    for (const auto& m : baseline.matches)
        for (const auto& e : m.events)
            if (e && removed(*e)) {
                ++alerts;
                break;
            }
    for (EventIndex e : baseline.events)
        alerts += removed(e) ? 1 : 0;
    return alerts;
}

std::vector<ItemEffect> itemEffects(const EventStore& store, const ExceptionFilter& filter,
    const std::vector<std::uint8_t>& excluded, const eql::QueryResult& baseline, const std::atomic<bool>* cancel) {
    std::vector<ItemEffect> effects;
    std::vector<std::uint8_t> hits;
    for (const ExceptionItem* item : filter.activeItems()) {
        ItemEffect effect;
        effect.item = item;
        hits.assign(store.size(), 0);
        // Only events the whole set removes can be this item's: the rest are skipped unevaluated.
        for (EventIndex e = 0; e < store.size() && !(cancel && cancel->load()); ++e)
            if (e < excluded.size() && excluded[e] && filter.itemMatches(*item, e)) {
                hits[e] = 1;
                ++effect.events;
            }
        effect.alerts = suppressedAlerts(baseline, hits);
        effects.push_back(effect);
    }
    return effects;
}

} // namespace wb::exceptions
