// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"
#include "store/eventstore.h"

#include <iosfwd>
#include <string>

namespace wb {

struct ResultWriterOptions {
    double tookMillis = 0;
    std::string categoryField = "event.category";
};

// The `_id` of an event: the input's, or a stable one made from its index and byte offset.
std::string eventId(const EventStore& store, EventIndex e);

// One JSON document shaped like Elasticsearch's EQL search response: hits.total, and
// hits.events (event queries) or hits.sequences (sequences and samples) with join_keys and
// events; each event is {_index, _id, _source: the original document}; a missing event is
// {"missing": true}.
void writeEsResponse(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions& options);
// One JSON object per line: an event ({_index, _id, @timestamp, _source}), or a sequence/sample
// ({join_keys, events}).
void writeNdjson(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions& options);
// A table for people: time, index, category, action, process and id per event, sequences with
// their keys and time span.
void writeTable(
    std::ostream& out, const EventStore& store, const eql::QueryResult& result, const ResultWriterOptions& options);

} // namespace wb
