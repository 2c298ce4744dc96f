// SPDX-License-Identifier: Apache-2.0
#include "eql/parser.h"
#include "eql/printer.h"
#include "rules/rulelibrary.h"

#include <gtest/gtest.h>
#include <random>

using namespace wb::eql;

namespace {
const std::string V100 = wb::rules::seedRule().find("v100")->query;

QueryError errorOf(const std::string& text) {
    try {
        parseQuery(text);
    } catch (const QueryError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a query error for: " << text;
    return QueryError({}, "");
}
} // namespace

TEST(EqlParser, ParsesTheSeedRule) {
    const Query q = parseQuery(V100);
    ASSERT_EQ(q.kind, Query::Kind::Sequence);
    ASSERT_EQ(q.sharedKeys.size(), 2u);
    EXPECT_EQ(q.sharedKeys[0].name, "host.id");
    EXPECT_EQ(q.maxspan->millis(), 30'000);
    ASSERT_EQ(q.stages.size(), 2u);
    EXPECT_EQ(q.stages[0].filter.category, "process");
    EXPECT_EQ(q.stages[1].filter.category, "network");
}

TEST(EqlParser, PrinterRoundTripsToTheSameQuery) {
    const std::string queries[] = {
        V100,
        R"(process where not (a == 1 or b : "x*") and c in~ ("A", "b") and d not in (1, -2, 3.5))",
        R"(any where `my-field` like~ "a?c" and ?opt == null and e regex """\d+"\s""")",
        R"(file where startsWith~(file.name, "EXP") and indexOf(x, "a", 2) == null and -pid + 3 * (2 - 1) > -1)",
        R"(sequence with maxspan=500ms [a where true] by k with runs=3 ![b where false] by k [c where x != "\"q\""] by k until [d where true] by k | head 5 | tail 2)",
        R"(sample by host [any where uptime > 0] by os [any where port > 100] by op_sys)",
        R"(process where null == (exit_code > -1) | tail 3)",
        R"("my category" where string(serial_event_id) : ("1", "2*") and concat(a, "\n\t\\") != null)",
    };
    for (const std::string& text : queries) {
        SCOPED_TRACE(text);
        const Query q = parseQuery(text);
        const std::string printed = toEql(q);
        const Query again = parseQuery(printed);
        EXPECT_EQ(toEql(again), printed);
        EXPECT_TRUE(again.sameAs(q));
    }
}

TEST(EqlParser, PrecedenceMatchesElasticsearch) {
    // not binds tighter than and; and tighter than or; * tighter than +.
    EXPECT_EQ(toEql(*parseCondition("not a == 1 and b == 2 or c == 3")), "not a == 1 and b == 2 or c == 3");
    EXPECT_EQ(toEql(*parseCondition("not (a == 1 and b == 2)")), "not (a == 1 and b == 2)");
    EXPECT_EQ(toEql(*parseCondition("a + 2 * 3 == 7")), "a + 2 * 3 == 7");
    EXPECT_EQ(toEql(*parseCondition("(a + 2) * 3 == 9")), "(a + 2) * 3 == 9");
    EXPECT_EQ(toEql(*parseCondition("a == 1 and (b == 2 or c == 3)")), "a == 1 and (b == 2 or c == 3)");
}

TEST(EqlParser, StringsEscapesAndRawStrings) {
    const ExprPtr e = parseCondition(R"(a == "x\ty\"z\\\u{41}\u{1F600}" and b == """C:\raw\path""")");
    EXPECT_EQ(e->children[0]->children[1]->literal.string, "x\ty\"z\\A\xF0\x9F\x98\x80");
    EXPECT_EQ(e->children[1]->children[1]->literal.string, R"(C:\raw\path)");
}

TEST(EqlParser, CommentsAndQuotedFieldNames) {
    const Query q = parseQuery("// leading comment\nprocess where /* inline */ `sequence` == 1 // trailing");
    EXPECT_EQ(q.event.condition->children[0]->name, "sequence");
}

TEST(EqlParser, FunctionNamesAreCaseInsensitive) {
    const ExprPtr e
        = parseCondition(R"(CIDRMATCH(source.ip, "10.0.0.0/8") and concat(a) : "x" and StartsWith~(a, "b"))");
    EXPECT_EQ(toEql(*e), R"(cidrMatch(source.ip, "10.0.0.0/8") and concat(a) : "x" and startsWith~(a, "b"))");
}

