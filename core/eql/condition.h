// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"
#include "columncache.h"
#include "dateformat.h"
#include "ipaddress.h"
#include "luceneregex.h"
#include "scalar.h"
#include "schema.h"
#include "textmatch.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

// Three-valued truth: scripts propagate null, query-translated predicates never produce it.
enum class Truth : std::uint8_t { False, True, Null };

// A where-condition compiled for one index, with Elasticsearch's semantics:
// - a predicate on a field against constants (==, <, :, in, like, regex, startsWith, cidrMatch,
//   ...) is a query: it holds if any value of the field matches, a missing field never matches,
//   and `!=`, `not in` and `not` are must_not, so they hold where the field is missing (R5, R6);
// - anything else (functions of fields, arithmetic, comparisons used as values) is a script:
//   null in gives null out, and null is false at the top.
// Not thread-safe (it memoises pattern results per string and keeps scratch space); compile one
// per thread.
class Condition {
public:
    // Throws QueryError for what Elasticsearch rejects once types are known (a field compared
    // with a field, an invalid regex). `unknownFields` collects names no index knows.
    // With a column cache, predicates on exact-string fields scan columns instead of events.
    Condition(const Expr& expr, const Schema& schema, std::size_t indexSlot, ColumnCache* columns = nullptr);
    Condition(Condition&&) noexcept;
    ~Condition();

    bool matches(EventIndex e);
    const std::vector<std::string>& unknownFields() const { return m_unknownFields; }

    struct Node;

private:
    Node* compile(const Expr& expr, bool booleanContext);
    Node* fold(Node* node);
    void prepareFastPath(Node* n);
    static void reorderConjuncts(Node* n);
    bool fastAny(Node* n, EventIndex e, bool& other);
    Truth test(Node* n, EventIndex e);
    Truth scriptTest(Node* n, EventIndex e);
    Scalar value(Node* n, EventIndex e);
    Scalar call(Node* n, EventIndex e);
    template <typename Fn> bool forEachValue(const ResolvedField& f, EventIndex e, Fn&& fn);
    bool fieldPredicate(Node* n, const Scalar& v);
    bool matchText(Node* n, const Scalar& v);
    std::string_view keep(std::string s);

    const Schema& m_schema;
    std::size_t m_slot;
    ColumnCache* m_columns;
    std::vector<std::unique_ptr<Node>> m_nodes;
    Node* m_root = nullptr;
    std::deque<std::string> m_scratch;
    std::vector<std::pair<FieldId, Scalar>> m_overrides; // a script's fields, one value each (scriptTest)
    std::vector<std::string> m_unknownFields;
};

// Compares two scalars by type (numbers numerically, strings by bytes, versions semantically,
// IPs by address). nullopt when they cannot be compared.
std::optional<int> compareScalars(const Scalar& a, const Scalar& b);

} // namespace wb::eql
