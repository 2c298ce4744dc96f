// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "queryerror.h"

#include <string>

namespace wb::eql {

enum class TokenKind {
    End,
    Identifier, // bare name, may contain dots: process.parent.name, @timestamp
    QuotedIdentifier, // `my-field`
    TildeIdentifier, // a name with the case-insensitive marker: startsWith~, in~, like~, regex~
    String,
    Integer,
    Decimal,
    LeftParen,
    RightParen,
    LeftBracket,
    MissingOpen, // ![
    RightBracket,
    Comma,
    Pipe,
    Question,
    Colon,
    Equals, // ==
    NotEquals,
    Less,
    LessEquals,
    Greater,
    GreaterEquals,
    Assign, // =, only valid in `with maxspan=` and `with runs=`
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text; // identifiers and numbers as written; strings unescaped
    SourcePos pos;
    bool raw = false; // a """raw""" string
};

} // namespace wb::eql
