// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/ast.h"
#include "eql/schema.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wb::eql {
class Condition;
}

namespace wb::explain {

// One condition of a stage as it held (or not) for one event: the stage's category test, and
// the where-condition's conjuncts, disjuncts and predicates as a tree, each with the field
// values the event has and what the query wanted.
struct ConditionNode {
    enum class Kind { Category, And, Or, Not, Predicate };
    Kind kind = Kind::Predicate;
    std::string text; // the EQL of this part
    bool held = false;
    std::vector<std::string> fields; // the fields a predicate reads
    std::vector<std::vector<std::string>> actual; // per field, the event's values (empty: missing)
    std::string expected; // what the query wanted (a predicate's constants)
    std::string note; // why it failed in words a user recognises (case, missing field, no value of an array)
    std::vector<ConditionNode> children;
    // How many predicates would have to change for it to hold: 0 when it holds, the sum over
    // an `and`'s children, the least of an `or`'s.
    int failing = 0;
    // Where this node sits in the stage's condition (child indexes from the root), for edits.
    std::vector<int> path;
    // A changed predicate that holds for this event (same values, ignoring case, or with the
    // event's value added to the list), when there is one: a hint the engine can re-run.
    std::shared_ptr<const eql::Expr> fix;
    std::string fixText; // "use `:` instead of `==`"
};

const char* kindName(ConditionNode::Kind kind);

// Explains one stage's filter for events, with the engine's own semantics: every node is
// compiled as a condition of its own (Elasticsearch's query/script rules included), so the
// tree's root holds exactly when the stage matches.
class ConditionExplainer {
public:
    ConditionExplainer(const eql::Schema& schema, const eql::EventFilter& filter, std::string categoryField);
    ~ConditionExplainer();
    ConditionExplainer(ConditionExplainer&&) noexcept;

    ConditionNode explain(EventIndex e);
    // Only how many predicates fail (no values, no fixes): for weighing many events.
    int failing(EventIndex e);

private:
    ConditionNode explainExpr(const eql::Expr& expr, EventIndex e, std::vector<int> path, bool detail);
    // A variant of a predicate that ignores case, made once per predicate.
    const eql::Expr* caseVariant(const eql::Expr& expr);
    bool holds(const eql::Expr& expr, EventIndex e);
    bool categoryHolds(EventIndex e) const;

    const eql::Schema& m_schema;
    const eql::EventFilter& m_filter;
    std::string m_categoryField;
    // Compiled per node and index slot; a node that cannot compile on its own counts as failed.
    std::map<std::pair<const eql::Expr*, std::size_t>, std::unique_ptr<eql::Condition>> m_compiled;
    std::map<const eql::Expr*, std::unique_ptr<eql::Expr>> m_caseVariants;
};

// Replaces the node at `path` in a stage condition with `replacement` (a copy of the rest).
eql::ExprPtr replaceAt(const eql::Expr& root, const std::vector<int>& path, const eql::Expr& replacement);

} // namespace wb::explain
