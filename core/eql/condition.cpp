// SPDX-License-Identifier: Apache-2.0
#include "condition.h"

#include "fieldreader.h"
#include "printer.h"
#include "semver.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace wb::eql {

struct Condition::Node {
    enum class Op {
        Const,
        Field,
        And,
        Or,
        Not,
        FieldCompare, // query: field op constant
        FieldIn, // query: field [not] in (constants)
        FieldMatch, // query: field : / like / regex patterns
        FieldFunction, // query: startsWith/endsWith/stringContains/cidrMatch(field, constants)
        FieldExists, // field != null
        FieldMissing, // field == null
        Compare, // script
        IsNull, // script: expr == null
        IsNotNull,
        Arithmetic,
        Negate,
        In,
        Match,
        Call,
    } op
        = Op::Const;
    std::vector<Node*> kids;
    Scalar constant;
    std::string constantText; // owns constant.string
    ResolvedField field;
    std::vector<Node*> scriptFields; // the fields a script reads, one node per field: their values are iterated
    CompareOp compare = CompareOp::Eq;
    ArithOp arithmetic = ArithOp::Add;
    MatchOp match = MatchOp::Seq;
    bool negated = false;
    bool insensitive = false;
    std::string function;
    std::vector<Scalar> set; // In / FieldIn constants (strings owned by setText)
    std::deque<std::string> setText;
    std::vector<WildcardPattern> wildcards;
    std::vector<LuceneRegex> regexes;
    std::vector<CidrBlock> cidrs;
    std::optional<DateRange> dateRange; // FieldCompare on a date field
    std::vector<std::uint8_t> memo; // per interned string: 0 unknown, 1 no, 2 yes
    // Fast path for exact-string fields: compare interned string ids without building scalars.
    enum class Fast { None, StringEquals, StringMatch, StringSet } fast = Fast::None;
    std::vector<StringId> sids; // StringEquals: the one id (or none: never equal); StringSet: the ids
    const StringColumn* column = nullptr; // the field's values by event, when the engine keeps columns
    std::vector<std::uint64_t> evaluated, failed; // And: per conjunct, to put the most selective first
    std::uint64_t runs = 0;
    std::string name; // for messages
};

namespace {
using Op = Condition::Node::Op;

std::optional<double> parseNumber(std::string_view s) {
    return parseNumberText(s);
}

Truth fromBool(bool b) {
    return b ? Truth::True : Truth::False;
}

Truth toTruth(const Scalar& s) {
    if (s.kind == Scalar::Kind::Bool) return fromBool(s.boolean);
    return s.kind == Scalar::Kind::Null ? Truth::Null : Truth::False;
}

Scalar fromTruth(Truth t) {
    return t == Truth::Null ? Scalar::null() : Scalar::fromBool(t == Truth::True);
}

bool compareHolds(CompareOp op, int c) {
    switch (op) {
    case CompareOp::Eq:
        return c == 0;
    case CompareOp::NotEq:
        return c != 0;
    case CompareOp::Less:
        return c < 0;
    case CompareOp::LessEq:
        return c <= 0;
    case CompareOp::Greater:
        return c > 0;
    case CompareOp::GreaterEq:
        return c >= 0;
    }
    return false;
}

CompareOp flip(CompareOp op) {
    switch (op) {
    case CompareOp::Less:
        return CompareOp::Greater;
    case CompareOp::LessEq:
        return CompareOp::GreaterEq;
    case CompareOp::Greater:
        return CompareOp::Less;
    case CompareOp::GreaterEq:
        return CompareOp::LessEq;
    default:
        return op;
    }
}

int sign(double d) {
    return d < 0 ? -1 : d > 0 ? 1 : 0;
}

bool containsField(const Condition::Node* n) {
    if (n->op == Op::Field) return true;
    for (const auto* k : n->kids)
        if (containsField(k)) return true;
    return false;
}

// Every field a script reads, once per field (two mentions of one field read the same value).
void scriptFields(Condition::Node* n, std::vector<Condition::Node*>& out) {
    if (n->op == Op::Field) {
        const bool seen = std::any_of(out.begin(), out.end(),
            [&](const Condition::Node* f) { return f->field.id == n->field.id && f->field.type == n->field.type; });
        if (!seen) out.push_back(n);
        return;
    }
    for (auto* k : n->kids)
        scriptFields(k, out);
}

// UTF-16 length, as Java's String.length() counts.
std::int64_t javaLength(std::string_view s) {
    std::int64_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) == 0x80) continue;
        n += c >= 0xF0 ? 2 : 1;
    }
    return n;
}

