// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "queryerror.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb::eql {

// A constant in a query.
struct Literal {
    enum class Kind { Null, Boolean, Integer, Decimal, String } kind = Kind::Null;
    bool boolean = false;
    std::int64_t integer = 0;
    double decimal = 0;
    std::string string;
    bool operator==(const Literal&) const = default;
};

enum class ExprKind {
    Literal,
    Field,
    Not,
    And,
    Or,
    Compare, // children: left, right
    Arithmetic, // children: left, right
    Negate, // unary minus
    In, // children: subject, values...; `in`, `in~`, `not in`
    Match, // children: subject, patterns...; `:`, `like`, `like~`, `regex`, `regex~`
    Call, // children: arguments
};

enum class CompareOp { Eq, NotEq, Less, LessEq, Greater, GreaterEq };
enum class ArithOp { Add, Sub, Mul, Div, Mod };
enum class MatchOp { Seq, Like, Regex }; // `:` is "seq" in Elasticsearch's grammar

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    ExprKind kind = ExprKind::Literal;
    SourcePos pos;
    Literal literal; // Literal
    std::string name; // Field: the dotted path; Call: the canonical function name
    bool optional = false; // Field written as ?name
    CompareOp compare = CompareOp::Eq;
    ArithOp arithmetic = ArithOp::Add;
    MatchOp match = MatchOp::Seq;
    bool caseInsensitive = false; // in~, like~, regex~, startsWith~(...)
    bool negated = false; // not in
    std::vector<ExprPtr> children;

    bool operator==(const Expr& other) const; // structural, ignores positions
    ExprPtr clone() const;
};

struct FieldRef {
    std::string name;
    bool optional = false;
    SourcePos pos;
    bool operator==(const FieldRef& o) const { return name == o.name && optional == o.optional; }
};

// `category where condition`; `any where` has an empty category.
struct EventFilter {
    std::string category;
    bool categoryQuoted = false; // written as "a string" (needed when it is not a plain name)
    ExprPtr condition;
    SourcePos pos;
};

struct Stage {
    EventFilter filter;
    std::vector<FieldRef> keys; // the stage's own `by`, after the shared keys
    int runs = 1;
    bool missing = false; // ![ ... ]
};

struct Pipe {
    enum class Kind { Head, Tail } kind = Kind::Head;
    std::int64_t count = 10;
    SourcePos pos;
};

struct Duration {
    std::int64_t value = 0;
    std::string unit; // ms, s, m, h, d
    std::int64_t millis() const;
    bool operator==(const Duration&) const = default;
};

struct Query {
    enum class Kind { Event, Sequence, Sample } kind = Kind::Event;
    EventFilter event; // Event queries
    std::vector<FieldRef> sharedKeys; // `sequence by` / `sample by`
    std::optional<Duration> maxspan;
    std::vector<Stage> stages; // sequence and sample stages
    std::optional<Stage> until;
    std::vector<Pipe> pipes;

    // Structural equality, ignoring positions: what the printer's round trip must preserve.
    bool sameAs(const Query& other) const;

    // How many join keys each stage has: shared plus per-stage.
    std::size_t keyCount() const { return sharedKeys.size() + (stages.empty() ? 0 : stages[0].keys.size()); }
};

} // namespace wb::eql
