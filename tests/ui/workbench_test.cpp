// SPDX-License-Identifier: Apache-2.0
// The workbench window driven as a user would: tune the rule, watch the alerts follow.
#include "alertsmodel.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "eventsmodel.h"
#include "load/captureloader.h"
#include "mainwindow.h"
#include "processtreemodel.h"
#include "rulepanel.h"
#include "testfiles.h"
#include "timelinewidget.h"
#include "valuelisteditor.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <gtest/gtest.h>

namespace {
const QString Sample = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson");

// A window with the sample loaded and the seed rule (v100) run.
struct Workbench {
    MainWindow window;
    Workbench() {
        window.setAutosaveEnabled(false);
        window.openCaptures({Sample});
        window.waitUntilIdle();
    }
    int alerts() {
        window.waitUntilIdle();
        return window.alertsModel()->rowCount();
    }
    ValueListEditor* list(const QString& label) {
        for (ValueListEditor* e : window.rulePanel()->listEditors())
            if (QString::fromStdString(e->list().label()) == label) return e;
        return nullptr;
    }
};

// What the engine itself says for a query on the sample, to compare the window with.
int engineAlerts(const QString& query) {
    wb::EventStore store;
    wb::CaptureLoader(store, {}).load({Sample.toStdString()});
    wb::eql::Schema schema(store);
    wb::eql::Engine engine(schema);
    return int(engine.run(wb::eql::parseQuery(query.toStdString()), {}).matches.size());
}
} // namespace

TEST(Workbench, RunsTheSeedRuleOnTheSample) {
    Workbench w;
    EXPECT_EQ(w.alerts(), 1);
    EXPECT_EQ(w.window.alertsModel()->hostCount(), 1);
    EXPECT_TRUE(w.window.statusText().contains(QStringLiteral("1 alerts"))) << w.window.statusText().toStdString();
    EXPECT_EQ(w.window.timeline()->laneCount(), 2) << "host.id × user.id: root and alice";
}

TEST(Workbench, MaxspanChangeChangesAlertsAsTheEngineSays) {
    Workbench w;
    RulePanel* rule = w.window.rulePanel();
    rule->maxspanUnit()->setCurrentText(QStringLiteral("ms"));
    rule->maxspanValue()->setValue(1490);
    EXPECT_TRUE(rule->queryText().contains(QStringLiteral("maxspan=1490ms")));
    EXPECT_EQ(w.alerts(), engineAlerts(rule->queryText()));
    EXPECT_EQ(w.alerts(), 0) << "bash at 07.412, curl at 08.903: 1491 ms apart";
    rule->maxspanValue()->setValue(1491);
    EXPECT_EQ(w.alerts(), 1) << "maxspan is inclusive";
    EXPECT_EQ(w.alerts(), engineAlerts(rule->queryText()));
}

TEST(Workbench, SwitchingOffCurlRemovesItsAlertAndAddingItBackRestoresIt) {
    Workbench w;
    ValueListEditor* network = w.list(QStringLiteral("[2] process.name :"));
    ASSERT_NE(network, nullptr);
    ASSERT_TRUE(network->setEntryEnabled(QStringLiteral("curl"), false));
    EXPECT_FALSE(w.window.rulePanel()->queryText().contains(QStringLiteral("\"curl\"")));
    EXPECT_EQ(w.alerts(), 0);
    ASSERT_TRUE(network->setEntryEnabled(QStringLiteral("curl"), true));
    EXPECT_EQ(w.alerts(), 1);
    ValueListEditor* parents = w.list(QStringLiteral("[1] process.parent.name :"));
    ASSERT_NE(parents, nullptr);
    parents->listWidget()->item(1)->setSelected(true); // package_script_service
    parents->removeSelected();
    EXPECT_EQ(w.alerts(), 0);
    ASSERT_TRUE(parents->addEntry(QStringLiteral("package_script_*")));
    EXPECT_EQ(w.alerts(), 1) << "a wildcard value added to the list";
}

TEST(Workbench, ControlsFollowTheTextAndErrorsShowLineAndColumn) {
    Workbench w;
    RulePanel* rule = w.window.rulePanel();
    rule->setRuleText(
        QStringLiteral("sequence by host.id with maxspan=2m\n  [process where process.name : (\"bash\", \"zsh\")]\n"
                       "  [network where process.name in (\"curl\")]"));
    EXPECT_EQ(rule->maxspanValue()->value(), 2);
    EXPECT_EQ(rule->maxspanUnit()->currentText(), QStringLiteral("m"));
    EXPECT_EQ(rule->keysEdit()->text(), QStringLiteral("host.id"));
    ASSERT_EQ(rule->listEditors().size(), 2u);
    EXPECT_EQ(rule->listEditors()[1]->listWidget()->count(), 1);
    EXPECT_EQ(w.alerts(), engineAlerts(rule->queryText()));
    rule->setRuleText(QStringLiteral("process where\n  process.name = \"curl\""));
    EXPECT_TRUE(rule->errorText().startsWith(QStringLiteral("line 2:16"))) << rule->errorText().toStdString();
}

