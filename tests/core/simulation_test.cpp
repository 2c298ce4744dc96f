// SPDX-License-Identifier: Apache-2.0
// The schedule simulation on hand-made captures with known answers (kibana-executor.md §1, §3,
// §4, §6): a run every 5 minutes over the last 9.
#include "capturegenerator.h"
#include "eql/parser.h"
#include "load/captureloader.h"
#include "rules/detectionrule.h"
#include "schedule/alertids.h"
#include "schedule/simulation.h"
#include "testcapture.h"
#include "util/timestamp.h"

#include <algorithm>
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

struct Simulated : test::TestCapture {
    schedule::SimulationResult result;
    // times in seconds from T0
    Simulated(const std::string& capture, schedule::SimulationOptions options = {}, const char* query = Sequence,
        const rules::DetectionRule& rule = {})
        : TestCapture(capture) {
        result = schedule::simulate(
            eql::parseQuery(query), rule, store, *engine, std::vector<std::uint8_t>(store.size(), 0), options);
    }
};

std::int64_t at(int minutes) {
    return T0 + minutes * Minute;
}

rules::DetectionRule suppressedBy(const char* json) {
    rules::DetectionRule rule;
    rule.alertSuppression = nlohmann::ordered_json::parse(json);
    return rule;
}

std::size_t alertsOfHost(const Simulated& s, const std::string& host) {
    return std::size_t(std::count_if(s.result.alerts.begin(), s.result.alerts.end(),
        [&](const auto& a) { return a.kind != "building_block" && a.suppressionTerms == "host.id=" + host; }));
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

TEST(Simulation, ALateRunShiftsThePhaseOfEveryLaterRun) {
    const std::string capture = event("process", "h", 60, 1) + event("network", "h", 540, 2); // 8 minutes
    schedule::SimulationOptions late;
    late.lateRuns = {{at(6), 4 * 60'000}}; // the 10:06 run starts at 10:10
    Simulated s(capture, late);
    ASSERT_GE(s.result.runs.size(), 3u);
    EXPECT_EQ(s.result.runs[1].startNs, at(10));
    EXPECT_EQ(s.result.runs[1].lateMs, 4 * 60'000);
    EXPECT_EQ(s.result.runs[2].startNs, at(15)) << "the next run is scheduled from the late start";
    EXPECT_EQ(s.result.shellAndEventAlerts(), 1u) << "its window 10:01..10:10 holds both events";
    EXPECT_TRUE(s.result.missed.empty());

    schedule::SimulationOptions veryLate;
    veryLate.lateRuns = {{at(6), 7 * 60'000}}; // 12 minutes after the previous start: a catch-up window
    Simulated v(capture, veryLate);
    ASSERT_GE(v.result.runs.size(), 2u);
    ASSERT_EQ(v.result.runs[1].windows.size(), 2u);
    EXPECT_EQ(v.result.runs[1].windows[0].fromNs, at(13) - 14 * Minute);
    EXPECT_EQ(v.result.runs[1].gapMs, 0);
}

TEST(Simulation, SuppressionPerExecutionCountsTheGroupOnceAndNotTheLookbackAgain) {
    const std::string capture = event("process", "a", 60, 1) + event("process", "b", 90, 2)
        + event("process", "a", 120, 3) + event("process", "a", 180, 4);
    schedule::SimulationOptions options;
    options.firstRunNs = at(5);
    Simulated s(capture, options, "process where true", suppressedBy(R"({"group_by": ["host.id"]})"));
    EXPECT_TRUE(s.result.suppressionActive);
    EXPECT_EQ(s.result.shellAndEventAlerts(), 2u) << "one alert per host";
    ASSERT_FALSE(s.result.alerts.empty());
    EXPECT_EQ(s.result.alerts[0].suppressionTerms, "host.id=a");
    EXPECT_EQ(s.result.alerts[0].suppressedCount, 2u);
    EXPECT_EQ(s.result.alerts[0].suppressionEndNs, at(3));
    EXPECT_EQ(s.result.suppressed, 2u) << "the 10:10 run sees them again and does not count them twice";
    ASSERT_EQ(s.result.missed.size(), 2u);
    for (const auto& m : s.result.missed) {
        EXPECT_EQ(m.reason, "suppressed");
        EXPECT_EQ(m.detail, "counted by alert " + s.result.alerts[0].id);
    }
}

TEST(Simulation, SuppressionForAPeriodUpdatesTheAlertAcrossRuns) {
    const std::string capture = event("process", "a", 60, 1) + event("process", "a", 120, 2)
        + event("process", "a", 480, 3); // 10:08: seen first by the 10:10 run
    schedule::SimulationOptions options;
    options.firstRunNs = at(5);
    Simulated perRun(capture, options, "process where true", suppressedBy(R"({"group_by": ["host.id"]})"));
    EXPECT_EQ(alertsOfHost(perRun, "a"), 2u) << "per execution: a later run starts a new alert";
    Simulated perHour(capture, options, "process where true",
        suppressedBy(R"({"group_by": ["host.id"], "duration": {"value": 1, "unit": "h"}})"));
    EXPECT_EQ(alertsOfHost(perHour, "a"), 1u);
    ASSERT_FALSE(perHour.result.alerts.empty());
    EXPECT_EQ(perHour.result.alerts[0].suppressedCount, 2u);
    EXPECT_EQ(perHour.result.alerts[0].suppressionEndNs, at(8));
}

TEST(Simulation, MissingGroupFieldsAreSuppressedTogetherOrWrittenOneByOne) {
    const std::string noHost = R"({"_index":"i","_id":"n1","_source":{"@timestamp":")" + formatTimestampMillis(at(1))
        + R"(","event":{"category":["process"]}}})" + "\n" + R"({"_index":"i","_id":"n2","_source":{"@timestamp":")"
        + formatTimestampMillis(at(2)) + R"(","event":{"category":["process"]}}})" + "\n";
    schedule::SimulationOptions options;
    options.firstRunNs = at(5);
    Simulated together(noHost, options, "process where true", suppressedBy(R"({"group_by": ["host.id"]})"));
    EXPECT_EQ(together.result.shellAndEventAlerts(), 1u);
    ASSERT_FALSE(together.result.alerts.empty());
    EXPECT_EQ(together.result.alerts[0].suppressionTerms, "host.id=(missing)");
    Simulated apart(noHost, options, "process where true",
        suppressedBy(R"({"group_by": ["host.id"], "missing_fields_strategy": "doNotSuppress"})"));
    EXPECT_EQ(apart.result.shellAndEventAlerts(), 2u);
    EXPECT_EQ(apart.result.suppressed, 0u);
}

TEST(Simulation, ASuppressedSequenceWritesNeitherShellNorBuildingBlocks) {
    const std::string capture = event("process", "h", 60, 1) + event("network", "h", 120, 2)
        + event("process", "h", 180, 3) + event("network", "h", 240, 4);
    schedule::SimulationOptions options;
    options.firstRunNs = at(9); // one run sees both sequences; the next sees neither
    Simulated s(capture, options, Sequence, suppressedBy(R"({"group_by": ["host.id"]})"));
    EXPECT_EQ(s.result.shellAndEventAlerts(), 1u);
    EXPECT_EQ(s.result.buildingBlocks(), 2u);
    ASSERT_FALSE(s.result.alerts.empty());
    EXPECT_EQ(s.result.alerts[0].suppressedCount, 1u);
    ASSERT_EQ(s.result.missed.size(), 1u);
    EXPECT_EQ(s.result.missed[0].reason, "suppressed");

    // A shell's time is its alert's (the run's), so per execution the next run that finds the
    // folded sequence again writes it as an alert of its own.
    options.firstRunNs = at(5);
    Simulated again(capture, options, Sequence, suppressedBy(R"({"group_by": ["host.id"]})"));
    EXPECT_EQ(again.result.shellAndEventAlerts(), 2u);
    EXPECT_TRUE(again.result.missed.empty());
}

TEST(Simulation, ASuppressionItCannotApplyIsSaidAndNotGuessed) {
    Simulated s(event("process", "a", 60, 1) + event("process", "a", 70, 2), {}, "process where true",
        suppressedBy(R"({"group_by": ["host.id"], "duration": {"value": 1, "unit": "d"}})"));
    EXPECT_FALSE(s.result.suppressionActive);
    ASSERT_EQ(s.result.notes.size(), 1u);
    EXPECT_NE(s.result.notes[0].find("unit must be s, m or h"), std::string::npos);
    EXPECT_EQ(s.result.shellAndEventAlerts(), 2u);
}

TEST(Simulation, TheWindowAsASliceOfTheOrderEqualsTheRangeFilter) {
    // A rule with timestamp_override (absent here, so @timestamp is the fallback) takes the
    // filter path; without it, the window is a slice of the engine's order. Both must write the
    // same alerts, on a generated capture with many hosts, sequences and size caps.
    bench::CaptureSpec spec;
    spec.events = 6000;
    spec.hosts = 6;
    spec.durationMs = 2 * 3600 * 1000;
    test::TestCapture g(test::generatedCapture(spec));
    const EventStore& store = g.store;
    eql::Engine& engine = *g.engine;
    const std::vector<std::uint8_t> none(store.size(), 0);
    for (const char* query : {"sequence by host.id with maxspan=3m [process where event.type == \"start\"] "
                              "[network where true] ![process where event.action == \"end\"]",
             "network where destination.port == 443", "sample by host.id [process where true] [network where true]"}) {
        schedule::SimulationOptions options;
        options.maxSignals = 7; // caps often
        rules::DetectionRule slice, filtered;
        filtered.timestampOverride = "event.ingested";
        const auto a = schedule::simulate(eql::parseQuery(query), slice, store, engine, none, options);
        const auto b = schedule::simulate(eql::parseQuery(query), filtered, store, engine, none, options);
        ASSERT_EQ(a.alerts.size(), b.alerts.size()) << query;
        EXPECT_GT(a.alerts.size(), 0u) << query;
        for (std::size_t i = 0; i < a.alerts.size(); ++i)
            EXPECT_EQ(a.alerts[i].id, b.alerts[i].id) << query << " alert " << i;
        EXPECT_EQ(a.maxSignalsWarnings, b.maxSignalsWarnings) << query;
        EXPECT_EQ(a.missed.size(), b.missed.size()) << query;
    }
}

namespace {
// An event `seconds` after T0, indexed (event.ingested) `ingestedSeconds` after T0.
std::string ingestedEvent(
    const char* category, const std::string& host, std::int64_t seconds, int id, std::int64_t ingestedSeconds) {
    std::string line = event(category, host, seconds, id);
    const std::string ingested
        = R"(,"event":{"ingested":")" + formatTimestampMillis(T0 + ingestedSeconds * Minute / 60) + R"(","category")";
    line.replace(line.find(R"(,"event":{"category")"), std::string(R"(,"event":{"category")").size(), ingested);
    return line;
}
} // namespace

// Kibana searches what is indexed when a run starts: a network event indexed 20 minutes late is
// in no window of a run that saw it, so the sequence is never written, and the miss says why.
TEST(Simulation, AnEventIndexedAfterEveryWindowThatHeldItIsMissedAsIngestedLate) {
    // A 14-minute lookback: the runs at 10:06 and 10:11 both hold 10:01 and 10:05.
    schedule::SimulationOptions wide;
    wide.lookbackMs = 14 * 60'000;
    const std::string process = ingestedEvent("process", "h", 60, 1, 65);
    Simulated onTime(process + ingestedEvent("network", "h", 300, 2, 305), wide);
    ASSERT_EQ(onTime.result.shellAndEventAlerts(), 1u) << "indexed within seconds: written";
    EXPECT_EQ(onTime.result.alerts[0].run, 1u) << "by the run at 10:06";
    EXPECT_EQ(onTime.result.notes.size(), 1u) << "the simulation says it models event.ingested";

    Simulated delayed(process + ingestedEvent("network", "h", 300, 2, 300 + 3 * 60), wide);
    ASSERT_EQ(delayed.result.shellAndEventAlerts(), 1u);
    EXPECT_EQ(delayed.result.alerts[0].run, 2u) << "indexed at 10:08: the run at 10:06 missed it, 10:11 writes it";

    Simulated late(process + ingestedEvent("network", "h", 300, 2, 300 + 20 * 60), wide);
    EXPECT_EQ(late.result.shellAndEventAlerts(), 0u);
    ASSERT_EQ(late.result.missed.size(), 1u);
    EXPECT_EQ(late.result.missed[0].reason, "ingested_late");
    EXPECT_NE(late.result.missed[0].detail.find("event e2 was ingested 20 minutes after its time"), std::string::npos)
        << late.result.missed[0].detail;

    Simulated noIngestTime(event("process", "h", 60, 1) + event("network", "h", 300, 2), wide);
    EXPECT_EQ(noIngestTime.result.shellAndEventAlerts(), 1u);
    EXPECT_TRUE(noIngestTime.result.notes.empty()) << "without event.ingested nothing changes";
}
