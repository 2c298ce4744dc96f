// SPDX-License-Identifier: Apache-2.0
// The schedule and comparison views driven as a user would: switch the simulation on, tune the
// lookback, compare with another version, and see the alerts, lanes and histogram follow.
#include "alerts/alertsmodel.h"
#include "alerts/alertspanel.h"
#include "explain/whypanel.h"
#include "graph/attackgraphview.h"
#include "graph/graphpanel.h"
#include "schedule/schedulepanel.h"
#include "testcapture.h"
#include "testfiles.h"
#include "timeline/timelinepane.h"
#include "timeline/timelinewidget.h"
#include "util/timestamp.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QDockWidget>
#include <QImage>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace {
const std::int64_t T0 = *wb::parseTimestamp("2024-05-14T10:00:00Z");

std::string line(const char* category, const char* host, int seconds, const char* id) {
    // In the indices the seed rule searches (the workbench keeps the rule's index patterns).
    return std::string(R"({"_index":"logs-endpoint.events.)") + category + R"(-default","_id":")" + id
        + R"(","_source":{"@timestamp":")" + wb::formatTimestampMillis(T0 + std::int64_t(seconds) * 1'000'000'000)
        + R"(","event":{"category":[")" + category + R"("]},"host":{"id":")" + host + R"("}}})" + "\n";
}

QString cell(MainWindow& window, int row, int column) {
    return window.alertsPanel()->model()->index(row, column).data().toString();
}

void screenshot(MainWindow& window, const char* name, const char* dock) {
    if (!qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) return; // for looking at it by eye
    window.findChild<QDockWidget*>(QLatin1String(dock))->raise();
    for (QSize size : {QSize(1600, 1000), QSize(1280, 800)}) {
        window.resize(size);
        window.show();
        window.waitUntilIdle();
        window.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS")
            + QStringLiteral("/%1-%2.png").arg(QLatin1String(name)).arg(size.width()));
    }
}
} // namespace

