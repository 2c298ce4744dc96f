// SPDX-License-Identifier: Apache-2.0
// The workspace driven with no widget at all: everything a session does (open, tune, select,
// add an exception, save, restore) works without views, so views hold no logic.
#include "exceptions/exceptionio.h"
#include "testfiles.h"
#include "workspace/jobrunner.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QSignalSpy>
#include <QWidget>
#include <gtest/gtest.h>

namespace {
const QString Sample = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson");

struct LoadedWorkspace {
    Workspace ws;
    LoadedWorkspace() {
        ws.setAutosaveEnabled(false);
        ws.openCaptures({Sample});
        ws.waitUntilIdle();
    }
};

std::string firstText(const Workspace& ws, wb::EventIndex e, const char* field) {
    return ws.store()->firstText(e, ws.store()->fields().find(field));
}
} // namespace

TEST(Workspace, NeedsNoWidgets) {
    LoadedWorkspace w;
    EXPECT_TRUE(QApplication::topLevelWidgets().isEmpty()) << "nothing in this test made a widget";
    ASSERT_TRUE(w.ws.store());
    EXPECT_EQ(w.ws.store()->size(), 21u);
    ASSERT_TRUE(w.ws.views().tree && w.ws.views().lanes);
    EXPECT_EQ(w.ws.alertCount(), 1);
    EXPECT_EQ(w.ws.affectedHosts(), 1);
    EXPECT_EQ(w.ws.joinKeyFields(), (std::vector<std::string>{"host.id", "user.id"}));
}

TEST(Workspace, TuningReRunsAndTheQueryFollows) {
    LoadedWorkspace w;
    QSignalSpy tuned(&w.ws, &Workspace::ruleChanged);
    auto tuning = w.ws.tuning();
    tuning.maxspan->value = 1490;
    tuning.maxspan->unit = "ms";
    w.ws.setTuning(tuning);
    w.ws.waitUntilIdle();
    EXPECT_TRUE(w.ws.queryText().contains(QStringLiteral("maxspan=1490ms")));
    EXPECT_EQ(w.ws.alertCount(), 0) << "bash and curl are 1491 ms apart";
    EXPECT_EQ(w.ws.versionLabel(), QStringLiteral("v100")) << "tuning keeps the version; the base query is unchanged";
    ASSERT_EQ(tuned.count(), 1);
    EXPECT_EQ(tuned.at(0).at(0).value<Workspace::RuleChange>(), Workspace::RuleChange::Tuned);
    tuning.maxspan->value = 1491;
    w.ws.setTuning(tuning);
    w.ws.waitUntilIdle();
    EXPECT_EQ(w.ws.alertCount(), 1);
}

TEST(Workspace, TheNewestRunWins) {
    LoadedWorkspace w;
    QSignalSpy finished(&w.ws, &Workspace::runFinished);
    auto tuning = w.ws.tuning();
    for (int ms : {1000, 1200, 1400, 1490, 5000}) { // five edits in a row, faster than a run
        tuning.maxspan->value = ms;
        tuning.maxspan->unit = "ms";
        w.ws.setTuning(tuning);
    }
    w.ws.waitUntilIdle();
    EXPECT_GE(finished.count(), 1);
    EXPECT_TRUE(w.ws.queryText().contains(QStringLiteral("maxspan=5000ms")));
    EXPECT_EQ(w.ws.alertCount(), 1) << "what is shown is the last edit's run, never an older one";
}

TEST(Workspace, QueryErrorsKeepTheLastAlertsAndSayWhere) {
    LoadedWorkspace w;
    QSignalSpy errors(&w.ws, &Workspace::ruleErrorChanged);
    w.ws.setRuleText(QStringLiteral("process where\n  process.name = \"curl\""));
    EXPECT_EQ(errors.count(), 1);
    EXPECT_EQ(w.ws.ruleError().line, 2);
    EXPECT_EQ(w.ws.ruleError().column, 16);
    EXPECT_TRUE(w.ws.ruleError().text().startsWith(QStringLiteral("line 2:16: ")));
    EXPECT_EQ(w.ws.alertCount(), 1) << "the last good run stays until the query is fixed";
    w.ws.setRuleText(QStringLiteral("network where process.name : \"curl\""));
    w.ws.waitUntilIdle();
    EXPECT_FALSE(w.ws.ruleError().isError());
    EXPECT_TRUE(w.ws.versionLabel().isEmpty()) << "a typed query is the user's own";
    EXPECT_EQ(w.ws.ruleName().toStdString(), "MacOS Installer Package Spawns Network Event")
        << "…but still the rule it was edited from";
    EXPECT_GT(w.ws.alertCount(), 0);
}

