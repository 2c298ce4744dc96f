// SPDX-License-Identifier: Apache-2.0
#include "parser.h"

#include "functions.h"
#include "lexer.h"
#include "printer.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace wb::eql {

namespace {
constexpr int MaxDepth = 200;
constexpr const char* ReservedWords[] = {"and", "any", "asc", "by", "desc", "false", "in", "join", "like", "maxspan",
    "not", "null", "of", "or", "regex", "sample", "sequence", "true", "until", "where", "with"};
constexpr const char* UnsupportedPipes[] = {"count", "filter", "sort", "unique", "unique_count"};

ExprPtr makeExpr(ExprKind kind, SourcePos pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
}

bool containsPlainField(const Expr& e) {
    if (e.kind == ExprKind::Field) return !e.optional;
    for (const ExprPtr& c : e.children)
        if (containsPlainField(*c)) return true;
    return false;
}

const char* compareText(CompareOp op) {
    switch (op) {
    case CompareOp::Eq:
        return "==";
    case CompareOp::NotEq:
        return "!=";
    case CompareOp::Less:
        return "<";
    case CompareOp::LessEq:
        return "<=";
    case CompareOp::Greater:
        return ">";
    case CompareOp::GreaterEq:
        return ">=";
    }
    return "?";
}
} // namespace

bool isReservedWord(std::string_view word) {
    for (const char* w : ReservedWords)
        if (word == w) return true;
    return false;
}

Query parseQuery(std::string_view text) {
    return Parser(text).parseStatement();
}
ExprPtr parseCondition(std::string_view text) {
    return Parser(text).parseStandaloneExpression();
}

Parser::Parser(std::string_view text)
    : m_tokens(Lexer(text).tokenize()) { }

Parser::DepthGuard::DepthGuard(Parser& p, SourcePos pos)
    : parser(p) {
    if (++parser.m_depth > MaxDepth) {
        --parser.m_depth;
        parser.failAt(pos, "the query is nested too deeply (more than " + std::to_string(MaxDepth) + " levels)");
    }
}

const Token& Parser::peek(std::size_t ahead) const {
    const std::size_t i = m_pos + ahead;
    return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
}

Token Parser::take() {
    Token t = peek();
    if (m_pos < m_tokens.size() - 1) ++m_pos;
    return t;
}

bool Parser::isKeyword(const Token& t, const char* word) const {
    return t.kind == TokenKind::Identifier && t.text == word;
}

bool Parser::accept(const char* keyword) {
    if (!isKeyword(peek(), keyword)) return false;
    take();
    return true;
}

bool Parser::accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    take();
    return true;
}

Token Parser::expect(TokenKind kind, const char* what) {
    if (peek().kind != kind) fail(peek(), what);
    return take();
}

void Parser::expectKeyword(const char* keyword) {
    if (!isKeyword(peek(), keyword)) fail(peek(), std::string("'") + keyword + "'");
}

std::string Parser::describe(const Token& t) const {
    switch (t.kind) {
    case TokenKind::End:
        return "end of query";
    case TokenKind::String:
        return "string \"" + t.text + "\"";
    case TokenKind::QuotedIdentifier:
        return "`" + t.text + "`";
    case TokenKind::TildeIdentifier:
        return "'" + t.text + "~'";
    default:
        return "'" + t.text + "'";
    }
}

void Parser::fail(const Token& at, const std::string& expected) const {
    failAt(at.pos, "expected " + expected + ", found " + describe(at));
}

void Parser::failAt(SourcePos pos, const std::string& message) const {
    throw QueryError(pos, message);
}

Query Parser::parseStatement() {
    Query query;
    const Token& first = peek();
    if (isKeyword(first, "sequence")) {
        query = parseSequence();
    } else if (isKeyword(first, "sample")) {
        query = parseSample();
    } else if (isKeyword(first, "join")) {
        failAt(first.pos, "Queries using [join] are not supported");
    } else if (first.kind == TokenKind::End) {
        failAt(first.pos, "empty query: expected 'sequence', 'sample' or an event query such as 'process where ...'");
    } else {
        query.kind = Query::Kind::Event;
        query.event = parseEventFilter();
    }
    parsePipes(query);
    if (peek().kind != TokenKind::End) fail(peek(), "'|' or end of query");
    return query;
}

ExprPtr Parser::parseStandaloneExpression() {
    ExprPtr e = parseOr();
    if (peek().kind != TokenKind::End) fail(peek(), "'and', 'or' or end of condition");
    return e;
}

