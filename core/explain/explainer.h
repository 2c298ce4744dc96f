// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/engine.h"
#include "exceptions/exceptionmodel.h"
#include "explain/explanation.h"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace wb::eql {
class StageMatcher;
}
namespace wb::exceptions {
class ExceptionFilter;
}

namespace wb::explain {

struct ExplainOptions {
    // As the rule runs: category field, tiebreaker, size (max_signals), maxspan override, and
    // the events its request never sees (other indices) in `excluded`; not the exceptions.
    eql::RunOptions run;
    exceptions::ExceptionSet exceptions; // applied as in runs
    std::int64_t nowNs = 0; // for exception expiry
    std::size_t maxNearMisses = 20;
    std::size_t closestEvents = 3;
    const std::atomic<bool>* cancel = nullptr;
};

// Explains a query's results over a capture, exactly in the engine's terms: why each alert
// fired (per stage, per condition), and for a scope without alerts the near misses, each with
// one reason, its evidence and, where there is one, a change that makes it fire, re-run by the
// engine before it is offered. Not thread-safe; the schema and engine must outlive it.
class Explainer {
public:
    Explainer(const eql::Schema& schema, eql::Engine& engine, const eql::Query& query, ExplainOptions options);
    ~Explainer();

    // The run the alerts come from (exceptions applied, size as the rule's request).
    const eql::QueryResult& result() const { return m_result; }
    AlertExplanation explainAlert(std::size_t alert);
    // Near misses in the scope, closest first (most stages reached, then fewest failing
    // conditions, then time). Keys that alerted in the scope have none.
    std::vector<NearMiss> nearMisses(const Scope& scope);
    // Things about the query the explanations cannot cover (e.g. near misses of samples).
    const std::vector<std::string>& notes() const { return m_notes; }

    // The query and options with a hint applied, for the engine (and the workbench) to run.
    eql::Query applyHint(const Hint& hint, eql::RunOptions& options, exceptions::ExceptionSet& exceptions) const;

    // Which join keys an event should have to be weighed first (empty: any).
    using KeyWanted = std::function<bool(const eql::KeyTuple&)>;

private:
    struct PositiveStage;
    struct Candidate;
    std::vector<NearMiss> sequenceNearMisses(const Scope& scope);
    std::vector<NearMiss> eventNearMisses(const Scope& scope);
    std::vector<std::uint32_t> scopeRanks(const Scope& scope) const;
    std::vector<ClosestEvent> closestFor(std::size_t stage, const std::vector<std::uint32_t>& ranks, std::size_t from,
        std::optional<std::int64_t> untilMs, const KeyWanted& key);
    void setNoCandidate(NearMiss& miss, std::size_t stage, std::vector<ClosestEvent> closest);
    void verify(NearMiss& miss);
    std::optional<std::string> excludingItem(EventIndex e, std::string* listId, std::string* itemId) const;
    std::int64_t ms(EventIndex e) const;
    std::string keyText(const eql::KeyTuple& key) const;

    const eql::Schema& m_schema;
    eql::Engine& m_engine;
    const eql::Query& m_query;
    ExplainOptions m_options;
    std::vector<std::uint8_t> m_excluded; // base and exceptions
    std::unique_ptr<exceptions::ExceptionFilter> m_filter;
    eql::QueryResult m_result;
    std::optional<std::int64_t> m_maxspanMs;
    std::deque<PositiveStage> m_stages; // sequences: expanded positive stages; events: the one filter
    std::deque<eql::StageMatcher> m_missing, m_until;
    std::vector<std::size_t> m_missingAt, m_positiveAt;
    std::vector<std::string> m_notes;
    std::vector<std::string> m_warnings;
};

} // namespace wb::explain
