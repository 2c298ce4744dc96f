// SPDX-License-Identifier: Apache-2.0
#include "luceneregex.h"

#include "textmatch.h"

#include <memory>

namespace wb::eql {

namespace {
constexpr std::size_t MaxProgram = 20000;
constexpr int MaxRepeat = 1000;
constexpr std::size_t MaxWork = 10 * MaxProgram;
constexpr int MaxNesting = 200;

// Pattern syntax tree.
struct Node {
    enum class Kind { Set, Concat, Alt, Repeat, Empty, Nothing } kind = Kind::Empty;
    std::vector<LuceneRegex::Range> ranges;
    bool negated = false;
    std::vector<std::unique_ptr<Node>> children;
    int min = 0, max = 0; // Repeat; max -1 = unbounded
};
using NodePtr = std::unique_ptr<Node>;

struct SyntaxError {
    std::string message;
};

class RegexParser {
public:
    explicit RegexParser(std::u32string p)
        : m_p(std::move(p)) { }
    NodePtr parse() {
        NodePtr n = alternation();
        if (m_i < m_p.size()) fail("unexpected ')'");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) {
        throw SyntaxError{what + " at position " + std::to_string(m_i + 1)};
    }
    bool more() const { return m_i < m_p.size(); }
    char32_t peek() const { return m_p[m_i]; }

    NodePtr alternation() {
        if (++m_depth > MaxNesting) fail("pattern nested too deeply");
        NodePtr left = concatenation();
        while (more() && peek() == '|') {
            ++m_i;
            auto alt = std::make_unique<Node>();
            alt->kind = Node::Kind::Alt;
            alt->children.push_back(std::move(left));
            alt->children.push_back(concatenation());
            left = std::move(alt);
        }
        --m_depth;
        return left;
    }
    NodePtr concatenation() {
        auto cat = std::make_unique<Node>();
        cat->kind = Node::Kind::Concat;
        while (more() && peek() != '|' && peek() != ')')
            cat->children.push_back(repetition());
        return cat;
    }
    int number() {
        int n = 0;
        bool any = false;
        while (more() && peek() >= '0' && peek() <= '9') {
            n = n * 10 + int(peek() - '0');
            if (n > MaxRepeat) fail("repetition count above " + std::to_string(MaxRepeat));
            ++m_i;
            any = true;
        }
        if (!any) fail("expected a number in {}");
        return n;
    }
    NodePtr repetition() {
        NodePtr atomNode = atom();
        while (more()) {
            const char32_t c = peek();
            int min, max;
            if (c == '*') {
                min = 0;
                max = -1;
                ++m_i;
            } else if (c == '+') {
                min = 1;
                max = -1;
                ++m_i;
            } else if (c == '?') {
                min = 0;
                max = 1;
                ++m_i;
            } else if (c == '{') {
                ++m_i;
                min = number();
                max = min;
                if (more() && peek() == ',') {
                    ++m_i;
                    max = more() && peek() == '}' ? -1 : number();
                }
                if (!more() || peek() != '}') fail("expected '}'");
                ++m_i;
                if (max >= 0 && max < min) fail("repetition {n,m} with m < n");
            } else {
                break;
            }
            auto rep = std::make_unique<Node>();
            rep->kind = Node::Kind::Repeat;
            rep->min = min;
            rep->max = max;
            rep->children.push_back(std::move(atomNode));
            atomNode = std::move(rep);
        }
        return atomNode;
    }
    NodePtr set(std::vector<LuceneRegex::Range> ranges, bool negated = false) {
        auto n = std::make_unique<Node>();
        n->kind = Node::Kind::Set;
        n->ranges = std::move(ranges);
        n->negated = negated;
        return n;
    }
    NodePtr atom() {
        const char32_t c = peek();
        ++m_i;
        switch (c) {
        case '(': {
            NodePtr inner = more() && peek() == ')' ? std::make_unique<Node>() : alternation();
            if (!more() || peek() != ')') fail("expected ')'");
            ++m_i;
            return inner;
        }
        case '[':
            return charClass();
        case '.':
            return set({{0, 0x10FFFF}});
        case '@': { // any string
            auto rep = std::make_unique<Node>();
            rep->kind = Node::Kind::Repeat;
            rep->min = 0;
            rep->max = -1;
            rep->children.push_back(set({{0, 0x10FFFF}}));
            return rep;
        }
        case '#': {
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::Nothing;
            return n;
        }
        case '"': {
            auto cat = std::make_unique<Node>();
            cat->kind = Node::Kind::Concat;
            while (more() && peek() != '"') {
                cat->children.push_back(set({{peek(), peek()}}));
                ++m_i;
            }
            if (!more()) fail("unterminated \"quoted\" literal");
            ++m_i;
            return cat;
        }
        case '\\':
            if (!more()) fail("pattern ends with a backslash");
            ++m_i;
            return set({{m_p[m_i - 1], m_p[m_i - 1]}});
        case '*':
        case '+':
        case '?':
        case '{':
            --m_i;
            fail("nothing to repeat");
        case '~':
        case '&':
        case '<':
            --m_i;
            fail("Lucene operator '" + std::string(1, char(c))
                + "' (complement, intersection, interval) is not supported");
        default:
            return set({{c, c}});
        }
    }
    NodePtr charClass() {
        bool negated = false;
        if (more() && peek() == '^') {
            negated = true;
            ++m_i;
        }
        std::vector<LuceneRegex::Range> ranges;
        bool first = true;
        while (more() && (peek() != ']' || first)) {
            first = false;
            char32_t lo = peek();
            ++m_i;
            if (lo == '\\') {
                if (!more()) fail("unterminated character class");
                lo = peek();
                ++m_i;
            }
            char32_t hi = lo;
            if (more() && peek() == '-' && m_i + 1 < m_p.size() && m_p[m_i + 1] != ']') {
                ++m_i;
                hi = peek();
                ++m_i;
                if (hi == '\\') {
                    if (!more()) fail("unterminated character class");
                    hi = peek();
                    ++m_i;
                }
                if (hi < lo) fail("invalid range in character class");
            }
            ranges.push_back({lo, hi});
        }
        if (!more()) fail("unterminated character class: expected ']'");
        ++m_i;
        return set(std::move(ranges), negated);
    }

