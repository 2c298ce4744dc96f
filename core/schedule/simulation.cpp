// SPDX-License-Identifier: Apache-2.0
#include "schedule/simulation.h"

#include "output/resultwriter.h"
#include "rules/ruleplan.h"
#include "schedule/alertids.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace wb::schedule {

namespace {
constexpr std::int64_t NsPerMs = 1'000'000;
constexpr int MaxCatchUp = 4; // MAX_RULE_GAP_RATIO

EventRef refOf(const EventStore& store, EventIndex e) {
    return {std::string(store.strings().view(store.indexName(e))), eventId(store, e)};
}

std::string humanized(std::int64_t ms) {
    const std::int64_t minutes = ms / 60'000, seconds = ms % 60'000 / 1000;
    return minutes > 0
        ? std::to_string(minutes) + " minutes" + (seconds ? " " + std::to_string(seconds) + " seconds" : "")
        : std::to_string(seconds) + " seconds";
}
} // namespace

std::size_t SimulationResult::shellAndEventAlerts() const {
    return std::size_t(
        std::count_if(alerts.begin(), alerts.end(), [](const auto& a) { return a.kind != "building_block"; }));
}

std::size_t SimulationResult::buildingBlocks() const {
    return alerts.size() - shellAndEventAlerts();
}

std::optional<std::int64_t> parseDateMathOffsetMs(const std::string& text) {
    std::string t = text;
    if (t.rfind("now-", 0) == 0) t = t.substr(4);
    if (t.size() < 2) return std::nullopt;
    const char unit = t.back();
    const std::string number = t.substr(0, t.size() - 1);
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos || number.size() > 9)
        return std::nullopt;
    const std::int64_t n = std::stoll(number);
    switch (unit) {
    case 's':
        return n * 1000;
    case 'm':
        return n * 60'000;
    case 'h':
        return n * 3'600'000;
    case 'd':
        return n * 86'400'000;
    }
    return std::nullopt;
}