std::size_t findText(std::string_view hay, std::string_view needle, std::size_t from, bool insensitive) {
    if (!insensitive) return hay.find(needle, from);
    const std::string h = toLowerUtf8(hay), n = toLowerUtf8(needle);
    return h.find(n, from);
}
} // namespace

std::optional<int> compareScalars(const Scalar& a, const Scalar& b) {
    using K = Scalar::Kind;
    if (a.kind == K::Null || b.kind == K::Null) return std::nullopt;
    if (a.kind == K::String && b.kind == K::String) {
        if (a.type == FieldType::Version || b.type == FieldType::Version) return compareVersions(a.string, b.string);
        if (a.type == FieldType::Ip || b.type == FieldType::Ip) {
            auto x = parseIp(a.string), y = parseIp(b.string);
            if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
        }
        if (a.sid != StringPool::npos && a.sid == b.sid) return 0;
        const int c = a.string.compare(b.string);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.isNumber() && b.isNumber()) {
        if (a.kind == K::Long && b.kind == K::Long) return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
        return sign(a.asDouble() - b.asDouble());
    }
    if (a.kind == K::Bool && b.kind == K::Bool) return int(a.boolean) - int(b.boolean);
    if (a.isNumber() && b.kind == K::String) {
        if (a.type == FieldType::Date)
            if (auto r = parseDateLiteral(b.string)) return sign(double(a.integer - r->first));
        if (auto n = parseNumber(b.string)) return sign(a.asDouble() - *n);
        return std::nullopt;
    }
    if (a.kind == K::String && b.isNumber()) {
        auto r = compareScalars(b, a);
        if (r) return -*r;
        return std::nullopt;
    }
    if (a.kind == K::Bool && b.kind == K::String) {
        if (b.string == "true" || b.string == "false") return int(a.boolean) - int(b.string == "true");
        return std::nullopt;
    }
    if (a.kind == K::String && b.kind == K::Bool) {
        auto r = compareScalars(b, a);
        if (r) return -*r;
    }
    return std::nullopt;
}

Condition::Condition(const Expr& expr, const Schema& schema, std::size_t indexSlot, ColumnCache* columns)
    : m_schema(schema)
    , m_slot(indexSlot)
    , m_columns(columns) {
    m_root = compile(expr, true);
}

Condition::Condition(Condition&&) noexcept = default;
Condition::~Condition() = default;

std::string_view Condition::keep(std::string s) {
    m_scratch.push_back(std::move(s));
    return m_scratch.back();
}

template <typename Fn> bool Condition::forEachValue(const ResolvedField& f, EventIndex e, Fn&& fn) {
    return readFieldValues(m_schema.store(), f, e, m_scratch, fn);
}

