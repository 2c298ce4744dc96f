// SPDX-License-Identifier: Apache-2.0
#include "explain/conditiontree.h"

#include "eql/condition.h"
#include "eql/printer.h"
#include "eql/queryerror.h"

#include <algorithm>

namespace wb::explain {

namespace {
void collectFields(const eql::Expr& e, std::vector<std::string>& out) {
    if (e.kind == eql::ExprKind::Field) {
        if (std::find(out.begin(), out.end(), e.name) == out.end()) out.push_back(e.name);
        return;
    }
    for (const auto& c : e.children)
        collectFields(*c, out);
}

// The constant side of a predicate: what the query wanted.
std::string expectedOf(const eql::Expr& e) {
    std::vector<std::string> parts;
    for (const auto& c : e.children)
        if (c->kind != eql::ExprKind::Field) parts.push_back(eql::toEql(*c));
    if (parts.empty()) return {};
    if (parts.size() == 1) return parts.front();
    std::string out = "(";
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? ", " : "") + parts[i];
    return out + ")";
}

bool isStringLiteral(const eql::Expr& e) {
    return e.kind == eql::ExprKind::Literal && e.literal.kind == eql::Literal::Kind::String;
}
} // namespace

const char* kindName(ConditionNode::Kind kind) {
    switch (kind) {
    case ConditionNode::Kind::Category:
        return "category";
    case ConditionNode::Kind::And:
        return "and";
    case ConditionNode::Kind::Or:
        return "or";
    case ConditionNode::Kind::Not:
        return "not";
    case ConditionNode::Kind::Predicate:
        return "predicate";
    }
    return "predicate";
}

ConditionExplainer::ConditionExplainer(
    const eql::Schema& schema, const eql::EventFilter& filter, std::string categoryField)
    : m_schema(schema)
    , m_filter(filter)
    , m_categoryField(std::move(categoryField)) { }

ConditionExplainer::~ConditionExplainer() = default;
ConditionExplainer::ConditionExplainer(ConditionExplainer&&) noexcept = default;

bool ConditionExplainer::holds(const eql::Expr& expr, EventIndex e) {
    const std::size_t slot = m_schema.indexOf(e);
    auto& compiled = m_compiled[{&expr, slot}];
    if (!compiled) {
        try {
            compiled = std::make_unique<eql::Condition>(expr, m_schema, slot);
        } catch (const eql::QueryError&) {
            return false; // e.g. a part that is only valid inside its parent; the whole still decides
        }
    }
    return compiled->matches(e);
}

bool ConditionExplainer::categoryHolds(EventIndex e) const {
    if (m_filter.category.empty() && !m_filter.categoryQuoted) return true;
    const EventStore& store = m_schema.store();
    const FieldId f = store.fields().find(m_categoryField);
    if (f == FieldTable::npos) return false;
    const auto values = store.textValues(e, f);
    return std::find(values.begin(), values.end(), m_filter.category) != values.end();
}

ConditionNode ConditionExplainer::explain(EventIndex e) {
    ConditionNode root;
    root.kind = ConditionNode::Kind::And;
    ConditionNode category;
    category.kind = ConditionNode::Kind::Category;
    category.text = (m_filter.category.empty() ? std::string("any") : m_filter.category) + " (" + m_categoryField + ")";
    category.held = categoryHolds(e);
    category.fields = {m_categoryField};
    const FieldId f = m_schema.store().fields().find(m_categoryField);
    category.actual = {f == FieldTable::npos ? std::vector<std::string>{} : m_schema.store().textValues(e, f)};
    category.expected = m_filter.category.empty() ? "any" : m_filter.category;
    category.failing = category.held ? 0 : 1;
    category.path = {-1};
    ConditionNode where = explainExpr(*m_filter.condition, e, {}, true);
    root.held = category.held && where.held;
    root.failing = category.failing + where.failing;
    root.text = "category and condition";
    root.children.push_back(std::move(category));
    root.children.push_back(std::move(where));
    return root;
}

int ConditionExplainer::failing(EventIndex e) {
    return (categoryHolds(e) ? 0 : 1) + explainExpr(*m_filter.condition, e, {}, false).failing;
}

const eql::Expr* ConditionExplainer::caseVariant(const eql::Expr& expr) {
    auto& variant = m_caseVariants[&expr];
    if (variant) return variant.get();
    variant = expr.clone();
    if (expr.kind == eql::ExprKind::Compare) {
        variant->kind = eql::ExprKind::Match;
        variant->match = eql::MatchOp::Seq;
    } else {
        variant->caseInsensitive = true;
    }
    return variant.get();
}

