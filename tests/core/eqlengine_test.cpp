// SPDX-License-Identifier: Apache-2.0
// Engine semantics a detection engineer would notice, on small captures (eql-semantics.md R1-R18).
#include "eql/engine.h"
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/rulelibrary.h"
#include "testfiles.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
class Capture {
public:
    explicit Capture(const std::string& ndjson, const std::string& mapping = {}) {
        const std::string path = m_dir.write("capture.ndjson", ndjson);
        LoadOptions options;
        options.requireTimestamp = false;
        CaptureLoader(m_store, options).load({path});
        std::optional<eql::IndexMapping> all;
        if (!mapping.empty()) all = eql::IndexMapping::parse(mapping);
        m_schema = std::make_unique<eql::Schema>(m_store, std::map<std::string, eql::IndexMapping>{}, all);
        m_engine = std::make_unique<eql::Engine>(*m_schema);
    }

    eql::QueryResult run(const std::string& query, eql::RunOptions options = {}) {
        return m_engine->run(eql::parseQuery(query), options);
    }

    // The `id` field of each result event, flattened over sequences; -1 for a missing event.
    std::vector<std::int64_t> ids(const std::string& query, eql::RunOptions options = {}) {
        const eql::QueryResult r = run(query, options);
        std::vector<std::int64_t> out;
        auto idOf = [&](EventIndex e) {
            std::int64_t id = -2;
            m_store.forEachValue(e, m_store.fields().find("id"), [&](const Value& v) { id = v.integer; });
            return id;
        };
        for (EventIndex e : r.events)
            out.push_back(idOf(e));
        for (const eql::Match& m : r.matches)
            for (const auto& e : m.events)
                out.push_back(e ? idOf(*e) : -1);
        return out;
    }

private:
    test::TempDir m_dir;
    EventStore m_store;
    std::unique_ptr<eql::Schema> m_schema;
    std::unique_ptr<eql::Engine> m_engine;
};

using Ids = std::vector<std::int64_t>;

std::string event(int id, const std::string& time, const std::string& body) {
    return R"({"id":)" + std::to_string(id) + R"(,"@timestamp":"2024-05-14T10:)" + time + "Z\"," + body + "}\n";
}

const std::string V100 = rules::seedRule().find("v100")->query;

std::string exec(int id, const std::string& time, const std::string& user = "0",
    const std::string& parent = "installer", const std::string& name = "bash") {
    return event(id, time,
        R"("event":{"category":["process"],"type":["start"],"action":"exec"},"host":{"id":"h1"},"user":{"id":")" + user
            + R"("},"process":{"name":")" + name + R"(","parent":{"name":")" + parent + R"("}})");
}
std::string network(int id, const std::string& time, const std::string& user = "0", const std::string& name = "curl") {
    return event(id, time,
        R"("event":{"category":["network"],"type":["start"]},"host":{"id":"h1"},"user":{"id":")" + user
            + R"("},"process":{"name":")" + name + R"("})");
}
} // namespace

TEST(EqlEngine, SeedRuleFiresOnArrayValuedEndpointFields) {
    Capture c(exec(1, "00:00.000") + network(2, "00:01.500"));
    EXPECT_EQ(c.ids(V100), (Ids{1, 2}));
}

TEST(EqlEngine, MaxspanIsInclusiveAndMeasuredInMilliseconds) {
    Capture exactly(exec(1, "00:00.000") + network(2, "00:30.000"));
    EXPECT_EQ(exactly.ids(V100), (Ids{1, 2})) << "30.000 s after the first event is inside maxspan=30s";
    Capture justOver(exec(1, "00:00.000") + network(2, "00:30.001"));
    EXPECT_EQ(justOver.ids(V100), Ids{});
    // Sub-millisecond digits are truncated: 30.0009 s is 30.000 s.
    Capture truncated(exec(1, "00:00.000") + network(2, "00:30.000900"));
    EXPECT_EQ(truncated.ids(V100), (Ids{1, 2}));
    eql::RunOptions tighter;
    tighter.maxspanMillis = 1000;
    Capture c(exec(1, "00:00.000") + network(2, "00:01.500"));
    EXPECT_EQ(c.ids(V100, tighter), Ids{}) << "--maxspan overrides the query";
}

TEST(EqlEngine, JoinKeysAreExactAndTheNetworkEventMustShareTheUser) {
    Capture c(exec(1, "00:00.000", "0") + network(2, "00:01.000", "501"));
    EXPECT_EQ(c.ids(V100), Ids{});
}

TEST(EqlEngine, ColonIsCaseInsensitiveWithWildcardsButEqualsIsNot) {
    Capture c(exec(1, "00:00.000", "0", "INSTALLER", "TclSh8.6") + network(2, "00:01.000", "0", "Curl"));
    EXPECT_EQ(c.ids(V100), (Ids{1, 2}));
    EXPECT_EQ(c.ids(R"(process where process.name == "tclsh8.6")"), Ids{});
    EXPECT_EQ(c.ids(R"(process where process.name == "TclSh8.6")"), Ids{1});
    EXPECT_EQ(c.ids(R"(process where process.name in ("tclsh8.6"))"), Ids{});
    EXPECT_EQ(c.ids(R"(process where process.name in~ ("tclsh8.6"))"), Ids{1});
    EXPECT_EQ(c.ids(R"(process where process.name like "Tcl*")"), Ids{1});
    EXPECT_EQ(c.ids(R"(process where process.name like "tcl*")"), Ids{});
}

