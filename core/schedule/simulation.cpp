// SPDX-License-Identifier: Apache-2.0
#include "schedule/simulation.h"

#include "output/resultwriter.h"
#include "rules/ruleplan.h"
#include "schedule/alertids.h"
#include "schedule/alertsuppression.h"
#include "util/timestamp.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace wb::schedule {

namespace {
constexpr std::int64_t NsPerMs = 1'000'000;
constexpr int MaxCatchUp = 4; // MAX_RULE_GAP_RATIO

template <typename K> std::int64_t keyOf(const K& k) {
    if constexpr (std::is_integral_v<K>)
        return k;
    else
        return k.first;
}

EventRef refOf(const EventStore& store, EventIndex e) {
    return {std::string(store.strings().view(store.indexName(e))), eventId(store, e)};
}

// When each event became searchable (kibana-executor.md §1): a run that starts at S sees an event
// only once it is indexed, modelled as event.ingested ≤ S when the event has one (the index's
// refresh delay is not modelled); an event without one is searchable from the start.
class Ingestion {
public:
    Ingestion(const EventStore& store, const std::vector<std::uint8_t>& base)
        : m_excluded(base) {
        const FieldId field = store.fields().find("event.ingested");
        if (field == FieldTable::npos) return;
        m_ingested.assign(store.size(), NoTimestamp);
        for (EventIndex e = 0; e < store.size(); ++e) {
            bool seen = false;
            store.forEachValue(e, field, [&](const Value& v) {
                if (seen) return;
                seen = true;
                if (v.kind == ValueKind::String) {
                    if (auto ns = parseTimestamp(store.strings().view(v.string))) m_ingested[e] = *ns;
                } else if (v.kind == ValueKind::Int) {
                    m_ingested[e] = v.integer * NsPerMs; // epoch milliseconds, as a date field holds them
                }
            });
            if (m_ingested[e] != NoTimestamp && !base[e]) m_order.push_back(e);
        }
        std::stable_sort(
            m_order.begin(), m_order.end(), [&](EventIndex a, EventIndex b) { return m_ingested[a] < m_ingested[b]; });
        for (EventIndex e : m_order)
            m_excluded[e] = 1; // until a run starts after it was ingested
    }
    bool modelled() const { return !m_order.empty(); }
    std::size_t eventsWithIngestTime() const { return m_order.size(); }
    std::int64_t ingestedNs(EventIndex e) const { return m_ingested.empty() ? NoTimestamp : m_ingested[e]; }
    // What a request of a run that starts at `runStartNs` does not see: `base`, and what is not
    // indexed yet. Run starts never go back, so each event is let in once.
    const std::vector<std::uint8_t>& excludedAt(std::int64_t runStartNs) {
        for (; m_next < m_order.size() && m_ingested[m_order[m_next]] <= runStartNs; ++m_next)
            m_excluded[m_order[m_next]] = 0;
        return m_excluded;
    }

private:
    std::vector<std::int64_t> m_ingested; // per event; NoTimestamp: none
    std::vector<EventIndex> m_order; // the searched events with an ingest time, by it
    std::size_t m_next = 0;
    std::vector<std::uint8_t> m_excluded;
};

std::string humanized(std::int64_t ms) {
    const std::int64_t minutes = ms / 60'000, seconds = ms % 60'000 / 1000;
    return minutes > 0
        ? std::to_string(minutes) + " minutes" + (seconds ? " " + std::to_string(seconds) + " seconds" : "")
        : std::to_string(seconds) + " seconds";
}
} // namespace

SimulatedWindow SimulatedRun::totals() const {
    SimulatedWindow t;
    for (const SimulatedWindow& w : windows) {
        t.results += w.results;
        t.written += w.written;
        t.duplicates += w.duplicates;
        t.suppressed += w.suppressed;
        t.maxSignalsReached = t.maxSignalsReached || w.maxSignalsReached;
    }
    return t;
}

bool SimulatedRun::uneventful() const {
    const SimulatedWindow t = totals();
    return !t.written && !t.duplicates && !t.suppressed && messages.empty() && windows.size() == 1 && !lateMs;
}

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

namespace {
// One result of a request as the alerts it becomes: an event's alert, or a sequence's shell and
// building blocks.
struct Candidate {
    std::string id; // the event alert or the shell
    std::vector<std::string> buildingBlocks;
    std::vector<EventIndex> events;
    AlertSuppression::Terms terms;
    std::int64_t timeNs = 0; // kibana.alert.suppression.start/end
};

// The executor's state across runs: what was written, what was folded into another alert.
class AlertWriter {
public:
    AlertWriter(SimulationResult& out, const std::optional<AlertSuppression>& suppression)
        : m_out(out)
        , m_suppression(suppression) { }

