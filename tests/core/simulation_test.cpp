// SPDX-License-Identifier: Apache-2.0
// The schedule simulation on hand-made captures with known answers (kibana-executor.md §1, §3,
// §4, §6): a run every 5 minutes over the last 9.
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/detectionrule.h"
#include "schedule/alertids.h"
#include "schedule/simulation.h"
#include "testfiles.h"
#include "util/timestamp.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
const std::int64_t T0 = *parseTimestamp("2024-05-14T10:00:00Z");
const std::int64_t Minute = 60'000'000'000LL;
const char* const Sequence = "sequence by host.id with maxspan=30m [process where true] [network where true]";

std::string event(const char* category, const std::string& host, std::int64_t minutes, int id) {
    return R"({"_index":"logs-endpoint.events-default","_id":"e)" + std::to_string(id)
        + R"(","_source":{"@timestamp":")" + formatTimestampMillis(T0 + minutes * Minute / 60)
        + R"(","event":{"category":[")" + category + R"("]},"host":{"id":")" + host + R"("}}})" + "\n";
}

struct Simulated {
    test::TempDir dir;
    EventStore store;
    std::unique_ptr<eql::Schema> schema;
    std::unique_ptr<eql::Engine> engine;
    schedule::SimulationResult result;
    // times in seconds from T0
    Simulated(const std::string& capture, schedule::SimulationOptions options = {}, const char* query = Sequence) {
        CaptureLoader(store, {}).load({dir.write("c.ndjson", capture)});
        schema = std::make_unique<eql::Schema>(store);
        engine = std::make_unique<eql::Engine>(*schema);
        rules::DetectionRule rule;
        result = schedule::simulate(
            eql::parseQuery(query), rule, store, *engine, std::vector<std::uint8_t>(store.size(), 0), options);
    }
};

std::int64_t at(int minutes) {
    return T0 + minutes * Minute;
}
} // namespace

TEST(Simulation, ASequenceOfFourMinutesIsAlwaysWritten) {
    Simulated s(event("process", "h", 60, 1) + event("network", "h", 300, 2));
    EXPECT_EQ(s.result.shellAndEventAlerts(), 1u);
    EXPECT_EQ(s.result.buildingBlocks(), 2u);
    EXPECT_TRUE(s.result.missed.empty());
    ASSERT_FALSE(s.result.runs.empty());
    EXPECT_EQ(s.result.runs[0].startNs, at(1)) << "the first run's window holds the first event";
    EXPECT_EQ(s.result.alerts[0].kind, "shell");
    EXPECT_EQ(s.result.alerts[0].run, 1u) << "the run at 10:06 is the first to see both events";
}

TEST(Simulation, ASequenceOfEightMinutesDependsOnThePhase) {
    const std::string capture = event("process", "h", 60, 1) + event("network", "h", 540, 2);
    Simulated missed(capture);
    EXPECT_EQ(missed.result.shellAndEventAlerts(), 0u);
    ASSERT_EQ(missed.result.missed.size(), 1u);
    EXPECT_EQ(missed.result.missed[0].reason, "never_in_one_window");
    schedule::SimulationOptions phase;
    phase.firstRunNs = at(10); // window 10:01..10:10 holds both
    Simulated written(capture, phase);
    EXPECT_EQ(written.result.shellAndEventAlerts(), 1u);
    EXPECT_TRUE(written.result.missed.empty());
}

TEST(Simulation, ASequenceLongerThanTheWindowIsNeverWritten) {
    Simulated s(event("process", "h", 0, 1) + event("network", "h", 600, 2));
    EXPECT_EQ(s.result.shellAndEventAlerts(), 0u);
    ASSERT_EQ(s.result.missed.size(), 1u);
    EXPECT_EQ(s.result.missed[0].reason, "span_exceeds_window");
}

TEST(Simulation, OverlappingWindowsWriteASequenceOnce) {
    schedule::SimulationOptions options;
    options.firstRunNs = at(5);
    Simulated s(event("process", "h", 180, 1) + event("network", "h", 300, 2), options);
    EXPECT_EQ(s.result.shellAndEventAlerts(), 1u);
    EXPECT_EQ(s.result.duplicatesDropped, 3u) << "the run at 10:10 finds it again: shell and two building blocks";
    EXPECT_EQ(s.result.runs[1].windows[0].duplicates, 3u);
}

