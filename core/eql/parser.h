// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"
#include "token.h"

#include <string_view>
#include <vector>

namespace wb::eql {

// Parses Elasticsearch EQL into a Query, or throws QueryError with line:column and what was
// expected. It also rejects what Elasticsearch parses but refuses (unsupported pipes, `join`,
// decimal or unit-less maxspans, fields compared with fields, ...). Recursion is bounded, so no
// input text can exhaust the stack.
Query parseQuery(std::string_view text);
// A bare condition, as typed into a filter bar: `process.name : "curl"`.
ExprPtr parseCondition(std::string_view text);

class Parser {
public:
    explicit Parser(std::string_view text);
    Query parseStatement();
    ExprPtr parseStandaloneExpression();

private:
    Query parseSequence();
    Query parseSample();
    EventFilter parseEventFilter();
    Stage parseStage(bool allowMissing);
    std::vector<FieldRef> parseJoinKeys();
    FieldRef parseFieldRef();
    Duration parseDuration();
    void parsePipes(Query& query);

    ExprPtr parseOr();
    ExprPtr parseAnd();
    ExprPtr parseNot();
    ExprPtr parsePredicate();
    ExprPtr parseAdditive();
    ExprPtr parseMultiplicative();
    ExprPtr parseUnary();
    ExprPtr parsePrimary();
    ExprPtr parseCall(const Token& name);
    ExprPtr parseMatchOrIn(ExprPtr subject, const Token& op, bool negated);
    ExprPtr parseConstant();

    const Token& peek(std::size_t ahead = 0) const;
    Token take();
    bool isKeyword(const Token& t, const char* word) const;
    bool accept(const char* keyword);
    bool accept(TokenKind kind);
    Token expect(TokenKind kind, const char* what);
    void expectKeyword(const char* keyword);
    [[noreturn]] void fail(const Token& at, const std::string& expected) const;
    [[noreturn]] void failAt(SourcePos pos, const std::string& message) const;
    std::string describe(const Token& t) const;

    struct DepthGuard {
        Parser& parser;
        DepthGuard(Parser& p, SourcePos pos);
        ~DepthGuard() { --parser.m_depth; }
    };

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

// Words Elasticsearch's lexer reserves; a field with such a name must be `quoted`.
bool isReservedWord(std::string_view word);

} // namespace wb::eql