TEST(EqlParser, RejectsWhatElasticsearchRejectsWithLineAndColumn) {
    struct Case {
        const char* query;
        int line, column;
        const char* message;
    } cases[] = {
        {"process where process.name = \"bash\"", 1, 28, "Use == or :"},
        {"process where process.name == 'bash'", 1, 31, "double quotes"},
        {"process where a == ?\"x\"", 1, 20, "triple double quotes"},
        {"sequence with maxspan=1.5s [a where true] [b where true]", 1, 23, "Decimal time interval"},
        {"sequence with maxspan=30 [a where true] [b where true]", 1, 26, "please specify one of [ms, s, m, h, d]"},
        {"sequence with maxspan=0s [a where true] [b where true]", 1, 23, "positive maxspan"},
        {"sequence with maxspan=3w [a where true] [b where true]", 1, 24, "Unrecognized time unit [w]"},
        {"sequence with maxspan=30s by host.id [a where true] [b where true]", 1, 27, "[by] before [with]"},
        {"process where a == b", 1, 20, "Comparisons against fields"},
        {"process where true | count", 1, 22, "Pipe [count] is not supported"},
        {"process where true | frobnicate", 1, 22, "Unknown pipe [frobnicate]"},
        {"join [a where true] [b where true]", 1, 1, "[join] are not supported"},
        {"process where wildcard(a, \"x\")", 1, 15, "not supported by Elasticsearch"},
        {"process where nosuch(a)", 1, 15, "Unknown function [nosuch]"},
        {"process where length~(a) > 1", 1, 15, "no case-insensitive variant"},
        {"process where substring(a)", 1, 15, "takes 2 to 3 argument(s), found 1"},
        {"sequence [a where true]", 1, 1, "minimum of 2 queries"},
        {"sequence [a where true] by x [b where true]", 1, 31, "Inconsistent number of join keys"},
        {"sequence [a where true] with runs=101", 1, 35, "more than 100"},
        {"sequence [a where true] ![b where true] [c where true]", 1, 1, "requires a maxspan"},
        {"process where a == \"unterminated", 1, 20, "unterminated string"},
        {"process where (a == 1", 1, 22, "expected ')'"},
        {"process\n  where a ==", 2, 13, "expected a value, field or function, found end of query"},
        {"process where a : b", 1, 19, "Comparisons against fields"},
        {"process where a == \"\\q\"", 1, 21, "unknown escape sequence"},
        {"", 1, 1, "empty query"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.query);
        const QueryError e = errorOf(c.query);
        EXPECT_EQ(e.pos().line, c.line);
        EXPECT_EQ(e.pos().column, c.column);
        EXPECT_NE(e.message().find(c.message), std::string::npos) << e.message();
    }
}

TEST(EqlParser, DeepNestingIsAnErrorNotACrash) {
    std::string deep = "process where ";
    for (int i = 0; i < 100000; ++i)
        deep += "(";
    deep += "true";
    EXPECT_THROW(parseQuery(deep), QueryError);
    std::string nots = "process where ";
    for (int i = 0; i < 100000; ++i)
        nots += "not ";
    EXPECT_THROW(parseQuery(nots + "true"), QueryError);
}

TEST(EqlParser, NeverCrashesOnMutatedQueries) {
    // Random byte edits of real queries: every outcome must be a Query or a QueryError.
    std::mt19937 rng(42);
    const std::string seeds[] = {V100, R"(sample by host [any where uptime > 0] by os [any where port > 100] by os)",
        R"(sequence with maxspan=1s [a where tag == "n"] ![a where tag == "m"] [a where x regex "a.*[b-d]{2,3}"] | tail 2)"};
    const std::string alphabet = "()[]!=<>:~?\"`,|.*+-/%'\\ \n0123456789abcwhereseqnotinby";
    int errors = 0, parsed = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string q = seeds[std::size_t(round) % 3];
        const int edits = 1 + int(rng() % 4);
        for (int k = 0; k < edits && !q.empty(); ++k) {
            const std::size_t at = rng() % q.size();
            switch (rng() % 3) {
            case 0:
                q.erase(at, 1 + rng() % 3);
                break;
            case 1:
                q.insert(at, 1, alphabet[rng() % alphabet.size()]);
                break;
            default:
                q[at] = alphabet[rng() % alphabet.size()];
            }
        }
        try {
            const Query result = parseQuery(q);
            const std::string printed = toEql(result);
            EXPECT_TRUE(parseQuery(printed).sameAs(result)) << q << "\n" << printed;
            ++parsed;
        } catch (const QueryError& e) {
            EXPECT_GE(e.pos().line, 1);
            EXPECT_GE(e.pos().column, 1);
            ++errors;
        }
    }
    EXPECT_GT(errors, 0);
    EXPECT_GT(parsed, 0);
}
