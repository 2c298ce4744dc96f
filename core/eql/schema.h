// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "indexmapping.h"
#include "store/eventstore.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

// How one query field reads in one index: the store field it lives in (after aliases and
// `.keyword` sub-fields) and the type that decides how its values compare.
struct ResolvedField {
    FieldId id = FieldTable::npos; // npos: no event of the index has it
    FieldType type = FieldType::Unknown; // Unknown: no mapping; values compare by their JSON kind
    const FieldMapping* mapping = nullptr;
    bool mapped = false; // the index mapping defines it
    bool known() const { return mapped || id != FieldTable::npos; }
};

// The indices of a session (every input file is one) with their mappings. Without a mapping a
// field's type comes from its values, as Elasticsearch's dynamic mapping would pick it.
class Schema {
public:
    Schema(const EventStore& store, std::map<std::string, IndexMapping> perIndex = {},
        std::optional<IndexMapping> forAll = std::nullopt);

    const EventStore& store() const { return m_store; }
    std::size_t indexCount() const { return m_indexNames.size(); }
    const std::string& indexName(std::size_t slot) const { return m_indexNames[slot]; }
    std::size_t indexOf(EventIndex e) const { return m_eventIndex[e]; }

    ResolvedField resolve(std::string_view path, std::size_t indexSlot) const;
    const IndexMapping* mapping(std::size_t indexSlot) const;

    // The event time field is a date even without a mapping (dynamic mapping detects ISO dates).
    void setTimestampField(std::string field) { m_timestampField = std::move(field); }

private:
    const EventStore& m_store;
    std::vector<std::string> m_indexNames;
    std::vector<std::uint16_t> m_eventIndex;
    std::map<std::string, IndexMapping> m_perIndex;
    std::optional<IndexMapping> m_forAll;
    std::string m_timestampField = "@timestamp";
};

} // namespace wb::eql