ConditionNode ConditionExplainer::explainExpr(const eql::Expr& expr, EventIndex e, std::vector<int> path, bool detail) {
    ConditionNode node;
    node.text = eql::toEql(expr);
    node.path = path;
    node.held = holds(expr, e);
    const bool composite
        = expr.kind == eql::ExprKind::And || expr.kind == eql::ExprKind::Or || expr.kind == eql::ExprKind::Not;
    if (composite) {
        node.kind = expr.kind == eql::ExprKind::And ? ConditionNode::Kind::And
            : expr.kind == eql::ExprKind::Or        ? ConditionNode::Kind::Or
                                                    : ConditionNode::Kind::Not;
        int sum = 0, least = INT32_MAX;
        for (std::size_t i = 0; i < expr.children.size(); ++i) {
            std::vector<int> childPath = path;
            childPath.push_back(int(i));
            ConditionNode child = explainExpr(*expr.children[i], e, std::move(childPath), detail);
            sum += child.failing;
            least = std::min(least, child.failing);
            // `a and b and c` parses as nested pairs; people read it as one list of conjuncts.
            if (child.kind == node.kind && node.kind != ConditionNode::Kind::Not)
                for (ConditionNode& grandchild : child.children)
                    node.children.push_back(std::move(grandchild));
            else
                node.children.push_back(std::move(child));
        }
        if (node.held)
            node.failing = 0;
        else if (node.kind == ConditionNode::Kind::And)
            node.failing = std::max(sum, 1);
        else if (node.kind == ConditionNode::Kind::Or)
            node.failing = std::max(least, 1);
        else
            node.failing = 1;
        return node;
    }
    node.kind = ConditionNode::Kind::Predicate;
    node.failing = node.held ? 0 : 1;
    if (!detail) return node;
    collectFields(expr, node.fields);
    const EventStore& store = m_schema.store();
    for (const std::string& name : node.fields) {
        const FieldId id = store.fields().find(name);
        node.actual.push_back(id == FieldTable::npos ? std::vector<std::string>{} : store.textValues(e, id));
    }
    node.expected = expectedOf(expr);
    if (node.held) return node;

    bool anyMissing = false, anyArray = false;
    for (const auto& values : node.actual) {
        anyMissing = anyMissing || values.empty();
        anyArray = anyArray || values.size() > 1;
    }
    if (anyMissing)
        node.note = "the event has no " + node.fields[0];
    else if (anyArray)
        node.note = "none of the field's values matched";

    // A variant with the event's own value, tried for this event only (and then forgotten).
    auto tryFix = [&](std::unique_ptr<eql::Expr> variant, std::string text) {
        if (node.fix) return;
        const bool fires = holds(*variant, e);
        m_compiled.erase({variant.get(), m_schema.indexOf(e)});
        if (!fires) return;
        node.fixText = std::move(text);
        node.fix = std::shared_ptr<const eql::Expr>(variant.release());
    };
    const bool fieldVsString = expr.children.size() >= 2 && expr.children[0]->kind == eql::ExprKind::Field
        && std::all_of(
            expr.children.begin() + 1, expr.children.end(), [](const auto& c) { return isStringLiteral(*c); });
    if (!anyMissing && fieldVsString) {
        const char* caseFix = nullptr;
        if (expr.kind == eql::ExprKind::Compare && expr.compare == eql::CompareOp::Eq)
            caseFix = "use `:` instead of `==` (it matches ignoring case)";
        else if (expr.kind == eql::ExprKind::In && !expr.negated && !expr.caseInsensitive)
            caseFix = "use `in~` instead of `in` (it matches ignoring case)";
        else if (expr.kind == eql::ExprKind::Match && expr.match == eql::MatchOp::Like && !expr.caseInsensitive)
            caseFix = "use `like~` instead of `like` (it matches ignoring case)";
        else if (expr.kind == eql::ExprKind::Match && expr.match == eql::MatchOp::Regex && !expr.caseInsensitive)
            caseFix = "use `regex~` instead of `regex` (it matches ignoring case)";
        if (caseFix) {
            const eql::Expr* v = caseVariant(expr);
            if (holds(*v, e)) {
                node.fixText = caseFix;
                node.fix = std::shared_ptr<const eql::Expr>(v->clone().release());
            }
        }
        // A list the event's value is not in: add it.
        const bool list = (expr.kind == eql::ExprKind::In && !expr.negated)
            || (expr.kind == eql::ExprKind::Match && expr.match == eql::MatchOp::Seq);
        if (!node.fix && list && node.actual.size() == 1 && node.actual[0].size() == 1) {
            auto v = expr.clone();
            auto value = std::make_unique<eql::Expr>();
            value->kind = eql::ExprKind::Literal;
            value->literal.kind = eql::Literal::Kind::String;
            value->literal.string = node.actual[0][0];
            v->children.push_back(std::move(value));
            tryFix(std::move(v), "add " + eql::quoteString(node.actual[0][0]) + " to the values of " + node.fields[0]);
        }
    }
    if (!node.fix && !anyMissing && expr.kind == eql::ExprKind::Compare && expr.compare == eql::CompareOp::Eq
        && fieldVsString) {
        auto v = expr.clone(); // `==` one value: `in` that value and the event's own
        v->kind = eql::ExprKind::In;
        auto value = v->children[1]->clone();
        value->literal.string = node.actual[0][0];
        v->children.push_back(std::move(value));
        tryFix(std::move(v), "also accept " + eql::quoteString(node.actual[0][0]) + " for " + node.fields[0]);
    }
    if (node.note.empty() && node.fix && node.fixText.find("ignoring case") != std::string::npos)
        node.note = "the value differs only in case";
    return node;
}

eql::ExprPtr replaceAt(const eql::Expr& root, const std::vector<int>& path, const eql::Expr& replacement) {
    if (path.empty()) return replacement.clone();
    eql::ExprPtr copy = root.clone();
    eql::Expr* at = copy.get();
    for (std::size_t i = 0; i + 1 < path.size(); ++i)
        at = at->children[std::size_t(path[i])].get();
    at->children[std::size_t(path.back())] = replacement.clone();
    return copy;
}

} // namespace wb::explain
