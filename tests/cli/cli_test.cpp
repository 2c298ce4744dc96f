// SPDX-License-Identifier: Apache-2.0
// Runs the real eqlwb binary on real files, as a CI pipeline would.
#include "testfiles.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

using namespace wb;

namespace {
struct Result {
    int exitCode = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& arg) {
    std::string q = "'";
    for (char c : arg) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

Result eqlwb(const std::vector<std::string>& args) {
    test::TempDir dir;
    std::string command = quote(EQLWB_BINARY);
    for (const auto& arg : args)
        command += " " + quote(arg);
    command += " >" + quote(dir.path() + "/out") + " 2>" + quote(dir.path() + "/err") + " </dev/null";
    const int status = std::system(command.c_str());
    Result result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = test::readFile(dir.path() + "/out");
    result.err = test::readFile(dir.path() + "/err");
    return result;
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