TEST(ScheduleView, TagsEachAlertWithTheRunThatWritesItOrWhyNoneDoes) {
    wb::test::TempDir dir;
    // Host a: 4 minutes from process to network (always written); host b: 12 minutes (longer
    // than the 9-minute lookback: never).
    const auto capture = dir.write("c.ndjson",
        line("process", "a", 60, "1") + line("network", "a", 300, "2") + line("process", "b", 0, "3")
            + line("network", "b", 720, "4"));
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    ws->openCaptures({QString::fromStdString(capture)});
    ws->setRuleText(QStringLiteral("sequence by host.id with maxspan=1h [process where true] [network where true]"));
    window.waitUntilIdle();
    ASSERT_EQ(ws->alertCount(), 2);
    QTableView* table = window.alertsPanel()->view();
    EXPECT_TRUE(table->isColumnHidden(AlertsModel::Schedule)) << "no column until the schedule is simulated";
    EXPECT_TRUE(window.schedulePanel()->summaryText().contains(QStringLiteral("Off")));

    Workspace::ScheduleSettings on = ws->scheduleSettings();
    EXPECT_EQ(on.intervalMs, 300'000) << "the seed rule's 5m";
    EXPECT_EQ(on.lookbackMs, 540'000) << "and now-9m";
    on.enabled = true;
    ws->setScheduleSettings(on);
    window.waitUntilIdle();
    ASSERT_TRUE(ws->schedule());
    EXPECT_FALSE(table->isColumnHidden(AlertsModel::Schedule));
    const int a = cell(window, 0, AlertsModel::JoinKeys).contains(QLatin1String("a")) ? 0 : 1;
    EXPECT_TRUE(cell(window, a, AlertsModel::Schedule).startsWith(QStringLiteral("run "))) << "host a is written";
    EXPECT_EQ(cell(window, 1 - a, AlertsModel::Schedule), QStringLiteral("missed: span_exceeds_window"));
    EXPECT_TRUE(window.schedulePanel()->summaryText().contains(QStringLiteral("1 alert written")))
        << window.schedulePanel()->summaryText().toStdString();
    QTreeWidget* list = window.schedulePanel()->list();
    ASSERT_EQ(list->topLevelItemCount(), 2);
    ASSERT_EQ(list->topLevelItem(1)->childCount(), 1);
    EXPECT_EQ(list->topLevelItem(1)->child(0)->text(1), QStringLiteral("span_exceeds_window"));
    screenshot(window, "schedule", "scheduleDock");
    screenshot(window, "schedule-alerts", "alertsDock");

    // A 15-minute lookback (the run at 10:15 sees 10:00..10:15) is a tuning change like maxspan:
    // the simulation follows.
    on.lookbackMs = 15 * 60'000;
    ws->setScheduleSettings(on);
    window.waitUntilIdle();
    EXPECT_TRUE(cell(window, 1 - a, AlertsModel::Schedule).startsWith(QStringLiteral("run ")));
    EXPECT_EQ(list->topLevelItem(1)->childCount(), 0);

    // Clicking the missed match selects its alert.
    on.lookbackMs = 9 * 60'000;
    ws->setScheduleSettings(on);
    window.waitUntilIdle();
    list->setCurrentItem(list->topLevelItem(1)->child(0));
    emit list->itemClicked(list->topLevelItem(1)->child(0), 0);
    EXPECT_EQ(ws->selection().alert, 1 - a);

    on.enabled = false;
    ws->setScheduleSettings(on);
    window.waitUntilIdle();
    EXPECT_FALSE(ws->schedule());
    EXPECT_TRUE(table->isColumnHidden(AlertsModel::Schedule));
}

TEST(ScheduleView, ComparingWithAnotherVersionMarksNewSameAndGone) {
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    ws->openCaptures({QStringLiteral(EQLWB_SAMPLES_DIR "/edge-cases/capture.ndjson")});
    ws->selectVersion(QStringLiteral("v106"));
    window.waitUntilIdle();
    ASSERT_EQ(ws->alertCount(), 3);
    EXPECT_TRUE(window.alertsPanel()->view()->isColumnHidden(AlertsModel::Compare));
    ws->compareWithVersion(QStringLiteral("v100"));
    window.waitUntilIdle();
    ASSERT_TRUE(ws->comparison());
    EXPECT_FALSE(window.alertsPanel()->view()->isColumnHidden(AlertsModel::Compare));
    int same = 0, added = 0;
    for (int r = 0; r < 3; ++r)
        (cell(window, r, AlertsModel::Compare) == QStringLiteral("same") ? same : added)++;
    EXPECT_EQ(same, 2);
    EXPECT_EQ(added, 1) << "eqlwb diff --version v100 --version v106 on this sample: 1 only in v106";
    EXPECT_EQ(ws->goneAlerts().size(), 1u) << "and 1 only in v100";
    EXPECT_TRUE(window.alertsPanel()->countsText().contains(QStringLiteral("1 gone")))
        << window.alertsPanel()->countsText().toStdString();
    screenshot(window, "compare", "alertsDock");

    // A tuning change re-compares: with maxspan 0 nothing of v106 is left, so all of v100 is gone.
    ws->setRuleText(QStringLiteral("sequence by host.id with maxspan=1ms [process where false] [network where true]"));
    window.waitUntilIdle();
    EXPECT_EQ(ws->alertCount(), 0);
    EXPECT_EQ(ws->goneAlerts().size(), 3u);
    ws->stopComparing();
    window.waitUntilIdle();
    EXPECT_TRUE(window.alertsPanel()->view()->isColumnHidden(AlertsModel::Compare));
    EXPECT_TRUE(ws->goneAlerts().empty());
}

TEST(WhyView, ExplainsTheSelectedAlertAndTheNearMissesWhereNothingFired) {
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    ws->openCaptures({QStringLiteral(EQLWB_SAMPLES_DIR "/edge-cases/capture.ndjson")});
    window.waitUntilIdle();
    ASSERT_EQ(ws->alertCount(), 3);
    window.findChild<QDockWidget*>(QStringLiteral("whyDock"))->raise();
    window.show();
    ws->selectAlert(1);
    window.waitUntilIdle();
    ASSERT_TRUE(ws->why() && ws->why()->alert);
    EXPECT_TRUE(ws->why()->alert->replays);
    QTreeWidget* tree = window.whyPanel()->tree();
    ASSERT_EQ(tree->topLevelItemCount(), 2) << "one row per stage";
    EXPECT_TRUE(tree->topLevelItem(0)->text(0).contains(QStringLiteral("BASH")));
    EXPECT_TRUE(window.whyPanel()->headline().contains(QStringLiteral("Alert 2 fired")));
    screenshot(window, "why-alert", "whyDock");

    // Nothing fired at 11:00: one millisecond over maxspan. The hint fixes it, undo puts it back.
    ws->selectAlert(-1);
    ws->setViewRange(*wb::parseTimestamp("2024-07-01T10:59:00Z"), *wb::parseTimestamp("2024-07-01T11:02:00Z"));
    window.whyPanel()->askWhyNoAlert();
    window.waitUntilIdle();
    ASSERT_TRUE(ws->why());
    ASSERT_EQ(ws->why()->nearMisses.size(), 1u);
    EXPECT_EQ(ws->why()->nearMisses[0].reason.code, "maxspan_exceeded");
    EXPECT_TRUE(ws->why()->nearMisses[0].reason.hint.verified);
    EXPECT_TRUE(tree->topLevelItem(0)->text(0).startsWith(QStringLiteral("maxspan_exceeded at stage 2")));
    screenshot(window, "why-near-miss", "whyDock");
    tree->setCurrentItem(tree->topLevelItem(0));
    window.whyPanel()->applySelectedHint();
    window.waitUntilIdle();
    EXPECT_EQ(ws->alertCount(), 4) << "maxspan 30001 ms lets the 11:00 sequence fire";
    EXPECT_EQ(ws->maxspanMillis(), 30001);
    ASSERT_TRUE(ws->canUndoHint());
    ws->undoHint();
    window.waitUntilIdle();
    EXPECT_EQ(ws->alertCount(), 3);
    EXPECT_EQ(ws->maxspanMillis(), 30000);

    // A lane, picked by its label: root's lane on the host where curl ran as alice.
    const auto& lanes = ws->views().lanes->lanes();
    int rootLane = -1;
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].key == std::vector<std::string>{"edge-0004-4000-8000-000000000004", "0"}) rootLane = int(i);
    ASSERT_GE(rootLane, 0);
    emit window.timelinePane()->lanes()->laneClicked(rootLane);
    EXPECT_EQ(ws->selection().laneKey, lanes[std::size_t(rootLane)].key);
    window.whyPanel()->askWhyNoAlert();
    window.waitUntilIdle();
    ASSERT_TRUE(ws->why() && ws->why()->scope && ws->why()->scope->key);
    ASSERT_EQ(ws->why()->nearMisses.size(), 1u);
    EXPECT_EQ(ws->why()->nearMisses[0].reason.code, "join_key_mismatch");
    EXPECT_EQ(ws->why()->nearMisses[0].reason.field, "user.id");
    screenshot(window, "why-lane", "whyDock");
}

