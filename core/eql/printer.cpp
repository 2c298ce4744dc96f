// SPDX-License-Identifier: Apache-2.0
#include "printer.h"

#include "parser.h"

#include <cmath>
#include <cstdio>

namespace wb::eql {

namespace {
// Binding strength, matching the parser's levels.
int precedence(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Or:
        return 1;
    case ExprKind::And:
        return 2;
    case ExprKind::Not:
        return 3;
    case ExprKind::Compare:
    case ExprKind::In:
    case ExprKind::Match:
        return 4;
    case ExprKind::Arithmetic:
        return e.arithmetic == ArithOp::Add || e.arithmetic == ArithOp::Sub ? 5 : 6;
    case ExprKind::Negate:
        return 7;
    case ExprKind::Literal:
        // A negative number reads as unary minus when reparsed.
        if ((e.literal.kind == Literal::Kind::Integer && e.literal.integer < 0)
            || (e.literal.kind == Literal::Kind::Decimal && std::signbit(e.literal.decimal)))
            return 7;
        return 8;
    default:
        return 8;
    }
}

// What the lexer reads as one identifier token (dots included, also two in a row).
bool isIdentifierToken(const std::string& name) {
    if (name.empty() || isReservedWord(name)) return false;
    const char c0 = name[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_' || c0 == '@')) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@'
                || c == '.'))
            return false;
    return name.back() != '.';
}

bool isPlainName(const std::string& name) {
    return isIdentifierToken(name) && name.find("..") == std::string::npos;
}

std::string fieldName(const std::string& name) {
    if (isPlainName(name)) return name;
    std::string out = "`";
    for (char c : name)
        out += c == '`' ? std::string("``") : std::string(1, c);
    return out + "`";
}

void print(const Expr& e, std::string& out);

void printOperand(const Expr& child, int minPrecedence, std::string& out) {
    const bool parens = precedence(child) < minPrecedence;
    if (parens) out += '(';
    print(child, out);
    if (parens) out += ')';
}

void print(const Expr& e, std::string& out) {
    switch (e.kind) {
    case ExprKind::Literal:
        out += formatLiteral(e.literal);
        return;
    case ExprKind::Field:
        if (e.optional) out += '?';
        out += fieldName(e.name);
        return;
    case ExprKind::Not:
        out += "not ";
        printOperand(*e.children[0], 3, out);
        return;
    case ExprKind::And:
    case ExprKind::Or: {
        const int p = precedence(e);
        printOperand(*e.children[0], p, out);
        out += e.kind == ExprKind::And ? " and " : " or ";
        printOperand(*e.children[1], p + 1, out);
        return;
    }
    case ExprKind::Compare: {
        static const char* ops[] = {"==", "!=", "<", "<=", ">", ">="};
        printOperand(*e.children[0], 5, out);
        out += ' ';
        out += ops[int(e.compare)];
        out += ' ';
        printOperand(*e.children[1], 5, out);
        return;
    }
    case ExprKind::Arithmetic: {
        static const char* ops[] = {"+", "-", "*", "/", "%"};
        const int p = precedence(e);
        printOperand(*e.children[0], p, out);
        out += ' ';
        out += ops[int(e.arithmetic)];
        out += ' ';
        printOperand(*e.children[1], p + 1, out);
        return;
    }
    case ExprKind::Negate: {
        out += '-';
        std::string operand;
        printOperand(*e.children[0], 7, operand);
        if (!operand.empty() && operand[0] == '-') out += ' ';
        out += operand;
        return;
    }
    case ExprKind::In:
    case ExprKind::Match: {
        printOperand(*e.children[0], 5, out);
        if (e.kind == ExprKind::In)
            out += e.negated ? " not in" : " in";
        else
            out += e.match == MatchOp::Seq ? " :" : e.match == MatchOp::Like ? " like" : " regex";
        if (e.caseInsensitive) out += '~';
        out += ' ';
        const bool list = e.children.size() > 2 || e.kind == ExprKind::In;
        if (list) out += '(';
        for (std::size_t i = 1; i < e.children.size(); ++i) {
            if (i > 1) out += ", ";
            print(*e.children[i], out);
        }
        if (list) out += ')';
        return;
    }
    case ExprKind::Call:
        out += e.name;
        if (e.caseInsensitive) out += '~';
        out += '(';
        for (std::size_t i = 0; i < e.children.size(); ++i) {
            if (i > 0) out += ", ";
            print(*e.children[i], out);
        }
        out += ')';
        return;
    }
}

std::string keys(const std::vector<FieldRef>& refs) {
    std::string out;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        if (i > 0) out += ", ";
        out += toEql(refs[i]);
    }
    return out;
}

std::string filter(const EventFilter& f) {
    std::string out;
    if (f.category.empty() && !f.categoryQuoted)
        out = "any";
    else if (!f.categoryQuoted && isIdentifierToken(f.category)) // "a..b" too: it was read as one
        out = f.category;
    else
        out = quoteString(f.category);
    return out + " where " + toEql(*f.condition);
}

std::string stage(const Stage& s) {
    std::string out = s.missing ? "![" : "[";
    out += filter(s.filter) + "]";
    if (!s.keys.empty()) out += " by " + keys(s.keys);
    if (s.runs != 1) out += " with runs=" + std::to_string(s.runs);
    return out;
}
} // namespace

std::string quoteString(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "\\u{%02x}", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + "\"";
}

std::string formatLiteral(const Literal& l) {
    switch (l.kind) {
    case Literal::Kind::Null:
        return "null";
    case Literal::Kind::Boolean:
        return l.boolean ? "true" : "false";
    case Literal::Kind::Integer:
        return std::to_string(l.integer);
    case Literal::Kind::Decimal: {
        char buf[64];
        for (int digits = 1; digits <= 17; ++digits) { // shortest text that reads back exactly
            std::snprintf(buf, sizeof buf, "%.*g", digits, l.decimal);
            if (std::strtod(buf, nullptr) == l.decimal) break;
        }
        std::string s = buf;
        if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
        return s;
    }
    case Literal::Kind::String:
        return quoteString(l.string);
    }
    return "null";
}

std::string toEql(const Expr& expr) {
    std::string out;
    print(expr, out);
    return out;
}

std::string toEql(const FieldRef& field) {
    return (field.optional ? "?" : "") + fieldName(field.name);
}

std::string toEql(const Query& q) {
    std::string out;
    if (q.kind == Query::Kind::Event) {
        out = filter(q.event);
    } else {
        out = q.kind == Query::Kind::Sequence ? "sequence" : "sample";
        if (!q.sharedKeys.empty()) out += " by " + keys(q.sharedKeys);
        if (q.maxspan) out += " with maxspan=" + std::to_string(q.maxspan->value) + q.maxspan->unit;
        for (const Stage& s : q.stages)
            out += "\n  " + stage(s);
        if (q.until) out += "\nuntil " + stage(*q.until);
    }
    for (const Pipe& p : q.pipes)
        out += std::string(q.kind == Query::Kind::Event ? " " : "\n")
            + (p.kind == Pipe::Kind::Head ? "| head " : "| tail ") + std::to_string(p.count);
    return out;
}

} // namespace wb::eql
