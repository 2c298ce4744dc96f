// SPDX-License-Identifier: Apache-2.0
// Bring your own rules in the workbench: open a folder of rules, filter, sweep, open a rule,
// tune it, export it with every field it had.
#include "alerts/alertspanel.h"
#include "exceptions/exports.h"
#include "rule/rulelibrarymodel.h"
#include "rule/rulelibrarypanel.h"
#include "rule/rulepanel.h"
#include "testfiles.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <gtest/gtest.h>

namespace {
const QString Sample = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson");

const char* const CurlToml = R"([metadata]
creation_date = "2024/05/14"
maturity = "production"

[rule]
author = ["Test"]
description = "curl connects out."
from = "now-9m"
index = ["logs-endpoint.events.*"]
language = "eql"
license = "Elastic License v2"
name = "Curl Network Connection"
risk_score = 47
rule_id = "11111111-1111-4111-8111-111111111111"
severity = "medium"
tags = ["OS: macOS", "Tactic: Command and Control"]
type = "eql"

query = '''
sequence by host.id with maxspan=30s
  [process where event.type == "start" and process.name : "curl"]
  [network where process.name : "curl"]
'''
)";

struct Library {
    wb::test::TempDir dir;
    MainWindow window;
    Library() {
        dir.write("curl.toml", CurlToml);
        dir.write("never.eql", "process where process.name : \"no-such-process\"\n");
        dir.write("kql.json",
            R"({"rule_id":"k","name":"A KQL Rule","type":"query","language":"kuery","query":"process.name: bash","tags":["OS: Linux"]})");
        window.workspace()->setAutosaveEnabled(false);
        window.openCaptures({Sample});
        window.workspace()->openRuleLibrary({QString::fromStdString(dir.path())});
        window.waitUntilIdle();
    }
    RuleLibraryPanel* panel() { return window.ruleLibraryPanel(); }
    int shown() { return panel()->filtered()->rowCount(); }
    int rowNamed(const QString& name) {
        for (int r = 0; r < shown(); ++r)
            if (panel()->filtered()->index(r, RuleLibraryModel::Name).data().toString() == name) return r;
        return -1;
    }
};
} // namespace

TEST(RuleLibrary, ListsEveryRuleAndWhyOneCannotRun) {
    Library l;
    ASSERT_EQ(l.shown(), 3);
    const int kql = l.rowNamed(QStringLiteral("A KQL Rule"));
    ASSERT_GE(kql, 0);
    EXPECT_TRUE(l.panel()
                    ->filtered()
                    ->index(kql, RuleLibraryModel::Status)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("cannot run: a custom query rule")));
    l.panel()->searchBar()->setText(QStringLiteral("macOS curl"));
    EXPECT_EQ(l.shown(), 1) << "search by tag and name";
    l.panel()->searchBar()->clear();
    l.panel()->showFilter()->setCurrentIndex(3); // cannot run here
    EXPECT_EQ(l.shown(), 1);
    l.panel()->showFilter()->setCurrentIndex(0);
}

TEST(RuleLibrary, SweepShowsAlertsPerRuleMostFirst) {
    Library l;
    QSignalSpy finished(l.window.workspace(), &Workspace::sweepFinished);
    l.window.workspace()->sweepLibrary();
    l.window.waitUntilIdle();
    ASSERT_EQ(finished.count(), 1);
    EXPECT_EQ(l.panel()->filtered()->index(0, RuleLibraryModel::Name).data().toString(),
        QStringLiteral("Curl Network Connection"));
    EXPECT_EQ(l.panel()->filtered()->index(0, RuleLibraryModel::Alerts).data().toInt(), 1);
    l.panel()->showFilter()->setCurrentIndex(2); // fired
    EXPECT_EQ(l.shown(), 1);
}

TEST(RuleLibrary, OpenTuneAndExportARuleKeepingItsFields) {
    Library l;
    Workspace* ws = l.window.workspace();
    const int curl = l.rowNamed(QStringLiteral("Curl Network Connection"));
    ASSERT_GE(curl, 0);
    l.panel()->openRow(curl);
    l.window.waitUntilIdle();
    EXPECT_TRUE(ws->ruleFromFile());
    EXPECT_EQ(ws->ruleName(), QStringLiteral("Curl Network Connection"));
    EXPECT_EQ(ws->alertCount(), 1);
    EXPECT_EQ(l.window.rulePanel()->maxspanValue()->value(), 30) << "its tuning controls";
    l.window.rulePanel()->maxspanUnit()->setCurrentText(QStringLiteral("ms"));
    l.window.rulePanel()->maxspanValue()->setValue(100);
    l.window.waitUntilIdle();
    EXPECT_EQ(ws->alertCount(), 0) << "curl starts and connects more than 100 ms apart";
    const QString toml = Exports::text(*ws, QStringLiteral("toml-rule"));
    EXPECT_TRUE(toml.contains(QStringLiteral("maxspan=100ms")));
    EXPECT_TRUE(toml.startsWith(QStringLiteral("[metadata]\ncreation_date = \"2024/05/14\"")))
        << "the file as it was, the query tuned:\n"
        << toml.toStdString();
    EXPECT_TRUE(toml.contains(QStringLiteral("license = \"Elastic License v2\"")));
    const QString kibana = Exports::text(*ws, QStringLiteral("kibana-rule"));
    EXPECT_TRUE(kibana.contains(QStringLiteral("\"rule_id\":\"11111111-1111-4111-8111-111111111111\"")));
    // The status line names the rule in Kibana's reason.
    ws->selectVersion(QStringLiteral("v100"));
    l.window.waitUntilIdle();
    EXPECT_FALSE(ws->ruleFromFile());
}

TEST(RuleLibrary, SessionsBringAnOpenedRuleBackFromItsFile) {
    Library l;
    Workspace* ws = l.window.workspace();
    l.panel()->openRow(l.rowNamed(QStringLiteral("Curl Network Connection")));
    l.window.waitUntilIdle();
    const QString path = QString::fromStdString(l.dir.path()) + QStringLiteral("/s.eqlwb.json");
    ASSERT_TRUE(ws->saveSession(path));
    Workspace restored;
    restored.setAutosaveEnabled(false);
    ASSERT_TRUE(restored.openSession(path));
    restored.waitUntilIdle();
    EXPECT_TRUE(restored.ruleFromFile());
    EXPECT_EQ(restored.ruleName(), QStringLiteral("Curl Network Connection"));
    EXPECT_EQ(restored.alertCount(), 1);
}

TEST(RuleLibrary, TheRulePanelNamesTheOpenedRule) {
    Library l;
    l.panel()->openRow(l.rowNamed(QStringLiteral("Curl Network Connection")));
    l.window.waitUntilIdle();
    auto* versions = l.window.rulePanel()->findChild<QComboBox*>();
    ASSERT_NE(versions, nullptr);
    EXPECT_EQ(versions->currentText(), QStringLiteral("Curl Network Connection (from a file)"));
    l.window.rulePanel()->maxspanValue()->setValue(20); // tuned, still that rule
    l.window.waitUntilIdle();
    EXPECT_EQ(versions->currentText(), QStringLiteral("Curl Network Connection (from a file)"));
}