TEST(GraphView, TheSelectedAlertsStoryWithItsStagesNumberedAndExports) {
    wb::test::TempDir dir;
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    ws->openCaptures({QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson")});
    window.waitUntilIdle();
    ASSERT_EQ(ws->alertCount(), 1);
    ws->selectAlert(0);
    window.waitUntilIdle();
    const wb::graph::AttackGraph graph = window.graphPanel()->view()->graph(); // a copy: selecting rebuilds it
    ASSERT_FALSE(graph.nodes.empty());
    std::map<int, std::string> stages;
    bool network = false;
    for (const auto& n : graph.nodes) {
        if (n.stage) stages[n.stage] = n.title;
        network = network || n.kind == wb::graph::GraphNode::Kind::Network;
    }
    EXPECT_EQ(stages[1], "bash") << "stage 1: the shell package_script_service started";
    EXPECT_FALSE(stages[2].empty()) << "stage 2: curl's connection";
    EXPECT_TRUE(network);
    // Parents come before children, left to right.
    for (const auto& e : graph.edges)
        EXPECT_LT(graph.nodes[std::size_t(e.from)].column, graph.nodes[std::size_t(e.to)].column);
    EXPECT_TRUE(window.graphPanel()->headline().contains(QStringLiteral("Alert 1")));

    const QString png = QString::fromStdString(dir.path() + "/g.png"),
                  svg = QString::fromStdString(dir.path() + "/g.svg");
    ASSERT_TRUE(window.graphPanel()->exportTo(png));
    ASSERT_TRUE(window.graphPanel()->exportTo(svg));
    EXPECT_FALSE(QImage(png).isNull());
    const std::string svgText = wb::test::readFile(svg.toStdString());
    EXPECT_NE(svgText.find("<svg"), std::string::npos);
    EXPECT_NE(svgText.find("curl"), std::string::npos);

    // The same input gives the same picture.
    const auto again
        = wb::graph::buildAttackGraph(*ws->store(), *ws->views().tree, ws->alertEvents(0), ws->alertEvents(0));
    ASSERT_EQ(again.nodes.size(), graph.nodes.size());
    for (std::size_t i = 0; i < again.nodes.size(); ++i)
        EXPECT_TRUE(again.nodes[i].title == graph.nodes[i].title && again.nodes[i].row == graph.nodes[i].row);

    // Clicking a box selects its events everywhere.
    const auto box
        = std::find_if(graph.nodes.begin(), graph.nodes.end(), [](const auto& n) { return !n.events.empty(); });
    ASSERT_NE(box, graph.nodes.end());
    const std::vector<wb::EventIndex> boxEvents = box->events; // an inferred parent has none
    emit window.graphPanel()->view()->eventsActivated(boxEvents);
    EXPECT_EQ(ws->selection().event, boxEvents.front());
    ws->selectAlert(0);
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) {
        window.findChild<QTabWidget*>()->setCurrentWidget(window.graphPanel());
        screenshot(window, "graph", "alertsDock");
        window.graphPanel()->exportTo(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/graph-export.png"));
    }
}

namespace {
// No two boxes share a place (the layout gives each its own column and row).
void expectNoOverlap(const wb::graph::AttackGraph& graph) {
    std::set<std::pair<int, int>> places;
    for (const auto& n : graph.nodes)
        EXPECT_TRUE(places.insert({n.column, n.row}).second) << n.title << " at " << n.column << "," << n.row;
}

std::string processLine(int seconds, const std::string& entity, const std::string& parent, const std::string& name) {
    return R"({"@timestamp":")" + wb::formatTimestampMillis(T0 + std::int64_t(seconds) * 1'000'000'000)
        + R"(","event":{"category":["process"],"type":["start"],"action":"exec"},"host":{"id":"h"},"user":{"id":"0"},)"
        + R"("process":{"pid":)" + std::to_string(seconds + 100) + R"(,"entity_id":")" + entity + R"(","name":")" + name
        + R"(","parent":{"entity_id":")" + parent + R"("}}})" + "\n";
}
} // namespace