TEST(EqlEngine, MissingFieldsMakeNegationsTrueAsMustNotDoes) {
    Capture c(event(1, "00:00", R"("event":{"category":"process"},"a":"x")")
        + event(2, "00:01", R"("event":{"category":"process"})"));
    EXPECT_EQ(c.ids(R"(process where a != "x")"), Ids{2});
    EXPECT_EQ(c.ids(R"(process where not a : "x*")"), Ids{2});
    EXPECT_EQ(c.ids(R"(process where a not in ("x"))"), Ids{2});
    EXPECT_EQ(c.ids(R"(process where a == null)"), Ids{2});
    EXPECT_EQ(c.ids(R"(process where a != null)"), Ids{1});
    // A script (function of a field) propagates null, which is false: no must_not here.
    EXPECT_EQ(c.ids(R"(process where not startsWith(concat(a, ""), "y"))"), Ids{1});
}

TEST(EqlEngine, AnyValueOfAnArrayMatches) {
    Capture c(event(1, "00:00", R"("event":{"category":["process","network"],"type":["start","info"]},"pid":[5,500])"));
    EXPECT_EQ(c.ids(R"(network where event.type == "info")"), Ids{1});
    EXPECT_EQ(c.ids(R"(process where pid > 100 and pid < 10)"), Ids{1}) << "different values may satisfy each range";
    EXPECT_EQ(c.ids(R"(process where event.type != "start")"), Ids{}) << "!= means no value equals";
}

TEST(EqlEngine, NullKeysDoNotJoinUnlessOptional) {
    const std::string data
        = event(1, "00:00", R"("event":{"category":"a"})") + event(2, "00:01", R"("event":{"category":"b"})");
    Capture c(data);
    EXPECT_EQ(c.ids("sequence by user.id [a where true] [b where true]"), Ids{});
    EXPECT_EQ(c.ids("sequence by ?user.id [a where true] [b where true]"), (Ids{1, 2}));
}

TEST(EqlEngine, MultiValuedKeysFanOutOnePerValue) {
    Capture c(event(1, "00:00", R"("event":{"category":"a"},"tags":["x","y","x"])")
        + event(2, "00:01", R"("event":{"category":"b"},"tags":["y","x"])"));
    const eql::QueryResult r = c.run("sequence by tags [a where true] [b where true]");
    ASSERT_EQ(r.matches.size(), 2u);
    EXPECT_EQ(r.matches[0].joinKeys[0].string, "x");
    EXPECT_EQ(r.matches[1].joinKeys[0].string, "y");
}

TEST(EqlEngine, OnePendingSequencePerStateTheLatestStartWins) {
    // R11: a newer start overwrites the pending one; stages are checked last to first.
    std::string data;
    for (int i = 1; i <= 5; ++i)
        data += event(i, "00:0" + std::to_string(i), R"("event":{"category":"p"})");
    Capture c(data);
    EXPECT_EQ(c.ids("sequence [p where id <= 3] [p where true] [p where true]"), (Ids{1, 2, 3, 2, 3, 4, 3, 4, 5}));
    EXPECT_EQ(c.ids("sequence [p where id < 5] [p where id < 5]"), (Ids{1, 2, 2, 3, 3, 4}));
    EXPECT_EQ(c.ids("sequence [p where id < 5] [p where id < 5] | tail 1"), (Ids{3, 4}));
}

TEST(EqlEngine, UntilExpiresPendingSequences) {
    Capture c(event(1, "00:01", R"("event":{"category":"a"},"k":1)")
        + event(2, "00:02", R"("event":{"category":"stop"},"k":1)")
        + event(3, "00:03", R"("event":{"category":"b"},"k":1)"));
    EXPECT_EQ(c.ids("sequence by k [a where true] [b where true] until [stop where true]"), Ids{});
    EXPECT_EQ(c.ids("sequence by k [a where true] [b where true] until [stop where k == 2]"), (Ids{1, 3}));
}

TEST(EqlEngine, EventsSortByMillisecondThenTiebreakerWithMissingLast) {
    Capture c(event(1, "00:00.0005", R"("event":{"category":"p"},"seq":2)")
        + event(2, "00:00.0001", R"("event":{"category":"p"})")
        + event(3, "00:00.0009", R"("event":{"category":"p"},"seq":1)"));
    eql::RunOptions withTiebreaker;
    withTiebreaker.tiebreakerField = "seq";
    EXPECT_EQ(c.ids("p where true", withTiebreaker), (Ids{3, 1, 2}));
    EXPECT_EQ(c.ids("p where true"), (Ids{1, 2, 3})) << "same millisecond, no tiebreaker: input order";
}