Condition::Node* Condition::compile(const Expr& expr, bool booleanContext) {
    auto owned = std::make_unique<Node>();
    Node* n = owned.get();
    m_nodes.push_back(std::move(owned));
    n->name = toEql(expr);
    switch (expr.kind) {
    case ExprKind::Literal:
        n->op = Op::Const;
        switch (expr.literal.kind) {
        case Literal::Kind::Null:
            break;
        case Literal::Kind::Boolean:
            n->constant = Scalar::fromBool(expr.literal.boolean);
            break;
        case Literal::Kind::Integer:
            n->constant = Scalar::fromLong(expr.literal.integer);
            break;
        case Literal::Kind::Decimal:
            n->constant = Scalar::fromDouble(expr.literal.decimal);
            break;
        case Literal::Kind::String:
            n->constantText = expr.literal.string;
            n->constant = Scalar::fromString(n->constantText, m_schema.store().strings().find(n->constantText));
            break;
        }
        return n;
    case ExprKind::Field: {
        n->op = Op::Field;
        n->field = m_schema.resolve(expr.name, m_slot);
        if (!n->field.known()) {
            if (expr.optional) {
                n->op = Op::Const; // ?field absent from the mapping reads as null (R4)
                return n;
            }
            m_unknownFields.push_back(expr.name);
        }
        return n;
    }
    case ExprKind::Not:
        n->op = Op::Not;
        n->kids.push_back(compile(*expr.children[0], booleanContext));
        return fold(n);
    case ExprKind::And:
        // One n-ary node for a chain of `and`s, so its conjuncts can be reordered (see test()).
        n->op = Op::And;
        for (const ExprPtr& child : expr.children) {
            Node* c = compile(*child, booleanContext);
            if (c->op == Op::And)
                n->kids.insert(n->kids.end(), c->kids.begin(), c->kids.end());
            else
                n->kids.push_back(c);
        }
        n->evaluated.assign(n->kids.size(), 0);
        n->failed.assign(n->kids.size(), 0);
        return fold(n);
    case ExprKind::Or:
        n->op = Op::Or;
        n->kids.push_back(compile(*expr.children[0], booleanContext));
        n->kids.push_back(compile(*expr.children[1], booleanContext));
        return fold(n);
    case ExprKind::Negate:
        n->op = Op::Negate;
        n->kids.push_back(compile(*expr.children[0], false));
        return fold(n);
    case ExprKind::Arithmetic:
        n->op = Op::Arithmetic;
        n->arithmetic = expr.arithmetic;
        n->kids.push_back(compile(*expr.children[0], false));
        n->kids.push_back(compile(*expr.children[1], false));
        return fold(n);
    case ExprKind::Compare: {
        Node* left = compile(*expr.children[0], false);
        Node* right = compile(*expr.children[1], false);
        CompareOp op = expr.compare;
        if (containsField(left) && containsField(right))
            throw QueryError(expr.children[1]->pos,
                "Comparisons against fields are not (currently) supported; offender [" + right->name + "] in ["
                    + n->name + "]");
        if (left->op == Op::Const && right->op != Op::Const) {
            std::swap(left, right);
            op = flip(op);
        }
        // left is now the non-constant side (or both are constant)
        if (right->op == Op::Const && right->constant.isNull() && (op == CompareOp::Eq || op == CompareOp::NotEq)) {
            if (left->op == Op::Field && booleanContext) {
                n->op = op == CompareOp::Eq ? Op::FieldMissing : Op::FieldExists;
                n->field = left->field;
                return n;
            }
            n->op = op == CompareOp::Eq ? Op::IsNull : Op::IsNotNull;
            n->kids.push_back(left);
            return fold(n);
        }
        n->compare = op;
        n->kids = {left, right};
        if (left->op == Op::Field && right->op == Op::Const && booleanContext) {
            n->op = Op::FieldCompare;
            n->field = left->field;
            n->constant = right->constant;
            n->constantText = right->constantText;
            if (n->constant.kind == Scalar::Kind::String) n->constant.string = n->constantText;
            n->constant.type = left->field.type;
            if (left->field.type == FieldType::Date) {
                if (n->constant.kind == Scalar::Kind::String)
                    n->dateRange = parseDateLiteral(n->constant.string);
                else if (n->constant.isNumber())
                    n->dateRange
                        = DateRange{std::int64_t(n->constant.asDouble()), std::int64_t(n->constant.asDouble())};
            }
            prepareFastPath(n);
            return n;
        }
        n->op = Op::Compare;
        return fold(n);
    }
    case ExprKind::In:
    case ExprKind::Match: {
        Node* subject = compile(*expr.children[0], false);
        n->negated = expr.negated;
        n->insensitive = expr.caseInsensitive || (expr.kind == ExprKind::Match && expr.match == MatchOp::Seq);
        n->match = expr.match;
        for (std::size_t i = 1; i < expr.children.size(); ++i) {
            Node* c = compile(*expr.children[i], false);
            if (c->op != Op::Const) throw QueryError(expr.children[i]->pos, "expected a constant in the list");
            n->setText.push_back(c->constantText);
            Scalar s = c->constant;
            if (s.kind == Scalar::Kind::String) s.string = n->setText.back();
            s.type = subject->op == Op::Field ? subject->field.type : FieldType::Unknown;
            n->set.push_back(s);
        }
        if (expr.kind == ExprKind::Match) {
            for (const Scalar& p : n->set) {
                if (expr.match == MatchOp::Regex) {
                    std::string error;
                    auto re = LuceneRegex::compile(p.string, n->insensitive, &error);
                    if (!re) throw QueryError(expr.pos, error);
                    n->regexes.push_back(std::move(*re));
                } else {
                    n->wildcards.emplace_back(p.string, n->insensitive);
                }
            }
        }
        n->kids.push_back(subject);
        if (subject->op == Op::Field && booleanContext) {
            n->op = expr.kind == ExprKind::In ? Op::FieldIn : Op::FieldMatch;
            n->field = subject->field;
            if (expr.kind == ExprKind::Match) n->memo.assign(m_schema.store().strings().size(), 0);
            prepareFastPath(n);
            return n;
        }
        n->op = expr.kind == ExprKind::In ? Op::In : Op::Match;
        return fold(n);
    }
    case ExprKind::Call: {
        n->op = Op::Call;
        n->function = expr.name;
        n->insensitive = expr.caseInsensitive;
        for (const ExprPtr& arg : expr.children)
            n->kids.push_back(compile(*arg, false));
        if (n->function == "cidrMatch")
            for (std::size_t i = 1; i < n->kids.size(); ++i) {
                auto block = parseCidr(n->kids[i]->constant.string);
                if (!block)
                    throw QueryError(expr.children[i]->pos, "invalid CIDR block [" + n->kids[i]->constantText + "]");
                n->cidrs.push_back(*block);
            }
        const bool queryable = n->function == "startsWith" || n->function == "endsWith"
            || n->function == "stringContains" || n->function == "cidrMatch";
        bool constantArgs = true;
        for (std::size_t i = 1; i < n->kids.size(); ++i)
            constantArgs = constantArgs && n->kids[i]->op == Op::Const && !n->kids[i]->constant.isNull();
        if (booleanContext && queryable && n->kids[0]->op == Op::Field && constantArgs) {
            n->op = Op::FieldFunction;
            n->field = n->kids[0]->field;
            return n;
        }
        return fold(n);
    }
    }
    return n;
}

