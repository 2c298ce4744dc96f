// SPDX-License-Identifier: Apache-2.0
#include "lexer.h"

#include "textmatch.h"

#include <cstdint>

namespace wb::eql {

namespace {
bool isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isIdentifierStart(char c) {
    return isLetter(c) || c == '_' || c == '@';
}
bool isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '.';
}
int hexValue(char c) {
    if (isDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
std::string describe(char c) {
    if (static_cast<unsigned char>(c) < 0x20) return "control character " + std::to_string(int(c));
    return std::string("'") + c + "'";
}
} // namespace

Lexer::Lexer(std::string_view text)
    : m_text(text) { }

char Lexer::peek(std::size_t ahead) const {
    return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
}

void Lexer::advance(std::size_t n) {
    for (std::size_t i = 0; i < n && m_pos < m_text.size(); ++i) {
        const char c = m_text[m_pos++];
        if (c == '\n') {
            ++m_where.line;
            m_where.column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++m_where.column; // count code points, not UTF-8 continuation bytes
        }
    }
}

void Lexer::fail(SourcePos pos, const std::string& message) const {
    throw QueryError(pos, message);
}

std::vector<Token> Lexer::tokenize() {
    std::vector<Token> tokens;
    for (;;) {
        tokens.push_back(next());
        if (tokens.back().kind == TokenKind::End) return tokens;
    }
}

void Lexer::skipSpaceAndComments() {
    for (;;) {
        const char c = peek();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            advance();
        } else if (c == '/' && peek(1) == '/') {
            while (m_pos < m_text.size() && peek() != '\n')
                advance();
        } else if (c == '/' && peek(1) == '*') {
            const SourcePos start = m_where;
            advance(2);
            while (m_pos < m_text.size() && !(peek() == '*' && peek(1) == '/'))
                advance();
            if (m_pos >= m_text.size()) fail(start, "unterminated /* comment");
            advance(2);
        } else {
            return;
        }
    }
}

Token Lexer::next() {
    skipSpaceAndComments();
    Token token;
    token.pos = m_where;
    if (m_pos >= m_text.size()) return token;
    const char c = peek();
    auto single = [&](TokenKind kind, std::size_t length = 1) {
        token.kind = kind;
        token.text = std::string(m_text.substr(m_pos, length));
        advance(length);
        return token;
    };
    if (isIdentifierStart(c)) {
        const std::size_t start = m_pos;
        while (isIdentifierPart(peek()))
            advance();
        token.text = std::string(m_text.substr(start, m_pos - start));
        token.kind = TokenKind::Identifier;
        if (token.text.back() == '.' && peek() == '`') continueFieldName(token);
        if (token.text.back() == '.') fail(token.pos, "field name [" + token.text + "] ends with a dot");
        if (token.kind == TokenKind::QuotedIdentifier) return token;
        if (peek() == '~') {
            advance();
            token.kind = TokenKind::TildeIdentifier;
        }
        return token;
    }
    if (isDigit(c)) return lexNumber();
    switch (c) {
    case '"':
        return peek(1) == '"' && peek(2) == '"' ? lexRawString() : lexString();
    case '`': {
        Token quoted = lexQuotedIdentifier();
        if (peek() == '.' && (isIdentifierStart(peek(1)) || peek(1) == '`')) {
            quoted.text += '.';
            advance();
            continueFieldName(quoted);
        }
        return quoted;
    }
    case '\'':
        fail(token.pos, "Use double quotes [\"] to define string literals, not single quotes [']");
    case '(':
        return single(TokenKind::LeftParen);
    case ')':
        return single(TokenKind::RightParen);
    case '[':
        return single(TokenKind::LeftBracket);
    case ']':
        return single(TokenKind::RightBracket);
    case ',':
        return single(TokenKind::Comma);
    case '|':
        return single(TokenKind::Pipe);
    case ':':
        return single(TokenKind::Colon);
    case '+':
        return single(TokenKind::Plus);
    case '-':
        return single(TokenKind::Minus);
    case '*':
        return single(TokenKind::Star);
    case '/':
        return single(TokenKind::Slash);
    case '%':
        return single(TokenKind::Percent);
    case '?':
        if (peek(1) == '"')
            fail(token.pos, "Use triple double quotes [\"\"\"] to define unescaped string literals, not [?]");
        return single(TokenKind::Question);
    case '!':
        if (peek(1) == '=') return single(TokenKind::NotEquals, 2);
        if (peek(1) == '[') return single(TokenKind::MissingOpen, 2);
        fail(token.pos, "unexpected '!': expected '!=' or '!['");
    case '=':
        return peek(1) == '=' ? single(TokenKind::Equals, 2) : single(TokenKind::Assign);
    case '<':
        return peek(1) == '=' ? single(TokenKind::LessEquals, 2) : single(TokenKind::Less);
    case '>':
        return peek(1) == '=' ? single(TokenKind::GreaterEquals, 2) : single(TokenKind::Greater);
    default:
        fail(token.pos, "unexpected character " + describe(c));
    }
}

Token Lexer::lexNumber() {
    Token token;
    token.pos = m_where;
    const std::size_t start = m_pos;
    token.kind = TokenKind::Integer;
    while (isDigit(peek()))
        advance();
    if (peek() == '.' && isDigit(peek(1))) {
        token.kind = TokenKind::Decimal;
        advance();
        while (isDigit(peek()))
            advance();
    } else if (peek() == '.' && !isIdentifierStart(peek(1))) {
        token.kind = TokenKind::Decimal; // "4." is a decimal in Elasticsearch's grammar
        advance();
    }
    if ((peek() == 'e' || peek() == 'E')
        && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
        token.kind = TokenKind::Decimal;
        advance(2);
        while (isDigit(peek()))
            advance();
    }
    token.text = std::string(m_text.substr(start, m_pos - start));
    return token;
}

void Lexer::appendEscape(std::string& out) {
    const SourcePos pos = m_where;
    advance(); // the backslash
    const char c = peek();
    switch (c) {
    case 'n':
        out += '\n';
        break;
    case 'r':
        out += '\r';
        break;
    case 't':
        out += '\t';
        break;
    case 'b':
        out += '\b';
        break;
    case 'f':
        out += '\f';
        break;
    case '"':
    case '\'':
    case '\\':
        out += c;
        break;
    case 'u': {
        if (peek(1) != '{') fail(pos, "invalid unicode escape: expected \\u{XXXX}");
        advance(2);
        std::uint32_t cp = 0;
        int digits = 0;
        while (hexValue(peek()) >= 0 && digits < 9) {
            cp = cp * 16 + std::uint32_t(hexValue(peek()));
            ++digits;
            advance();
        }
        if (peek() != '}' || digits < 2 || digits > 8 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail(pos, "invalid unicode escape: expected \\u{XXXX} with 2 to 8 hex digits of a valid code point");
        appendUtf8(char32_t(cp), out);
        break;
    }
    default:
        fail(pos, std::string("unknown escape sequence \\") + (c ? std::string(1, c) : std::string()));
    }
    advance();
}

Token Lexer::lexString() {
    Token token;
    token.kind = TokenKind::String;
    token.pos = m_where;
    advance(); // opening quote
    for (;;) {
        const char c = peek();
        if (m_pos >= m_text.size() || c == '\n' || c == '\r') fail(token.pos, "unterminated string literal");
        if (c == '"') {
            advance();
            return token;
        }
        if (c == '\\') {
            appendEscape(token.text);
            continue;
        }
        token.text += c;
        advance();
    }
}

Token Lexer::lexRawString() {
    Token token;
    token.kind = TokenKind::String;
    token.raw = true;
    token.pos = m_where;
    advance(3);
    const std::size_t start = m_pos;
    for (;;) {
        if (m_pos >= m_text.size()) fail(token.pos, "unterminated raw string literal: expected \"\"\"");
        if (peek() == '"' && peek(1) == '"' && peek(2) == '"') {
            // Like Elasticsearch's lexer, a run of more than three quotes closes at its last three.
            while (peek(3) == '"')
                advance();
            token.text = std::string(m_text.substr(start, m_pos - start));
            advance(3);
            return token;
        }
        advance();
    }
}

// A field name is a dot-separated sequence of segments, each an identifier or a backquoted name:
// azure.auditlogs.properties.target_resources.`0`.display_name. Continues `token` (which ends with
// a dot) with the segments that follow; the name is then a quoted identifier (never a keyword).
void Lexer::continueFieldName(Token& token) {
    token.kind = TokenKind::QuotedIdentifier;
    for (;;) {
        if (peek() == '`') {
            token.text += lexQuotedIdentifier().text;
        } else if (isIdentifierStart(peek())) {
            while (isIdentifierPart(peek())) {
                token.text += peek();
                advance();
            }
        } else {
            fail(m_where, "field name [" + token.text + "] ends with a dot");
        }
        if (token.text.back() == '.' && (peek() == '`' || isIdentifierStart(peek()))) continue;
        if (peek() == '.' && (isIdentifierStart(peek(1)) || peek(1) == '`')) {
            token.text += '.';
            advance();
            continue;
        }
        return;
    }
}

Token Lexer::lexQuotedIdentifier() {
    Token token;
    token.kind = TokenKind::QuotedIdentifier;
    token.pos = m_where;
    advance();
    for (;;) {
        if (m_pos >= m_text.size() || peek() == '\n') fail(token.pos, "unterminated quoted field name: expected `");
        if (peek() == '`') {
            if (peek(1) == '`') { // `` inside a quoted name is a literal backquote
                token.text += '`';
                advance(2);
                continue;
            }
            advance();
            if (token.text.empty()) fail(token.pos, "empty quoted field name");
            return token;
        }
        token.text += peek();
        advance();
    }
}

} // namespace wb::eql