    std::u32string m_p;
    std::size_t m_i = 0;
    int m_depth = 0;
};

class Compiler {
public:
    std::vector<LuceneRegex::Inst> program;

    std::size_t work = 0; // nodes visited: repeats of empty groups add nothing to the program but cost

    void emit(const Node& n) {
        if (program.size() > MaxProgram || ++work > MaxWork)
            throw SyntaxError{"pattern too complex once repetitions are expanded (Lucene would refuse to "
                              "determinize it)"};
        using Op = LuceneRegex::Inst::Op;
        switch (n.kind) {
        case Node::Kind::Empty:
            return;
        case Node::Kind::Nothing:
            program.push_back({Op::Set, 0, 0, {}, false}); // an empty set never matches
            return;
        case Node::Kind::Set:
            program.push_back({Op::Set, 0, 0, n.ranges, n.negated});
            return;
        case Node::Kind::Concat:
            for (const auto& c : n.children)
                emit(*c);
            return;
        case Node::Kind::Alt: {
            const std::size_t split = program.size();
            program.push_back({Op::Split, 0, 0, {}, false});
            program[split].x = int(program.size());
            emit(*n.children[0]);
            const std::size_t jump = program.size();
            program.push_back({Op::Jump, 0, 0, {}, false});
            program[split].y = int(program.size());
            emit(*n.children[1]);
            program[jump].x = int(program.size());
            return;
        }
        case Node::Kind::Repeat: {
            for (int i = 0; i < n.min; ++i)
                emit(*n.children[0]);
            if (n.max < 0) { // x*
                const std::size_t split = program.size();
                program.push_back({Op::Split, 0, 0, {}, false});
                program[split].x = int(program.size());
                emit(*n.children[0]);
                program.push_back({Op::Jump, int(split), 0, {}, false});
                program[split].y = int(program.size());
            } else {
                std::vector<std::size_t> splits;
                for (int i = n.min; i < n.max; ++i) { // x? x? ...
                    splits.push_back(program.size());
                    program.push_back({Op::Split, 0, 0, {}, false});
                    program[splits.back()].x = int(program.size());
                    emit(*n.children[0]);
                }
                for (std::size_t s : splits)
                    program[s].y = int(program.size());
            }
            return;
        }
        }
    }
};

bool inRanges(const LuceneRegex::Inst& inst, char32_t c) {
    bool hit = false;
    for (const auto& r : inst.ranges)
        if (c >= r.lo && c <= r.hi) {
            hit = true;
            break;
        }
    return hit != inst.negated;
}
} // namespace

std::optional<LuceneRegex> LuceneRegex::compile(std::string_view pattern, bool caseInsensitive, std::string* error) {
    std::u32string cps;
    decodeUtf8(pattern, cps);
    try {
        NodePtr tree = RegexParser(cps).parse();
        Compiler compiler;
        compiler.emit(*tree);
        compiler.program.push_back({Inst::Op::Match, 0, 0, {}, false});
        LuceneRegex re;
        re.m_program = std::move(compiler.program);
        re.m_caseInsensitive = caseInsensitive;
        return re;
    } catch (const SyntaxError& e) {
        if (error) *error = "invalid regular expression: " + e.message;
        return std::nullopt;
    }
}

bool LuceneRegex::matches(std::string_view text) const {
    thread_local std::u32string cps;
    decodeUtf8(text, cps);
    const std::size_t n = m_program.size();
    // Pike VM without captures: the current and next state sets, with a generation mark per
    // instruction so each is added once per step.
    thread_local std::vector<int> current, next, stack;
    thread_local std::vector<std::size_t> mark;
    current.clear();
    mark.assign(n, std::size_t(-1));
    std::size_t generation = 0;
    auto addState = [&](std::vector<int>& list, int pc) {
        stack.clear();
        stack.push_back(pc);
        while (!stack.empty()) {
            const int s = stack.back();
            stack.pop_back();
            if (mark[std::size_t(s)] == generation) continue;
            mark[std::size_t(s)] = generation;
            const Inst& inst = m_program[std::size_t(s)];
            if (inst.op == Inst::Op::Jump)
                stack.push_back(inst.x);
            else if (inst.op == Inst::Op::Split) {
                stack.push_back(inst.y);
                stack.push_back(inst.x);
            } else
                list.push_back(s);
        }
    };
    addState(current, 0);
    for (char32_t c : cps) {
        ++generation;
        next.clear();
        const char32_t lower = m_caseInsensitive ? foldCase(c) : c;
        for (int pc : current) {
            const Inst& inst = m_program[std::size_t(pc)];
            if (inst.op != Inst::Op::Set) continue;
            bool hit = inRanges(inst, c);
            if (!hit && m_caseInsensitive) {
                hit = inRanges(inst, lower);
                if (!hit)
                    for (const auto& r : inst.ranges) // an upper-case range against a lower-case char
                        for (char32_t k = r.lo; k <= r.hi && k - r.lo < 512 && !hit; ++k)
                            hit = foldCase(k) == lower && !inst.negated;
            }
            if (hit) addState(next, pc + 1);
        }
        std::swap(current, next);
        if (current.empty()) return false;
    }
    for (int pc : current)
        if (m_program[std::size_t(pc)].op == Inst::Op::Match) return true;
    return false;
}

} // namespace wb::eql