// Evaluates a node without fields once, at compile time; records which field a script iterates.
Condition::Node* Condition::fold(Node* n) {
    if (!containsField(n)) {
        bool pure = true;
        for (const Node* k : n->kids)
            pure = pure && k->op == Op::Const;
        if (pure && n->op != Op::Const) {
            const Scalar v = value(n, 0);
            n->constantText = v.kind == Scalar::Kind::String ? std::string(v.string) : std::string();
            n->constant = v;
            if (v.kind == Scalar::Kind::String) n->constant.string = n->constantText;
            n->constant.sid
                = v.kind == Scalar::Kind::String ? m_schema.store().strings().find(n->constantText) : StringPool::npos;
            n->op = Op::Const;
            n->kids.clear();
            m_scratch.clear();
        }
        return n;
    }
    scriptFields(n, n->scriptFields);
    return n;
}

void Condition::reorderConjuncts(Node* n) {
    std::vector<std::size_t> order(n->kids.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto failRate
        = [&](std::size_t i) { return n->evaluated[i] ? double(n->failed[i]) / double(n->evaluated[i]) : 0.0; };
    std::stable_sort(
        order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return failRate(a) > failRate(b); });
    std::vector<Node*> kids;
    std::vector<std::uint64_t> evaluated, failed;
    for (std::size_t i : order) {
        kids.push_back(n->kids[i]);
        evaluated.push_back(n->evaluated[i]);
        failed.push_back(n->failed[i]);
    }
    n->kids = std::move(kids);
    n->evaluated = std::move(evaluated);
    n->failed = std::move(failed);
}

void Condition::prepareFastPath(Node* n) {
    const ResolvedField& f = n->field;
    if (f.type != FieldType::Unknown && f.type != FieldType::Keyword) return;
    if (f.mapping && f.mapping->nullValue) return;
    const StringPool& pool = m_schema.store().strings();
    if (n->op == Op::FieldCompare && (n->compare == CompareOp::Eq || n->compare == CompareOp::NotEq)
        && n->constant.kind == Scalar::Kind::String) {
        n->fast = Node::Fast::StringEquals;
        if (n->constant.sid != StringPool::npos) n->sids.push_back(n->constant.sid);
    } else if (n->op == Op::FieldMatch) {
        n->fast = Node::Fast::StringMatch;
    } else if (n->op == Op::FieldIn && !n->insensitive) {
        for (const Scalar& c : n->set) {
            if (c.kind != Scalar::Kind::String) return;
            if (const StringId id = pool.find(c.string); id != StringPool::npos) n->sids.push_back(id);
        }
        n->fast = Node::Fast::StringSet;
    }
    if (n->fast != Node::Fast::None && m_columns && f.id != FieldTable::npos) n->column = &m_columns->column(f.id);
}

// Any string value of the field satisfies the predicate; `other` is set when the field also has
// values that are not strings, which the general path must then judge.
bool Condition::fastAny(Node* n, EventIndex e, bool& other) {
    auto test = [&](StringId id) {
        if (id == StringColumn::None) return false;
        if (id == StringColumn::Other) {
            other = true;
            return false;
        }
        switch (n->fast) {
        case Node::Fast::StringEquals:
        case Node::Fast::StringSet:
            for (StringId s : n->sids)
                if (s == id) return true;
            return false;
        case Node::Fast::StringMatch: {
            std::uint8_t& m = n->memo[id];
            if (m == 0) m = matchText(n, Scalar::fromString(m_schema.store().strings().view(id), id)) ? 2 : 1;
            return m == 2;
        }
        case Node::Fast::None:
            break;
        }
        return false;
    };
    if (const StringColumn* c = n->column) {
        if (c->isSingle) return test(c->single[e]);
        for (std::uint32_t i = c->begin[e]; i < c->begin[e + 1]; ++i)
            if (test(c->values[i])) return true;
        return false;
    }
    bool any = false;
    m_schema.store().forEachValue(e, n->field.id, [&](const Value& v) {
        if (!any && v.kind != ValueKind::Null) any = test(v.kind == ValueKind::String ? v.string : StringColumn::Other);
    });
    return any;
}

