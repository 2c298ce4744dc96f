// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/engine.h"
#include "exceptions/exceptionmodel.h"
#include "rules/detectionrule.h"
#include "store/eventstore.h"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace wb::schedule {

// How the rule is scheduled (kibana-executor.md §1): a run every `intervalMs`, each over
// [start − lookbackMs, start] (the rule's `from`, e.g. now-9m: 9 minutes), at most `maxSignals`
// results per request.
struct SimulationOptions {
    std::int64_t intervalMs = 5 * 60'000;
    std::int64_t lookbackMs = 9 * 60'000;
    std::int64_t maxSignals = 100;
    std::optional<std::int64_t> firstRunNs; // default: the first run whose window holds the first event
    std::vector<std::int64_t> skippedRunsNs; // scheduled runs that did not happen (outage, restart)
    // Runs that started late: the scheduled run within the interval from `scheduledNs` started
    // `delayMs` later. Past the task manager's drift threshold the next run is scheduled from the
    // actual start, so a late start shifts the phase of every later run.
    struct LateRun {
        std::int64_t scheduledNs = 0;
        std::int64_t delayMs = 0;
    };
    std::vector<LateRun> lateRuns;
    std::string spaceId = "default";
    std::string ruleSavedObjectId = "00000000-0000-4000-8000-000000000000";
    const std::atomic<bool>* cancel = nullptr; // checked by every request
};

struct SimulatedWindow {
    std::int64_t fromNs = 0, toNs = 0;
    std::size_t results = 0, written = 0, duplicates = 0;
    std::size_t suppressed = 0; // results folded into another alert's count
    bool maxSignalsReached = false;
};

struct SimulatedRun {
    std::int64_t startNs = 0;
    std::int64_t lateMs = 0; // how long after its scheduled time it started
    std::vector<SimulatedWindow> windows; // oldest first: catch-up windows, then the run's own
    std::int64_t gapMs = 0; // time no window searched since the previous run (> 0: a gap)
    std::vector<std::string> messages; // what Kibana would report for the run

    // Its windows added up.
    SimulatedWindow totals() const;
    // Nothing to say about it: one window, on time, nothing written, dropped or reported.
    bool uneventful() const;
};

struct SimulatedAlert {
    std::string id;
    std::string kind; // "event", "shell" or "building_block"
    std::size_t run = 0; // index into runs
    std::string groupId; // a sequence's shell id, for its building blocks and the shell itself
    std::vector<EventIndex> events;
    // With alert suppression: the group's terms, how many other results it counts
    // (kibana.alert.suppression.docs_count) and the time of the last one.
    std::string suppressionTerms;
    std::size_t suppressedCount = 0;
    std::int64_t suppressionEndNs = 0;
};

// A match of a whole-capture run that the schedule never writes, and why:
// span_exceeds_window, never_in_one_window, size_cap, gap, suppressed, ingested_late (every run
// whose window held it started before one of its events was indexed: event.ingested).
struct MissedMatch {
    std::vector<EventIndex> events;
    std::string reason;
    std::string detail; // suppressed: the alert that counts it; ingested_late: which event, how late
};

struct SimulationResult {
    std::vector<SimulatedRun> runs;
    std::vector<SimulatedAlert> alerts; // in the order they were written
    std::vector<MissedMatch> missed;
    std::size_t duplicatesDropped = 0, maxSignalsWarnings = 0, suppressed = 0;
    bool suppressionActive = false;
    bool cancelled = false;
    std::vector<std::string> notes; // about the simulation itself (e.g. a suppression it cannot apply)
    std::size_t shellAndEventAlerts() const;
    std::size_t buildingBlocks() const;
};

// Runs the rule's schedule over the capture as Kibana's EQL executor would (kibana-executor.md
// §6): the windows of each run (catch-up windows after a missed run, a gap message past four
// intervals), the engine over each window's events with size = max_signals, alert ids, dedupe,
// and the rule's alert suppression (§5). `base` holds the events no request sees (other
// indices, exceptions).
SimulationResult simulate(const eql::Query& query, const rules::DetectionRule& rule, const EventStore& store,
    eql::Engine& engine, const std::vector<std::uint8_t>& base, const SimulationOptions& options);

// "now-9m" → 540000 (ms); "5m" → 300000; nullopt when it is not such a time.
std::optional<std::int64_t> parseDateMathOffsetMs(const std::string& text);

} // namespace wb::schedule
