// SPDX-License-Identifier: Apache-2.0
// The Qt-free pieces behind the workbench window: rule lineage, tuning, process tree, lanes.
#include "eql/engine.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "export/alertreason.h"
#include "load/captureloader.h"
#include "process/processtree.h"
#include "rules/rulelibrary.h"
#include "testfiles.h"
#include "timeline/laneset.h"
#include "tuning/ruletuning.h"

#include <gtest/gtest.h>
#include <map>

using namespace wb;

namespace {
const std::string SampleCapture = std::string(EQLWB_SAMPLES_DIR) + "/installer-curl/capture.ndjson";

struct Loaded {
    EventStore store;
    Loaded() { CaptureLoader(store, {}).load({SampleCapture}); }
};

std::size_t alertCount(const EventStore& store, const eql::Query& q) {
    eql::Schema schema(store);
    eql::Engine engine(schema);
    return engine.run(q, {}).matches.size();
}
} // namespace

TEST(RuleLibrary, SeedLineageParsesWithItsMetadata) {
    const rules::Rule& seed = rules::seedRule();
    std::vector<std::string> labels;
    for (const rules::RuleVersion& v : seed.versions) {
        SCOPED_TRACE(v.label);
        labels.push_back(v.label);
        EXPECT_NO_THROW(eql::parseQuery(v.query));
        EXPECT_EQ(v.interval, "5m");
        EXPECT_EQ(v.from, "now-9m");
        EXPECT_EQ(v.maxSignals, 100);
        EXPECT_FALSE(v.mitre.empty());
    }
    EXPECT_EQ(labels, (std::vector<std::string>{"v1", "v2", "v3", "v4", "v6", "v100", "v101", "v106", "v110", "v113"}));
    EXPECT_EQ(seed.find("v1")->name, "macOS Installer Spawns Network Event");
    EXPECT_EQ(seed.find("v6")->name, "MacOS Installer Package Spawns Network Event");
    EXPECT_EQ(seed.find("v100")->release, "Elastic Stack 8.5.0, November 2022");
    EXPECT_NE(seed.find("v1")->query.find("process.entity_id"), std::string::npos);
    EXPECT_EQ(eql::parseQuery(seed.find("v100")->query).sharedKeys.size(), 2u);
}

TEST(RuleTuning, ExtractsTheSeedRulesValueListsAndAppliesChanges) {
    const eql::Query base = eql::parseQuery(rules::seedRule().find("v100")->query);
    tuning::RuleTuning t = tuning::extractTuning(base);
    ASSERT_EQ(t.lists.size(), 3u);
    EXPECT_EQ(t.lists[0].label(), "[1] process.parent.name :");
    EXPECT_EQ(t.lists[1].entries.size(), 6u);
    EXPECT_EQ(t.lists[2].label(), "[2] process.name :");
    EXPECT_EQ(t.maxspan->millis(), 30000);
    EXPECT_EQ(eql::toEql(tuning::applyTuning(base, t)), eql::toEql(base)) << "untouched controls give the same query";

    Loaded capture;
    EXPECT_EQ(alertCount(capture.store, base), 1u);
    tuning::RuleTuning noCurl = t;
    noCurl.lists[2].entries[0].enabled = false; // curl off
    const eql::Query withoutCurl = tuning::applyTuning(base, noCurl);
    EXPECT_EQ(eql::toEql(withoutCurl).find("\"curl\""), std::string::npos);
    EXPECT_EQ(alertCount(capture.store, withoutCurl), 0u);
    tuning::RuleTuning tight = t;
    tight.maxspan = tuning::parseDuration("1s");
    EXPECT_EQ(alertCount(capture.store, tuning::applyTuning(base, tight)), 0u);
    tuning::RuleTuning none = t;
    for (auto& e : none.lists[0].entries)
        e.enabled = false;
    EXPECT_NE(eql::toEql(tuning::applyTuning(base, none)).find("false"), std::string::npos);
}

TEST(RuleTuning, ParsesDurationsAndListValues) {
    std::string error;
    EXPECT_EQ(tuning::parseDuration("500ms")->millis(), 500);
    EXPECT_FALSE(tuning::parseDuration("1.5s", &error));
    EXPECT_NE(error.find("Decimal"), std::string::npos);
    EXPECT_EQ(tuning::parseListValue("  curl ")->string, "curl");
    EXPECT_EQ(tuning::parseListValue(R"("a\"b")")->string, "a\"b");
    EXPECT_FALSE(tuning::parseListValue("   "));
}