bool Condition::matches(EventIndex e) {
    const bool result = test(m_root, e) == Truth::True;
    if (!m_scratch.empty()) m_scratch.clear();
    return result;
}

bool Condition::matchText(Node* n, const Scalar& v) {
    std::string_view text = v.string;
    std::string converted;
    if (v.kind != Scalar::Kind::String) {
        if (v.kind == Scalar::Kind::Null) return false;
        converted = scalarText(v);
        text = converted;
    }
    if (n->match == MatchOp::Regex) {
        for (const LuceneRegex& re : n->regexes)
            if (re.matches(text)) return true;
        return false;
    }
    for (const WildcardPattern& p : n->wildcards)
        if (p.matches(text)) return true;
    return false;
}

// One value against a query-translated predicate.
bool Condition::fieldPredicate(Node* n, const Scalar& v) {
    switch (n->op) {
    case Op::FieldCompare: {
        if (n->dateRange && v.type == FieldType::Date && v.kind == Scalar::Kind::Long) {
            const std::int64_t t = v.integer;
            switch (n->compare) {
            case CompareOp::Eq:
            case CompareOp::NotEq:
                return t >= n->dateRange->first && t <= n->dateRange->last;
            case CompareOp::Less:
                return t < n->dateRange->first;
            case CompareOp::LessEq:
                return t <= n->dateRange->last;
            case CompareOp::Greater:
                return t > n->dateRange->last;
            case CompareOp::GreaterEq:
                return t >= n->dateRange->first;
            }
        }
        auto c = compareScalars(v, n->constant);
        if (!c) return false;
        return compareHolds(n->compare == CompareOp::NotEq ? CompareOp::Eq : n->compare, *c);
    }
    case Op::FieldIn:
        for (const Scalar& s : n->set) {
            if (n->insensitive && v.kind == Scalar::Kind::String && s.kind == Scalar::Kind::String) {
                if (equalsIgnoreCase(v.string, s.string)) return true;
            } else if (auto c = compareScalars(v, s); c && *c == 0) {
                return true;
            }
        }
        return false;
    case Op::FieldMatch:
        if (v.sid != StringPool::npos && v.sid < n->memo.size()) {
            std::uint8_t& m = n->memo[v.sid];
            if (m == 0) m = matchText(n, v) ? 2 : 1;
            return m == 2;
        }
        return matchText(n, v);
    case Op::FieldFunction: {
        if (n->function == "cidrMatch") {
            if (v.kind != Scalar::Kind::String) return false;
            auto ip = parseIp(v.string);
            if (!ip) return false;
            for (const CidrBlock& b : n->cidrs)
                if (cidrContains(b, *ip)) return true;
            return false;
        }
        if (v.kind != Scalar::Kind::String) return false;
        const Scalar& arg = n->kids[1]->constant;
        const std::string argText = scalarText(arg);
        std::string_view text = v.string;
        std::string lowered, loweredArg;
        std::string_view needle = argText;
        if (n->insensitive) {
            lowered = toLowerUtf8(text);
            loweredArg = toLowerUtf8(argText);
            text = lowered;
            needle = loweredArg;
        }
        if (n->function == "startsWith") return text.substr(0, needle.size()) == needle;
        if (n->function == "endsWith")
            return text.size() >= needle.size() && text.substr(text.size() - needle.size()) == needle;
        return !(text.empty() && needle.empty()) && text.find(needle) != std::string_view::npos; // stringContains
    }
    default:
        return false;
    }
}