    bool wasWritten(const std::string& id) const { return m_written.count(id) > 0; }
    const std::string* suppressedInto(const std::string& id) const {
        const auto it = m_suppressedInto.find(id);
        return it == m_suppressedInto.end() ? nullptr : &it->second;
    }

    void startRun(std::size_t run) {
        m_run = run;
        m_budget = m_suppression ? std::optional<std::int64_t>(m_maxSignals) : std::nullopt;
    }
    void setMaxSignals(std::int64_t n) { m_maxSignals = n; }

    // One request's results, in the order the engine returned them.
    void writeWindow(std::vector<Candidate> candidates, SimulatedWindow& window, std::int64_t runStartNs) {
        std::vector<Candidate> grouped;
        for (Candidate& c : candidates) {
            if (wasWritten(c.id)) { // found again in the overlapping lookback: every document dropped
                const std::size_t documents = 1
                    + std::size_t(std::count_if(c.buildingBlocks.begin(), c.buildingBlocks.end(),
                        [&](const auto& id) { return wasWritten(id); }));
                window.duplicates += documents;
                m_out.duplicatesDropped += documents;
                continue;
            }
            if (!m_suppression || (c.terms.anyMissing && !m_suppression->suppressMissing))
                writeAlert(c, window, 0, c.timeNs);
            else
                grouped.push_back(std::move(c));
        }
        if (grouped.empty()) return;
        // alertWithSuppression: an open alert of the same group started within the suppression
        // window (the period, or this window's start per execution) counts the newcomers.
        const std::int64_t windowStart
            = m_suppression->durationMs ? runStartNs - *m_suppression->durationMs * NsPerMs : window.fromNs;
        auto existing = [&](const std::string& key) -> SimulatedAlert* {
            const auto it = m_latest.find(key);
            if (it == m_latest.end()) return nullptr;
            SimulatedAlert& a = m_out.alerts[it->second];
            // kibana.alert.start is the writing run's start (this run's is not in `runs` yet).
            const bool earlierRun = a.run < m_out.runs.size();
            return earlierRun && m_out.runs[a.run].startNs < windowStart ? nullptr : &a;
        };
        // Results an alert of an earlier execution already counted (the lookback overlap).
        std::erase_if(grouped, [&](const Candidate& c) {
            SimulatedAlert* ex = existing(c.terms.key());
            if (!ex || ex->run == m_run || c.timeNs > ex->suppressionEndNs) return false;
            m_suppressedInto.emplace(c.id, ex->id);
            return true;
        });
        std::stable_sort(
            grouped.begin(), grouped.end(), [](const Candidate& a, const Candidate& b) { return a.timeNs < b.timeNs; });
        std::vector<std::string> order;
        std::map<std::string, std::vector<const Candidate*>> groups;
        for (const Candidate& c : grouped) {
            auto& g = groups[c.terms.key()];
            if (g.empty()) order.push_back(c.terms.key());
            g.push_back(&c);
        }
        for (const std::string& key : order) {
            const auto& group = groups[key];
            std::int64_t endNs = 0;
            for (const Candidate* c : group)
                endNs = std::max(endNs, c->timeNs);
            SimulatedAlert* ex = existing(key);
            if (ex && (m_suppression->durationMs || ex->run == m_run)) {
                ex->suppressedCount += group.size();
                ex->suppressionEndNs = std::max(ex->suppressionEndNs, endNs);
                for (const Candidate* c : group)
                    m_suppressedInto.emplace(c->id, ex->id);
                window.suppressed += group.size();
                m_out.suppressed += group.size();
                continue;
            }
            if (!writeAlert(*group.front(), window, group.size() - 1, endNs)) continue;
            m_latest[key] = m_alertOfShell;
            for (std::size_t i = 1; i < group.size(); ++i)
                m_suppressedInto.emplace(group[i]->id, group.front()->id);
            window.suppressed += group.size() - 1;
            m_out.suppressed += group.size() - 1;
        }
    }

private:
    // Writes an event alert, or a sequence's [shell, building blocks…] as Kibana pushes them.
    // With suppression, one execution writes at most max_signals documents, and the cut can fall
    // inside a sequence's list. Returns whether the alert people see was written.
    bool writeAlert(const Candidate& c, SimulatedWindow& window, std::size_t suppressedCount, std::int64_t endNs) {
        auto write = [&](SimulatedAlert alert) {
            if (m_budget && *m_budget <= 0) return false;
            if (m_budget) --*m_budget;
            m_written.insert(alert.id);
            ++window.written;
            m_out.alerts.push_back(std::move(alert));
            return true;
        };
        const bool isSequence = !c.buildingBlocks.empty() || c.events.size() > 1;
        SimulatedAlert head{c.id, isSequence ? "shell" : "event", m_run, isSequence ? c.id : "", c.events, {}, 0, 0};
        if (m_suppression && !(c.terms.anyMissing && !m_suppression->suppressMissing)) {
            head.suppressionTerms = c.terms.text();
            head.suppressedCount = suppressedCount;
            head.suppressionEndNs = endNs;
        }
        if (!write(std::move(head))) return false;
        m_alertOfShell = m_out.alerts.size() - 1;
        for (std::size_t k = 0; k < c.buildingBlocks.size(); ++k)
            if (!write({c.buildingBlocks[k], "building_block", m_run, c.id, {c.events[k]}, {}, 0, 0})) break;
        return true;
    }