SimulationResult simulate(const eql::Query& query, const rules::DetectionRule& rule, const EventStore& store,
    eql::Engine& engine, const std::vector<std::uint8_t>& base, const SimulationOptions& options) {
    SimulationResult out;
    std::int64_t first = INT64_MAX, last = INT64_MIN;
    for (EventIndex e = 0; e < store.size(); ++e)
        if (!base[e] && store.timestampNs(e) != NoTimestamp) {
            first = std::min(first, store.timestampNs(e));
            last = std::max(last, store.timestampNs(e));
        }
    if (first > last) return out;
    const std::int64_t interval = std::max<std::int64_t>(1, options.intervalMs) * NsPerMs;
    const std::int64_t lookback = options.lookbackMs * NsPerMs;
    const std::set<std::int64_t> skipped(options.skippedRunsNs.begin(), options.skippedRunsNs.end());

    eql::RunOptions runOptions;
    if (!rule.eventCategoryOverride.empty()) runOptions.categoryField = rule.eventCategoryOverride;
    runOptions.tiebreakerField = rule.tiebreakerField;
    runOptions.size = options.maxSignals;

    // The ids of a result: a sequence's building blocks and shell; the alert people see (an
    // event's alert, or the shell) is what dedupe and "was it written" go by.
    auto sequenceIdsOf = [&](const std::vector<EventIndex>& events) {
        std::vector<EventRef> refs;
        for (EventIndex e : events)
            refs.push_back(refOf(store, e));
        return sequenceAlertIds(refs, options.ruleSavedObjectId);
    };
    auto alertIdOf = [&](const std::vector<EventIndex>& events) {
        return query.kind == eql::Query::Kind::Event
            ? eventAlertId(refOf(store, events.front()), options.spaceId, options.ruleSavedObjectId)
            : sequenceIdsOf(events).shell;
    };
    std::set<std::string> written;
    std::vector<std::pair<std::int64_t, std::int64_t>> searched, gaps; // ns ranges
    std::optional<std::int64_t> previous;
    // Runs from the first whose window holds the first event as long as a window still holds the
    // last one (later runs see nothing new).
    for (std::int64_t start = options.firstRunNs.value_or(first); start - lookback <= last; start += interval) {
        const auto skip = skipped.lower_bound(start); // a skipped time within this run's interval
        if (skip != skipped.end() && *skip < start + interval) continue;
        SimulatedRun run;
        run.startNs = start;
        // getRuleRangeTuples: the run's own window, and up to four catch-up windows after a gap.
        std::vector<std::pair<std::int64_t, std::int64_t>> tuples = {{start - lookback, start}};
        if (previous) {
            const std::int64_t gap = (start - *previous) - lookback;
            const int catchUp = gap <= 0 ? 0 : int(std::min<std::int64_t>((gap + interval - 1) / interval, MaxCatchUp));
            for (int k = 1; k <= catchUp; ++k)
                tuples.push_back({start - lookback - k * interval, start - k * interval});
            const std::int64_t remaining = std::max<std::int64_t>(gap - catchUp * interval, 0);
            if (remaining > 0) {
                run.gapMs = remaining / NsPerMs;
                gaps.push_back({*previous, *previous + remaining});
                run.messages.push_back(humanized(run.gapMs) + " (" + std::to_string(run.gapMs)
                    + "ms) were not queried between this rule execution and the last execution, so signals may have "
                      "been missed. Consider increasing your look behind time or adding more Kibana instances");
            }
        }
        std::reverse(tuples.begin(), tuples.end()); // oldest window first
        for (const auto& [from, to] : tuples) {
            SimulatedWindow window{from, to, 0, 0, 0, false};
            std::vector<std::uint8_t> excluded = base;
            rules::excludeOutsideWindow(rule, store, {from, to}, excluded);
            runOptions.excluded = &excluded;
            const eql::QueryResult result = engine.run(query, runOptions);
            window.results = result.total();
            if (std::int64_t(window.results) >= options.maxSignals) {
                window.maxSignalsReached = true;
                ++out.maxSignalsWarnings;
                run.messages.push_back(
                    "This rule reached the maximum alert limit for the rule execution. Some alerts were not created.");
            }
            auto write = [&](SimulatedAlert alert) {
                if (!written.insert(alert.id).second) {
                    ++window.duplicates;
                    ++out.duplicatesDropped;
                    return;
                }
                ++window.written;
                out.alerts.push_back(std::move(alert));
            };
            const std::size_t runIndex = out.runs.size();
            for (std::size_t i = 0; i < result.total(); ++i) {
                const std::vector<EventIndex> events = result.eventsOf(i);
                if (query.kind == eql::Query::Kind::Event) {
                    write({alertIdOf(events), "event", runIndex, "", events});
                    continue;
                }
                const SequenceAlertIds ids = sequenceIdsOf(events);
                write({ids.shell, "shell", runIndex, ids.shell, events}); // [shell, bb0, …] as Kibana pushes them
                for (std::size_t k = 0; k < ids.buildingBlocks.size(); ++k)
                    write({ids.buildingBlocks[k], "building_block", runIndex, ids.shell, {events[k]}});
            }
            searched.push_back({from, to});
            run.windows.push_back(window);
        }
        out.runs.push_back(std::move(run));
        previous = start;
    }

    // What a whole-capture run finds that the schedule never wrote, and why.
    eql::RunOptions all = runOptions;
    all.size.reset();
    all.excluded = &base;
    const eql::QueryResult whole = engine.run(query, all);
    auto classify = [&](const std::vector<EventIndex>& events) {
        std::int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (EventIndex e : events) {
            lo = std::min(lo, store.timestampNs(e));
            hi = std::max(hi, store.timestampNs(e));
        }
        if (hi - lo > lookback) return std::string("span_exceeds_window");
        for (const auto& [from, to] : gaps)
            if (hi >= from && lo <= to) return std::string("gap");
        for (const auto& [from, to] : searched)
            if (lo >= from && hi <= to) return std::string("size_cap");
        return std::string("never_in_one_window");
    };
    for (std::size_t i = 0; i < whole.total(); ++i) {
        const std::vector<EventIndex> events = whole.eventsOf(i);
        if (!written.count(alertIdOf(events))) out.missed.push_back({events, classify(events)});
    }
    return out;
}

} // namespace wb::schedule
