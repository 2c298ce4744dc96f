// SPDX-License-Identifier: Apache-2.0
// Runs the real eqlwb binary on real files, as a CI pipeline would.
#include "commandrun.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace wb;

namespace {
using Result = test::CommandResult;

// `environment`: assignments put before the command, e.g. XDG_CACHE_HOME=/tmp/x.
Result eqlwb(const std::vector<std::string>& args, const std::string& environment = {}) {
    return test::runCommand(environment + (environment.empty() ? "" : " ") + test::commandLine(EQLWB_BINARY, args));
}

const std::string Exec
    = R"({"@timestamp":"2024-05-14T10:21:07.412Z","event":{"category":["process"],"type":["start"],"action":"exec"},"host":{"id":"h1","name":"mbp-alice"},"user":{"id":"0","name":"root"},"process":{"name":"bash","parent":{"name":"package_script_service"}}})";
const std::string Net
    = R"({"@timestamp":"2024-05-14T10:21:08.903Z","event":{"category":["network"],"type":["start"]},"host":{"id":"h1","name":"mbp-alice"},"user":{"id":"0","name":"root"},"process":{"name":"curl"}})";
const std::string Other
    = R"({"@timestamp":"2024-05-14T11:00:00Z","event":{"category":["process"],"type":["start"]},"host":{"id":"h2","name":"mbp-bob"},"user":{"id":"501","name":"bob"},"process":{"name":"zsh"}})";
} // namespace

TEST(EqlwbCli, HelpExplainsEveryCommand) {
    const auto main = eqlwb({"--help"});
    EXPECT_EQ(main.exitCode, 0);
    EXPECT_NE(main.out.find("eqlwb inspect"), std::string::npos);
    const auto inspect = eqlwb({"inspect", "--help"});
    EXPECT_EQ(inspect.exitCode, 0);
    EXPECT_NE(inspect.out.find("--format text|json"), std::string::npos);
    EXPECT_NE(inspect.out.find("--timestamp-field"), std::string::npos);
}