Truth Condition::test(Node* n, EventIndex e) {
    switch (n->op) {
    case Op::And: {
        // Conjuncts have no side effects and three-valued `and` is commutative (any false is
        // false, else any null is null), so the ones that reject most events go first. The
        // order adapts as the run goes: a rule's rare condition (a parent process name) then
        // spares the common ones (event.type == "start") on most events.
        Truth result = Truth::True;
        for (std::size_t i = 0; i < n->kids.size(); ++i) {
            const Truth t = test(n->kids[i], e);
            ++n->evaluated[i];
            if (t == Truth::False) {
                ++n->failed[i];
                result = Truth::False;
                break;
            }
            if (t == Truth::Null) result = Truth::Null;
        }
        if (++n->runs % 1024 == 0) reorderConjuncts(n);
        return result;
    }
    case Op::Or: {
        const Truth a = test(n->kids[0], e);
        if (a == Truth::True) return Truth::True;
        const Truth b = test(n->kids[1], e);
        if (b == Truth::True) return Truth::True;
        return a == Truth::False && b == Truth::False ? Truth::False : Truth::Null;
    }
    case Op::Not: {
        const Truth a = test(n->kids[0], e);
        return a == Truth::Null ? Truth::Null : fromBool(a == Truth::False);
    }
    case Op::FieldExists:
    case Op::FieldMissing: {
        const bool exists = forEachValue(n->field, e, [](const Scalar&) {});
        return fromBool(exists == (n->op == Op::FieldExists));
    }
    case Op::FieldCompare:
    case Op::FieldIn:
    case Op::FieldMatch:
    case Op::FieldFunction: {
        bool any = false;
        bool other = n->fast == Node::Fast::None;
        if (n->fast != Node::Fast::None && n->field.id != FieldTable::npos) any = fastAny(n, e, other);
        if (!any && other)
            forEachValue(n->field, e, [&](const Scalar& v) {
                if (!any) any = fieldPredicate(n, v);
            });
        const bool mustNot
            = (n->op == Op::FieldCompare && n->compare == CompareOp::NotEq) || (n->op == Op::FieldIn && n->negated);
        return fromBool(any != mustNot);
    }
    case Op::Const:
        return toTruth(n->constant);
    default:
        return scriptTest(n, e);
    }
}

// A script over multi-valued fields holds if it holds for any combination of their values:
// Elasticsearch wraps a script in multiValueDocValues for each field it reads, one inside the
// other, so every value of every field is tried (eql-semantics.md R5).
Truth Condition::scriptTest(Node* n, EventIndex e) {
    if (n->scriptFields.empty()) return toTruth(value(n, e));
    std::vector<std::vector<Scalar>> values(n->scriptFields.size());
    std::size_t combinations = 1;
    for (std::size_t i = 0; i < values.size(); ++i) {
        forEachValue(n->scriptFields[i]->field, e, [&](const Scalar& v) { values[i].push_back(v); });
        combinations *= std::max<std::size_t>(1, values[i].size());
    }
    if (combinations <= 1) return toTruth(value(n, e));
    constexpr std::size_t MaxCombinations = 65536; // a bound for pathological documents
    combinations = std::min(combinations, MaxCombinations);
    bool sawNull = false;
    std::vector<std::size_t> pick(values.size(), 0);
    for (std::size_t c = 0; c < combinations; ++c) {
        m_overrides.clear();
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!values[i].empty()) m_overrides.emplace_back(n->scriptFields[i]->field.id, values[i][pick[i]]);
        const Truth t = toTruth(value(n, e));
        if (t == Truth::True) {
            m_overrides.clear();
            return Truth::True;
        }
        sawNull = sawNull || t == Truth::Null;
        for (std::size_t i = 0; i < pick.size(); ++i) { // the next combination, like an odometer
            if (++pick[i] < std::max<std::size_t>(1, values[i].size())) break;
            pick[i] = 0;
        }
    }
    m_overrides.clear();
    return sawNull ? Truth::Null : Truth::False;
}

