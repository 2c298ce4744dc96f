// SPDX-License-Identifier: Apache-2.0
#include "ast.h"

namespace wb::eql {

bool Expr::operator==(const Expr& o) const {
    if (kind != o.kind || literal != o.literal || name != o.name || optional != o.optional || compare != o.compare
        || arithmetic != o.arithmetic || match != o.match || caseInsensitive != o.caseInsensitive
        || negated != o.negated || children.size() != o.children.size())
        return false;
    for (std::size_t i = 0; i < children.size(); ++i)
        if (!(*children[i] == *o.children[i])) return false;
    return true;
}

ExprPtr Expr::clone() const {
    auto copy = std::make_unique<Expr>();
    copy->kind = kind;
    copy->pos = pos;
    copy->literal = literal;
    copy->name = name;
    copy->optional = optional;
    copy->compare = compare;
    copy->arithmetic = arithmetic;
    copy->match = match;
    copy->caseInsensitive = caseInsensitive;
    copy->negated = negated;
    for (const ExprPtr& child : children)
        copy->children.push_back(child->clone());
    return copy;
}

namespace {
bool sameFilter(const EventFilter& a, const EventFilter& b) {
    return a.category == b.category && a.categoryQuoted == b.categoryQuoted && *a.condition == *b.condition;
}
bool sameStage(const Stage& a, const Stage& b) {
    return sameFilter(a.filter, b.filter) && a.keys == b.keys && a.runs == b.runs && a.missing == b.missing;
}
} // namespace

bool Query::sameAs(const Query& o) const {
    if (kind != o.kind || sharedKeys != o.sharedKeys || maxspan != o.maxspan || stages.size() != o.stages.size()
        || until.has_value() != o.until.has_value() || pipes.size() != o.pipes.size())
        return false;
    if (kind == Kind::Event && !sameFilter(event, o.event)) return false;
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (!sameStage(stages[i], o.stages[i])) return false;
    if (until && !sameStage(*until, *o.until)) return false;
    for (std::size_t i = 0; i < pipes.size(); ++i)
        if (pipes[i].kind != o.pipes[i].kind || pipes[i].count != o.pipes[i].count) return false;
    return true;
}

std::int64_t Duration::millis() const {
    static constexpr struct {
        const char* unit;
        std::int64_t factor;
    } units[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
    for (const auto& u : units)
        if (unit == u.unit) return value * u.factor;
    return value;
}

} // namespace wb::eql
