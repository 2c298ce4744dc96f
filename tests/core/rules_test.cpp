// SPDX-License-Identifier: Apache-2.0
// Rules from files: every shape read, unsupported types listed with the reason, problems
// located, exports that keep every field, and the settings Kibana runs a rule with.
#include "eql/engine.h"
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/ruleplan.h"
#include "rules/rulereader.h"
#include "rules/rulewriter.h"
#include "testfiles.h"
#include "util/timestamp.h"

#include <filesystem>
#include <gtest/gtest.h>

using namespace wb;
namespace fs = std::filesystem;

namespace {
const std::string MacRules = EQLWB_RULES_DIR "/detection-rules-macos";

// Runs a rule over a capture the way `eqlwb run --rule` does; the number of results.
std::size_t runRule(const rules::DetectionRule& rule, const std::string& capture, const rules::RuleFile& file = {},
    std::optional<rules::TimeWindow> window = std::nullopt, bool applySettings = true) {
    EventStore store;
    CaptureLoader(store, {}).load({capture});
    eql::Schema schema(store);
    eql::Engine engine(schema);
    const auto query = eql::parseQuery(rule.query);
    rules::RulePlan plan = rules::planRule(rule, store, rules::referencedLists(rule, file.exceptions), 0, window);
    eql::RunOptions options = applySettings ? plan.options : eql::RunOptions{};
    if (applySettings) options.excluded = &plan.excluded;
    const auto result = engine.run(query, options);
    return query.kind == eql::Query::Kind::Event ? result.events.size() : result.matches.size();
}

rules::DetectionRule onlyRule(const std::string& text, const std::string& name) {
    test::TempDir dir;
    const rules::RuleFile file = rules::readRuleFile(dir.write(name, text));
    EXPECT_TRUE(file.issues.empty()) << file.issues.front().text();
    EXPECT_EQ(file.rules.size(), 1u);
    return file.rules.empty() ? rules::DetectionRule{} : file.rules.front();
}
} // namespace

TEST(RuleReader, ReadsEveryRealMacOsRule) {
    if (!fs::is_directory(MacRules)) GTEST_SKIP() << "the real rules are not beside the repository: " << MacRules;
    std::size_t files = 0, supported = 0, unsupported = 0;
    for (const rules::RuleFile& file : rules::readRuleLibrary({MacRules})) {
        ++files;
        EXPECT_TRUE(file.issues.empty()) << file.issues.front().text();
        ASSERT_EQ(file.rules.size(), 1u) << file.path;
        const rules::DetectionRule& r = file.rules.front();
        EXPECT_FALSE(r.ruleId.empty()) << file.path;
        EXPECT_FALSE(r.name.empty()) << file.path;
        if (r.supported) {
            ++supported;
            EXPECT_NO_THROW(eql::parseQuery(r.query)) << file.path;
        } else {
            ++unsupported;
            EXPECT_FALSE(r.unsupportedReason.empty()) << file.path;
            EXPECT_NE(r.type, "eql") << file.path;
        }
    }
    EXPECT_EQ(files, 97u);
    EXPECT_EQ(supported, 88u);
    EXPECT_EQ(unsupported, 9u);
}

TEST(RuleReader, RoundTripsOfEveryRealRuleAreIdenticalApartFromTheQuery) {
    if (!fs::is_directory(MacRules)) GTEST_SKIP() << "the real rules are not beside the repository";
    std::vector<rules::RuleIssue> issues;
    for (const std::string& path : rules::ruleFilesBelow({MacRules}, issues)) {
        const rules::RuleFile file = rules::readRuleFile(path);
        if (file.rules.empty()) continue;
        const rules::DetectionRule& r = file.rules.front();
        EXPECT_EQ(rules::toDetectionRulesToml(r, r.query, "2026/11/30"), test::readFile(path)) << path;
        const std::string tuned = "process where process.name : \"tuned\"";
        const rules::RuleFile again = rules::parseRuleText(rules::toDetectionRulesToml(r, tuned, "2026/11/30"), path);
        ASSERT_EQ(again.rules.size(), 1u) << path;
        EXPECT_EQ(again.rules.front().query, tuned + "\n") << path;
        nlohmann::ordered_json before = r.original, after = again.rules.front().original;
        before.erase("query");
        after.erase("query");
        EXPECT_EQ(before, after) << path << ": every other field as it was";
        // As a Kibana export and back: the rule line is the same bytes.
        const std::string ndjson = rules::toKibanaNdjson(r, r.query, {});
        const rules::RuleFile kibana = rules::parseRuleText(ndjson, "export.ndjson");
        ASSERT_EQ(kibana.rules.size(), 1u) << path;
        EXPECT_TRUE(kibana.issues.empty()) << path;
        EXPECT_EQ(rules::toKibanaNdjson(kibana.rules.front(), kibana.rules.front().query, {}), ndjson) << path;
    }
}

