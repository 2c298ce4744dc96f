// SPDX-License-Identifier: Apache-2.0
// The alert report's parts on small hand-made captures: the lanes of an alert's window, what
// exception lists suppressed, the diff of a tuned rule, and the line diff under it.
#include "process/processtree.h"
#include "report/lanessvg.h"
#include "report/reportbuilder.h"
#include "testcapture.h"
#include "util/linediff.h"
#include "util/timestamp.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
const std::int64_t T0 = *parseTimestamp("2024-05-14T10:00:00Z");

std::string event(std::int64_t ms, const std::string& category, const std::string& process, const std::string& host,
    const std::string& id) {
    return R"({"_index":"i","_id":")" + id + R"(","_source":{"@timestamp":")"
        + formatTimestampMillis(T0 + ms * 1'000'000) + R"(","event":{"category":[")" + category
        + R"("],"type":["start"]},"host":{"id":")" + host + R"(","name":")" + host + R"(-name"},"user":{"id":"0"},)"
        + R"("process":{"name":")" + process + R"("}})" + "}\n";
}

EventIndex byId(const EventStore& store, const std::string& id) {
    for (EventIndex e = 0; e < store.size(); ++e)
        if (store.strings().view(store.docId(e)) == id) return e;
    ADD_FAILURE() << "no event " << id;
    return 0;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

const char* const Seq = R"(sequence by host.id with maxspan=30s
  [process where process.name == "bash"]
  [network where process.name : "curl"])";
} // namespace

TEST(LineDiff, KeepsCommonLinesAndOrdersRemovedBeforeAdded) {
    const auto diff = diffLines("a\nb\nc\n", "a\nx\nc\nd");
    ASSERT_EQ(diff.size(), 5u);
    EXPECT_EQ(diff[0].kind, DiffLine::Kind::Same);
    EXPECT_EQ(diff[1].kind, DiffLine::Kind::Removed);
    EXPECT_EQ(diff[1].text, "b");
    EXPECT_EQ(diff[2].kind, DiffLine::Kind::Added);
    EXPECT_EQ(diff[2].text, "x");
    EXPECT_EQ(diff[3].kind, DiffLine::Kind::Same);
    EXPECT_EQ(diff[4].kind, DiffLine::Kind::Added);
    EXPECT_EQ(diff[4].text, "d");
    for (const auto& line : diffLines("same\r\ntext", "same\ntext"))
        EXPECT_EQ(line.kind, DiffLine::Kind::Same) << "line endings are not a change";
}

TEST(ReportLanes, TheAlertsLanesComeFirstAndOnlyItsWindowIsDrawn) {
    std::string capture = event(1000, "process", "bash", "alert-host", "s1")
        + event(2500, "network", "curl", "alert-host", "s2") + event(1500, "file", "cp", "busy-host", "b1")
        + event(1600, "file", "cp", "busy-host", "b2") + event(300'000, "process", "late", "late-host", "l1");
    const test::TestCapture c(capture);
    const auto picture = report::alertLanesSvg(c.store, {byId(c.store, "s1"), byId(c.store, "s2")}, {"host.id"});
    ASSERT_GT(picture.width, 0);
    ASSERT_GT(picture.height, 0);
    // Lanes are named by host.name for host.id; the alert's lane is above the busier other one.
    const auto alertLane = picture.svg.find("alert-host-name"), busyLane = picture.svg.find("busy-host-name");
    ASSERT_NE(alertLane, std::string::npos);
    ASSERT_NE(busyLane, std::string::npos);
    EXPECT_LT(alertLane, busyLane);
    EXPECT_EQ(picture.svg.find("late-host"), std::string::npos) << "five minutes later is outside the window";
    EXPECT_EQ(count(picture.svg, "<circle"), 2u) << "both stages numbered";
    EXPECT_NE(picture.svg.find(">stage 1<"), std::string::npos) << "the axis counts from the first stage";
    EXPECT_NE(picture.svg.find(">2 events<"), std::string::npos);
}

TEST(ReportLanes, ManyLanesAreCutWithACount) {
    std::string capture = event(1000, "process", "bash", "alert-host", "s1");
    for (int h = 0; h < 10; ++h)
        capture += event(1100 + h, "process", "ls", "other-" + std::to_string(h), "o" + std::to_string(h));
    const test::TestCapture c(capture);
    const auto picture = report::alertLanesSvg(c.store, {byId(c.store, "s1")}, {"host.id"});
    EXPECT_NE(picture.svg.find("+3 more lanes (3 events)"), std::string::npos) << picture.svg;
    EXPECT_NE(picture.svg.find("alert-host-name"), std::string::npos) << "the alert's lane is never the one cut";
}

TEST(ReportBuilder, SaysWhatEachExceptionListSuppressedAndWhatTuningChanged) {
    const test::TestCapture c(event(1000, "process", "bash", "h1", "s1") + event(2000, "network", "curl", "h1", "s2")
        + event(1000, "process", "bash", "h2", "t1") + event(3000, "network", "curl", "h2", "t2"));
    const process::ProcessTree tree = process::ProcessTree::build(c.store);
    report::ReportRequest request;
    request.rule.name = "tuned";
    request.rule.query = Seq;
    request.original = request.rule;
    request.original->query = R"(sequence by host.id with maxspan=1m
  [process where process.name == "bash"]
  [network where process.name : "curl"])";
    request.original->maxSignals = 50;
    request.originalLabel = "v1";
    exceptions::ExceptionList list;
    list.listId = "trusted-hosts";
    list.name = "Trusted hosts";
    exceptions::ExceptionItem item;
    item.itemId = "h2-curl";
    item.listId = list.listId;
    item.name = "curl on h2";
    item.entries.push_back({exceptions::ExceptionEntry::Type::Match, "host.id", false, "h2", {}, {}, {}, {}});
    list.items.push_back(item);
    exceptions::ExceptionItem unused = item;
    unused.itemId = "nothing";
    unused.name = "matches nothing";
    unused.entries[0].value = "h9";
    list.items.push_back(unused);
    request.options.exceptions.lists.push_back(list);

    std::string error;
    const auto input = report::buildReportInput(c.store, tree, request, error);
    ASSERT_TRUE(input) << error;
    EXPECT_EQ(input->totalAlerts, 1u);
    EXPECT_EQ(input->alertsWithoutExceptions, 2u);
    ASSERT_EQ(input->exceptionEffects.size(), 1u);
    const auto& effect = input->exceptionEffects[0];
    EXPECT_EQ(effect.label, "Trusted hosts (trusted-hosts)");
    EXPECT_EQ(effect.items, 2u);
    EXPECT_EQ(effect.events, 2u);
    EXPECT_EQ(effect.alerts, 1u);
    ASSERT_EQ(effect.itemEffects.size(), 2u);
    EXPECT_EQ(effect.itemEffects[0].name, "curl on h2");
    EXPECT_EQ(effect.itemEffects[0].alerts, 1u);
    EXPECT_EQ(effect.itemEffects[1].events, 0u);

    bool removedOld = false, addedNew = false;
    for (const auto& line : input->queryDiff) {
        removedOld |= line.kind == DiffLine::Kind::Removed && line.text.find("maxspan=1m") != std::string::npos;
        addedNew |= line.kind == DiffLine::Kind::Added && line.text.find("maxspan=30s") != std::string::npos;
        if (line.text.find("[process where") != std::string::npos) {
            EXPECT_EQ(line.kind, DiffLine::Kind::Same);
        }
    }
    EXPECT_TRUE(removedOld);
    EXPECT_TRUE(addedNew);
    ASSERT_EQ(input->settingChanges.size(), 1u);
    EXPECT_EQ(input->settingChanges[0].before, "50");
    EXPECT_EQ(input->settingChanges[0].after, "100");

    const std::string html = report::alertReportHtml(*input);
    EXPECT_NE(html.find("Tuned from v1"), std::string::npos);
    EXPECT_NE(html.find("Without exceptions the rule finds 2 alerts; with them 1"), std::string::npos);
    EXPECT_NE(html.find("class=\"lanes\""), std::string::npos);

    request.alert = 1;
    EXPECT_FALSE(report::buildReportInput(c.store, tree, request, error));
    EXPECT_EQ(error, "there is 1 alert, no alert 2");
}