Scalar Condition::value(Node* n, EventIndex e) {
    switch (n->op) {
    case Op::Const:
        return n->constant;
    case Op::Field: {
        for (const auto& [field, v] : m_overrides)
            if (field == n->field.id) return v;
        Scalar first;
        bool seen = false;
        forEachValue(n->field, e, [&](const Scalar& v) {
            if (!seen) first = v;
            seen = true;
        });
        return first;
    }
    case Op::And:
    case Op::Or:
    case Op::Not:
    case Op::FieldCompare:
    case Op::FieldIn:
    case Op::FieldMatch:
    case Op::FieldFunction:
    case Op::FieldExists:
    case Op::FieldMissing:
        return fromTruth(test(n, e));
    case Op::IsNull:
        return Scalar::fromBool(value(n->kids[0], e).isNull());
    case Op::IsNotNull:
        return Scalar::fromBool(!value(n->kids[0], e).isNull());
    case Op::Compare: {
        const Scalar a = value(n->kids[0], e), b = value(n->kids[1], e);
        if (a.isNull() || b.isNull()) return Scalar::null();
        auto c = compareScalars(a, b);
        if (!c) return Scalar::null();
        return Scalar::fromBool(compareHolds(n->compare, *c));
    }
    case Op::In: {
        const Scalar v = value(n->kids[0], e);
        if (v.isNull()) return Scalar::null();
        bool any = false;
        for (const Scalar& s : n->set) {
            if (n->insensitive && v.kind == Scalar::Kind::String && s.kind == Scalar::Kind::String)
                any = any || equalsIgnoreCase(v.string, s.string);
            else if (auto c = compareScalars(v, s); c && *c == 0)
                any = true;
        }
        return Scalar::fromBool(any != n->negated);
    }
    case Op::Match: {
        const Scalar v = value(n->kids[0], e);
        if (v.isNull()) return Scalar::null();
        return Scalar::fromBool(matchText(n, v));
    }
    case Op::Negate: {
        const Scalar v = value(n->kids[0], e);
        if (v.kind == Scalar::Kind::Long) return Scalar::fromLong(-v.integer);
        if (v.kind == Scalar::Kind::Double) return Scalar::fromDouble(-v.real);
        return Scalar::null();
    }
    case Op::Arithmetic: {
        const Scalar a = value(n->kids[0], e), b = value(n->kids[1], e);
        if (!a.isNumber() || !b.isNumber()) return Scalar::null();
        if (a.kind == Scalar::Kind::Long && b.kind == Scalar::Kind::Long) {
            std::int64_t r = 0;
            switch (n->arithmetic) {
            case ArithOp::Add:
                if (__builtin_add_overflow(a.integer, b.integer, &r)) return Scalar::null();
                return Scalar::fromLong(r);
            case ArithOp::Sub:
                if (__builtin_sub_overflow(a.integer, b.integer, &r)) return Scalar::null();
                return Scalar::fromLong(r);
            case ArithOp::Mul:
                if (__builtin_mul_overflow(a.integer, b.integer, &r)) return Scalar::null();
                return Scalar::fromLong(r);
            case ArithOp::Div:
                if (b.integer == 0 || (a.integer == INT64_MIN && b.integer == -1)) return Scalar::null();
                return Scalar::fromLong(a.integer / b.integer); // truncates toward zero, like Java
            case ArithOp::Mod:
                if (b.integer == 0 || b.integer == -1) return b.integer == 0 ? Scalar::null() : Scalar::fromLong(0);
                return Scalar::fromLong(a.integer % b.integer); // sign of the dividend, like Java
            }
        }
        const double x = a.asDouble(), y = b.asDouble();
        switch (n->arithmetic) {
        case ArithOp::Add:
            return Scalar::fromDouble(x + y);
        case ArithOp::Sub:
            return Scalar::fromDouble(x - y);
        case ArithOp::Mul:
            return Scalar::fromDouble(x * y);
        case ArithOp::Div:
            return Scalar::fromDouble(x / y);
        case ArithOp::Mod:
            return Scalar::fromDouble(std::fmod(x, y));
        }
        return Scalar::null();
    }
    case Op::Call:
        return call(n, e);
    }
    return Scalar::null();
}

