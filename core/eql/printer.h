// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ast.h"

#include <string>

namespace wb::eql {

// Canonical EQL text that parses back to the same AST: lower-case keywords, minimal
// parentheses, double-quoted strings with escapes, `backquotes` only where a name needs them.
// Sequences and samples put each stage on its own line, as rules are written.
std::string toEql(const Query& query);
std::string toEql(const Expr& expr);
std::string toEql(const FieldRef& field);
std::string quoteString(const std::string& text);
std::string formatLiteral(const Literal& literal);

} // namespace wb::eql
