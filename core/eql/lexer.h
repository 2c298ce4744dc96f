// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "token.h"

#include <string_view>
#include <vector>

namespace wb::eql {

// Splits EQL text into tokens, with Elasticsearch's lexical rules: `//` and `/* */` comments,
// "double-quoted" strings with escapes, """raw""" strings, `backquoted` names. Throws QueryError
// with the line and column of the first character it cannot accept.
class Lexer {
public:
    explicit Lexer(std::string_view text);
    std::vector<Token> tokenize();

private:
    Token next();
    void skipSpaceAndComments();
    Token lexString();
    Token lexRawString();
    Token lexNumber();
    Token lexQuotedIdentifier();
    void continueFieldName(Token& token);
    void appendEscape(std::string& out);
    char peek(std::size_t ahead = 0) const;
    void advance(std::size_t n = 1);
    [[noreturn]] void fail(SourcePos pos, const std::string& message) const;

    std::string_view m_text;
    std::size_t m_pos = 0;
    SourcePos m_where;
};

} // namespace wb::eql
