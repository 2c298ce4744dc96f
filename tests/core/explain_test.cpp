// SPDX-License-Identifier: Apache-2.0
// Explanations of matches and near misses on small hand-made captures with known answers: one
// test per reason code, each checking the code, the evidence and that the hint, re-run by the
// engine here (not only by the explainer), makes that near miss fire. A property test over
// generated captures: every key without an alert gets a near miss, every alert replays.
#include "capturegenerator.h"
#include "eql/parser.h"
#include "exceptions/exceptionfilter.h"
#include "explain/explainer.h"
#include "load/captureloader.h"
#include "rules/rulelibrary.h"
#include "testcapture.h"
#include "util/timestamp.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace wb;

namespace {
const std::int64_t T0 = *parseTimestamp("2024-05-14T10:00:00Z");

// An event `ms` milliseconds after T0.
std::string event(std::int64_t ms, const std::string& category, const std::string& process, const std::string& host,
    const std::string& user = "0", const std::string& id = "", const std::string& action = "exec") {
    return R"({"_index":"i","_id":")" + (id.empty() ? process + std::to_string(ms) : id)
        + R"(","_source":{"@timestamp":")" + formatTimestampMillis(T0 + ms * 1'000'000) + R"(","event":{"category":[")"
        + category + R"("],"type":["start"],"action":")" + action + R"("},"host":{"id":")" + host
        + R"("},"user":{"id":")" + user + R"("},"process":{"name":")" + process + R"("}}})" + "\n";
}

const char* const Seq = R"(sequence by host.id, user.id with maxspan=30s
  [process where process.name == "bash"]
  [network where process.name : "curl"])";

struct Fixture : test::TestCapture {
    eql::Query query;
    std::unique_ptr<explain::Explainer> explainer;
    explain::ExplainOptions options;

    Fixture(const std::string& capture, const std::string& q, explain::ExplainOptions o = {})
        : TestCapture(capture) {
        query = eql::parseQuery(q);
        options = std::move(o);
        explainer = std::make_unique<explain::Explainer>(*schema, *engine, query, options);
    }
    EventIndex byId(const std::string& id) const {
        for (EventIndex e = 0; e < store.size(); ++e)
            if (store.strings().view(store.docId(e)) == id) return e;
        ADD_FAILURE() << "no event " << id;
        return 0;
    }
    std::vector<explain::NearMiss> misses(explain::Scope scope = {}) { return explainer->nearMisses(scope); }
    // Re-runs the engine with the hint applied, as a user applying it would, and says whether a
    // result holds all of `events`.
    bool hintFires(const explain::NearMiss& miss, std::vector<EventIndex> events) {
        eql::RunOptions run = options.run;
        exceptions::ExceptionSet ex = options.exceptions;
        const eql::Query q = explainer->applyHint(miss.reason.hint, run, ex);
        std::vector<std::uint8_t> excluded(store.size(), 0);
        if (!ex.lists.empty()) excluded = exceptions::ExceptionFilter(store, ex, 0).excludedEvents();
        run.excluded = &excluded;
        const eql::QueryResult r = engine->run(q, run);
        for (std::size_t i = 0; i < r.total(); ++i) {
            const auto got = r.eventsOf(i);
            if (std::all_of(events.begin(), events.end(),
                    [&](EventIndex e) { return std::find(got.begin(), got.end(), e) != got.end(); }))
                return true;
        }
        return false;
    }
};
} // namespace

TEST(Explain, AnAlertIsEveryStagesConditionTreeWithTheEventsValues) {
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(2000, "network", "curl", "h", "0", "n"), Seq);
    ASSERT_EQ(f.explainer->result().total(), 1u);
    const explain::AlertExplanation a = f.explainer->explainAlert(0);
    EXPECT_TRUE(a.replays);
    ASSERT_EQ(a.stages.size(), 2u);
    EXPECT_EQ(a.stages[0].event, f.byId("p"));
    EXPECT_EQ(a.joinKeys, (std::vector<std::string>{"h", "0"}));
    EXPECT_EQ(a.keyFields, (std::vector<std::string>{"host.id", "user.id"}));
    EXPECT_EQ(a.spanMs, 2000);
    EXPECT_EQ(a.maxspanMs, 30000);
    const explain::ConditionNode& where = a.stages[0].conditions.children[1];
    EXPECT_TRUE(where.held);
    EXPECT_EQ(where.text, "process.name == \"bash\"");
    ASSERT_EQ(where.fields, (std::vector<std::string>{"process.name"}));
    EXPECT_EQ(where.actual[0], (std::vector<std::string>{"bash"}));
    EXPECT_EQ(where.expected, "\"bash\"");
}

