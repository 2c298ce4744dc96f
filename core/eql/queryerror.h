// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace wb::eql {

// A place in the query text, 1-based, as Elasticsearch reports it ("line 1:15").
struct SourcePos {
    int line = 1;
    int column = 1;
};

// A query that Elasticsearch would reject: a syntax error, or a query it parses but refuses
// (an unsupported pipe, a field compared with a field, a decimal maxspan, ...).
class QueryError : public std::runtime_error {
public:
    QueryError(SourcePos pos, const std::string& message)
        : std::runtime_error("line " + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message)
        , m_pos(pos)
        , m_message(message) { }
    SourcePos pos() const { return m_pos; }
    const std::string& message() const { return m_message; }

private:
    SourcePos m_pos;
    std::string m_message;
};

} // namespace wb::eql