TEST(Workspace, SelectingAnAlertSelectsItsWholeChain) {
    LoadedWorkspace w;
    QSignalSpy selection(&w.ws, &Workspace::selectionChanged);
    w.ws.selectAlert(0);
    EXPECT_EQ(selection.count(), 1);
    const Workspace::Selection& s = w.ws.selection();
    EXPECT_EQ(s.alert, 0);
    ASSERT_EQ(s.events.size(), 2u);
    EXPECT_EQ(firstText(w.ws, s.events[0], "process.name"), "bash");
    EXPECT_EQ(firstText(w.ws, s.events[1], "process.name"), "curl");
    std::set<std::string> names;
    for (wb::EventIndex e : s.chainEvents)
        names.insert(firstText(w.ws, e, "process.name"));
    EXPECT_TRUE(names.count("bash") && names.count("curl")) << "the processes of the chain, network events included";
    EXPECT_GT(s.chainEvents.size(), s.events.size());
    w.ws.zoomToAlert(0);
    EXPECT_LE(w.ws.viewTo() - w.ws.viewFrom(), 60'000'000'000LL) << "the maxspan window and a margin";
    EXPECT_LE(w.ws.viewFrom(), w.ws.store()->timestampNs(s.events[0]));
}

TEST(Workspace, AnExceptionFromAnAlertSuppressesIt) {
    LoadedWorkspace w;
    wb::exceptions::ExceptionItem item;
    item.itemId = "no-mdm";
    item.name = "package_script_service is ours";
    wb::exceptions::ExceptionEntry entry;
    entry.field = "process.parent.name";
    entry.type = wb::exceptions::ExceptionEntry::Type::Match;
    entry.value = "package_script_service";
    item.entries.push_back(entry);
    w.ws.addExceptionItem(QStringLiteral("workbench-exceptions"), item);
    w.ws.waitUntilIdle();
    EXPECT_EQ(w.ws.alertCount(), 0);
    EXPECT_GT(w.ws.lastRun().excludedEvents, 0u);
    ASSERT_EQ(w.ws.lastRun().itemEffects.count("workbench-exceptions/no-mdm"), 1u);
    EXPECT_EQ(w.ws.lastRun().itemEffects.at("workbench-exceptions/no-mdm").alerts, 1u);
    w.ws.setExceptionItemEnabled(0, 0, false);
    w.ws.waitUntilIdle();
    EXPECT_EQ(w.ws.alertCount(), 1);
}

TEST(Workspace, SaveAndRestoreASessionWithoutAWindow) {
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/s.eqlwb.json");
    {
        LoadedWorkspace w;
        auto tuning = w.ws.tuning();
        tuning.lists[2].entries[0].enabled = false; // stage 2's "curl"
        w.ws.setTuning(tuning);
        w.ws.setEventFilter(QStringLiteral("process.name : \"curl\""));
        w.ws.setEventColumns({QStringLiteral("@timestamp"), QStringLiteral("process.name")});
        w.ws.setViewRange(1'715'682'000'000'000'000LL, 1'715'682'100'000'000'000LL);
        w.ws.waitUntilIdle();
        EXPECT_EQ(w.ws.alertCount(), 0);
        QString error;
        ASSERT_TRUE(w.ws.saveSession(path, &error)) << error.toStdString();
    }
    Workspace restored;
    restored.setAutosaveEnabled(false);
    QString error;
    ASSERT_TRUE(restored.openSession(path, &error)) << error.toStdString();
    EXPECT_EQ(restored.sessionState().captures.size(), 1) << "while it loads, the session is still what it saves";
    restored.waitUntilIdle();
    EXPECT_EQ(restored.store()->size(), 21u);
    EXPECT_EQ(restored.alertCount(), 0) << "curl stays switched off";
    EXPECT_FALSE(restored.tuning().lists[2].entries[0].enabled);
    EXPECT_EQ(restored.versionLabel(), QStringLiteral("v100"));
    EXPECT_EQ(restored.eventFilter(), QStringLiteral("process.name : \"curl\""));
    EXPECT_EQ(restored.eventColumns().size(), 2);
    EXPECT_EQ(restored.viewFrom(), 1'715'682'000'000'000'000LL);
}

TEST(Workspace, TheScheduleAndTheComparisonComeBackWithTheSession) {
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/s.eqlwb.json");
    {
        LoadedWorkspace w;
        Workspace::ScheduleSettings s = w.ws.scheduleSettings();
        s.enabled = true;
        s.lookbackMs = 20 * 60'000;
        s.maxSignals = 7;
        w.ws.setScheduleSettings(s);
        w.ws.compareWithVersion(QStringLiteral("v113"));
        w.ws.waitUntilIdle();
        ASSERT_TRUE(w.ws.schedule());
        EXPECT_EQ(w.ws.schedule()->result.shellAndEventAlerts(), 1u);
        ASSERT_TRUE(w.ws.comparison());
        QString error;
        ASSERT_TRUE(w.ws.saveSession(path, &error)) << error.toStdString();
    }
    Workspace restored;
    restored.setAutosaveEnabled(false);
    QString error;
    ASSERT_TRUE(restored.openSession(path, &error)) << error.toStdString();
    restored.waitUntilIdle();
    EXPECT_TRUE(restored.scheduleSettings().enabled);
    EXPECT_EQ(restored.scheduleSettings().lookbackMs, 20 * 60'000);
    EXPECT_EQ(restored.scheduleSettings().maxSignals, 7);
    ASSERT_TRUE(restored.schedule()) << "simulated again after the load";
    ASSERT_TRUE(restored.comparison());
    EXPECT_EQ(restored.comparison()->label, QStringLiteral("v113"));
    EXPECT_EQ(restored.compareStatus(0), Workspace::CompareStatus::New) << "v113 does not fire on this sample";
}

TEST(Workspace, CancellingALoadKeepsWhatWasThere) {
    LoadedWorkspace w;
    wb::test::TempDir dir;
    std::string content;
    const std::string line = wb::test::readFile(Sample.toStdString());
    for (int i = 0; i < 3000; ++i)
        content += line;
    const auto big = dir.write("big.ndjson", content);
    QSignalSpy cancelled(&w.ws, &Workspace::loadingCancelled);
    QSignalSpy changed(&w.ws, &Workspace::captureChanged);
    w.ws.openCaptures({QString::fromStdString(big)});
    w.ws.cancelLoading();
    w.ws.waitUntilIdle();
    EXPECT_EQ(cancelled.count(), 1);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_EQ(w.ws.store()->size(), 21u) << "the capture that was open stays open";
}

TEST(Workspace, ReplayShowsOnlyWhatHasHappened) {
    LoadedWorkspace w;
    w.ws.setReplayMode(true);
    ASSERT_TRUE(w.ws.replayMode());
    EXPECT_EQ(w.ws.alertCount(), 0);
    w.ws.setReplayMode(false);
    EXPECT_EQ(w.ws.alertCount(), 1);
}

TEST(JobRunner, DeliversOnlyTheNewestResultOfAKind) {
    JobRunner jobs;
    std::vector<int> delivered;
    for (int i = 0; i < 5; ++i)
        jobs.start<int>(
            QStringLiteral("k"),
            [i](const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<int> {
                for (int t = 0; t < 20 && !cancel.load(); ++t)
                    QThread::msleep(2);
                return i;
            },
            [&](int v) { delivered.push_back(v); });
    jobs.waitForIdle();
    EXPECT_EQ(delivered, std::vector<int>{4});
    jobs.start<int>(
        QStringLiteral("k"),
        [](const std::atomic<bool>& cancel, const JobRunner::Progress&) -> std::optional<int> {
            while (!cancel.load())
                QThread::msleep(1);
            return 7;
        },
        [&](int v) { delivered.push_back(v); });
    QSignalSpy cancelled(&jobs, &JobRunner::cancelled);
    jobs.cancel(QStringLiteral("k"));
    jobs.waitForIdle();
    EXPECT_EQ(cancelled.count(), 1);
    EXPECT_EQ(delivered, std::vector<int>{4}) << "a cancelled job delivers nothing";
}

TEST(Workspace, ASecondOpenOfTheSameCaptureComesFromTheCacheUnlessSwitchedOff) {
    wb::test::TempDir dir;
    const QString copy = QString::fromStdString(dir.write("copy.ndjson", wb::test::readFile(Sample.toStdString())));
    Workspace ws;
    ws.setAutosaveEnabled(false);
    ws.setCaptureCacheEnabled(true);
    QStringList messages;
    QObject::connect(&ws, &Workspace::message, [&](const QString& m) { messages << m; });
    ws.openCaptures({copy});
    ws.waitUntilIdle();
    EXPECT_FALSE(ws.capture().report.fromCache);
    // Written in the background once the capture is open, and said.
    EXPECT_TRUE(ws.capture().report.pendingCacheKey.has_value());
    EXPECT_TRUE(messages.contains(QStringLiteral("Saved to the capture cache: the next open is instant")))
        << messages.join(QStringLiteral(" | ")).toStdString();
    const int alerts = ws.alertCount();
    ws.openCaptures({copy});
    ws.waitUntilIdle();
    EXPECT_TRUE(ws.capture().report.fromCache) << ws.capture().report.cacheNote;
    EXPECT_EQ(ws.store()->size(), 21u);
    EXPECT_EQ(ws.alertCount(), alerts) << "the same alerts from the cached store";
    ws.setCaptureCacheEnabled(false);
    ws.openCaptures({copy});
    ws.waitUntilIdle();
    EXPECT_FALSE(ws.capture().report.fromCache);
    ws.setCaptureCacheEnabled(true);
}
