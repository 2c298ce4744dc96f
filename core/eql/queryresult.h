// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"
#include "indexmapping.h"
#include "store/eventstore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

// A join-key value, owned, compared exactly (R8). Dates are epoch milliseconds.
struct KeyValue {
    enum class Kind : std::uint8_t { Null, Bool, Long, Double, String } kind = Kind::Null;
    FieldType type = FieldType::Unknown;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string string;

    bool operator==(const KeyValue& o) const {
        return kind == o.kind && boolean == o.boolean && integer == o.integer && real == o.real && string == o.string;
    }
    // The key as Elasticsearch's QA harness writes it: null → "null", dates as ISO-8601 in a
    // sequence and as epoch milliseconds in a sample.
    std::string text(bool sampleKey = false) const;
};
using KeyTuple = std::vector<KeyValue>;
bool keyLess(const KeyTuple& a, const KeyTuple& b);

// One sequence or sample: its join keys and one entry per stage (nullopt for a missing-event
// placeholder ![...]).
struct Match {
    KeyTuple joinKeys;
    std::vector<std::optional<EventIndex>> events;
};

struct QueryResult {
    Query::Kind kind = Query::Kind::Event;
    std::vector<EventIndex> events; // event queries, in ascending (timestamp, tiebreaker) order
    std::vector<Match> matches; // sequences (ordered by their last event) or samples (by key)
    std::vector<std::string> warnings; // e.g. fields no index knows
    bool cancelled = false;
    std::size_t total() const { return kind == Query::Kind::Event ? events.size() : matches.size(); }
};

} // namespace wb::eql