EventFilter Parser::parseEventFilter() {
    EventFilter filter;
    const Token t = peek();
    filter.pos = t.pos;
    if (isKeyword(t, "any")) {
        take();
    } else if (t.kind == TokenKind::String) {
        take();
        filter.category = t.text;
        filter.categoryQuoted = true;
    } else if (t.kind == TokenKind::Identifier && !isReservedWord(t.text)) {
        take();
        filter.category = t.text;
    } else {
        fail(t, "an event category (such as process) or 'any'");
    }
    expectKeyword("where");
    take();
    filter.condition = parseOr();
    return filter;
}

FieldRef Parser::parseFieldRef() {
    FieldRef ref;
    ref.pos = peek().pos;
    if (accept(TokenKind::Question)) ref.optional = true;
    const Token t = peek();
    if (t.kind == TokenKind::QuotedIdentifier || (t.kind == TokenKind::Identifier && !isReservedWord(t.text))) {
        take();
        ref.name = t.text;
        return ref;
    }
    fail(t, "a field name");
}

std::vector<FieldRef> Parser::parseJoinKeys() {
    std::vector<FieldRef> keys;
    do {
        FieldRef ref = parseFieldRef();
        if (peek().kind == TokenKind::LeftParen || peek().kind == TokenKind::Colon || peek().kind == TokenKind::Equals)
            failAt(ref.pos, "join keys must be fields");
        keys.push_back(std::move(ref));
    } while (accept(TokenKind::Comma));
    return keys;
}

Duration Parser::parseDuration() {
    const Token number = peek();
    if (number.kind == TokenKind::Decimal)
        failAt(number.pos, "Decimal time interval [" + number.text + "] not supported");
    if (number.kind == TokenKind::Minus) failAt(number.pos, "A positive maxspan value is required");
    if (number.kind == TokenKind::String)
        failAt(number.pos, "maxspan takes an integer and a unit, such as maxspan=30s, not a string");
    expect(TokenKind::Integer, "an integer time value, such as maxspan=30s");
    Duration d;
    auto [ptr, ec] = std::from_chars(number.text.data(), number.text.data() + number.text.size(), d.value);
    if (ec != std::errc()) failAt(number.pos, "maxspan value [" + number.text + "] is too large");
    if (d.value <= 0) failAt(number.pos, "A positive maxspan value is required; found [" + number.text + "]");
    const Token unit = peek();
    if (unit.kind != TokenKind::Identifier || isReservedWord(unit.text))
        failAt(unit.pos, "No time unit specified, please specify one of [ms, s, m, h, d]");
    if (unit.text != "ms" && unit.text != "s" && unit.text != "m" && unit.text != "h" && unit.text != "d")
        failAt(unit.pos,
            "Unrecognized time unit [" + unit.text + "] in [" + number.text + unit.text
                + "], please specify one of [ms, s, m, h, d]");
    take();
    d.unit = unit.text;
    if (d.value > INT64_MAX / 86'400'000) failAt(number.pos, "maxspan value [" + number.text + "] is too large");
    return d;
}

Stage Parser::parseStage(bool allowMissing) {
    Stage stage;
    const Token open = peek();
    if (open.kind == TokenKind::MissingOpen) {
        if (!allowMissing) failAt(open.pos, "missing events ![...] are only allowed in sequences");
        stage.missing = true;
        take();
    } else {
        expect(TokenKind::LeftBracket, "'[' to start a query");
    }
    stage.filter = parseEventFilter();
    expect(TokenKind::RightBracket, "']' to close the query");
    if (accept("by")) stage.keys = parseJoinKeys();
    if (isKeyword(peek(), "with") && peek(1).kind == TokenKind::Identifier && peek(1).text == "runs") {
        take(); // with
        take(); // runs
        expect(TokenKind::Assign, "'=' after runs");
        const Token n = peek();
        if (n.kind != TokenKind::Integer) fail(n, "an integer number of runs");
        take();
        long long runs = 0;
        auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), runs);
        if (ec != std::errc() || runs > 100)
            failAt(n.pos, "A query cannot be repeated more than 100 times; found [" + n.text + "]");
        if (runs < 1) failAt(n.pos, "A positive runs value is required; found [" + n.text + "]");
        stage.runs = int(runs);
    } else if (isKeyword(peek(), "with") && peek(1).kind == TokenKind::Identifier) {
        fail(peek(1), "'runs' (the only per-query option)");
    }
    return stage;
}

