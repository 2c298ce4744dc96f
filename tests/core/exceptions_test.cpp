// SPDX-License-Identifier: Apache-2.0
// Kibana exception semantics on EQL rules, the two file formats, and tuned-rule exports.
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionfilter.h"
#include "exceptions/exceptionio.h"
#include "export/ruleexport.h"
#include "load/captureloader.h"
#include "rules/rulelibrary.h"
#include "testfiles.h"
#include "util/timestamp.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace wb;

namespace {
const std::string SampleCapture = std::string(EQLWB_SAMPLES_DIR) + "/installer-curl/capture.ndjson";
const std::string Container
    = R"({"description":"d","list_id":"fp","name":"FP","namespace_type":"single","os_types":[],"tags":[],"type":"detection"})";

// One NDJSON line: the entries may be written over several lines here.
std::string item(std::string entries, const std::string& extra = "") {
    std::erase(entries, '\n');
    return R"({"comments":[],"description":"d","entries":)" + entries
        + R"(,"item_id":"i1","list_id":"fp","name":"n","namespace_type":"single","os_types":[],"tags":[],"type":"simple")"
        + extra + "}";
}

exceptions::ExceptionSet parse(const std::string& ndjson) {
    auto r = exceptions::parseKibanaNdjson(ndjson, "test.ndjson");
    EXPECT_TRUE(r.ok()) << (r.issues.empty() ? "" : r.issues[0].text());
    return r.set;
}

struct Sample {
    EventStore store;
    Sample() { CaptureLoader(store, {}).load({SampleCapture}); }
    std::size_t alerts(
        const exceptions::ExceptionSet& set, std::int64_t now = *parseTimestamp("2024-06-01T00:00:00Z")) {
        const exceptions::ExceptionFilter filter(store, set, now);
        const auto excluded = filter.excludedEvents();
        eql::Schema schema(store);
        eql::Engine engine(schema);
        eql::RunOptions options;
        options.excluded = &excluded;
        return engine.run(eql::parseQuery(rules::seedRule().find("v100")->query), options).matches.size();
    }
    std::size_t alerts(const std::string& entries, const std::string& extra = "") {
        return alerts(parse(Container + "\n" + item(entries, extra) + "\n"));
    }
};
} // namespace

TEST(Exceptions, EitherStageKillsTheSequence) {
    Sample s;
    EXPECT_EQ(s.alerts(exceptions::ExceptionSet{}), 1u);
    // Stage 1: the shell under the package script.
    EXPECT_EQ(
        s.alerts(
            R"([{"field":"process.parent.name","operator":"included","type":"match","value":"package_script_service"}])"),
        0u);
    // Stage 2: curl's destination.
    EXPECT_EQ(
        s.alerts(R"([{"field":"destination.ip","operator":"included","type":"match","value":"203.0.113.10"}])"), 0u);
}

TEST(Exceptions, EntryTypesAndOperators) {
    Sample s;
    // match is exact and case-sensitive.
    EXPECT_EQ(
        s.alerts(
            R"([{"field":"process.parent.name","operator":"included","type":"match","value":"Package_Script_Service"}])"),
        1u);
    EXPECT_EQ(
        s.alerts(R"([{"field":"process.name","operator":"included","type":"match_any","value":["zsh","curl"]}])"), 0u);
    EXPECT_EQ(
        s.alerts(
            R"([{"field":"process.parent.name","operator":"included","type":"wildcard","value":"package_scr?pt_*"}])"),
        0u);
    EXPECT_EQ(
        s.alerts(R"([{"field":"process.parent.name","operator":"included","type":"wildcard","value":"PACKAGE*"}])"),
        1u);
    // Entries AND: curl AND a port that curl did not use → nothing excluded.
    EXPECT_EQ(s.alerts(R"([{"field":"process.name","operator":"included","type":"match","value":"curl"},
        {"field":"destination.port","operator":"included","type":"match","value":"8443"}])"),
        1u);
    // excluded negates: "every network event whose process is not git" removes curl's event.
    EXPECT_EQ(s.alerts(R"([{"field":"event.category","operator":"included","type":"match","value":"network"},
        {"field":"process.name","operator":"excluded","type":"match","value":"git"}])"),
        0u);
    EXPECT_EQ(
        s.alerts(R"([{"field":"process.code_signature.nonexistent","operator":"included","type":"exists"}])"), 1u);
    EXPECT_EQ(s.alerts(R"([{"field":"destination.ip","operator":"included","type":"exists"}])"), 0u);
}

TEST(Exceptions, OsTypesAndExpiry) {
    Sample s;
    const std::string curl = R"([{"field":"process.name","operator":"included","type":"match","value":"curl"}])";
    auto withOs = [&](const std::string& os) {
        std::string line = item(curl);
        const std::string empty = R"("os_types":[])";
        return line.replace(line.find(empty), empty.size(), R"("os_types":[")" + os + R"("])");
    };
    const std::string windows = withOs("windows");
    EXPECT_EQ(s.alerts(parse(Container + "\n" + windows + "\n")), 1u)
        << "a windows-only item does not touch macOS events";
    const std::string mac = withOs("macos");
    EXPECT_EQ(s.alerts(parse(Container + "\n" + mac + "\n")), 0u);
    const auto expiring = parse(Container + "\n" + item(curl, R"(,"expire_time":"2024-05-20T00:00:00.000Z")") + "\n");
    EXPECT_EQ(s.alerts(expiring, *parseTimestamp("2024-05-19T00:00:00Z")), 0u);
    EXPECT_EQ(s.alerts(expiring, *parseTimestamp("2024-05-21T00:00:00Z")), 1u) << "expired items are dropped";
    auto off = parse(Container + "\n" + item(curl) + "\n");
    off.lists[0].items[0].enabled = false;
    EXPECT_EQ(s.alerts(off), 1u) << "switched-off items are ignored";
}

