// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "dateformat.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wb::eql {

// The field types that change EQL results.
enum class FieldType { Unknown, Keyword, Text, Long, Double, Boolean, Date, Ip, Version, Object, Alias };

const char* fieldTypeName(FieldType type);

struct FieldMapping {
    FieldType type = FieldType::Unknown;
    std::string aliasPath; // Alias: the field it stands for
    std::optional<std::string> nullValue; // keyword `null_value`: what an explicit null is indexed as
    DateFormat dateFormat; // Date
    bool hasKeywordSubfield = false; // text with an exact `fields.keyword`
};

// An Elasticsearch index mapping: the JSON of `GET index/_mapping` (one or more indices), or a
// mapping body (`{"mappings": ...}` or `{"properties": ...}`). Lines starting with `#` are
// comments, as in Elasticsearch's own QA mapping files.
class IndexMapping {
public:
    // Throws std::runtime_error naming the problem (and line, for JSON syntax errors).
    static IndexMapping parse(std::string_view text);
    static IndexMapping load(const std::string& path);

    // The mapping of a dotted field path, or nullptr if the mapping does not define it.
    const FieldMapping* find(std::string_view path) const;
    bool empty() const { return m_fields.empty(); }
    const std::map<std::string, FieldMapping, std::less<>>& fields() const { return m_fields; }

private:
    std::map<std::string, FieldMapping, std::less<>> m_fields;
};

} // namespace wb::eql