TEST(Explain, NoCandidateNamesTheFailingConditionAndACaseFixThatFires) {
    Fixture f(event(0, "process", "BASH", "h", "0", "p") + event(2000, "network", "curl", "h", "0", "n"), Seq);
    EXPECT_EQ(f.explainer->result().total(), 0u);
    const auto misses = f.misses({std::vector<std::string>{"h", "0"}, std::nullopt, std::nullopt});
    ASSERT_EQ(misses.size(), 1u);
    const auto& m = misses[0];
    EXPECT_EQ(m.reason.code, "no_candidate");
    EXPECT_EQ(m.reason.stage, 1);
    EXPECT_EQ(m.reason.field, "process.name");
    EXPECT_EQ(m.reason.actual, "BASH");
    EXPECT_EQ(m.reason.expected, "\"bash\"");
    ASSERT_FALSE(m.closest.empty());
    EXPECT_EQ(m.closest[0].event, f.byId("p"));
    EXPECT_EQ(m.failingConditions, 1);
    EXPECT_EQ(m.reason.hint.kind, explain::Hint::Kind::QueryEdit);
    EXPECT_NE(m.reason.hint.text.find("use `:` instead of `==`"), std::string::npos) << m.reason.hint.text;
    EXPECT_TRUE(m.reason.hint.verified);
    EXPECT_TRUE(f.hintFires(m, {f.byId("p"), f.byId("n")}));
}

TEST(Explain, MaxspanExceededByOneMillisecond) {
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(30001, "network", "curl", "h", "0", "n"), Seq);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    const auto& m = misses[0];
    EXPECT_EQ(m.reason.code, "maxspan_exceeded");
    EXPECT_EQ(m.reason.stage, 2);
    EXPECT_EQ(m.reachedStage, 1);
    EXPECT_EQ(m.candidate, f.byId("n"));
    EXPECT_EQ(m.reason.actual, "30001 ms");
    EXPECT_NE(m.reason.detail.find("over by 1 ms"), std::string::npos) << m.reason.detail;
    EXPECT_EQ(m.reason.hint.maxspanMs, 30001);
    EXPECT_TRUE(m.reason.hint.verified);
    EXPECT_TRUE(f.hintFires(m, {f.byId("p"), f.byId("n")}));
}

TEST(Explain, JoinKeyMismatchNamesTheFieldAndBothValues) {
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(2000, "network", "curl", "h", "501", "n"), Seq);
    const auto misses = f.misses({std::vector<std::string>{"h", "0"}, std::nullopt, std::nullopt});
    ASSERT_EQ(misses.size(), 1u);
    const auto& m = misses[0];
    EXPECT_EQ(m.reason.code, "join_key_mismatch");
    EXPECT_EQ(m.reason.field, "user.id");
    EXPECT_EQ(m.reason.actual, "501");
    EXPECT_EQ(m.reason.expected, "0");
    EXPECT_EQ(m.candidate, f.byId("n"));
}

TEST(Explain, OutOfOrderWhenTheLaterStageCameFirst) {
    Fixture f(event(0, "network", "curl", "h", "0", "n") + event(1000, "process", "bash", "h", "0", "p"), Seq);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    EXPECT_EQ(misses[0].reason.code, "out_of_order");
    EXPECT_EQ(misses[0].reason.stage, 2);
    EXPECT_EQ(misses[0].candidate, f.byId("n"));
    // The same millisecond: the tiebreaker, then input order, decides.
    Fixture g(event(1000, "network", "curl", "h", "0", "n") + event(1000, "process", "bash", "h", "0", "p"), Seq);
    const auto same = g.misses();
    ASSERT_EQ(same.size(), 1u);
    EXPECT_EQ(same[0].reason.code, "out_of_order");
    EXPECT_NE(same[0].reason.detail.find("same millisecond"), std::string::npos) << same[0].reason.detail;
}