TEST(RuleReader, KibanaNdjsonRoundTripsAndCarriesItsExceptionLists) {
    const std::string ndjson
        = R"({"id":"so-1","rule_id":"r-1","name":"Curl after installer","type":"eql","language":"eql","query":"process where process.name : \"curl\"","index":["logs-*"],"interval":"5m","from":"now-9m","max_signals":50,"severity":"high","risk_score":73,"version":3,"exceptions_list":[{"id":"l-1","list_id":"trusted","namespace_type":"single","type":"detection"}],"enabled":true,"meta":{"from":"4m"}})"
          "\n"
          R"({"id":"so-2","rule_id":"r-2","name":"A KQL rule","type":"query","language":"kuery","query":"process.name: curl","index":["logs-*"]})"
          "\n"
          R"({"list_id":"trusted","name":"Trusted","description":"d","type":"detection","namespace_type":"single"})"
          "\n"
          R"({"item_id":"i-1","list_id":"trusted","name":"mdm","description":"d","type":"simple","namespace_type":"single","entries":[{"field":"host.name","operator":"included","type":"match","value":"mbp-alice"}]})"
          "\n"
          R"({"exported_count":4,"exported_rules_count":2,"missing_rules":[],"missing_rules_count":0})"
          "\n";
    test::TempDir dir;
    const rules::RuleFile file = rules::readRuleFile(dir.write("export.ndjson", ndjson));
    ASSERT_TRUE(file.issues.empty()) << file.issues.front().text();
    ASSERT_EQ(file.rules.size(), 2u);
    const rules::DetectionRule& eql = file.rules[0];
    EXPECT_TRUE(eql.supported);
    EXPECT_EQ(eql.line, 1);
    EXPECT_EQ(eql.maxSignals, 50);
    EXPECT_EQ(eql.exceptionListIds(), std::vector<std::string>{"trusted"});
    EXPECT_FALSE(file.rules[1].supported);
    EXPECT_NE(file.rules[1].unsupportedReason.find("not EQL"), std::string::npos);
    ASSERT_EQ(file.exceptions.lists.size(), 1u);
    EXPECT_EQ(file.exceptions.itemCount(), 1u);
    // The rule line comes back byte for byte; a tuned query bumps the version, nothing else.
    const auto lists = rules::referencedLists(eql, file.exceptions);
    EXPECT_EQ(rules::toKibanaRuleJson(eql, eql.query, lists), ndjson.substr(0, ndjson.find('\n')));
    const std::string tuned = rules::toKibanaRuleJson(eql, "process where process.name : \"wget\"", lists);
    auto a = nlohmann::ordered_json::parse(ndjson.substr(0, ndjson.find('\n')));
    auto b = nlohmann::ordered_json::parse(tuned);
    EXPECT_EQ(b["version"], 4);
    a.erase("query");
    a.erase("version");
    b.erase("query");
    b.erase("version");
    EXPECT_EQ(a, b);
    const rules::RuleFile reread = rules::parseRuleText(rules::toKibanaNdjson(eql, eql.query, lists), "again.ndjson");
    EXPECT_TRUE(reread.issues.empty());
    EXPECT_EQ(reread.exceptions.itemCount(), 1u);
}

