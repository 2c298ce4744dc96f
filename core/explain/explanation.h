// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/ast.h"
#include "explain/conditiontree.h"
#include "store/eventstore.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb::explain {

// Why one stage of an alert matched: its event and the condition tree for it.
struct StageExplanation {
    std::optional<EventIndex> event; // nullopt: a missing-event stage ![…], which holds by having none
    bool missingStage = false;
    ConditionNode conditions;
    std::vector<std::string> keys; // the event's join-key values for this stage
};

// Why an alert fired: every stage with its event and conditions, the join keys, the span.
struct AlertExplanation {
    std::size_t alert = 0;
    std::vector<StageExplanation> stages;
    std::vector<std::string> keyFields;
    std::vector<std::string> joinKeys;
    std::int64_t spanMs = 0;
    std::optional<std::int64_t> maxspanMs;
    // Checked against the engine: every stage's conditions hold, the keys agree and the span is
    // within maxspan.
    bool replays = false;
};

// What would make a near miss fire, in a form the engine can re-run.
struct Hint {
    enum class Kind { None, Maxspan, QueryEdit, DisableExceptionItem, Size };
    Kind kind = Kind::None;
    std::string text;
    std::int64_t maxspanMs = 0; // Maxspan
    std::size_t queryStage = 0; // QueryEdit: the stage in the query as written (0 for an event query)
    std::vector<int> path; //            the predicate's place in its condition
    std::shared_ptr<const eql::Expr> replacement;
    std::string listId, itemId; // DisableExceptionItem
    bool verified = false; // the engine, re-run with it, returns this near miss's events in one result
};

// The one reason a near miss did not become an alert, with its evidence.
struct NearMissReason {
    // no_candidate, join_key_mismatch, maxspan_exceeded, out_of_order, until_closed,
    // missing_event_present, superseded, excluded, size_cap, runs_incomplete
    std::string code;
    int stage = 0; // from 1, in query order (after runs=N expansion)
    std::string field, actual, expected, detail;
    Hint hint;
};

struct ClosestEvent {
    EventIndex event = 0;
    ConditionNode conditions; // for the stage it failed
};

// A sequence (or event) that came close: how far it got and why it stopped.
struct NearMiss {
    std::vector<std::string> joinKeys;
    int reachedStage = 0; // stages it completed
    std::vector<std::optional<EventIndex>> stages; // per positive stage: its event, or none
    NearMissReason reason;
    int failingConditions = 0; // of the closest event, for no_candidate
    std::vector<ClosestEvent> closest;
    std::optional<EventIndex> candidate; // the event that would have come next (maxspan, order, key, exception)
    std::int64_t timeNs = 0; // of its first event, for ordering
};

// Where to look for near misses: a join key, a time range, an event (its keys and the
// maxspan around it), or several of them together.
struct Scope {
    std::optional<std::vector<std::string>> key;
    std::optional<std::pair<std::int64_t, std::int64_t>> rangeNs;
    std::optional<EventIndex> event;
};

} // namespace wb::explain