TEST(Workbench, SelectingAnAlertHighlightsItsProcessChain) {
    Workbench w;
    ASSERT_EQ(w.alerts(), 1);
    w.window.alertsView()->selectRow(0);
    const ProcessTreeModel* tree = w.window.processTreeModel();
    int highlighted = 0;
    std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < tree->rowCount(parent); ++r) {
            const QModelIndex i = tree->index(r, 0, parent);
            if (tree->data(i, Qt::BackgroundRole).isValid()) ++highlighted;
            walk(i);
        }
    };
    walk({});
    EXPECT_GE(highlighted, 3) << "package_script_service → bash → curl at least";
    w.window.timeline()->zoomToAlert(0);
    EXPECT_LT(w.window.timeline()->viewTo() - w.window.timeline()->viewFrom(), 60'000'000'000LL);
    w.window.timeline()->back();
    w.window.timeline()->resetView();
}

TEST(Workbench, EventFilterTakesEqlOrText) {
    Workbench w;
    w.window.filterBar()->setText(QStringLiteral("process.name : \"curl\""));
    QTest::keyClick(w.window.filterBar(), Qt::Key_Return);
    w.window.waitUntilIdle();
    const int curl = w.window.eventsModel()->rowCount();
    EXPECT_GT(curl, 0);
    EXPECT_LT(curl, 21);
    w.window.filterBar()->setText(QStringLiteral("mbp-alice"));
    QTest::keyClick(w.window.filterBar(), Qt::Key_Return);
    w.window.waitUntilIdle();
    EXPECT_EQ(w.window.eventsModel()->rowCount(), 21);
    w.window.filterBar()->setText(QStringLiteral("process.name == 'curl'"));
    QTest::keyClick(w.window.filterBar(), Qt::Key_Return);
    EXPECT_TRUE(w.window.filterBar()->toolTip().contains(QStringLiteral("double quotes")));
}

TEST(Workbench, SessionsRoundTripWithTuning) {
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/s.eqlwb.json");
    {
        Workbench w;
        ASSERT_TRUE(w.list(QStringLiteral("[2] process.name :"))->setEntryEnabled(QStringLiteral("curl"), false));
        EXPECT_EQ(w.alerts(), 0);
        QString error;
        ASSERT_TRUE(w.window.saveSession(path, &error)) << error.toStdString();
    }
    MainWindow restored;
    restored.setAutosaveEnabled(false);
    QString error;
    ASSERT_TRUE(restored.openSession(path, &error)) << error.toStdString();
    restored.waitUntilIdle();
    EXPECT_EQ(restored.capture().summary.events, 21u);
    EXPECT_EQ(restored.alertsModel()->rowCount(), 0) << "curl stays switched off";
    ValueListEditor* network = nullptr;
    for (ValueListEditor* e : restored.rulePanel()->listEditors())
        if (e->list().label() == "[2] process.name :") network = e;
    ASSERT_NE(network, nullptr);
    EXPECT_EQ(network->listWidget()->item(0)->checkState(), Qt::Unchecked) << "the switched-off entry is kept";
    EXPECT_FALSE(SessionFile::load(QString::fromStdString(dir.write("bad.json", "{nope")), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("bad.json")));
}

TEST(WorkbenchModels, PassTheModelTester) {
    Workbench w;
    QAbstractItemModelTester alerts(w.window.alertsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester events(w.window.eventsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester tree(w.window.processTreeModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Drive every kind of change through the testers.
    w.window.rulePanel()->maxspanValue()->setValue(1);
    w.window.waitUntilIdle();
    w.window.rulePanel()->maxspanValue()->setValue(30);
    w.window.waitUntilIdle();
    w.window.alertsView()->selectRow(0);
    w.window.eventsModel()->setFilter(QStringLiteral("network where true"));
    w.window.eventsModel()->waitForFilter();
    w.window.eventsModel()->setColumns({QStringLiteral("@timestamp"), QStringLiteral("process.name")});
    w.window.eventsModel()->setFilter(QString());
    w.window.openCaptures({Sample});
    w.window.waitUntilIdle();
    EXPECT_EQ(w.window.eventsModel()->columnCount(), 2);
}