// Every sample's first alert (and a fleet capture's) draws with its stages and no box on another;
// a process with 200 children stays readable: 8 boxes and "+192 more".
TEST(GraphView, EverySamplesAlertAndA200ChildFanOutDrawReadably) {
    wb::test::TempDir dir;
    std::vector<std::pair<std::string, QString>> captures;
    for (const char* sample : {"installer-curl", "mdm-config-fetch", "edge-cases"})
        captures.emplace_back(
            sample, QStringLiteral(EQLWB_SAMPLES_DIR "/%1/capture.ndjson").arg(QLatin1String(sample)));
    wb::bench::CaptureSpec fleet;
    fleet.events = 20000;
    fleet.seed = 7;
    captures.emplace_back(
        "fleet", QString::fromStdString(dir.write("fleet.ndjson", wb::test::generatedCapture(fleet))));
    for (const auto& [name, path] : captures) {
        SCOPED_TRACE(name);
        MainWindow window;
        Workspace* ws = window.workspace();
        ws->setAutosaveEnabled(false);
        ws->openCaptures({path});
        window.waitUntilIdle();
        ASSERT_GT(ws->alertCount(), 0);
        ws->selectAlert(0);
        window.waitUntilIdle();
        const wb::graph::AttackGraph graph = window.graphPanel()->view()->graph();
        ASSERT_FALSE(graph.nodes.empty());
        int stages = 0;
        for (const auto& n : graph.nodes)
            stages = std::max(stages, n.stage);
        EXPECT_EQ(stages, 2) << "both stages of the seed rule are numbered";
        expectNoOverlap(graph);
        if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) {
            window.findChild<QTabWidget*>()->setCurrentWidget(window.graphPanel());
            window.resize(1600, 1000);
            window.show();
            window.waitUntilIdle();
            window.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS")
                + QStringLiteral("/graph-%1-1600.png").arg(QString::fromStdString(name)));
        }
    }

    std::string fanOut = processLine(0, "root", "", "launchd");
    for (int i = 1; i <= 200; ++i)
        fanOut += processLine(i, "child-" + std::to_string(i), "root", "worker");
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    ws->openCaptures({QString::fromStdString(dir.write("fan.ndjson", fanOut))});
    window.waitUntilIdle();
    ws->selectEvent(0); // the parent: its story is its 200 children
    window.waitUntilIdle();
    const wb::graph::AttackGraph graph = window.graphPanel()->view()->graph();
    EXPECT_LE(graph.nodes.size(), 10u) << "the parent, 8 children and one fold";
    EXPECT_TRUE(
        std::any_of(graph.nodes.begin(), graph.nodes.end(), [](const auto& n) { return n.title == "+192 more"; }));
    expectNoOverlap(graph);
}