TEST(RuleReader, ReadsTheRulesApiJsonAndBareEql) {
    const auto one = onlyRule(
        R"({"rule_id":"x","name":"One","type":"eql","language":"eql","query":"any where true"})", "one.json");
    EXPECT_EQ(one.format, rules::RuleFormat::KibanaJson);
    test::TempDir dir;
    const auto page = rules::readRuleFile(dir.write("find.json",
        R"({"page":1,"perPage":20,"total":2,"data":[{"rule_id":"a","name":"A","type":"eql","language":"eql","query":"any where true"},{"rule_id":"b","name":"B","type":"machine_learning","anomaly_threshold":50}]})"));
    ASSERT_EQ(page.rules.size(), 2u);
    EXPECT_FALSE(page.rules[1].supported);
    EXPECT_NE(page.rules[1].unsupportedReason.find("machine learning"), std::string::npos);
    const auto eql = onlyRule("process where process.name : \"curl\"\n", "curl-anywhere.eql");
    EXPECT_EQ(eql.name, "curl-anywhere");
    EXPECT_TRUE(eql.supported);
}

TEST(RuleReader, ProblemsAreLocatedAndNeverThrow) {
    test::TempDir dir;
    const auto badToml
        = rules::readRuleFile(dir.write("bad.toml", "[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \n"));
    ASSERT_FALSE(badToml.issues.empty());
    EXPECT_EQ(badToml.issues.front().line, 5) << badToml.issues.front().text();
    const auto badLine = rules::readRuleFile(dir.write("bad.ndjson",
        R"({"rule_id":"a","name":"A","type":"eql","language":"eql","query":"any where true"})"
        "\n{broken\n1e400\n"));
    ASSERT_EQ(badLine.rules.size(), 1u);
    ASSERT_EQ(badLine.issues.size(), 2u);
    EXPECT_EQ(badLine.issues[0].line, 2);
    EXPECT_EQ(badLine.issues[1].line, 3) << "a number too large for a double is a located problem, not a crash";
    const auto hugeJson = rules::readRuleFile(dir.write("huge.json", "1e400"));
    EXPECT_FALSE(hugeJson.issues.empty());
    const auto missing = rules::readRuleFile(dir.path() + "/nope.toml");
    EXPECT_FALSE(missing.issues.empty());
    // The line of a query error: where the query starts in the TOML file.
    const auto rule = onlyRule("[metadata]\nmaturity = \"production\"\n\n[rule]\nrule_id = \"x\"\nname = \"X\"\n"
                               "type = \"eql\"\nlanguage = \"eql\"\nquery = '''\nprocess where\n  true and\n'''\n",
        "x.toml");
    EXPECT_EQ(rule.queryLine, 10);
}

TEST(RulePlan, IndexPatternsDecideWhichEventsARuleSees) {
    test::TempDir dir;
    const std::string capture = dir.write("hits.ndjson",
        R"({"_index":"logs-endpoint.events.process-default","_id":"1","_source":{"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"process":{"name":"curl"}}})"
        "\n"
        R"({"_index":"logs-system.auth-default","_id":"2","_source":{"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"process":{"name":"curl"}}})"
        "\n");
    auto rule = onlyRule(
        R"({"rule_id":"x","name":"X","type":"eql","language":"eql","query":"process where process.name : \"curl\"","index":["logs-endpoint.events.*"]})",
        "x.json");
    EXPECT_EQ(runRule(rule, capture), 1u) << "only the endpoint index is searched";
    EXPECT_EQ(runRule(rule, capture, {}, std::nullopt, false), 2u) << "without the patterns both match";
    rule.index = {"logs-*", "-logs-system*"};
    EXPECT_EQ(runRule(rule, capture), 1u) << "an exclusion pattern";
    // Bare documents have no _index: every rule searches them.
    const std::string bare = dir.write("bare.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"process":{"name":"curl"}})"
        "\n");
    EXPECT_EQ(runRule(rule, bare), 1u);
}

