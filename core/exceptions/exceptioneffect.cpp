// SPDX-License-Identifier: Apache-2.0
#include "exceptioneffect.h"

#include <algorithm>

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

std::vector<ListEffect> exceptionEffects(const EventStore& store, const ExceptionSet& set,
    const ExceptionFilter& filter, const std::vector<std::uint8_t>& excluded, const eql::QueryResult& baseline,
    const std::atomic<bool>* cancel) {
    std::vector<ListEffect> lists;
    std::vector<std::uint8_t> itemHits, listHits;
    for (const ExceptionList& list : set.lists) {
        ListEffect effect;
        effect.list = &list;
        listHits.assign(store.size(), 0);
        for (const ExceptionItem* item : filter.activeItems()) {
            if (std::none_of(list.items.begin(), list.items.end(), [&](const auto& i) { return &i == item; })) continue;
            ItemEffect itemEffect;
            itemEffect.item = item;
            itemHits.assign(store.size(), 0);
            // Only events the whole set removes can be this item's: the rest are skipped unevaluated.
            for (EventIndex e = 0; e < store.size() && !(cancel && cancel->load()); ++e)
                if (e < excluded.size() && excluded[e] && filter.itemMatches(*item, e)) {
                    itemHits[e] = listHits[e] = 1;
                    ++itemEffect.events;
                }
            itemEffect.alerts = suppressedAlerts(baseline, itemHits);
            effect.items.push_back(itemEffect);
        }
        effect.events = std::size_t(std::count(listHits.begin(), listHits.end(), 1));
        effect.alerts = suppressedAlerts(baseline, listHits);
        lists.push_back(std::move(effect));
    }
    return lists;
}

} // namespace wb::exceptions
