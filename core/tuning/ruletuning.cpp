// SPDX-License-Identifier: Apache-2.0
#include "ruletuning.h"

#include "eql/parser.h"
#include "eql/printer.h"

#include <functional>

namespace wb::tuning {

using namespace wb::eql;

namespace {
bool isListNode(const Expr& e) {
    if ((e.kind == ExprKind::In || e.kind == ExprKind::Match) && !e.children.empty()
        && e.children[0]->kind == ExprKind::Field)
        return true;
    return e.kind == ExprKind::Call && e.name == "cidrMatch" && !e.children.empty()
        && e.children[0]->kind == ExprKind::Field;
}

std::string operatorOf(const Expr& e) {
    if (e.kind == ExprKind::Call) return e.name;
    std::string op;
    if (e.kind == ExprKind::In)
        op = e.negated ? "not in" : "in";
    else
        op = e.match == MatchOp::Seq ? ":" : e.match == MatchOp::Like ? "like" : "regex";
    if (e.caseInsensitive) op += "~";
    return op;
}

// Calls fn(expr, stage) for every list node of the query, in a fixed order.
void forEachList(eql::Query& q, const std::function<void(ExprPtr&, int)>& fn) {
    std::function<void(ExprPtr&, int)> walk = [&](ExprPtr& e, int stage) {
        if (isListNode(*e)) {
            fn(e, stage);
            return;
        }
        for (ExprPtr& c : e->children)
            walk(c, stage);
    };
    if (q.kind == eql::Query::Kind::Event) walk(q.event.condition, -1);
    for (std::size_t i = 0; i < q.stages.size(); ++i)
        walk(q.stages[i].filter.condition, int(i));
    if (q.until) walk(q.until->filter.condition, -2);
}

eql::Query cloneQuery(const eql::Query& q) {
    eql::Query c;
    c.kind = q.kind;
    c.event.category = q.event.category;
    c.event.categoryQuoted = q.event.categoryQuoted;
    c.event.pos = q.event.pos;
    if (q.event.condition) c.event.condition = q.event.condition->clone();
    c.sharedKeys = q.sharedKeys;
    c.maxspan = q.maxspan;
    auto cloneStage = [](const Stage& s) {
        Stage copy;
        copy.filter.category = s.filter.category;
        copy.filter.categoryQuoted = s.filter.categoryQuoted;
        copy.filter.pos = s.filter.pos;
        copy.filter.condition = s.filter.condition->clone();
        copy.keys = s.keys;
        copy.runs = s.runs;
        copy.missing = s.missing;
        return copy;
    };
    for (const Stage& s : q.stages)
        c.stages.push_back(cloneStage(s));
    if (q.until) c.until = cloneStage(*q.until);
    c.pipes = q.pipes;
    return c;
}
} // namespace

std::string ValueList::label() const {
    std::string where = stage == -1 ? "" : stage == -2 ? "[until] " : "[" + std::to_string(stage + 1) + "] ";
    return where + field + " " + operatorText;
}

std::vector<std::string> ValueList::enabledTexts() const {
    std::vector<std::string> out;
    for (const ValueListEntry& e : entries)
        if (e.enabled) out.push_back(e.value.kind == Literal::Kind::String ? e.value.string : formatLiteral(e.value));
    return out;
}

RuleTuning extractTuning(const eql::Query& query) {
    RuleTuning t;
    t.maxspan = query.maxspan;
    t.sharedKeys = query.sharedKeys;
    eql::Query copy = cloneQuery(query);
    forEachList(copy, [&](ExprPtr& e, int stage) {
        ValueList list;
        list.stage = stage;
        list.field = (e->children[0]->optional ? "?" : "") + e->children[0]->name;
        list.operatorText = operatorOf(*e);
        for (std::size_t i = 1; i < e->children.size(); ++i)
            list.entries.push_back({e->children[i]->literal, true});
        t.lists.push_back(std::move(list));
    });
    return t;
}

eql::Query applyTuning(const eql::Query& base, const RuleTuning& tuning) {
    eql::Query q = cloneQuery(base);
    if (q.kind == eql::Query::Kind::Sequence) q.maxspan = tuning.maxspan;
    if (q.kind != eql::Query::Kind::Event) q.sharedKeys = tuning.sharedKeys;
    std::size_t index = 0;
    forEachList(q, [&](ExprPtr& e, int) {
        if (index >= tuning.lists.size()) return;
        const ValueList& list = tuning.lists[index++];
        const SourcePos pos = e->pos;
        std::vector<ExprPtr> values;
        for (const ValueListEntry& entry : list.entries) {
            if (!entry.enabled) continue;
            auto v = std::make_unique<Expr>();
            v->kind = ExprKind::Literal;
            v->literal = entry.value;
            v->pos = pos;
            values.push_back(std::move(v));
        }
        if (values.empty()) {
            auto constant = std::make_unique<Expr>();
            constant->kind = ExprKind::Literal;
            constant->literal.kind = Literal::Kind::Boolean;
            constant->literal.boolean = e->kind == ExprKind::In && e->negated; // `not in ()` excludes nothing
            constant->pos = pos;
            e = std::move(constant);
            return;
        }
        e->children.resize(1);
        for (ExprPtr& v : values)
            e->children.push_back(std::move(v));
    });
    return q;
}

std::optional<eql::Duration> parseDuration(const std::string& text, std::string* error) {
    try {
        const eql::Query q = parseQuery("sequence with maxspan=" + text + " [any where true] [any where true]");
        return q.maxspan;
    } catch (const QueryError& e) {
        if (error) *error = e.message();
        return std::nullopt;
    }
}

std::optional<eql::Literal> parseListValue(const std::string& text) {
    std::string trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
        trimmed.pop_back();
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
        trimmed.erase(trimmed.begin());
    if (trimmed.empty()) return std::nullopt;
    if (trimmed.front() == '"') {
        try {
            const ExprPtr e = parseCondition("x == " + trimmed);
            if (e->children[1]->kind == ExprKind::Literal) return e->children[1]->literal;
        } catch (const QueryError&) { }
        return std::nullopt;
    }
    Literal l;
    l.kind = Literal::Kind::String;
    l.string = trimmed; // typed without quotes: taken literally
    return l;
}

} // namespace wb::tuning