    SimulationResult& m_out;
    const std::optional<AlertSuppression>& m_suppression;
    std::set<std::string> m_written;
    std::map<std::string, std::string> m_suppressedInto; // result id → the alert that counts it
    std::map<std::string, std::size_t> m_latest; // suppression group → its latest alert
    std::size_t m_run = 0, m_alertOfShell = 0;
    std::int64_t m_maxSignals = 100;
    std::optional<std::int64_t> m_budget;
};
} // namespace

SimulationResult simulate(const eql::Query& query, const rules::DetectionRule& rule, const EventStore& store,
    eql::Engine& engine, const std::vector<std::uint8_t>& base, const SimulationOptions& options) {
    SimulationResult out;
    std::string suppressionError;
    const std::optional<AlertSuppression> suppression
        = AlertSuppression::fromRule(rule.alertSuppression, suppressionError);
    out.suppressionActive = suppression.has_value();
    if (!suppressionError.empty() && !rule.alertSuppression.is_null())
        out.notes.push_back("the rule's alert suppression is not applied: " + suppressionError);
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
    std::map<std::int64_t, std::int64_t> late; // scheduled time → delay (ms)
    for (const auto& l : options.lateRuns)
        late[l.scheduledNs] = l.delayMs;
    // Within this scheduled run's interval: a skipped or late run given by any time in it.
    auto within = [&](const auto& times, std::int64_t scheduled) {
        const auto it = times.lower_bound(scheduled);
        return it != times.end() && keyOf(*it) < scheduled + interval ? it : times.end();
    };

    eql::RunOptions runOptions;
    if (!rule.eventCategoryOverride.empty()) runOptions.categoryField = rule.eventCategoryOverride;
    runOptions.tiebreakerField = rule.tiebreakerField;
    runOptions.size = options.maxSignals;
    runOptions.cancel = options.cancel;
    // The range filter is a slice of the engine's order when it is on the event time itself.
    const bool rangeOnEventTime = rule.timestampOverride.empty() || rule.timestampOverride == "@timestamp";

    auto refsOf = [&](const std::vector<EventIndex>& events) {
        std::vector<EventRef> refs;
        for (EventIndex e : events)
            refs.push_back(refOf(store, e));
        return refs;
    };
    auto candidateOf = [&](const std::vector<EventIndex>& events, std::int64_t runStartNs) {
        Candidate c;
        c.events = events;
        if (query.kind == eql::Query::Kind::Event) {
            c.id = eventAlertId(refOf(store, events.front()), options.spaceId, options.ruleSavedObjectId);
            c.timeNs = store.timestampNs(events.front());
            if (suppression) c.terms = suppression->termsOfEvent(store, events.front());
        } else {
            SequenceAlertIds ids = sequenceAlertIds(refsOf(events), options.ruleSavedObjectId);
            c.id = std::move(ids.shell);
            c.buildingBlocks = std::move(ids.buildingBlocks);
            c.timeNs = runStartNs; // the shell's time is the alert's (kibana-executor.md §5)
            if (suppression) c.terms = suppression->termsOfSequence(store, events);
        }
        return c;
    };

    AlertWriter writer(out, suppression);
    writer.setMaxSignals(options.maxSignals);
    Ingestion ingestion(store, base);
    if (ingestion.modelled())
        out.notes.push_back(std::to_string(ingestion.eventsWithIngestTime())
            + " events have event.ingested: each is searched only by runs that start after it (the index's refresh "
              "delay is not modelled)");
    struct Searched {
        std::int64_t from, to, runStart;
    };
    std::vector<Searched> searched;
    std::vector<std::pair<std::int64_t, std::int64_t>> gaps; // ns ranges
    std::optional<std::int64_t> previous;
    std::vector<std::uint8_t> windowExcluded;
    // Runs from the first whose window holds the first event as long as a window still holds the
    // last one (later runs see nothing new).
    for (std::int64_t scheduled = options.firstRunNs.value_or(first); scheduled - lookback <= last;) {
        if (within(skipped, scheduled) != skipped.end()) {
            scheduled += interval;
            continue;
        }
        SimulatedRun run;
        if (const auto l = within(late, scheduled); l != late.end()) run.lateMs = std::max<std::int64_t>(0, l->second);
        const std::int64_t start = scheduled + run.lateMs * NsPerMs;
        run.startNs = start;
        writer.startRun(out.runs.size());
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
        const std::vector<std::uint8_t>& unseen = ingestion.excludedAt(start);
        for (const auto& [from, to] : tuples) {
            SimulatedWindow window{from, to, 0, 0, 0, 0, false};
            if (rangeOnEventTime) {
                runOptions.excluded = &unseen;
                runOptions.timeRangeMillis = std::pair(floorMillis(from), floorMillis(to));
            } else {
                windowExcluded = unseen;
                rules::excludeOutsideWindow(rule, store, {from, to}, windowExcluded);
                runOptions.excluded = &windowExcluded;
            }
            const eql::QueryResult result = engine.run(query, runOptions);
            if (result.cancelled || (options.cancel && options.cancel->load(std::memory_order_relaxed))) {
                out.cancelled = true;
                return out;
            }
            window.results = result.total();
            if (std::int64_t(window.results) >= options.maxSignals) {
                window.maxSignalsReached = true;
                ++out.maxSignalsWarnings;
                run.messages.push_back(std::string("This rule reached the maximum alert limit for the rule execution. "
                                                   "Some alerts were not created")
                    + (suppression ? " or suppressed." : "."));
            }
            std::vector<Candidate> candidates;
            for (std::size_t i = 0; i < result.total(); ++i)
                candidates.push_back(candidateOf(result.eventsOf(i), start));
            writer.writeWindow(std::move(candidates), window, start);
            searched.push_back({from, to, start});
            run.windows.push_back(window);
        }
        out.runs.push_back(std::move(run));
        previous = start;
        scheduled = start + interval;
    }

    // What a whole-capture run finds that the schedule never wrote, and why.
    eql::RunOptions all = runOptions;
    all.size.reset();
    all.excluded = &base;
    all.timeRangeMillis.reset();
    const eql::QueryResult whole = engine.run(query, all);
    if (whole.cancelled) {
        out.cancelled = true;
        return out;
    }
    auto classify = [&](const std::vector<EventIndex>& events) -> std::pair<std::string, std::string> {
        std::int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (EventIndex e : events) {
            lo = std::min(lo, store.timestampNs(e));
            hi = std::max(hi, store.timestampNs(e));
        }
        if (hi - lo > lookback) return {"span_exceeds_window", ""};
        for (const auto& [from, to] : gaps)
            if (hi >= from && lo <= to) return {"gap", ""};
        // Windows that held its time: if each ran before one of its events was indexed, it came
        // too late; if one saw them all, the request's size cut it.
        const Searched* lastHolding = nullptr;
        bool seenWhole = false;
        for (const Searched& w : searched) {
            if (lo < w.from || hi > w.to) continue;
            lastHolding = &w;
            seenWhole = seenWhole || std::none_of(events.begin(), events.end(), [&](EventIndex e) {
                return ingestion.ingestedNs(e) != NoTimestamp && ingestion.ingestedNs(e) > w.runStart;
            });
        }
        if (seenWhole) return {"size_cap", ""};
        if (lastHolding) {
            // The event indexed longest after its own time (one of them came after every run).
            EventIndex late = events.front();
            std::int64_t lag = INT64_MIN;
            for (EventIndex e : events)
                if (ingestion.ingestedNs(e) != NoTimestamp && ingestion.ingestedNs(e) - store.timestampNs(e) > lag) {
                    lag = ingestion.ingestedNs(e) - store.timestampNs(e);
                    late = e;
                }
            return {"ingested_late",
                "event " + eventId(store, late) + " was ingested " + humanized(lag / NsPerMs)
                    + " after its time, after the last run whose window held the alert ("
                    + formatTimestamp(lastHolding->runStart) + ")"};
        }
        return {"never_in_one_window", ""};
    };
    for (std::size_t i = 0; i < whole.total(); ++i) {
        const std::vector<EventIndex> events = whole.eventsOf(i);
        const Candidate c = candidateOf(events, 0);
        if (writer.wasWritten(c.id)) continue;
        if (const std::string* into = writer.suppressedInto(c.id))
            out.missed.push_back({events, "suppressed", "counted by alert " + *into});
        else {
            auto [reason, detail] = classify(events);
            out.missed.push_back({events, std::move(reason), std::move(detail)});
        }
    }
    return out;
}

} // namespace wb::schedule