TEST(EqlwbCli, UsageErrorsExitTwo) {
    EXPECT_EQ(eqlwb({}).exitCode, 2);
    EXPECT_EQ(eqlwb({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(eqlwb({"inspect"}).exitCode, 2);
    const auto badFormat = eqlwb({"inspect", "x.ndjson", "--format", "xml"});
    EXPECT_EQ(badFormat.exitCode, 2);
    EXPECT_NE(badFormat.err.find("--format"), std::string::npos);
    EXPECT_EQ(eqlwb({"inspect", "--bogus", "x"}).exitCode, 2);
}

TEST(EqlwbCli, InspectPrintsJsonSummary) {
    test::TempDir dir;
    const auto a = dir.write("a.ndjson", Exec + "\n{broken\n" + Net + "\n");
    const auto b = dir.writeGzip("b.ndjson.gz", Other + "\n");
    const auto result = eqlwb({"inspect", a, b, "--format", "json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto doc = nlohmann::json::parse(result.out);
    EXPECT_EQ(doc["events"], 3);
    EXPECT_EQ(doc["skipped"], 1);
    ASSERT_EQ(doc["errors"].size(), 1u);
    EXPECT_EQ(doc["errors"][0]["file"], a);
    EXPECT_EQ(doc["errors"][0]["line"], 2);
    EXPECT_EQ(doc["time_range"]["start"], "2024-05-14T10:21:07.412Z");
    EXPECT_EQ(doc["time_range"]["end"], "2024-05-14T11:00:00.000Z");
    EXPECT_EQ(doc["categories"]["process"], 2);
    EXPECT_EQ(doc["categories"]["network"], 1);
    ASSERT_EQ(doc["hosts"].size(), 2u);
    EXPECT_EQ(doc["hosts"][0]["id"], "h1");
    EXPECT_EQ(doc["hosts"][0]["name"], "mbp-alice");
    EXPECT_EQ(doc["hosts"][0]["events"], 2);
    EXPECT_EQ(doc["users"][1]["id"], "501");
    EXPECT_EQ(doc["users"][1]["name"], "bob");
}

TEST(EqlwbCli, InspectPrintsReadableText) {
    test::TempDir dir;
    const auto a = dir.write("a.ndjson", Exec + "\nnot json\n" + Net + "\n");
    const auto result = eqlwb({"inspect", a});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("Events:     2"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find(a + ":2: invalid JSON"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("2024-05-14T10:21:07.412Z .. 2024-05-14T10:21:08.903Z"), std::string::npos);
    EXPECT_NE(result.out.find("mbp-alice (h1)"), std::string::npos);
}

TEST(EqlwbCli, InspectSaysWhereTheMemoryGoes) {
    test::TempDir dir;
    std::string capture;
    for (int i = 0; i < 2000; ++i) // a long unique id per event; the same host on every event
        capture += R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"id":")" + std::string(60, 'a') + std::to_string(i)
            + R"("},"host":{"name":"mbp-alice"},"process":{"pid":)" + std::to_string(100 + i) + "}}\n";
    const auto path = dir.write("m.ndjson", capture);
    const auto json = eqlwb({"inspect", path, "--memory", "--format", "json", "--no-cache"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    const auto memory = nlohmann::json::parse(json.out)["memory"];
    EXPECT_EQ(memory["events"], 2000);
    std::size_t sum = 0;
    for (const auto& part : memory["parts"])
        sum += part["bytes"].get<std::size_t>();
    EXPECT_EQ(sum, memory["total_bytes"].get<std::size_t>()) << "the parts add up to the whole";
    EXPECT_EQ(memory["fields"][0]["field"], "event.id") << memory["fields"].dump();
    EXPECT_EQ(memory["fields"][0]["distinct_strings"], 2000);
    for (const auto& field : memory["fields"]) {
        if (field["field"] == "host.name") {
            EXPECT_EQ(field["distinct_strings"], 1);
        }
    }
    bool integers = false;
    for (const auto& kind : memory["kinds"])
        if (kind["name"] == "integers") integers = kind["bytes"].get<std::size_t>() == 2000 * 4;
    EXPECT_TRUE(integers) << "a pid fits 32 bits: one 4-byte cell each, " << memory["kinds"].dump();

    const auto text = eqlwb({"inspect", path, "--memory", "--no-cache"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("bytes per event"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("event.id (2000 strings)"), std::string::npos) << text.out;
}

TEST(EqlwbCli, InputErrorsExitThree) {
    test::TempDir dir;
    const auto missing = eqlwb({"inspect", dir.path() + "/nope.ndjson"});
    EXPECT_EQ(missing.exitCode, 3);
    EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;
    const auto junk = eqlwb({"inspect", dir.write("junk.ndjson", "hello\n")});
    EXPECT_EQ(junk.exitCode, 3);
    EXPECT_NE(junk.err.find("no valid event"), std::string::npos) << junk.err;
}

TEST(EqlwbCli, TimestampFieldOption) {
    test::TempDir dir;
    const auto path = dir.write("c.ndjson",
        R"({"event":{"created":"2024-05-14T10:21:07Z"}})"
        "\n");
    EXPECT_EQ(eqlwb({"inspect", path}).exitCode, 3);
    const auto result = eqlwb({"inspect", path, "--timestamp-field", "event.created", "--format=json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(nlohmann::json::parse(result.out)["time_range"]["start"], "2024-05-14T10:21:07.000Z");
}

namespace {
const std::string SeedRule
    = R"(sequence by host.id, user.id with maxspan=30s [process where event.type == "start" and event.action == "exec" and process.parent.name : ("installer", "package_script_service") and process.name : ("bash", "sh", "zsh", "python", "osascript", "tclsh*")] [network where event.type == "start" and process.name : ("curl", "osascript", "wget", "python")])";
const std::string SampleCapture = std::string(EQLWB_SAMPLES_DIR) + "/installer-curl/capture.ndjson";
} // namespace

TEST(EqlwbRun, SeedRuleOnTheBundledSamplePrintsAnElasticsearchResponse) {
    const auto result = eqlwb({"run", "--query", SeedRule, "--events", SampleCapture});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto response = nlohmann::json::parse(result.out);
    EXPECT_EQ(response["timed_out"], false);
    EXPECT_EQ(response["hits"]["total"]["value"], 1);
    EXPECT_EQ(response["hits"]["total"]["relation"], "eq");
    const auto& sequence = response["hits"]["sequences"][0];
    EXPECT_EQ(sequence["join_keys"].size(), 2u);
    ASSERT_EQ(sequence["events"].size(), 2u);
    EXPECT_EQ(sequence["events"][0]["_index"], "capture");
    EXPECT_EQ(sequence["events"][0]["_source"]["process"]["name"], "bash");
    EXPECT_EQ(sequence["events"][1]["_source"]["process"]["name"], "curl");
    EXPECT_FALSE(sequence["events"][0]["_id"].get<std::string>().empty());
}

TEST(EqlwbRun, MaxspanOverrideAndOtherFormats) {
    const auto tight = eqlwb({"run", "--query", SeedRule, "--events", SampleCapture, "--maxspan", "1s"});
    ASSERT_EQ(tight.exitCode, 0) << tight.err;
    EXPECT_EQ(nlohmann::json::parse(tight.out)["hits"]["total"]["value"], 0) << "exit 0 when nothing matched";
    const auto ndjson = eqlwb({"run", "--query", SeedRule, "--events", SampleCapture, "--format", "ndjson"});
    ASSERT_EQ(ndjson.exitCode, 0);
    EXPECT_EQ(std::count(ndjson.out.begin(), ndjson.out.end(), '\n'), 1);
    EXPECT_EQ(nlohmann::json::parse(ndjson.out)["events"].size(), 2u);
    const auto table = eqlwb({"run", "--query", SeedRule, "--events", SampleCapture, "--format", "table"});
    EXPECT_NE(table.out.find("1 sequence"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("bash <- package_script_service"), std::string::npos) << table.out;
}

TEST(EqlwbRun, QueryFileSeveralCapturesAndEventQueries) {
    test::TempDir dir;
    const auto a = dir.write("a.ndjson", Exec + "\n");
    const auto b = dir.write("b.ndjson", Net + "\n" + Other + "\n");
    const auto rule = dir.write("rule.eql", "// the seed rule\n" + SeedRule + "\n");
    const auto seq = eqlwb({"run", "--query-file", rule, "--events", a, b});
    ASSERT_EQ(seq.exitCode, 0) << seq.err;
    const auto response = nlohmann::json::parse(seq.out);
    EXPECT_EQ(response["hits"]["total"]["value"], 1);
    EXPECT_EQ(response["hits"]["sequences"][0]["events"][0]["_index"], "a");
    EXPECT_EQ(response["hits"]["sequences"][0]["events"][1]["_index"], "b");
    const auto events = eqlwb({"run", "--query", "process where true", "--events", a, "--events", b, "--size", "1",
        "--result-position", "tail"});
    ASSERT_EQ(events.exitCode, 0) << events.err;
    const auto list = nlohmann::json::parse(events.out)["hits"]["events"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["_source"]["process"]["name"], "zsh");
}

TEST(EqlwbRun, QueryErrorsExitTwoWithLineAndColumn) {
    const auto result
        = eqlwb({"run", "--query", "process where\n  process.name = \"curl\"", "--events", SampleCapture});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("line 2:16"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("Use == or :"), std::string::npos) << result.err;
    const auto pipe = eqlwb({"run", "--query", "process where true | count", "--events", SampleCapture});
    EXPECT_EQ(pipe.exitCode, 2);
    EXPECT_NE(pipe.err.find("Pipe [count] is not supported"), std::string::npos) << pipe.err;
    EXPECT_EQ(eqlwb({"run", "--query", SeedRule, "--events", SampleCapture, "--maxspan", "1.5s"}).exitCode, 2);
    EXPECT_EQ(eqlwb({"run", "--query", SeedRule}).exitCode, 2);
}

TEST(EqlwbRun, InputErrorsExitThree) {
    test::TempDir dir;
    EXPECT_EQ(eqlwb({"run", "--query", SeedRule, "--events", dir.path() + "/nope.ndjson"}).exitCode, 3);
    const auto badMapping = dir.write("m.json", "{\"properties\": {\n  \"a\": \n}");
    const auto result = eqlwb({"run", "--query", SeedRule, "--events", SampleCapture, "--mapping", badMapping});
    EXPECT_EQ(result.exitCode, 3);
    EXPECT_NE(result.err.find("m.json: line 3"), std::string::npos) << result.err;
}

TEST(EqlwbRun, MappingsChangeResults) {
    test::TempDir dir;
    const auto data = dir.write("net.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":"network"},"destination":{"ip":"10.1.2.3"}})"
        "\n");
    const auto mapping = dir.write("ecs.json",
        "# ECS subset\n{\"mappings\":{\"properties\":{\"destination\":{\"properties\":{\"ip\":{\"type\":\"ip\"}}}}}}");
    const std::string query = R"(network where destination.ip == "::ffff:10.1.2.3")";
    const auto untyped = eqlwb({"run", "--query", query, "--events", data});
    EXPECT_EQ(nlohmann::json::parse(untyped.out)["hits"]["total"]["value"], 0);
    const auto typed = eqlwb({"run", "--query", query, "--events", data, "--index-mapping", "net=" + mapping});
    ASSERT_EQ(typed.exitCode, 0) << typed.err;
    EXPECT_EQ(nlohmann::json::parse(typed.out)["hits"]["total"]["value"], 1);
}

namespace {
const std::string ExceptionList
    = R"({"description":"Known-good installer downloads","list_id":"macos-installer-fp","name":"macOS installer FP exclusions","namespace_type":"single","os_types":[],"tags":[],"type":"detection"})"
      "\n"
      R"({"comments":[],"description":"pkg scripts","entries":[{"field":"process.parent.name","operator":"included","type":"match","value":"package_script_service"}],"expire_time":"2024-06-01T00:00:00.000Z","item_id":"pss","list_id":"macos-installer-fp","name":"package scripts","namespace_type":"single","os_types":["macos"],"tags":[],"type":"simple"})"
      "\n";
} // namespace

TEST(EqlwbExceptions, RunAppliesExceptionsUntilTheyExpire) {
    test::TempDir dir;
    const auto list = dir.write("fp.ndjson", ExceptionList);
    const auto before = eqlwb(
        {"run", "--query", SeedRule, "--events", SampleCapture, "--exceptions", list, "--now", "2024-05-15T00:00:00Z"});
    ASSERT_EQ(before.exitCode, 0) << before.err;
    EXPECT_EQ(nlohmann::json::parse(before.out)["hits"]["total"]["value"], 0);
    const auto after = eqlwb(
        {"run", "--query", SeedRule, "--events", SampleCapture, "--exceptions", list, "--now", "2024-07-01T00:00:00Z"});
    ASSERT_EQ(after.exitCode, 0) << after.err;
    EXPECT_EQ(nlohmann::json::parse(after.out)["hits"]["total"]["value"], 1);
    EXPECT_NE(after.err.find("expired"), std::string::npos) << after.err;
}

TEST(EqlwbExceptions, ValidateListsProblemsWithLines) {
    test::TempDir dir;
    const auto good = dir.write("good.ndjson", ExceptionList);
    const auto ok = eqlwb({"exceptions", "validate", good});
    EXPECT_EQ(ok.exitCode, 0);
    EXPECT_NE(ok.out.find("valid (1 list, 1 item)"), std::string::npos) << ok.out;
    std::string broken = ExceptionList;
    broken.replace(broken.find(R"("type":"simple")"), 15, R"("type":"simple","colour":"red")");
    const auto bad = eqlwb({"exceptions", "validate", dir.write("bad.ndjson", broken)});
    EXPECT_EQ(bad.exitCode, 3);
    EXPECT_NE(bad.out.find("bad.ndjson:2: exception item: unknown key \"colour\""), std::string::npos) << bad.out;
}

TEST(EqlwbExceptions, ExportsAtomicallyAndNeverOverwritesSilently) {
    test::TempDir dir;
    const auto list = dir.write("fp.ndjson", ExceptionList);
    const std::string out = dir.path() + "/fp.toml";
    ASSERT_EQ(eqlwb({"exceptions", "export", list, "--format", "toml", "--out", out}).exitCode, 0);
    const std::string toml = test::readFile(out);
    EXPECT_NE(toml.find("[[exceptions.items.entries]]"), std::string::npos);
    const auto again = eqlwb({"exceptions", "export", list, "--format", "toml", "--out", out});
    EXPECT_EQ(again.exitCode, 3);
    EXPECT_NE(again.err.find("already exists"), std::string::npos);
    EXPECT_EQ(eqlwb({"exceptions", "export", out, "--format", "kibana", "--out", out, "--force"}).exitCode, 0);
    EXPECT_EQ(eqlwb({"exceptions", "validate", out}).exitCode, 0) << "TOML → Kibana NDJSON validates";
}

TEST(EqlwbRule, ExportsTheTunedRuleInEveryFormat) {
    test::TempDir dir;
    const auto list = dir.write("fp.ndjson", ExceptionList);
    const auto kibana = eqlwb({"rule", "export", "--version", "v100", "--exceptions", list, "--format", "kibana",
        "--rule-id", "6f0c1d2e-4b3a-4e5f-9a8b-7c6d5e4f3a2b"});
    ASSERT_EQ(kibana.exitCode, 0) << kibana.err;
    const auto rule = nlohmann::json::parse(kibana.out.substr(0, kibana.out.find('\n')));
    EXPECT_EQ(rule["rule_id"], "6f0c1d2e-4b3a-4e5f-9a8b-7c6d5e4f3a2b");
    EXPECT_EQ(rule["exceptions_list"][0]["list_id"], "macos-installer-fp");
    EXPECT_EQ(std::count(kibana.out.begin(), kibana.out.end(), '\n'), 4) << "rule, list, item, summary";
    const auto eql = eqlwb({"rule", "export", "--query", "process where process.name : \"curl\"", "--format", "eql"});
    EXPECT_EQ(eql.out, "process where process.name : \"curl\"\n");
    const auto curl = eqlwb({"rule", "export", "--exceptions", list, "--format", "curl", "--from",
        "2024-05-14T10:12:00Z", "--to", "2024-05-14T10:21:00Z"});
    EXPECT_NE(curl.out.find("/logs-endpoint.events.*/_eql/search"), std::string::npos);
    EXPECT_NE(curl.out.find("must_not"), std::string::npos);
    EXPECT_EQ(eqlwb({"rule", "export", "--version", "v999", "--format", "eql"}).exitCode, 2);
    EXPECT_NE(eqlwb({"rule", "versions"}).out.find("v110"), std::string::npos);
}

namespace {
const std::string MacRules = EQLWB_RULES_DIR "/detection-rules-macos";
const std::string SeedToml = MacRules + "/execution_installer_package_spawned_network_event.toml";
bool haveRealRules() {
    return std::ifstream(SeedToml).good();
}
} // namespace

TEST(EqlwbRuleFiles, ShowPrintsTheRuleInKibanasNames) {
    if (!haveRealRules()) GTEST_SKIP() << "the real rules are not beside the repository";
    const auto shown = eqlwb({"rule", "show", SeedToml, "--format", "json"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    const auto rule = nlohmann::json::parse(shown.out);
    EXPECT_EQ(rule["rule_id"], "99239e7d-b0d4-46e3-8609-acafcf99f68c");
    EXPECT_EQ(rule["type"], "eql");
    EXPECT_EQ(rule["from"], "now-9m");
    EXPECT_EQ(rule["max_signals"], 100);
    EXPECT_EQ(rule["index"].size(), 2u);
    EXPECT_EQ(rule["supported"], true);
    EXPECT_TRUE(rule.contains("event_category_override") && rule.contains("tiebreaker_field"));
    const auto text = eqlwb({"rule", "show", SeedToml});
    EXPECT_NE(text.out.find("every 5m over now-9m"), std::string::npos) << text.out;
}

TEST(EqlwbRuleFiles, RunUsesTheRuleFileAndItsSettings) {
    test::TempDir dir;
    const auto capture = dir.write("hits.ndjson",
        R"({"_index":"logs-endpoint.events.process-default","_id":"1","_source":{"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"process":{"name":"curl"}}})"
        "\n"
        R"({"_index":"logs-system.auth-default","_id":"2","_source":{"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"process":{"name":"curl"}}})"
        "\n");
    const auto rule = dir.write("r.toml",
        "[metadata]\nmaturity = \"production\"\n\n[rule]\nrule_id = \"r\"\nname = \"Curl\"\n"
        "type = \"eql\"\nlanguage = \"eql\"\nindex = [\"logs-endpoint.events.*\"]\n"
        "query = '''\nprocess where process.name : \"curl\"\n'''\n");
    const auto run = eqlwb({"run", "--rule", rule, "--events", capture, "--format", "ndjson"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << "the other index is not searched: " << run.out;
    EXPECT_NE(run.err.find("1 event is in indices the rule does not search"), std::string::npos) << run.err;
    const auto broken = dir.write("b.toml",
        "[rule]\nrule_id = \"b\"\nname = \"B\"\ntype = \"eql\"\nlanguage = \"eql\"\n"
        "query = '''\nprocess where\n  process.name = \"curl\"\n'''\n");
    const auto bad = eqlwb({"run", "--rule", broken, "--events", capture});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("b.toml:8:16: in the rule's query"), std::string::npos)
        << "the query error at its line in the rule file: " << bad.err;
    EXPECT_EQ(eqlwb({"run", "--rule", rule, "--query", "any where true", "--events", capture}).exitCode, 2);
}

TEST(EqlwbSweep, RunsEveryRuleOfAFolderOnce) {
    if (!haveRealRules()) GTEST_SKIP() << "the real rules are not beside the repository";
    const auto sweep
        = eqlwb({"sweep", "--rules", MacRules, "--events", SampleCapture, "--format", "json", "--jobs", "2"});
    ASSERT_EQ(sweep.exitCode, 0) << sweep.err;
    EXPECT_EQ(sweep.err, "") << "no progress lines with --format json";
    const auto doc = nlohmann::json::parse(sweep.out);
    EXPECT_EQ(doc["summary"]["rules"], 97);
    EXPECT_EQ(doc["summary"]["ok"], 88);
    EXPECT_EQ(doc["summary"]["unsupported"], 9);
    EXPECT_EQ(doc["summary"]["error"], 0);
    std::size_t previous = SIZE_MAX;
    for (const auto& r : doc["rules"]) {
        for (const char* key : {"file", "rule_id", "name", "status", "reason", "alerts", "took_ms"})
            EXPECT_TRUE(r.contains(key)) << key;
        EXPECT_LE(r["alerts"].get<std::size_t>(), previous) << "most alerts first";
        previous = r["alerts"].get<std::size_t>();
        if (r["status"] == "unsupported") {
            EXPECT_TRUE(r["reason"].is_string());
        }
    }
}

TEST(EqlwbSweep, ARuleThatCannotRunMakesTheSweepFail) {
    test::TempDir dir;
    dir.write("good.eql", "process where process.name : \"bash\"\n");
    dir.write("bad.eql", "process where process.name = \"bash\"\n");
    dir.write(
        "kql.json", R"({"rule_id":"k","name":"KQL","type":"query","language":"kuery","query":"process.name: bash"})");
    const auto sweep = eqlwb({"sweep", "--rules", dir.path(), "--events", SampleCapture, "--format", "ndjson"});
    EXPECT_EQ(sweep.exitCode, 1);
    EXPECT_NE(sweep.out.find(R"("status":"error")"), std::string::npos);
    EXPECT_NE(sweep.out.find("bad.eql:1:28"), std::string::npos) << sweep.out;
    EXPECT_NE(sweep.out.find(R"("status":"unsupported")"), std::string::npos);
    EXPECT_NE(sweep.out.find(R"("summary")"), std::string::npos);
    EXPECT_EQ(eqlwb({"sweep", "--events", SampleCapture}).exitCode, 2);
    EXPECT_EQ(eqlwb({"sweep", "--rules", dir.path() + "/none", "--events", SampleCapture}).exitCode, 3);
}

TEST(EqlwbRuleFiles, ExportKeepsEveryFieldOfTheFile) {
    if (!haveRealRules()) GTEST_SKIP() << "the real rules are not beside the repository";
    const auto same = eqlwb({"rule", "export", "--rule", SeedToml, "--format", "toml"});
    ASSERT_EQ(same.exitCode, 0) << same.err;
    EXPECT_EQ(same.out, test::readFile(SeedToml));
    const auto kibana = eqlwb({"rule", "export", "--rule", SeedToml, "--format", "kibana", "--query",
        "sequence by host.id with maxspan=30s [process where true] [network where true]"});
    ASSERT_EQ(kibana.exitCode, 0) << kibana.err;
    const auto rule = nlohmann::json::parse(kibana.out.substr(0, kibana.out.find('\n')));
    EXPECT_EQ(rule["rule_id"], "99239e7d-b0d4-46e3-8609-acafcf99f68c");
    EXPECT_EQ(rule["note"].get<std::string>().rfind("## Triage and analysis", 0), 0u) << "the investigation guide kept";
    EXPECT_NE(rule["query"].get<std::string>().find("maxspan=30s"), std::string::npos);
}

TEST(EqlwbTrust, TheRecordSizeLimitStaysWithinWhatTheParserAddresses) {
    EXPECT_EQ(eqlwb({"inspect", "--max-record-size", "1024", SampleCapture}).exitCode, 0);
    const auto tooLarge = eqlwb({"inspect", "--max-record-size", "1025", SampleCapture});
    EXPECT_EQ(tooLarge.exitCode, 2);
    EXPECT_NE(tooLarge.err.find("1 to 1024"), std::string::npos) << tooLarge.err;
    EXPECT_EQ(
        eqlwb({"run", "--query", "any where true", "--max-record-size", "4095", "--events", SampleCapture}).exitCode,
        2);
}

TEST(EqlwbTrust, ExceptionFilesAreReadByTheirExtension) {
    test::TempDir dir;
    const auto notJson = dir.write("lists.ndjson", "this is not JSON\n");
    const auto validate = eqlwb({"exceptions", "validate", notJson});
    EXPECT_EQ(validate.exitCode, 3);
    EXPECT_NE((validate.out + validate.err).find("invalid JSON"), std::string::npos)
        << "read as NDJSON, as its name says: " << validate.out << validate.err;
    EXPECT_NE((validate.out + validate.err).find("(read as Kibana NDJSON)"), std::string::npos);
    const auto huge = dir.write("huge.ndjson", "1e400\n");
    const auto h = eqlwb({"exceptions", "validate", huge});
    EXPECT_EQ(h.exitCode, 3) << "a located error, not an abort: " << h.err;
    EXPECT_NE((h.out + h.err).find("huge.ndjson:1"), std::string::npos) << h.out << h.err;
}

TEST(EqlwbDiff, ComparesTwoVersionsByTheirAlertsEvents) {
    const std::string edge = std::string(EQLWB_SAMPLES_DIR) + "/edge-cases/capture.ndjson";
    const auto diff = eqlwb({"diff", "--version", "v100", "--version", "v106", "--events", edge, "--format", "json"});
    ASSERT_EQ(diff.exitCode, 0) << diff.err;
    const auto doc = nlohmann::json::parse(diff.out);
    EXPECT_EQ(doc["a"]["rule"], "v100");
    EXPECT_EQ(doc["b"]["rule"], "v106");
    const std::size_t a = doc["a"]["alerts"], b = doc["b"]["alerts"];
    EXPECT_EQ(doc["only_a"].size() + doc["both"].size(), a);
    EXPECT_EQ(doc["only_b"].size() + doc["both"].size(), b);
    const auto same = eqlwb({"diff", "--version", "v100", "--query",
        "sequence by host.id, user.id with maxspan=30s\n"
        "  [process where event.type == \"start\" and event.action == \"exec\" and\n"
        "     process.parent.name : (\"installer\", \"package_script_service\") and\n"
        "     process.name : (\"bash\", \"sh\", \"zsh\", \"python\", \"osascript\", \"tclsh*\")]\n"
        "  [network where event.type == \"start\" and process.name : (\"curl\", \"osascript\", \"wget\", \"python\")]",
        "--events", edge, "--format", "json"});
    ASSERT_EQ(same.exitCode, 0) << same.err;
    const auto sameDoc = nlohmann::json::parse(same.out);
    EXPECT_TRUE(sameDoc["only_a"].empty() && sameDoc["only_b"].empty()) << "v100's own query finds the same alerts";
    EXPECT_EQ(eqlwb({"diff", "--version", "v100", "--events", edge}).exitCode, 2) << "B is missing";
    EXPECT_EQ(eqlwb({"diff", "--version", "v100", "--query", "process where", "--events", edge}).exitCode, 2);
}

// One NDJSON line of a capture for the schedule tests.
std::string line(const char* category, const char* host, const char* time, const char* id) {
    return std::string(R"({"_index":"logs-endpoint.events-default","_id":")") + id + R"(","_source":{"@timestamp":")"
        + time + R"(","event":{"category":[")" + category + R"("]},"host":{"id":")" + host + R"("}}})" + "\n";
}

TEST(EqlwbSimulate, WritesWhatTheScheduleWouldWithIdsAndWhatItMisses) {
    test::TempDir dir;
    // A sequence of 4 minutes (written) and one of 12 minutes (longer than the 9-minute window).
    const auto capture = dir.write("c.ndjson",
        line("process", "a", "2024-05-14T10:01:00Z", "1") + line("network", "a", "2024-05-14T10:05:00Z", "2")
            + line("process", "b", "2024-05-14T10:00:00Z", "3") + line("network", "b", "2024-05-14T10:12:00Z", "4"));
    const auto sim
        = eqlwb({"simulate", "--query", "sequence by host.id with maxspan=1h [process where true] [network where true]",
            "--events", capture, "--rule-uuid", "1c4b2a34-9f3e-4a61-8d2b-0a1b2c3d4e5f", "--format", "json"});
    ASSERT_EQ(sim.exitCode, 0) << sim.err;
    const auto doc = nlohmann::json::parse(sim.out);
    EXPECT_EQ(doc["summary"]["alerts"], 1);
    EXPECT_EQ(doc["summary"]["building_blocks"], 2);
    ASSERT_EQ(doc["missed"].size(), 1u);
    EXPECT_EQ(doc["missed"][0]["reason"], "span_exceeds_window");
    EXPECT_EQ(doc["missed"][0]["events"][0]["_id"], "3");
    EXPECT_EQ(doc["alerts"][0]["kind"], "shell");
    EXPECT_EQ(doc["alerts"][0]["id"].get<std::string>().size(), 64u);
    EXPECT_EQ(doc["runs"][0]["start"], "2024-05-14T10:00:00.000Z") << "the first run's window holds the first event";
    EXPECT_EQ(doc["runs"][0]["windows"][0]["from"], "2024-05-14T09:51:00.000Z");
    EXPECT_EQ(eqlwb({"simulate", "--version", "v100", "--interval", "soon", "--events", capture}).exitCode, 2);
    EXPECT_EQ(eqlwb({"simulate", "--events", capture}).exitCode, 2);
}

TEST(EqlwbSimulate, LateRunsAndTheRulesSuppression) {
    test::TempDir dir;
    // An 8-minute sequence: missed by the default phase, written when the 10:06 run is 4m late.
    const auto eight = dir.write("eight.ndjson",
        line("process", "a", "2024-05-14T10:01:00Z", "1") + line("network", "a", "2024-05-14T10:09:00Z", "2"));
    const char* query = "sequence by host.id with maxspan=1h [process where true] [network where true]";
    const auto onTime = eqlwb({"simulate", "--query", query, "--events", eight, "--format", "json"});
    ASSERT_EQ(onTime.exitCode, 0) << onTime.err;
    EXPECT_EQ(nlohmann::json::parse(onTime.out)["missed"][0]["reason"], "never_in_one_window");
    const auto late = eqlwb(
        {"simulate", "--query", query, "--events", eight, "--late", "2024-05-14T10:06:00Z=4m", "--format", "json"});
    ASSERT_EQ(late.exitCode, 0) << late.err;
    const auto lateDoc = nlohmann::json::parse(late.out);
    EXPECT_EQ(lateDoc["summary"]["alerts"], 1);
    EXPECT_EQ(lateDoc["runs"][1]["start"], "2024-05-14T10:10:00.000Z");
    EXPECT_EQ(lateDoc["runs"][1]["late_ms"], 240000);
    EXPECT_EQ(lateDoc["runs"][2]["start"], "2024-05-14T10:15:00.000Z");
    EXPECT_EQ(eqlwb({"simulate", "--query", query, "--events", eight, "--late", "10:06=4m"}).exitCode, 2);

    // Three process events on host a in one window: one alert that counts two more.
    const auto three = dir.write("three.ndjson",
        line("process", "a", "2024-05-14T10:01:00Z", "1") + line("process", "a", "2024-05-14T10:02:00Z", "2")
            + line("process", "a", "2024-05-14T10:03:00Z", "3"));
    const auto rule = dir.write("suppressed.ndjson",
        R"({"rule_id":"r1","id":"1c4b2a34-9f3e-4a61-8d2b-0a1b2c3d4e5f","name":"Processes","type":"eql",)"
        R"("language":"eql","query":"process where true","interval":"5m","from":"now-9m",)"
        R"("alert_suppression":{"group_by":["host.id"],"duration":{"value":30,"unit":"m"}}})"
        "\n");
    const auto sim
        = eqlwb({"simulate", "--rule", rule, "--events", three, "--start", "2024-05-14T10:05:00Z", "--format", "json"});
    ASSERT_EQ(sim.exitCode, 0) << sim.err;
    EXPECT_EQ(sim.err, "") << "suppression is simulated, not only noted";
    const auto doc = nlohmann::json::parse(sim.out);
    EXPECT_EQ(doc["summary"]["alerts"], 1);
    EXPECT_EQ(doc["summary"]["suppressed"], 2);
    EXPECT_EQ(doc["alerts"][0]["suppression"]["terms"], "host.id=a");
    EXPECT_EQ(doc["alerts"][0]["suppression"]["docs_count"], 2);
    EXPECT_EQ(doc["alerts"][0]["suppression"]["end"], "2024-05-14T10:03:00.000Z");
    ASSERT_EQ(doc["missed"].size(), 2u);
    EXPECT_EQ(doc["missed"][0]["reason"], "suppressed");
    const auto text = eqlwb({"simulate", "--rule", rule, "--events", three, "--start", "2024-05-14T10:05:00Z"});
    EXPECT_NE(text.out.find("2 suppressed"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("(host.id=a) counts 2 more, the last at 2024-05-14T10:03:00.000Z"), std::string::npos)
        << text.out;
}

TEST(EqlwbTest, TheSamplesTestsPassThroughTheRealBinary) {
    test::TempDir dir;
    const std::string junit = dir.path() + "/junit.xml";
    const std::string samples = EQLWB_SAMPLES_DIR;
    const auto run = eqlwb({"test", samples + "/installer-curl/tests.toml", samples + "/mdm-config-fetch/tests.toml",
        samples + "/edge-cases/tests.toml", "--junit", junit});
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("7 passed, 0 failed"), std::string::npos) << run.out;
    const std::string xml = test::readFile(junit);
    EXPECT_NE(xml.find(R"(<testsuite name="eqlwb test" tests="7" failures="0">)"), std::string::npos) << xml;
}

TEST(EqlwbTest, AFailingTestSaysWhatDiffersAndFailsTheRun) {
    test::TempDir dir;
    const std::string samples = EQLWB_SAMPLES_DIR;
    const auto file = dir.write("t.toml",
        "[[test]]\nname = \"wrong on purpose\"\nversion = \"v100\"\nevents = [\"" + samples
            + "/installer-curl/capture.ndjson\"]\nalerts = 2\nexpect = [[\"nope\"]]\n");
    const std::string junit = dir.path() + "/junit.xml";
    const auto run = eqlwb({"test", file, "--junit", junit});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.out.find("FAIL  wrong on purpose"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("expected 2 alerts, got 1"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("missing alert [nope]"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("unexpected alert [capture-9365, capture-13264]"), std::string::npos) << run.out;
    const std::string xml = test::readFile(junit);
    EXPECT_NE(xml.find(R"(failures="1")"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure message=\"expected 2 alerts, got 1; missing alert [nope]"), std::string::npos) << xml;
    EXPECT_EQ(eqlwb({"test"}).exitCode, 2);
    EXPECT_EQ(eqlwb({"test", dir.path() + "/none.toml"}).exitCode, 3);
    const auto missingCapture
        = dir.write("m.toml", "[[test]]\nversion = \"v100\"\nevents = [\"gone.ndjson\"]\nalerts = 0\n");
    EXPECT_EQ(eqlwb({"test", missingCapture}).exitCode, 3);
}

TEST(EqlwbExplain, AlertsAsConditionTreesAndNearMissesWithCheckedHints) {
    const std::string edge = std::string(EQLWB_SAMPLES_DIR) + "/edge-cases/capture.ndjson";
    const auto alert = eqlwb({"explain", "--version", "v100", "--events", edge, "--alert", "2", "--format", "json"});
    ASSERT_EQ(alert.exitCode, 0) << alert.err;
    const auto a = nlohmann::json::parse(alert.out);
    ASSERT_EQ(a["alerts"].size(), 1u);
    EXPECT_EQ(a["alerts"][0]["stages"].size(), 2u);
    EXPECT_TRUE(a["alerts"][0]["replays"].get<bool>());
    EXPECT_EQ(a["alerts"][0]["stages"][0]["event"]["@timestamp"], "2024-07-01T12:00:00.000Z");
    EXPECT_EQ(a["alerts"][0]["stages"][0]["conditions"]["held"], true);
    EXPECT_TRUE(a["near_misses"].empty()) << "--alert explains the alert only";

    // The 30.001 s case, by its key: maxspan exceeded by 1 ms, and the hint fires.
    const auto key = eqlwb({"explain", "--version", "v100", "--events", edge, "--key",
        "edge-0002-4000-8000-000000000002,0", "--format", "json"});
    ASSERT_EQ(key.exitCode, 0) << key.err;
    const auto k = nlohmann::json::parse(key.out);
    ASSERT_EQ(k["near_misses"].size(), 1u);
    const auto& reason = k["near_misses"][0]["reason"];
    EXPECT_EQ(reason["code"], "maxspan_exceeded");
    EXPECT_EQ(reason["stage"], 2);
    EXPECT_EQ(k["near_misses"][0]["reached_stage"], 1);
    EXPECT_EQ(reason["hint"]["text"], "maxspan ≥ 30001 ms");
    EXPECT_EQ(reason["hint"]["verified"], true);

    // Text: one paragraph per item.
    const auto text = eqlwb({"explain", "--version", "v100", "--events", edge, "--from", "2024-07-01T12:59:00Z", "--to",
        "2024-07-01T13:01:00Z"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("join_key_mismatch"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("its user.id is 501, not 0"), std::string::npos) << text.out;

    EXPECT_EQ(eqlwb({"explain", "--version", "v100", "--events", edge, "--alert", "9"}).exitCode, 2);
    EXPECT_EQ(eqlwb({"explain", "--version", "v100", "--events", edge, "--alert", "1", "--key", "x"}).exitCode, 2);
    EXPECT_EQ(eqlwb({"explain", "--query", "process where", "--events", edge}).exitCode, 2);
    EXPECT_EQ(eqlwb({"explain", "--version", "v100", "--events", edge, "--event", "nope:1"}).exitCode, 3);
    EXPECT_EQ(eqlwb({"explain", "--version", "v100", "--events", "/nonexistent.ndjson"}).exitCode, 3);
}

TEST(EqlwbCache, TheSecondRunReadsTheCacheAndCacheInfoAndClearSayWhatIsThere) {
    test::TempDir dir;
    const std::string env = "XDG_CACHE_HOME=" + test::shellQuote(dir.path());
    const std::string capture = dir.write("c.ndjson", test::readFile(SampleCapture));
    const auto first = eqlwb({"run", "--query", "process where true", "--events", capture, "--format", "ndjson"}, env);
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto info = eqlwb({"cache", "info"}, env);
    ASSERT_EQ(info.exitCode, 0);
    EXPECT_NE(info.out.find("entries    1"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find(dir.path() + "/eql-workbench"), std::string::npos) << info.out;
    const auto second = eqlwb({"run", "--query", "process where true", "--events", capture, "--format", "ndjson"}, env);
    EXPECT_EQ(second.out, first.out) << "the same answer from the cached store";
    // A corrupted entry is said and not used; the answer stays the same.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/eql-workbench")) {
        std::string bytes = test::readFile(entry.path().string());
        bytes[bytes.size() - 10] ^= 0x40;
        std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << bytes;
    }
    const auto corrupted
        = eqlwb({"run", "--query", "process where true", "--events", capture, "--format", "ndjson"}, env);
    EXPECT_EQ(corrupted.out, first.out);
    EXPECT_NE(corrupted.err.find("capture cache: the cache file is corrupted"), std::string::npos) << corrupted.err;
    const auto noCache = eqlwb({"inspect", capture, "--no-cache"}, env);
    EXPECT_EQ(noCache.exitCode, 0) << noCache.err;
    const auto clear = eqlwb({"cache", "clear"}, env);
    EXPECT_NE(clear.out.find("removed 1 cache entries"), std::string::npos) << clear.out;
    EXPECT_EQ(eqlwb({"cache", "shrink"}, env).exitCode, 2);
}

namespace {
// Every element opened is closed in order (the report is XHTML as well as HTML).
bool wellFormed(const std::string& html, std::string& problem) {
    std::vector<std::string> open;
    for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
        if (html.compare(at, 2, "<!") == 0) continue;
        const std::size_t end = html.find('>', at);
        if (end == std::string::npos) return problem = "unclosed tag at " + std::to_string(at), false;
        const std::string tag = html.substr(at + 1, end - at - 1);
        if (!tag.empty() && tag.back() == '/') continue;
        if (!tag.empty() && tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (open.empty() || open.back() != name)
                return problem = "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">", false;
            open.pop_back();
        } else {
            open.push_back(tag.substr(0, tag.find_first_of(" \n")));
        }
    }
    if (!open.empty()) return problem = "<" + open.back() + "> never closed", false;
    return true;
}
} // namespace

TEST(EqlwbReport, AnHtmlReportWithTheAlertsEventsGraphAndConditions) {
    test::TempDir dir;
    const std::string html = dir.path() + "/report.html";
    const auto result = eqlwb({"report", "--version", "v100", "--events", SampleCapture, "--out", html});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const std::string report = test::readFile(html);
    std::string problem;
    EXPECT_TRUE(wellFormed(report, problem)) << problem;
    // The alert's events, by the ids `eqlwb explain` (and an EQL response) gives them.
    const auto explained
        = eqlwb({"explain", "--version", "v100", "--events", SampleCapture, "--alert", "1", "--format", "json"});
    ASSERT_EQ(explained.exitCode, 0) << explained.err;
    const auto stages = nlohmann::json::parse(explained.out)["alerts"][0]["stages"];
    ASSERT_EQ(stages.size(), 2u);
    for (const auto& stage : stages) {
        const std::string id
            = stage["event"]["_index"].get<std::string>() + ":" + stage["event"]["_id"].get<std::string>();
        EXPECT_NE(report.find(id), std::string::npos) << id;
    }
    EXPECT_NE(report.find("<svg"), std::string::npos) << "the attack graph, inline";
    EXPECT_NE(report.find("package_script_service"), std::string::npos);
    EXPECT_NE(report.find("sequence by host.id, user.id with maxspan=30s"), std::string::npos) << "the query";
    EXPECT_NE(report.find("\u2713 "), std::string::npos) << "conditions that held";
    EXPECT_EQ(report.find("src=\""), std::string::npos) << "nothing external";

    EXPECT_NE(report.find("class=\"lanes\""), std::string::npos) << "the alert's window, inline";
    EXPECT_NE(report.find("No exception list was applied."), std::string::npos);

    const auto noSuchAlert = eqlwb({"report", "--version", "v100", "--events", SampleCapture, "--alert", "2"});
    EXPECT_EQ(noSuchAlert.exitCode, 2);
    EXPECT_NE(noSuchAlert.err.find("there is 1 alert, no alert 2"), std::string::npos) << noSuchAlert.err;
    // A PDF is never poured into a terminal (and an eqlwb without Qt says it cannot write one).
    EXPECT_EQ(eqlwb({"report", "--version", "v100", "--events", SampleCapture, "--format", "pdf"}).exitCode, 2);
}

TEST(EqlwbReport, SaysWhatTheExceptionsSuppressedAndWhatTuningChanged) {
    test::TempDir dir;
    const std::string lists = dir.write("lists.ndjson",
        R"({"description":"","list_id":"trusted","name":"Trusted downloads","namespace_type":"single","type":"detection"})"
        "\n"
        R"({"description":"","entries":[{"field":"destination.domain","operator":"included","type":"match","value":"dl.example.net"}],)"
        R"("item_id":"dl","list_id":"trusted","name":"The vendor's download server","namespace_type":"single",)"
        R"("type":"simple"})"
        "\n");
    const auto result = eqlwb({"report", "--version", "v106", "--original", "v100", "--events", SampleCapture,
        "--exceptions", lists, "--now", "2024-06-01T00:00:00Z"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const std::string& report = result.out;
    EXPECT_NE(report.find("Without exceptions the rule finds 1 alert; with them 0."), std::string::npos);
    EXPECT_NE(report.find("<tr><td><b>Trusted downloads (trusted)</b> (1 item)</td><td>1</td><td>1</td></tr>"),
        std::string::npos)
        << "the list removed one event and with it the one alert";
    EXPECT_NE(report.find("The vendor&#39;s download server"), std::string::npos);
    EXPECT_NE(report.find("Tuned from v100"), std::string::npos);
    EXPECT_NE(report.find("<span class=\"removed\">- sequence by host.id, user.id with maxspan=30s</span>"),
        std::string::npos)
        << "v100's first line, as v106 no longer has it";
    EXPECT_NE(report.find("<span class=\"added\">+ sequence by host.id with maxspan=15s</span>"), std::string::npos);

    const auto badOriginal = eqlwb({"report", "--version", "v106", "--original", "v999", "--events", SampleCapture});
    EXPECT_EQ(badOriginal.exitCode, 2);
    EXPECT_NE(badOriginal.err.find("--original: no version v999"), std::string::npos) << badOriginal.err;
}