TEST(Exceptions, ValidationReportsEveryProblemWithItsLine) {
    const std::string text = Container + "\n"
        + R"({"description":"d","entries":[],"item_id":"a","list_id":"fp","name":"n","type":"simple"})" + "\n"
        + R"({"description":"d","entries":[{"field":"x","operator":"maybe","type":"match","value":"v"}],"item_id":"b","list_id":"fp","name":"n","type":"simple","color":"red"})"
        + "\n"
        + R"({"description":"d","entries":[{"field":"x","operator":"included","type":"match_any","value":"v"}],"item_id":"c","list_id":"other","name":"n","type":"simple"})"
        + "\n{broken\n";
    const auto r = exceptions::parseKibanaNdjson(text, "f.ndjson");
    std::vector<std::string> texts;
    for (const auto& i : r.issues)
        texts.push_back(i.text());
    auto has = [&](const std::string& needle) {
        for (const auto& t : texts)
            if (t.find(needle) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("f.ndjson:2: exception item: \"entries\" must be a non-empty array"));
    EXPECT_TRUE(has("f.ndjson:3: exception item entries[0]: operator must be \"included\" or \"excluded\""));
    EXPECT_TRUE(has("f.ndjson:3: exception item: unknown key \"color\""));
    EXPECT_TRUE(has("f.ndjson:4: exception item entries[0]: match_any needs a non-empty \"value\" array"));
    EXPECT_TRUE(has("f.ndjson:5: invalid JSON"));
    EXPECT_TRUE(r.set.lists[0].items.empty()) << "objects with problems are left out";
}

TEST(Exceptions, KibanaNdjsonAndTomlRoundTrip) {
    const std::string entries
        = R"([{"field":"process.args","operator":"included","type":"wildcard","value":"*QuickAdd.pkg*"},
        {"field":"process.parent.name","operator":"excluded","type":"match_any","value":["a","b"]},
        {"entries":[{"field":"subject_name","operator":"included","type":"match","value":"Jamf"}],"field":"process.Ext.code_signature","type":"nested"},
        {"field":"destination.domain","operator":"included","type":"exists"}])";
    const auto set = parse(Container + "\n" + item(entries, R"(,"expire_time":"2027-01-01T00:00:00.000Z")") + "\n");
    const std::string ndjson = exceptions::toKibanaNdjson(set);
    EXPECT_NE(ndjson.find(R"("exported_exception_list_count":1)"), std::string::npos);
    const auto again = parse(ndjson);
    EXPECT_EQ(exceptions::toKibanaNdjson(again), ndjson) << "export → import → the same model";
    const std::string toml = exceptions::toDetectionRulesToml(set.lists[0], {"99239e7d"}, {"rule"}, "2026/11/28");
    const auto fromToml = exceptions::parseDetectionRulesToml(toml, "f.toml");
    ASSERT_TRUE(fromToml.ok()) << fromToml.issues[0].text();
    EXPECT_EQ(exceptions::toKibanaNdjson(fromToml.set), ndjson);
}

TEST(RuleExport, KibanaRuleFileReloadsWithTheSameQueryListsAndAlerts) {
    Sample s;
    ruleexport::TunedRule rule;
    rule.base = *rules::seedRule().find("v100");
    rule.ruleId = "6f0c1d2e-4b3a-4e5f-9a8b-7c6d5e4f3a2b";
    rule.query = rule.base.query;
    rule.exceptions = parse(Container + "\n"
        + item(
            R"([{"field":"process.parent.name","operator":"included","type":"match","value":"package_script_service"}])")
        + "\n");
    const std::string ndjson = ruleexport::kibanaRuleNdjson(rule);
    const auto first = nlohmann::json::parse(ndjson.substr(0, ndjson.find('\n')));
    EXPECT_EQ(first["exceptions_list"][0]["list_id"], "fp");
    EXPECT_EQ(first["max_signals"], 100);
    EXPECT_EQ(first["interval"], "5m");
    const ruleexport::ImportedRule back = ruleexport::parseKibanaRuleNdjson(ndjson);
    EXPECT_TRUE(eql::parseQuery(back.query).sameAs(eql::parseQuery(rule.query)));
    EXPECT_EQ(back.referencedLists, std::vector<std::string>{"fp"});
    EXPECT_EQ(s.alerts(back.exceptions), s.alerts(rule.exceptions));
    EXPECT_EQ(s.alerts(back.exceptions), 0u);
    const auto request
        = nlohmann::json::parse(ruleexport::eqlSearchRequest(rule, "2024-05-14T10:12:00Z", "2024-05-14T10:21:00Z"));
    EXPECT_EQ(request["size"], 100);
    EXPECT_EQ(request["filter"]["bool"]["filter"][1]["bool"]["must_not"]["bool"]["should"].size(), 1u);
    EXPECT_NE(ruleexport::detectionRulesToml(rule, "2026/11/28").find("[[rule.exceptions_list]]"), std::string::npos);
}
