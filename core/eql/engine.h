// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"
#include "columncache.h"
#include "queryresult.h"
#include "schema.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

struct RunOptions {
    std::string categoryField = "event.category";
    std::string tiebreakerField; // empty: none (order is timestamp, then input order)
    std::optional<std::int64_t> size; // nullopt: every result (Elasticsearch's default is 10)
    enum class Position { Head, Tail } resultPosition = Position::Head;
    std::optional<std::int64_t> maxspanMillis; // overrides the query's sequence maxspan
    std::int64_t maxSamplesPerKey = 1;
    const std::atomic<bool>* cancel = nullptr;
    // Events removed before matching (Kibana's exceptions are a must_not filter on the whole
    // request): one byte per event, non-zero to exclude. Not owned.
    const std::vector<std::uint8_t>* excluded = nullptr;
    // Kibana's range filter on the event time: only events whose millisecond lies in [first,
    // second] (both inclusive) are searched. A window is a slice of the event order, so a run
    // over five minutes of a day-long capture costs five minutes' worth, not a day's.
    std::optional<std::pair<std::int64_t, std::int64_t>> timeRangeMillis;
};

// Runs EQL queries over one event store with Elasticsearch's semantics
// (docs: eql-semantics.md). The event order for a tiebreaker is computed once and reused, so
// re-running a tuned query (a maxspan or list change in the workbench) only re-evaluates.
// One engine per thread; the store and schema must outlive it.
class Engine {
public:
    explicit Engine(const Schema& schema);
    // Throws QueryError for a query the data's types make invalid (see Condition).
    QueryResult run(const Query& query, const RunOptions& options);

    // Events with a timestamp in (timestamp ms, tiebreaker, input) order.
    const std::vector<EventIndex>& order(const std::string& tiebreakerField);

private:
    struct Ordering {
        std::string tiebreaker;
        std::vector<EventIndex> events; // sorted; events without a timestamp left out
        std::vector<std::uint32_t> rank; // rank[event] = position in events, or UINT32_MAX
    };
    const Ordering& ordering(const std::string& tiebreakerField);
    // The ranks [first, second) of the ordered events the run searches (its time range).
    std::pair<std::uint32_t, std::uint32_t> searchedRanks(const Ordering& ord, const RunOptions& options) const;

public:
    // Each event's category strings, for the `category where` test every stage makes on every
    // event. Built once per category field.
    struct Categories {
        std::string field;
        std::vector<std::uint32_t> begin; // per event, into ids; one extra at the end
        std::vector<StringId> ids;
    };

private:
    const Categories* categories(const std::string& field);
    std::optional<Categories> m_categories;

    const Schema& m_schema;
    ColumnCache m_columns;
    std::optional<Ordering> m_ordering;
};

} // namespace wb::eql
