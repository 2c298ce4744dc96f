// SPDX-License-Identifier: Apache-2.0
// The line a presenter reads out when a stage happens during replay.
#include "load/captureloader.h"
#include "story/eventstory.h"
#include "testfiles.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
std::string describeLine(const std::string& json, std::size_t maxLength = 90) {
    test::TempDir dir;
    EventStore store;
    CaptureLoader(store, {}).load({dir.write("e.ndjson", json + "\n")});
    EXPECT_EQ(store.size(), 1u);
    return store.size() ? story::describeEvent(store, 0, maxLength) : std::string();
}
} // namespace

TEST(EventStory, SaysWhoStartedWhatWhoConnectedWhereAndWhatAFileEventDid) {
    EXPECT_EQ(describeLine(R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["process"],"type":["start"],)"
                           R"("action":"exec"},"process":{"name":"bash","parent":{"name":"package_script_service"},)"
                           R"("command_line":"/bin/bash -c curl -s x"}})"),
        "package_script_service started /bin/bash -c curl -s x");
    EXPECT_EQ(
        describeLine(
            R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["network"],"type":["start"]},)"
            R"("process":{"name":"curl"},"destination":{"ip":"203.0.113.10","port":443,"domain":"dl.example.net"}})"),
        "curl connected to dl.example.net:443");
    EXPECT_EQ(describeLine(R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["network"]},)"
                           R"("process":{"name":"curl"},"destination":{"ip":"203.0.113.10"}})"),
        "curl connected to 203.0.113.10");
    EXPECT_EQ(describeLine(R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["network"]},)"
                           R"("process":{"name":"curl"},"dns":{"question":{"name":"dl.example.net"}}})"),
        "curl looked up dl.example.net");
    EXPECT_EQ(describeLine(R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["file"],"type":["creation"]},)"
                           R"("process":{"name":"bash"},"file":{"path":"/Library/LaunchDaemons/x.plist"}})"),
        "bash created /Library/LaunchDaemons/x.plist");
    EXPECT_EQ(
        describeLine(R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["process"],"type":["start"]},)"
                     R"("process":{"name":"curl","parent":{"name":"bash"},"args":["curl","-fsSL","https://x"]}})"),
        "bash started curl -fsSL https://x")
        << "without a command line, the arguments";
    EXPECT_EQ(describeLine(
                  R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"action":"mount"},"process":{"name":"diskutil"}})"),
        "diskutil: mount");
}

TEST(EventStory, ALongCommandLineIsCutAtAWholeCharacter) {
    const std::string line = describeLine(
        R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["process"],"type":["start"]},)"
        R"("process":{"name":"sh","parent":{"name":"p"},"command_line":"echo ééééééééééééééééééééééééé"}})",
        20);
    EXPECT_EQ(line, "p started echo \xC3\xA9\xC3\xA9\u2026") << "20 bytes would split an é; the cut steps back";
}
