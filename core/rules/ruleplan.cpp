// SPDX-License-Identifier: Apache-2.0
#include "rules/ruleplan.h"

#include "exceptions/exceptionfilter.h"
#include "util/timestamp.h"

#include <algorithm>

namespace wb::rules {

namespace {
// A date field's value as Elasticsearch would read it: ISO-8601 text, or epoch milliseconds.
std::optional<std::int64_t> dateValue(const EventStore& store, EventIndex e, FieldId field) {
    std::optional<std::int64_t> out;
    store.forEachValue(e, field, [&](const Value& v) {
        if (out) return;
        if (v.kind == ValueKind::String)
            out = parseTimestamp(store.strings().view(v.string));
        else if (v.kind == ValueKind::Int && v.integer > -9'000'000'000'000LL && v.integer < 9'000'000'000'000LL)
            out = v.integer * 1'000'000;
    });
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}
} // namespace

std::size_t excludeOutsideWindow(
    const DetectionRule& rule, const EventStore& store, TimeWindow window, std::vector<std::uint8_t>& excluded) {
    // Kibana's range filter: the override field when it has a value, else (unless the fallback is
    // disabled) @timestamp. Ordering and maxspan still use the event time. Milliseconds, inclusive.
    const std::string primary = rule.timestampOverride.empty() ? "@timestamp" : rule.timestampOverride;
    const bool fallback = primary != "@timestamp" && !rule.timestampOverrideFallbackDisabled;
    const FieldId primaryField = primary == "@timestamp" ? FieldTable::npos : store.fields().find(primary);
    const FieldId timestampField = store.fields().find("@timestamp");
    const std::int64_t fromMs = floorMillis(window.fromNs), toMs = floorMillis(window.toNs);
    std::size_t count = 0;
    for (EventIndex e = 0; e < store.size(); ++e) {
        if (excluded[e]) continue;
        std::optional<std::int64_t> t;
        if (primary == "@timestamp")
            t = store.timestampNs(e) != NoTimestamp ? std::optional(store.timestampNs(e)) : std::nullopt;
        else if (primaryField != FieldTable::npos)
            t = dateValue(store, e, primaryField);
        if (!t && fallback && timestampField != FieldTable::npos) t = dateValue(store, e, timestampField);
        const bool inside = t && floorMillis(*t) >= fromMs && floorMillis(*t) <= toMs;
        if (!inside) {
            excluded[e] = 1;
            ++count;
        }
    }
    return count;
}

exceptions::ExceptionSet referencedLists(const DetectionRule& rule, const exceptions::ExceptionSet& available) {
    exceptions::ExceptionSet out;
    for (const std::string& id : rule.exceptionListIds())
        for (const auto& list : available.lists)
            if (list.listId == id) out.lists.push_back(list);
    return out;
}

RulePlan planRule(const DetectionRule& rule, const EventStore& store, const exceptions::ExceptionSet& lists,
    std::int64_t nowNs, std::optional<TimeWindow> window) {
    RulePlan plan;
    plan.options.categoryField = rule.eventCategoryOverride.empty() ? "event.category" : rule.eventCategoryOverride;
    plan.options.tiebreakerField = rule.tiebreakerField;
    plan.options.size = rule.maxSignals; // the request's size (Kibana 8.2 and later)
    plan.excluded.assign(store.size(), 0);

    // Index patterns: only events the capture placed in an index can be outside them.
    std::vector<std::int8_t> searched(store.strings().size(), -1); // per interned index name
    for (EventIndex e = 0; e < store.size(); ++e) {
        if (!store.hasIndex(e)) {
            ++plan.withoutIndex;
            continue;
        }
        std::int8_t& s = searched[store.indexName(e)];
        if (s < 0) s = rule.searchesIndex(std::string(store.strings().view(store.indexName(e)))) ? 1 : 0;
        if (!s) {
            plan.excluded[e] = 1;
            ++plan.outsideIndex;
        }
    }

    if (!lists.lists.empty()) {
        const exceptions::ExceptionFilter filter(store, lists, nowNs);
        const std::vector<std::uint8_t> byExceptions = filter.excludedEvents();
        for (EventIndex e = 0; e < store.size(); ++e)
            if (byExceptions[e] && !plan.excluded[e]) {
                plan.excluded[e] = 1;
                ++plan.byExceptions;
            }
        for (const std::string& w : filter.warnings())
            plan.notes.push_back("exception " + w);
    }

    if (window) plan.outsideWindow = excludeOutsideWindow(rule, store, *window, plan.excluded);

    if (plan.outsideIndex)
        plan.notes.push_back(plural(plan.outsideIndex, "event is", "events are")
            + " in indices the rule does not search (its index patterns)");
    if (plan.withoutIndex && !rule.index.empty())
        plan.notes.push_back(plural(plan.withoutIndex, "event has", "events have")
            + " no _index in the capture; they are searched as if in the rule's indices");
    if (!rule.filters.empty())
        plan.notes.push_back("the rule's " + plural(rule.filters.size(), "filter is", "filters are")
            + " not applied offline (Kibana query DSL)");
    if (!rule.timestampField.empty() && rule.timestampField != "@timestamp")
        plan.notes.push_back("the rule orders events by " + rule.timestampField
            + "; load the capture with that timestamp field for the same order");
    return plan;
}

} // namespace wb::rules
