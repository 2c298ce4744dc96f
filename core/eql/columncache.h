// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace wb::eql {

// The string values of one field for every event, laid out by event, so that a predicate run
// over a million events is a sequential scan instead of a million block lookups. Built on first
// use and kept by the engine: re-running a tuned rule reuses them.
struct StringColumn {
    static constexpr StringId None = StringPool::npos; // the event has no value
    static constexpr StringId Other = StringPool::npos - 1; // it has a non-string value
    // Every event has at most one value: single[e]. Otherwise values in [begin[e], begin[e+1]).
    bool isSingle = true;
    std::vector<StringId> single;
    std::vector<std::uint32_t> begin;
    std::vector<StringId> values;
};

class ColumnCache {
public:
    explicit ColumnCache(const EventStore& store)
        : m_store(store) { }
    const StringColumn& column(FieldId field);

private:
    const EventStore& m_store;
    std::unordered_map<FieldId, std::unique_ptr<StringColumn>> m_columns;
};

} // namespace wb::eql
