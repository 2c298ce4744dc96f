// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"
#include "indexmapping.h"
#include "store/eventstore.h"
#include "store/stringpool.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

// A join-key value, compared exactly (R8). Dates are epoch milliseconds. A string that is in
// the store's pool is held by its id while sequences are matched (no copy per event); `string`
// is filled in (materialize) before keys are ordered or shown.
struct KeyValue {
    enum class Kind : std::uint8_t { Null, Bool, Long, Double, String } kind = Kind::Null;
    FieldType type = FieldType::Unknown;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string string;
    StringId sid = StringPool::npos; // the pool id of a string, when the pool has it

    bool operator==(const KeyValue& o) const {
        if (kind != o.kind || boolean != o.boolean || integer != o.integer || real != o.real) return false;
        if (sid != StringPool::npos || o.sid != StringPool::npos) return sid == o.sid;
        return string == o.string;
    }
    void materialize(const StringPool& pool) {
        if (sid != StringPool::npos && string.empty()) string = std::string(pool.view(sid));
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
    // The events of result i (an event, or a sequence's or sample's events in stage order), with
    // missing-event placeholders left out.
    std::vector<EventIndex> eventsOf(std::size_t i) const;
};

} // namespace wb::eql