Scalar Condition::call(Node* n, EventIndex e) {
    std::vector<Scalar> args;
    args.reserve(n->kids.size());
    for (Node* k : n->kids)
        args.push_back(value(k, e));
    const std::string& f = n->function;
    auto text = [&](const Scalar& s) -> std::string_view {
        return s.kind == Scalar::Kind::String ? s.string : keep(scalarText(s));
    };
    if (f == "add" || f == "subtract" || f == "multiply" || f == "divide" || f == "modulo") {
        Node tmp;
        tmp.op = Op::Arithmetic;
        tmp.arithmetic = f == "add" ? ArithOp::Add
            : f == "subtract"       ? ArithOp::Sub
            : f == "multiply"       ? ArithOp::Mul
            : f == "divide"         ? ArithOp::Div
                                    : ArithOp::Mod;
        Node a, b;
        a.constant = args[0];
        b.constant = args[1];
        tmp.kids = {&a, &b};
        return value(&tmp, e);
    }
    if (f == "concat") {
        std::string out;
        for (const Scalar& a : args) {
            if (a.isNull()) return Scalar::null();
            out += text(a);
        }
        return Scalar::fromString(keep(std::move(out)));
    }
    if (f == "string") {
        if (args[0].isNull()) return Scalar::null();
        return Scalar::fromString(text(args[0]));
    }
    if (f == "length") {
        if (args[0].isNull()) return Scalar::null();
        return Scalar::fromLong(javaLength(text(args[0])));
    }
    if (f == "cidrMatch") {
        if (args[0].isNull()) return Scalar::null();
        auto ip = parseIp(text(args[0]));
        if (!ip) return Scalar::fromBool(false);
        for (const CidrBlock& b : n->cidrs)
            if (cidrContains(b, *ip)) return Scalar::fromBool(true);
        return Scalar::fromBool(false);
    }
    if (f == "number") {
        if (args[0].isNull()) return Scalar::null();
        if (args[0].isNumber()) return args[0];
        std::string_view s = text(args[0]);
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
            s.remove_suffix(1);
        std::int64_t base = 10;
        if (args.size() > 1 && !args[1].isNull()) {
            if (args[1].kind != Scalar::Kind::Long || args[1].integer < 2 || args[1].integer > 36)
                return Scalar::null();
            base = args[1].integer;
        }
        bool negative = false;
        if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
            negative = s.front() == '-';
            s.remove_prefix(1);
        }
        if ((base == 16 || base == 10) && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            base = 16;
            s.remove_prefix(2);
        }
        if (base == 10 && s.find_first_of(".eE") != std::string_view::npos) {
            auto d = parseNumber(s);
            if (!d) return Scalar::null();
            return Scalar::fromDouble(negative ? -*d : *d);
        }
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, int(base));
        if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return Scalar::null();
        return Scalar::fromLong(negative ? -v : v);
    }
    if (f == "substring") {
        if (args[0].isNull()) return Scalar::null();
        const std::string_view s = text(args[0]);
        const std::int64_t len = std::int64_t(s.size());
        if (args[1].kind != Scalar::Kind::Long) return Scalar::null();
        std::int64_t start = args[1].integer;
        std::int64_t end = len;
        if (args.size() > 2 && !args[2].isNull()) {
            if (args[2].kind != Scalar::Kind::Long) return Scalar::null();
            end = args[2].integer;
        }
        if (start < 0) start = std::max<std::int64_t>(0, len + start);
        if (end < 0) end = std::max<std::int64_t>(0, len + end);
        start = std::min(start, len);
        end = std::min(end, len);
        if (start >= end) return Scalar::fromString("");
        return Scalar::fromString(s.substr(std::size_t(start), std::size_t(end - start)));
    }
    // The string functions with a case-insensitive variant: null in, null out (indexOf's start
    // may be null, and then counts as 0).
    const std::size_t required = f == "indexOf" ? 2 : args.size();
    for (std::size_t i = 0; i < required; ++i)
        if (args[i].isNull()) return Scalar::null();
    const std::string_view s = text(args[0]);
    const std::string_view sub = text(args[1]);
    if (f == "startsWith" || f == "endsWith" || f == "stringContains") {
        const std::string hs = n->insensitive ? toLowerUtf8(s) : std::string(s);
        const std::string ns = n->insensitive ? toLowerUtf8(sub) : std::string(sub);
        if (f == "startsWith") return Scalar::fromBool(hs.compare(0, ns.size(), ns) == 0 && hs.size() >= ns.size());
        if (f == "endsWith")
            return Scalar::fromBool(hs.size() >= ns.size() && hs.compare(hs.size() - ns.size(), ns.size(), ns) == 0);
        return Scalar::fromBool(!(hs.empty() && ns.empty()) && hs.find(ns) != std::string::npos);
    }
    if (f == "indexOf") {
        std::int64_t start = 0;
        if (args.size() > 2 && !args[2].isNull()) {
            if (args[2].kind != Scalar::Kind::Long) return Scalar::null();
            start = std::max<std::int64_t>(0, args[2].integer);
        }
        if (start > std::int64_t(s.size())) return Scalar::null();
        const std::size_t at = findText(s, sub, std::size_t(start), n->insensitive);
        if (at == std::string_view::npos) return Scalar::null();
        return Scalar::fromLong(std::int64_t(at));
    }
    if (f == "between") {
        const bool greedy = args.size() > 3 && args[3].kind == Scalar::Kind::Bool && args[3].boolean;
        const std::string_view right = text(args[2]);
        std::size_t start = 0;
        if (!sub.empty()) {
            const std::size_t at = findText(s, sub, 0, n->insensitive);
            if (at == std::string_view::npos) return Scalar::fromString("");
            start = at + sub.size();
        }
        std::size_t end = s.size();
        if (!right.empty()) {
            if (greedy) {
                const std::string hs = n->insensitive ? toLowerUtf8(s) : std::string(s);
                const std::string rs = n->insensitive ? toLowerUtf8(right) : std::string(right);
                end = hs.rfind(rs);
            } else {
                end = findText(s, right, start, n->insensitive);
            }
            if (end == std::string_view::npos || end < start) return Scalar::fromString("");
        }
        return Scalar::fromString(s.substr(start, end - start));
    }
    return Scalar::null();
}

} // namespace wb::eql