Query Parser::parseSequence() {
    const Token keyword = take();
    Query query;
    query.kind = Query::Kind::Sequence;
    if (accept("by")) query.sharedKeys = parseJoinKeys();
    if (isKeyword(peek(), "with")) {
        take();
        if (!isKeyword(peek(), "maxspan")) fail(peek(), "'maxspan'");
        take();
        expect(TokenKind::Assign, "'=' after maxspan");
        query.maxspan = parseDuration();
        if (isKeyword(peek(), "by")) failAt(peek().pos, "Please specify sequence [by] before [with] not after");
    }
    while (peek().kind == TokenKind::LeftBracket || peek().kind == TokenKind::MissingOpen)
        query.stages.push_back(parseStage(true));
    if (query.stages.empty()) fail(peek(), "'[' to start the first query of the sequence");
    if (accept("until")) {
        const Token at = peek();
        if (at.kind == TokenKind::MissingOpen) failAt(at.pos, "until cannot be a missing event ![...]");
        query.until = parseStage(false);
        if (query.until->runs != 1) failAt(at.pos, "until does not take runs");
    }
    std::size_t queries = 0, positive = 0;
    for (const Stage& s : query.stages) {
        queries += std::size_t(s.runs);
        if (!s.missing) ++positive;
    }
    if (queries < 2)
        failAt(keyword.pos, "A sequence requires a minimum of 2 queries, found [" + std::to_string(queries) + "]");
    if (positive == 0) failAt(keyword.pos, "A sequence requires at least one positive event query; found none");
    if (positive != query.stages.size() && !query.maxspan)
        failAt(keyword.pos, "A sequence with missing events ![...] requires a maxspan");
    const std::size_t keys = query.stages[0].keys.size();
    auto checkKeys = [&](const Stage& s) {
        if (s.keys.size() != keys)
            failAt(s.filter.pos,
                "Inconsistent number of join keys specified; expected [" + std::to_string(keys) + "] but found ["
                    + std::to_string(s.keys.size()) + "]");
    };
    for (const Stage& s : query.stages)
        checkKeys(s);
    if (query.until) checkKeys(*query.until);
    return query;
}

Query Parser::parseSample() {
    const Token keyword = take();
    Query query;
    query.kind = Query::Kind::Sample;
    if (accept("by")) query.sharedKeys = parseJoinKeys();
    if (isKeyword(peek(), "with")) failAt(peek().pos, "sample does not take maxspan or other options");
    while (peek().kind == TokenKind::LeftBracket || peek().kind == TokenKind::MissingOpen) {
        if (peek().kind == TokenKind::MissingOpen)
            failAt(peek().pos, "missing events ![...] are not allowed in samples");
        const Token at = peek();
        query.stages.push_back(parseStage(false));
        if (query.stages.back().runs != 1) failAt(at.pos, "sample does not take runs");
    }
    if (isKeyword(peek(), "until")) failAt(peek().pos, "sample does not take until");
    if (query.stages.size() < 2)
        failAt(keyword.pos,
            "A sample requires a minimum of 2 queries, found [" + std::to_string(query.stages.size()) + "]");
    const std::size_t keys = query.stages[0].keys.size();
    for (const Stage& s : query.stages)
        if (s.keys.size() != keys)
            failAt(s.filter.pos,
                "Inconsistent number of join keys specified; expected [" + std::to_string(keys) + "] but found ["
                    + std::to_string(s.keys.size()) + "]");
    return query;
}

void Parser::parsePipes(Query& query) {
    while (accept(TokenKind::Pipe)) {
        const Token name = peek();
        if (name.kind != TokenKind::Identifier) fail(name, "a pipe name (head or tail)");
        take();
        Pipe pipe;
        pipe.pos = name.pos;
        if (name.text == "head")
            pipe.kind = Pipe::Kind::Head;
        else if (name.text == "tail")
            pipe.kind = Pipe::Kind::Tail;
        else {
            for (const char* p : UnsupportedPipes)
                if (name.text == p) failAt(name.pos, "Pipe [" + name.text + "] is not supported");
            failAt(name.pos, "Unknown pipe [" + name.text + "]; Elasticsearch supports head and tail");
        }
        if (query.kind == Query::Kind::Sample) failAt(name.pos, "samples do not take pipes");
        const Token n = peek();
        if (n.kind == TokenKind::Integer) {
            take();
            auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), pipe.count);
            if (ec != std::errc()) failAt(n.pos, "pipe count [" + n.text + "] is too large");
        } else if (n.kind == TokenKind::Minus || n.kind == TokenKind::Decimal || n.kind == TokenKind::String) {
            failAt(n.pos, "Pipe [" + name.text + "] requires a positive integer");
        }
        query.pipes.push_back(pipe);
    }
}