TEST(Explain, UntilClosesThePendingSequence) {
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(1000, "process", "bash", "h", "0", "end", "end")
            + event(2000, "network", "curl", "h", "0", "n"),
        R"(sequence by host.id with maxspan=30s [process where event.action == "exec"] [network where true] until [process where event.action == "end"])");
    EXPECT_EQ(f.explainer->result().total(), 0u);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    EXPECT_EQ(misses[0].reason.code, "until_closed");
    EXPECT_EQ(misses[0].candidate, f.byId("end"));
}

TEST(Explain, AMissingEventInTheGapRejectsTheSequence) {
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(1000, "file", "bash", "h", "0", "file")
            + event(2000, "network", "curl", "h", "0", "n"),
        R"(sequence by host.id with maxspan=30s [process where true] ![file where true] [network where true])");
    EXPECT_EQ(f.explainer->result().total(), 0u);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    EXPECT_EQ(misses[0].reason.code, "missing_event_present");
    EXPECT_EQ(misses[0].reason.stage, 2);
    EXPECT_EQ(misses[0].candidate, f.byId("file"));
}

TEST(Explain, ANewerStageOneEventSupersedesThePendingSequence) {
    Fixture f(event(0, "process", "bash", "h", "0", "old") + event(1000, "process", "bash", "h", "0", "new")
            + event(2000, "network", "curl", "h", "0", "n"),
        Seq);
    ASSERT_EQ(f.explainer->result().total(), 1u);
    EXPECT_EQ(f.explainer->result().matches[0].events[0], f.byId("new")) << "Elasticsearch keeps the newer one";
    const auto misses = f.misses({std::nullopt, std::nullopt, f.byId("old")});
    ASSERT_EQ(misses.size(), 1u);
    EXPECT_EQ(misses[0].reason.code, "superseded");
    EXPECT_EQ(misses[0].candidate, f.byId("new"));
    const auto forAlerted = f.misses({std::nullopt, std::nullopt, f.byId("new")});
    EXPECT_TRUE(forAlerted.empty());
    EXPECT_EQ(f.explainer->notes().back(), "the event is part of alert 1");
}

TEST(Explain, AnExceptionItemThatRemovedTheEventIsNamedAndSwitchingItOffFires) {
    explain::ExplainOptions o;
    exceptions::ExceptionList list;
    list.listId = "tuning";
    exceptions::ExceptionItem item;
    item.itemId = "no-curl";
    item.name = "curl is fine";
    exceptions::ExceptionEntry entry;
    entry.field = "process.name";
    entry.value = "curl";
    item.entries.push_back(entry);
    list.items.push_back(item);
    o.exceptions.lists.push_back(list);
    Fixture f(event(0, "process", "bash", "h", "0", "p") + event(2000, "network", "curl", "h", "0", "n"), Seq, o);
    EXPECT_EQ(f.explainer->result().total(), 0u);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    const auto& m = misses[0];
    EXPECT_EQ(m.reason.code, "excluded");
    EXPECT_EQ(m.reason.stage, 2);
    EXPECT_NE(m.reason.detail.find("tuning, item no-curl"), std::string::npos) << m.reason.detail;
    EXPECT_EQ(m.reason.hint.kind, explain::Hint::Kind::DisableExceptionItem);
    EXPECT_TRUE(m.reason.hint.verified);
    EXPECT_TRUE(f.hintFires(m, {f.byId("p"), f.byId("n")}));
}

TEST(Explain, TheSizeCapCutsAMatch) {
    explain::ExplainOptions o;
    o.run.size = 1;
    Fixture f(event(0, "process", "bash", "a", "0", "pa") + event(1000, "network", "curl", "a", "0", "na")
            + event(5000, "process", "bash", "b", "0", "pb") + event(6000, "network", "curl", "b", "0", "nb"),
        Seq, o);
    ASSERT_EQ(f.explainer->result().total(), 1u);
    const auto misses = f.misses();
    ASSERT_EQ(misses.size(), 1u);
    EXPECT_EQ(misses[0].reason.code, "size_cap");
    EXPECT_EQ(misses[0].joinKeys, (std::vector<std::string>{"b", "0"}));
    EXPECT_TRUE(misses[0].reason.hint.verified);
    EXPECT_TRUE(f.hintFires(misses[0], {f.byId("pb"), f.byId("nb")}));
}