TEST(ReportBuilder, APrintedReportHandsItsPicturesOverAndBreaksThePageBeforeEachAlert) {
    const test::TestCapture c(event(1000, "process", "bash", "h1", "s1") + event(2000, "network", "curl", "h1", "s2")
        + event(1000, "process", "bash", "h2", "t1") + event(3000, "network", "curl", "h2", "t2"));
    const process::ProcessTree tree = process::ProcessTree::build(c.store);
    report::ReportRequest request;
    request.rule.query = Seq;
    std::string error;
    const auto input = report::buildReportInput(c.store, tree, request, error);
    ASSERT_TRUE(input) << error;
    const auto printed = report::alertReport(*input, report::PictureMode::Referenced);
    EXPECT_EQ(printed.html.find("<svg"), std::string::npos);
    EXPECT_EQ(count(printed.html, "page-break-before: always"), 2u);
    // Each alert's window (these events have no process ids to draw a graph from).
    ASSERT_EQ(printed.pictures.size(), 2u);
    EXPECT_EQ(printed.pictures[0].name, "lanes-1.svg");
    EXPECT_EQ(printed.pictures[1].name, "lanes-2.svg");
    for (const auto& picture : printed.pictures) {
        EXPECT_NE(printed.html.find("src=\"" + picture.name + "\""), std::string::npos) << picture.name;
        EXPECT_EQ(picture.picture.svg.rfind("<svg", 0), 0u);
        EXPECT_FALSE(picture.title.empty());
    }
}

TEST(ReportLanes, ProcessLanesAreNamedByProcessAndPid) {
    auto exec = [](std::int64_t ms, const std::string& entity, int pid, const std::string& id) {
        return R"({"_index":"i","_id":")" + id + R"(","_source":{"@timestamp":")"
            + formatTimestampMillis(T0 + ms * 1'000'000)
            + R"(","event":{"category":["process"]},"host":{"id":"h","name":"mbp"},"process":{"entity_id":")" + entity
            + R"(","pid":)" + std::to_string(pid) + R"(,"name":"bash"}}})" + "\n";
    };
    const test::TestCapture c(exec(1000, "AAA", 2210, "a") + exec(1200, "BBB", 2214, "b"));
    const auto picture = report::alertLanesSvg(c.store, {byId(c.store, "a")}, {"host.id", "process.entity_id"});
    EXPECT_NE(picture.svg.find(">mbp · bash (2210)<"), std::string::npos) << picture.svg;
    EXPECT_NE(picture.svg.find(">mbp · bash (2214)<"), std::string::npos) << "two bash processes, two names";
}