// Expressions, lowest precedence first: or, and, not, comparison/predicate, + -, * / %, unary.
ExprPtr Parser::parseOr() {
    DepthGuard guard(*this, peek().pos);
    ExprPtr left = parseAnd();
    while (isKeyword(peek(), "or")) {
        const Token op = take();
        ExprPtr e = makeExpr(ExprKind::Or, op.pos);
        e->children.push_back(std::move(left));
        e->children.push_back(parseAnd());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseAnd() {
    ExprPtr left = parseNot();
    while (isKeyword(peek(), "and")) {
        const Token op = take();
        ExprPtr e = makeExpr(ExprKind::And, op.pos);
        e->children.push_back(std::move(left));
        e->children.push_back(parseNot());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseNot() {
    if (isKeyword(peek(), "not")) {
        const Token op = take();
        DepthGuard guard(*this, op.pos);
        ExprPtr e = makeExpr(ExprKind::Not, op.pos);
        e->children.push_back(parseNot());
        return e;
    }
    return parsePredicate();
}

ExprPtr Parser::parsePredicate() {
    ExprPtr left = parseAdditive();
    const Token op = peek();
    CompareOp cmp;
    switch (op.kind) {
    case TokenKind::Equals:
        cmp = CompareOp::Eq;
        break;
    case TokenKind::NotEquals:
        cmp = CompareOp::NotEq;
        break;
    case TokenKind::Less:
        cmp = CompareOp::Less;
        break;
    case TokenKind::LessEquals:
        cmp = CompareOp::LessEq;
        break;
    case TokenKind::Greater:
        cmp = CompareOp::Greater;
        break;
    case TokenKind::GreaterEquals:
        cmp = CompareOp::GreaterEq;
        break;
    case TokenKind::Assign:
        failAt(op.pos, "Use == or : instead of = to compare values");
    case TokenKind::Colon:
        take();
        return parseMatchOrIn(std::move(left), op, false);
    case TokenKind::TildeIdentifier:
        if (op.text == "in" || op.text == "like" || op.text == "regex") {
            take();
            return parseMatchOrIn(std::move(left), op, false);
        }
        return left;
    case TokenKind::Identifier:
        if (op.text == "in" || op.text == "like" || op.text == "regex") {
            take();
            return parseMatchOrIn(std::move(left), op, false);
        }
        if (op.text == "not"
            && (isKeyword(peek(1), "in") || (peek(1).kind == TokenKind::TildeIdentifier && peek(1).text == "in"))) {
            take();
            const Token in = take();
            return parseMatchOrIn(std::move(left), in, true);
        }
        return left;
    default:
        return left;
    }
    take();
    ExprPtr right = parseAdditive();
    if (containsPlainField(*left) && containsPlainField(*right))
        failAt(right->pos,
            std::string("Comparisons against fields are not (currently) supported; offender [") + toEql(*right)
                + "] in [" + compareText(cmp) + "]");
    ExprPtr e = makeExpr(ExprKind::Compare, op.pos);
    e->compare = cmp;
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    const TokenKind next = peek().kind;
    if (next == TokenKind::Equals || next == TokenKind::NotEquals || next == TokenKind::Less
        || next == TokenKind::LessEquals || next == TokenKind::Greater || next == TokenKind::GreaterEquals)
        failAt(peek().pos, "comparisons cannot be chained; use 'and' or parentheses");
    return e;
}

ExprPtr Parser::parseMatchOrIn(ExprPtr subject, const Token& op, bool negated) {
    ExprPtr e;
    const std::string word = op.kind == TokenKind::Colon ? ":" : op.text;
    if (word == "in") {
        e = makeExpr(ExprKind::In, op.pos);
        e->negated = negated;
    } else {
        e = makeExpr(ExprKind::Match, op.pos);
        e->match = word == ":" ? MatchOp::Seq : word == "like" ? MatchOp::Like : MatchOp::Regex;
    }
    e->caseInsensitive = op.kind == TokenKind::TildeIdentifier;
    e->children.push_back(std::move(subject));
    const bool list = peek().kind == TokenKind::LeftParen;
    if (e->kind == ExprKind::In && !list) fail(peek(), "'(' to start the list of values after " + word);
    if (list) {
        take();
        do {
            e->children.push_back(parseConstant());
        } while (accept(TokenKind::Comma));
        expect(TokenKind::RightParen, "',' or ')' to close the list");
    } else {
        e->children.push_back(parseConstant());
    }
    if (e->kind == ExprKind::Match) {
        for (std::size_t i = 1; i < e->children.size(); ++i)
            if (e->children[i]->literal.kind != Literal::Kind::String)
                failAt(e->children[i]->pos, "[" + word + "] takes string patterns, found " + toEql(*e->children[i]));
    }
    return e;
}

ExprPtr Parser::parseConstant() {
    const Token t = peek();
    const bool minus = t.kind == TokenKind::Minus;
    if (minus) take();
    const Token v = peek();
    ExprPtr e = makeExpr(ExprKind::Literal, t.pos);
    if (v.kind == TokenKind::Integer || v.kind == TokenKind::Decimal) {
        ExprPtr p = parsePrimary();
        e->literal = p->literal;
        if (minus) {
            if (e->literal.kind == Literal::Kind::Integer)
                e->literal.integer = -e->literal.integer;
            else
                e->literal.decimal = -e->literal.decimal;
        }
        return e;
    }
    if (minus) fail(v, "a number after '-'");
    if (v.kind == TokenKind::String || isKeyword(v, "null") || isKeyword(v, "true") || isKeyword(v, "false"))
        return parsePrimary();
    if (v.kind == TokenKind::Identifier || v.kind == TokenKind::QuotedIdentifier || v.kind == TokenKind::Question)
        failAt(v.pos,
            "Comparisons against fields are not (currently) supported; offender [" + v.text + "]: expected a constant");
    fail(v, "a constant (string, number, boolean or null)");
}

ExprPtr Parser::parseAdditive() {
    ExprPtr left = parseMultiplicative();
    while (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus) {
        const Token op = take();
        ExprPtr e = makeExpr(ExprKind::Arithmetic, op.pos);
        e->arithmetic = op.kind == TokenKind::Plus ? ArithOp::Add : ArithOp::Sub;
        e->children.push_back(std::move(left));
        e->children.push_back(parseMultiplicative());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseMultiplicative() {
    ExprPtr left = parseUnary();
    while (peek().kind == TokenKind::Star || peek().kind == TokenKind::Slash || peek().kind == TokenKind::Percent) {
        const Token op = take();
        ExprPtr e = makeExpr(ExprKind::Arithmetic, op.pos);
        e->arithmetic = op.kind == TokenKind::Star ? ArithOp::Mul
            : op.kind == TokenKind::Slash          ? ArithOp::Div
                                                   : ArithOp::Mod;
        e->children.push_back(std::move(left));
        e->children.push_back(parseUnary());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseUnary() {
    const Token t = peek();
    if (t.kind == TokenKind::Plus) {
        take();
        DepthGuard guard(*this, t.pos);
        return parseUnary();
    }
    if (t.kind == TokenKind::Minus) {
        take();
        DepthGuard guard(*this, t.pos);
        ExprPtr operand = parseUnary();
        if (operand->kind == ExprKind::Literal && operand->literal.kind == Literal::Kind::Integer) {
            operand->literal.integer = -operand->literal.integer;
            operand->pos = t.pos;
            return operand;
        }
        if (operand->kind == ExprKind::Literal && operand->literal.kind == Literal::Kind::Decimal) {
            operand->literal.decimal = -operand->literal.decimal;
            operand->pos = t.pos;
            return operand;
        }
        ExprPtr e = makeExpr(ExprKind::Negate, t.pos);
        e->children.push_back(std::move(operand));
        return e;
    }
    return parsePrimary();
}

ExprPtr Parser::parsePrimary() {
    const Token t = peek();
    switch (t.kind) {
    case TokenKind::Integer: {
        take();
        ExprPtr e = makeExpr(ExprKind::Literal, t.pos);
        e->literal.kind = Literal::Kind::Integer;
        auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), e->literal.integer);
        if (ec != std::errc()) failAt(t.pos, "Number [" + t.text + "] is too large");
        return e;
    }
    case TokenKind::Decimal: {
        take();
        ExprPtr e = makeExpr(ExprKind::Literal, t.pos);
        e->literal.kind = Literal::Kind::Decimal;
        e->literal.decimal = std::strtod(t.text.c_str(), nullptr);
        // Elasticsearch parses decimals as doubles and rejects what does not fit.
        if (!std::isfinite(e->literal.decimal)) failAt(t.pos, "Number [" + t.text + "] is too large");
        return e;
    }
    case TokenKind::String: {
        take();
        ExprPtr e = makeExpr(ExprKind::Literal, t.pos);
        e->literal.kind = Literal::Kind::String;
        e->literal.string = t.text;
        return e;
    }
    case TokenKind::LeftParen: {
        take();
        ExprPtr inner = parseOr();
        expect(TokenKind::RightParen, "')'");
        return inner;
    }
    case TokenKind::TildeIdentifier:
        take();
        if (peek().kind != TokenKind::LeftParen) fail(peek(), "'(' after the function name " + t.text + "~");
        return parseCall(t);
    case TokenKind::Question:
    case TokenKind::QuotedIdentifier: {
        FieldRef ref = parseFieldRef();
        ExprPtr e = makeExpr(ExprKind::Field, ref.pos);
        e->name = ref.name;
        e->optional = ref.optional;
        return e;
    }
    case TokenKind::Identifier: {
        if (t.text == "null" || t.text == "true" || t.text == "false") {
            take();
            ExprPtr e = makeExpr(ExprKind::Literal, t.pos);
            if (t.text != "null") {
                e->literal.kind = Literal::Kind::Boolean;
                e->literal.boolean = t.text == "true";
            }
            return e;
        }
        if (isReservedWord(t.text))
            fail(
                t, "a value, field or function (quote a field named like a keyword with backquotes: `" + t.text + "`)");
        take();
        if (peek().kind == TokenKind::LeftParen) return parseCall(t);
        ExprPtr e = makeExpr(ExprKind::Field, t.pos);
        e->name = t.text;
        return e;
    }
    default:
        fail(t, "a value, field or function");
    }
}

ExprPtr Parser::parseCall(const Token& name) {
    DepthGuard guard(*this, name.pos);
    const FunctionInfo* info = findFunction(name.text);
    if (!info) {
        if (name.text == "match" || name.text == "wildcard" || name.text.rfind("array", 0) == 0 || name.text == "safe")
            failAt(name.pos, "Function [" + name.text + "] is not supported by Elasticsearch EQL");
        failAt(name.pos, "Unknown function [" + name.text + "]");
    }
    const bool insensitive = name.kind == TokenKind::TildeIdentifier;
    if (insensitive && !info->caseInsensitiveVariant)
        failAt(name.pos,
            "Function [" + std::string(info->name) + "] has no case-insensitive variant [" + name.text + "~]");
    ExprPtr e = makeExpr(ExprKind::Call, name.pos);
    e->name = info->name;
    e->caseInsensitive = insensitive;
    expect(TokenKind::LeftParen, "'('");
    if (peek().kind != TokenKind::RightParen) {
        do {
            e->children.push_back(parseOr());
        } while (accept(TokenKind::Comma));
    }
    expect(TokenKind::RightParen, "',' or ')' to close the arguments");
    const int n = int(e->children.size());
    if (n < info->minArgs || (info->maxArgs >= 0 && n > info->maxArgs)) {
        const std::string range = info->maxArgs < 0 ? "at least " + std::to_string(info->minArgs)
            : info->minArgs == info->maxArgs        ? std::to_string(info->minArgs)
                                             : std::to_string(info->minArgs) + " to " + std::to_string(info->maxArgs);
        failAt(name.pos,
            "Function [" + std::string(info->name) + "] takes " + range + " argument(s), found " + std::to_string(n));
    }
    if (e->name == "cidrMatch") {
        for (int i = 1; i < n; ++i)
            if (e->children[std::size_t(i)]->kind != ExprKind::Literal
                || e->children[std::size_t(i)]->literal.kind != Literal::Kind::String)
                failAt(e->children[std::size_t(i)]->pos, "cidrMatch takes constant string CIDR blocks after the field");
    }
    if (e->name == "between" && n == 4
        && !(e->children[3]->kind == ExprKind::Literal && e->children[3]->literal.kind == Literal::Kind::Boolean))
        failAt(e->children[3]->pos, "the fourth argument of between (greedy) must be true or false");
    return e;
}

} // namespace wb::eql