TEST(Explain, FewerRunsThanTheStageWants) {
    Fixture f(event(0, "process", "bash", "h", "0", "p1") + event(1000, "process", "bash", "h", "0", "p2")
            + event(2000, "network", "curl", "h", "0", "n"),
        R"(sequence by host.id with maxspan=30s [process where true] with runs=3 [network where true])");
    EXPECT_EQ(f.explainer->result().total(), 0u);
    const auto misses = f.misses();
    ASSERT_FALSE(misses.empty());
    EXPECT_EQ(misses[0].reason.code, "runs_incomplete");
    EXPECT_EQ(misses[0].reachedStage, 2);
    EXPECT_NE(misses[0].reason.detail.find("2 of the 3"), std::string::npos) << misses[0].reason.detail;
}

TEST(Explain, TheEdgeCaseSampleExplainsItsThreeMisses) {
    test::TempDir dir;
    EventStore store;
    CaptureLoader(store, {}).load({std::string(EQLWB_SAMPLES_DIR) + "/edge-cases/capture.ndjson"});
    eql::Schema schema(store);
    eql::Engine engine(schema);
    const auto& seed = rules::seedRule();
    const eql::Query v100 = eql::parseQuery(seed.find("v100")->query);
    explain::Explainer x(schema, engine, v100, {});
    ASSERT_EQ(x.result().total(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_TRUE(x.explainAlert(i).replays) << "alert " << i + 1;
    std::map<std::string, std::string> byHost;
    for (const auto& m : x.nearMisses({}))
        byHost[m.joinKeys.at(0)] = m.reason.code;
    EXPECT_EQ(byHost["edge-0002-4000-8000-000000000002"], "maxspan_exceeded") << "30.001 s";
    EXPECT_EQ(byHost["edge-0004-4000-8000-000000000004"], "join_key_mismatch") << "curl as another user";
}

TEST(Explain, EveryKeyWithoutAnAlertHasANearMissAndEveryAlertReplays) {
    for (std::uint64_t seed : {1u, 7u, 42u}) {
        bench::CaptureSpec spec;
        spec.events = 4000;
        spec.seed = seed;
        spec.hosts = 8;
        spec.durationMs = 3600 * 1000;
        test::TestCapture g(test::generatedCapture(spec));
        const EventStore& store = g.store;
        eql::Schema& schema = *g.schema;
        eql::Engine& engine = *g.engine;
        // A loose query so that many keys get somewhere and some do not finish.
        const eql::Query q = eql::parseQuery(R"(sequence by host.id, user.id with maxspan=5s
            [process where event.type == "start" and process.name : ("bash", "sh", "zsh")]
            [network where destination.port == 443])");
        explain::ExplainOptions o;
        o.maxNearMisses = 100000;
        explain::Explainer x(schema, engine, q, o);
        for (std::size_t i = 0; i < x.result().total(); ++i)
            ASSERT_TRUE(x.explainAlert(i).replays) << "seed " << seed << " alert " << i;
        std::set<std::vector<std::string>> alerted, missed, stageOne;
        for (const auto& m : x.result().matches) {
            std::vector<std::string> k;
            for (eql::KeyValue v : m.joinKeys) {
                v.materialize(store.strings());
                k.push_back(v.text());
            }
            alerted.insert(k);
        }
        for (const auto& m : x.nearMisses({}))
            missed.insert(m.joinKeys);
        const eql::QueryResult firsts = engine.run(
            eql::parseQuery(R"(process where event.type == "start" and process.name : ("bash", "sh", "zsh"))"), {});
        for (EventIndex e : firsts.events) {
            const std::string host = store.firstText(e, store.fields().find("host.id"));
            const std::string user = store.firstText(e, store.fields().find("user.id"));
            if (!host.empty() && !user.empty()) stageOne.insert({host, user});
        }
        ASSERT_FALSE(stageOne.empty());
        for (const auto& k : stageOne)
            EXPECT_TRUE(alerted.count(k) || missed.count(k)) << "seed " << seed << ": " << k[0] << "," << k[1];
        EXPECT_GT(missed.size(), 0u) << "seed " << seed;
    }
}