TEST(Simulation, TheSizeCapWarnsAndLeavesTheRestUnwritten) {
    std::string capture;
    for (int i = 0; i < 101; ++i)
        capture += event("process", "h" + std::to_string(i), 10, 2 * i)
            + event("network", "h" + std::to_string(i), 20, 2 * i + 1);
    schedule::SimulationOptions options;
    options.firstRunNs = at(2);
    Simulated s(capture, options);
    EXPECT_GE(s.result.maxSignalsWarnings, 1u);
    EXPECT_TRUE(s.result.runs[0].windows[0].maxSignalsReached);
    EXPECT_EQ(s.result.runs[0].windows[0].results, 100u);
    EXPECT_EQ(s.result.shellAndEventAlerts(), 100u) << "later windows return the same first 100 again";
    ASSERT_EQ(s.result.missed.size(), 1u);
    EXPECT_EQ(s.result.missed[0].reason, "size_cap");
    ASSERT_FALSE(s.result.runs[0].messages.empty());
    EXPECT_EQ(s.result.runs[0].messages[0],
        "This rule reached the maximum alert limit for the rule execution. Some alerts were not created.");
}

TEST(Simulation, AMissedRunCatchesUpAndALongOutageLeavesAGap) {
    const std::string capture = event("process", "h", 0, 1) + event("network", "h", 60 * 60, 2);
    schedule::SimulationOptions once;
    once.firstRunNs = at(0);
    once.skippedRunsNs = {at(5)};
    Simulated s(capture, once);
    ASSERT_GE(s.result.runs.size(), 2u);
    const auto& catchUp = s.result.runs[1];
    EXPECT_EQ(catchUp.startNs, at(10));
    ASSERT_EQ(catchUp.windows.size(), 2u) << "one catch-up window, oldest first";
    EXPECT_EQ(catchUp.windows[0].fromNs, at(10) - 14 * Minute);
    EXPECT_EQ(catchUp.windows[0].toNs, at(5));
    EXPECT_EQ(catchUp.gapMs, 0);
    schedule::SimulationOptions outage;
    outage.firstRunNs = at(0);
    for (int m = 5; m <= 35; m += 5)
        outage.skippedRunsNs.push_back(at(m));
    Simulated o(capture, outage);
    const auto& after = o.result.runs[1];
    EXPECT_EQ(after.startNs, at(40));
    EXPECT_EQ(after.windows.size(), 5u) << "four catch-up windows at most";
    EXPECT_EQ(after.gapMs, 11 * 60'000);
    ASSERT_FALSE(after.messages.empty());
    EXPECT_EQ(after.messages[0].rfind("11 minutes (660000ms) were not queried between this rule execution", 0), 0u)
        << after.messages[0];
}

TEST(Simulation, EventAlertsCarryKibanasIds) {
    schedule::SimulationOptions options;
    options.spaceId = "security";
    options.ruleSavedObjectId = "1c4b2a34-9f3e-4a61-8d2b-0a1b2c3d4e5f";
    Simulated s(event("process", "h", 30, 7), options, "process where true");
    ASSERT_EQ(s.result.alerts.size(), 1u);
    EXPECT_EQ(s.result.alerts[0].kind, "event");
    EXPECT_EQ(s.result.alerts[0].id,
        schedule::eventAlertId({"logs-endpoint.events-default", "e7"}, "security", options.ruleSavedObjectId));
}

TEST(Simulation, DateMathOffsets) {
    EXPECT_EQ(schedule::parseDateMathOffsetMs("now-9m"), 540'000);
    EXPECT_EQ(schedule::parseDateMathOffsetMs("5m"), 300'000);
    EXPECT_EQ(schedule::parseDateMathOffsetMs("now-1h"), 3'600'000);
    EXPECT_FALSE(schedule::parseDateMathOffsetMs("now-9x"));
    EXPECT_FALSE(schedule::parseDateMathOffsetMs("yesterday"));
}