TEST(ProcessTree, LinksTheInstallerChainAndInfersMissingParents) {
    test::TempDir dir;
    const std::string path = dir.write("c.ndjson",
        R"({"@timestamp":"2024-01-01T00:00:01Z","event":{"category":["process"],"action":"exec"},"host":{"id":"h"},"process":{"entity_id":"B","pid":20,"name":"bash","parent":{"entity_id":"A","pid":10,"name":"package_script_service"}}})"
        "\n"
        R"({"@timestamp":"2024-01-01T00:00:02Z","event":{"category":["process"],"action":"exec"},"host":{"id":"h"},"process":{"entity_id":"C","pid":30,"name":"curl","parent":{"entity_id":"B","pid":20,"name":"bash"}}})"
        "\n"
        R"({"@timestamp":"2024-01-01T00:00:03Z","event":{"category":["network"]},"host":{"id":"h"},"process":{"entity_id":"C","pid":30,"name":"curl"}})"
        "\n");
    EventStore store;
    CaptureLoader(store, {}).load({path});
    const process::ProcessTree tree = process::ProcessTree::build(store);
    ASSERT_EQ(tree.roots().size(), 1u);
    const process::ProcessNode& root = tree.nodes()[std::size_t(tree.roots()[0])];
    EXPECT_TRUE(root.inferred);
    EXPECT_EQ(root.name, "package_script_service");
    const int curl = tree.nodeOf(2);
    EXPECT_EQ(tree.nodes()[std::size_t(curl)].events.size(), 2u) << "the network event belongs to curl";
    std::vector<std::string> names;
    for (int n : tree.chain(tree.nodeOf(0)))
        names.push_back(tree.nodes()[std::size_t(n)].name);
    EXPECT_EQ(names, (std::vector<std::string>{"package_script_service", "bash", "curl"}));
}

TEST(LaneSet, OneLanePerJoinKeyValueWithPerPixelBins) {
    Loaded capture;
    const timeline::LaneSet lanes = timeline::LaneSet::build(capture.store, {"host.id", "user.id"});
    ASSERT_EQ(lanes.lanes().size(), 2u); // alice and root on one host
    std::size_t total = 0;
    for (std::size_t i = 0; i < lanes.lanes().size(); ++i) {
        const timeline::LaneBins bins = lanes.bin(i, lanes.firstNs(), lanes.lastNs() + 1, 100);
        for (const auto& px : bins.counts)
            total += px[0] + px[1] + px[2];
    }
    EXPECT_EQ(total, capture.store.size());
}

TEST(ProcessTree, InferredParentsAreNamedByWhicheverChildEventKnowsThem) {
    test::TempDir dir;
    // The child's first event (a connection) names only the parent's entity id; a later one
    // carries its name and executable.
    const auto path = dir.write("c.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["network"]},"host":{"id":"h"},"process":{"entity_id":"c1","pid":20,"name":"curl","parent":{"entity_id":"p1"}}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"host":{"id":"h"},"process":{"entity_id":"c1","pid":20,"name":"curl","parent":{"entity_id":"p1","pid":10,"name":"bash","executable":"/bin/bash"}}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:02Z","event":{"category":["process"]},"host":{"id":"h"},"process":{"entity_id":"c2","pid":21,"parent":{"entity_id":"p2","executable":"/usr/sbin/installer"}}})"
        "\n");
    EventStore store;
    CaptureLoader(store, {}).load({path});
    const auto tree = process::ProcessTree::build(store);
    std::map<std::string, const process::ProcessNode*> byKey;
    for (const auto& n : tree.nodes())
        byKey[n.key] = &n;
    ASSERT_TRUE(byKey.count("p1") && byKey.count("p2"));
    EXPECT_TRUE(byKey["p1"]->inferred);
    EXPECT_EQ(byKey["p1"]->name, "bash");
    EXPECT_EQ(byKey["p1"]->executable, "/bin/bash");
    EXPECT_EQ(byKey["p1"]->pid, 10);
    EXPECT_EQ(byKey["p2"]->name, "installer") << "from its executable when no event names it";
}

TEST(AlertReason, WritesKibanasSentenceFromTheFieldsAllEventsShare) {
    Loaded l;
    const auto q = eql::parseQuery(rules::seedRule().find("v100")->query);
    eql::Schema schema(l.store);
    eql::Engine engine(schema);
    const auto result = engine.run(q, {});
    ASSERT_EQ(result.matches.size(), 1u);
    std::vector<EventIndex> events;
    for (const auto& e : result.matches[0].events)
        events.push_back(*e);
    // A sequence: the shell's fields are those bash's start and curl's connection share.
    EXPECT_EQ(alerts::kibanaReason(l.store, events, "medium", "My Rule"),
        "event by root on mbp-alice created medium alert My Rule.");
    // One event: everything of interest it has.
    const std::string curl = alerts::kibanaReason(l.store, {events[1]}, "high", "R");
    EXPECT_EQ(curl,
        "network event with process curl, source 192.168.1.20:53517, destination 203.0.113.10:443, by root on "
        "mbp-alice created high alert R.");
}

TEST(AlertReason, LeavesOutWhatIsMissingAndJoinsArrays) {
    test::TempDir dir;
    const auto path = dir.write("a.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process","file"]},"file":{"name":"-"},"source":{"port":53}})"
        "\n");
    EventStore store;
    CaptureLoader(store, {}).load({path});
    EXPECT_EQ(alerts::kibanaReason(store, {0}, "low", "R"), "process, file event with:53, created low alert R.")
        << "a lone \"-\" is no value; a port without an address is written as Kibana writes it";
}