TEST(RulePlan, EventCategoryOverrideAndTiebreakerAndMaxSignalsChangeResults) {
    test::TempDir dir;
    // Same millisecond; the tiebreaker puts b before a; the category lives in a custom field.
    const std::string capture = dir.write("c.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00.000Z","kind":"proc","seq":2,"process":{"name":"a"}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:00.000Z","kind":"proc","seq":1,"process":{"name":"b"}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:01.000Z","kind":"proc","seq":3,"process":{"name":"c"}})"
        "\n");
    auto rule = onlyRule(
        R"({"rule_id":"x","name":"X","type":"eql","language":"eql","query":"sequence [proc where process.name == \"b\"] [proc where process.name == \"a\"]","event_category_override":"kind","tiebreaker_field":"seq"})",
        "x.json");
    EXPECT_EQ(runRule(rule, capture), 1u) << "b (seq 1) then a (seq 2) in the same millisecond";
    EXPECT_EQ(runRule(rule, capture, {}, std::nullopt, false), 0u) << "without the rule's settings: no category field";
    rule.tiebreakerField.clear();
    EXPECT_EQ(runRule(rule, capture), 0u) << "without the tiebreaker, input order puts a first";
    auto events = onlyRule(
        R"({"rule_id":"y","name":"Y","type":"eql","language":"eql","query":"proc where true","event_category_override":"kind","max_signals":2})",
        "y.json");
    EXPECT_EQ(runRule(events, capture), 2u) << "max_signals is the request's size";
}

TEST(RulePlan, TimestampOverrideDecidesTheWindowWithItsFallback) {
    test::TempDir dir;
    // Ingested late: @timestamp before the window, event.ingested inside it; one event without it.
    const std::string capture = dir.write("c.ndjson",
        R"({"@timestamp":"2024-05-14T09:00:00Z","event":{"category":["process"],"ingested":"2024-05-14T10:02:00Z"},"process":{"name":"late"}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:01:00Z","event":{"category":["process"]},"process":{"name":"plain"}})"
        "\n");
    const rules::TimeWindow window{*parseTimestamp("2024-05-14T10:00:00Z"), *parseTimestamp("2024-05-14T10:05:00Z")};
    auto rule = onlyRule(
        R"({"rule_id":"x","name":"X","type":"eql","language":"eql","query":"process where true","timestamp_override":"event.ingested"})",
        "x.json");
    EXPECT_EQ(runRule(rule, capture, {}, window), 2u) << "late by event.ingested, plain by its @timestamp fallback";
    rule.timestampOverrideFallbackDisabled = true;
    EXPECT_EQ(runRule(rule, capture, {}, window), 1u) << "no fallback: only events with event.ingested";
    rule.timestampOverride.clear();
    EXPECT_EQ(runRule(rule, capture, {}, window), 1u) << "by @timestamp the late event is outside";
}

TEST(RulePlan, ExceptionListsFromTheRulesOwnFileApply) {
    if (!fs::is_directory(EQLWB_SAMPLES_DIR)) GTEST_SKIP();
    const std::string ndjson
        = R"({"rule_id":"r","name":"R","type":"eql","language":"eql","query":"process where process.name : \"bash\"","exceptions_list":[{"id":"t","list_id":"trusted","namespace_type":"single","type":"detection"}]})"
          "\n"
          R"({"list_id":"trusted","name":"Trusted","description":"d","type":"detection","namespace_type":"single"})"
          "\n"
          R"({"item_id":"i","list_id":"trusted","name":"alice","description":"d","type":"simple","namespace_type":"single","entries":[{"field":"host.name","operator":"included","type":"match","value":"mbp-alice"}]})"
          "\n";
    const rules::RuleFile file = rules::parseRuleText(ndjson, "r.ndjson");
    ASSERT_EQ(file.rules.size(), 1u);
    const std::string capture = std::string(EQLWB_SAMPLES_DIR) + "/installer-curl/capture.ndjson";
    EXPECT_EQ(runRule(file.rules.front(), capture, file), 0u) << "every bash ran on mbp-alice";
    EXPECT_GT(runRule(file.rules.front(), capture, {}), 0u) << "without its lists";
}