TEST(EqlEngine, SizeAndResultPosition) {
    std::string data;
    for (int i = 1; i <= 5; ++i)
        data += event(i, "00:0" + std::to_string(i), R"("event":{"category":"p"})");
    Capture c(data);
    eql::RunOptions head, tail;
    head.size = tail.size = 2;
    tail.resultPosition = eql::RunOptions::Position::Tail;
    EXPECT_EQ(c.ids("p where true", head), (Ids{1, 2}));
    EXPECT_EQ(c.ids("p where true", tail), (Ids{4, 5}));
    EXPECT_EQ(c.ids("p where true | tail 3 | head 2"), (Ids{3, 4}));
}

TEST(EqlEngine, MappingTypesChangeResults) {
    const std::string mapping = R"({"properties":{
        "ip":{"type":"ip"}, "v":{"type":"version"}, "cat":{"type":"keyword"},
        "event":{"properties":{"category":{"type":"alias","path":"cat"}}},
        "nv":{"type":"keyword","null_value":"NULL"}, "n":{"type":"long"}}})";
    Capture c(event(1, "00:00", R"("cat":"x","ip":"10.1.2.3","v":"1.11.3","nv":null,"n":"42")")
            + event(2, "00:01", R"("cat":"x","ip":"192.168.0.1","v":"1.2.4-SNAPSHOT")"),
        mapping);
    EXPECT_EQ(c.ids(R"(x where cidrMatch(ip, "10.0.0.0/8"))"), Ids{1});
    EXPECT_EQ(c.ids(R"(x where ip == "::ffff:10.1.2.3")"), Ids{1});
    EXPECT_EQ(c.ids(R"(x where v > "1.5.0")"), Ids{1});
    EXPECT_EQ(c.ids(R"(x where v < "1.5.0")"), Ids{2});
    EXPECT_EQ(c.ids(R"(x where nv == "NULL")"), Ids{1});
    EXPECT_EQ(c.ids(R"(x where n == 42 and n > 41)"), Ids{1}) << "a long field coerces \"42\"";
}

TEST(EqlEngine, DateLiteralsCompareAtTheirPrecision) {
    Capture c(
        event(1, "00:07.250", R"("event":{"category":"p"})") + event(2, "00:08.100", R"("event":{"category":"p"})"));
    EXPECT_EQ(c.ids(R"(p where @timestamp == "2024-05-14T10:00:07Z")"), Ids{1});
    EXPECT_EQ(c.ids(R"(p where @timestamp > "2024-05-14T10:00:07Z")"), Ids{2});
    EXPECT_EQ(c.ids(R"(p where @timestamp <= "2024-05-14T10:00:07Z")"), Ids{1});
}

TEST(EqlEngine, MissingEventsRejectSequencesTheyWouldFill) {
    Capture c(event(1, "00:00.001", R"("event":{"category":"t"},"tag":"n")")
        + event(2, "00:00.002", R"("event":{"category":"t"},"tag":"n")")
        + event(3, "00:00.003", R"("event":{"category":"t"},"tag":"m")")
        + event(4, "00:00.004", R"("event":{"category":"t"},"tag":"n")"));
    EXPECT_EQ(c.ids(R"(sequence with maxspan=1s [t where tag == "n"] ![t where tag == "m"] [t where tag == "n"])"),
        (Ids{1, -1, 2}));
}

TEST(EqlEngine, SamplesJoinByKeyInKeyOrder) {
    Capture c(event(1, "00:01", R"("event":{"category":"a"},"host":"zeta")")
        + event(2, "00:02", R"("event":{"category":"b"},"host":"zeta")")
        + event(3, "00:03", R"("event":{"category":"a"},"host":"Alpha")")
        + event(4, "00:04", R"("event":{"category":"b"},"host":"Alpha")"));
    EXPECT_EQ(c.ids("sample by host [a where true] [b where true]"), (Ids{3, 4, 1, 2}));
}

TEST(EqlEngine, ComparingAFieldWithAFieldIsRejectedOnceTypesAreKnown) {
    Capture c(event(1, "00:00", R"("event":{"category":"p"},"x":1,"y":1)"));
    EXPECT_THROW(c.run("p where ?x == ?y"), eql::QueryError);
    EXPECT_EQ(c.ids("p where ?nothere == ?northis"), Ids{1}) << "optional fields absent from every index read as null";
}

TEST(EqlEngine, UnknownFieldsAreReportedNotFatal) {
    Capture c(event(1, "00:00", R"("event":{"category":"p"})"));
    const eql::QueryResult r = c.run(R"(p where host.os.type == "macos")");
    EXPECT_TRUE(r.events.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("host.os.type"), std::string::npos);
}

TEST(EqlEngine, CancelStopsALongRun) {
    std::string data;
    for (int i = 0; i < 70000; ++i)
        data += R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":"p"}})"
                "\n";
    Capture c(data);
    std::atomic<bool> cancel{true};
    eql::RunOptions options;
    options.cancel = &cancel;
    EXPECT_TRUE(c.run("p where true", options).cancelled);
}
