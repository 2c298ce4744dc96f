// SPDX-License-Identifier: Apache-2.0
// The workbench window driven as a user would: tune the rule, watch the alerts follow.
#include "alerts/alertsmodel.h"
#include "alerts/alertspanel.h"
#include "capturegenerator.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "events/eventsmodel.h"
#include "events/eventspanel.h"
#include "exceptions/addexceptiondialog.h"
#include "exceptions/exceptionio.h"
#include "exceptions/exceptionitemdialog.h"
#include "exceptions/exceptionspanel.h"
#include "exceptions/exports.h"
#include "graph/attackgraphview.h"
#include "graph/graphpanel.h"
#include "load/captureloader.h"
#include "output/resultwriter.h"
#include "process/processtreemodel.h"
#include "process/processtreeview.h"
#include "replay/captionsdialog.h"
#include "replay/replaybar.h"
#include "replay/replaycallouts.h"
#include "replay/replaycontroller.h"
#include "report/exportreportdialog.h"
#include "report/svgdrawing.h"
#include "rule/rulepanel.h"
#include "rule/valuelisteditor.h"
#include "testfiles.h"
#include "timeline/timelinepane.h"
#include "timeline/timelinewidget.h"
#include "util/timestamp.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>
#include <gtest/gtest.h>

namespace {
const QString Sample = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson");

// A window with the sample loaded and the seed rule (v100) run.
struct Workbench {
    MainWindow window;
    Workbench() {
        window.workspace()->setAutosaveEnabled(false);
        window.openCaptures({Sample});
        window.waitUntilIdle();
    }
    int alerts() {
        window.waitUntilIdle();
        return window.alertsPanel()->model()->rowCount();
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
    EXPECT_EQ(w.window.workspace()->affectedHosts(), 1);
    EXPECT_TRUE(w.window.statusText().contains(QStringLiteral("1 alert ·"))) << w.window.statusText().toStdString();
    EXPECT_EQ(w.window.timelinePane()->lanes()->laneCount(), 2) << "host.id × user.id: root and alice";
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
    w.window.alertsPanel()->view()->selectRow(0);
    const ProcessTreeModel* tree = w.window.processTreeView()->treeModel();
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
    w.window.workspace()->zoomToAlert(0); // the lanes follow the workspace's range
    EXPECT_LT(
        w.window.timelinePane()->lanes()->viewTo() - w.window.timelinePane()->lanes()->viewFrom(), 60'000'000'000LL);
    w.window.timelinePane()->lanes()->back();
    w.window.timelinePane()->lanes()->resetView();
}

TEST(Workbench, EventFilterTakesEqlOrText) {
    Workbench w;
    w.window.eventsPanel()->filterBar()->setText(QStringLiteral("process.name : \"curl\""));
    QTest::keyClick(w.window.eventsPanel()->filterBar(), Qt::Key_Return);
    w.window.waitUntilIdle();
    const int curl = w.window.eventsPanel()->model()->rowCount();
    EXPECT_GT(curl, 0);
    EXPECT_LT(curl, 21);
    w.window.eventsPanel()->filterBar()->setText(QStringLiteral("mbp-alice"));
    QTest::keyClick(w.window.eventsPanel()->filterBar(), Qt::Key_Return);
    w.window.waitUntilIdle();
    EXPECT_EQ(w.window.eventsPanel()->model()->rowCount(), 21);
    w.window.eventsPanel()->filterBar()->setText(QStringLiteral("process.name == 'curl'"));
    QTest::keyClick(w.window.eventsPanel()->filterBar(), Qt::Key_Return);
    EXPECT_TRUE(w.window.eventsPanel()->filterBar()->toolTip().contains(QStringLiteral("double quotes")));
}

TEST(Workbench, SessionsRoundTripWithTuning) {
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/s.eqlwb.json");
    {
        Workbench w;
        ASSERT_TRUE(w.list(QStringLiteral("[2] process.name :"))->setEntryEnabled(QStringLiteral("curl"), false));
        EXPECT_EQ(w.alerts(), 0);
        QString error;
        ASSERT_TRUE(w.window.workspace()->saveSession(path, &error)) << error.toStdString();
    }
    MainWindow restored;
    restored.workspace()->setAutosaveEnabled(false);
    QString error;
    ASSERT_TRUE(restored.workspace()->openSession(path, &error)) << error.toStdString();
    restored.waitUntilIdle();
    EXPECT_EQ(restored.workspace()->capture().summary.events, 21u);
    EXPECT_EQ(restored.alertsPanel()->model()->rowCount(), 0) << "curl stays switched off";
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
    QAbstractItemModelTester alerts(
        w.window.alertsPanel()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester events(
        w.window.eventsPanel()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester tree(
        w.window.processTreeView()->treeModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Drive every kind of change through the testers.
    w.window.rulePanel()->maxspanValue()->setValue(1);
    w.window.waitUntilIdle();
    w.window.rulePanel()->maxspanValue()->setValue(30);
    w.window.waitUntilIdle();
    w.window.alertsPanel()->view()->selectRow(0);
    w.window.eventsPanel()->model()->setFilter(QStringLiteral("network where true"));
    w.window.eventsPanel()->model()->waitForFilter();
    w.window.workspace()->setEventColumns({QStringLiteral("@timestamp"), QStringLiteral("process.name")});
    w.window.eventsPanel()->model()->setFilter(QString());
    w.window.openCaptures({Sample});
    w.window.waitUntilIdle();
    EXPECT_EQ(w.window.eventsPanel()->model()->columnCount(), 2);
}

TEST(WorkbenchExceptions, AddFromAnAlertWithPreviewThenSwitchOff) {
    Workbench w;
    ASSERT_EQ(w.alerts(), 1);
    w.window.alertsPanel()->view()->selectRow(0);
    auto dialog = AddExceptionDialog::forSelectedAlert(*w.window.workspace(), &w.window);
    ASSERT_NE(dialog, nullptr);
    // The first proposal is the stage-1 parent name, checked: the alert goes away, nothing else.
    EXPECT_TRUE(dialog->previewText().contains(QStringLiteral("goes away"))) << dialog->previewText().toStdString();
    EXPECT_TRUE(dialog->previewText().contains(QStringLiteral("No other alert")))
        << dialog->previewText().toStdString();
    const wb::exceptions::ExceptionItem proposed = dialog->item();
    ASSERT_EQ(proposed.entries.size(), 1u);
    EXPECT_EQ(proposed.entries[0].field, "process.parent.name");
    EXPECT_EQ(proposed.entries[0].value, "package_script_service");
    // Adding host.name as well narrows it but still kills this alert.
    ASSERT_TRUE(dialog->setEntryChecked(QStringLiteral("host.name"), true));
    EXPECT_EQ(dialog->item().entries.size(), 2u);
    EXPECT_TRUE(dialog->previewText().contains(QStringLiteral("goes away")));
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) { // for looking at the dialog by eye
        dialog->show();
        dialog->grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/add-exception.png"));
    }
    dialog->applyTo(*w.window.workspace());
    EXPECT_EQ(w.alerts(), 0) << "the exception removes the stage-1 event, so the sequence cannot form";
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) {
        w.window.resize(1600, 1000);
        w.window.show();
        w.window.waitUntilIdle();
        w.window.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/exceptions.png"));
    }
    ExceptionsPanel* panel = w.window.exceptionsPanel();
    ASSERT_EQ(panel->exceptions().itemCount(), 1u);
    EXPECT_EQ(panel->tree()->topLevelItem(0)->child(0)->text(2), QStringLiteral("1")) << "suppresses one alert";
    panel->setItemEnabled(0, 0, false);
    EXPECT_EQ(w.alerts(), 1) << "a switched-off item changes nothing";
    panel->setItemEnabled(0, 0, true);
    EXPECT_EQ(w.alerts(), 0);
    // Exports reload into the same model.
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/lists.ndjson");
    QString error;
    ASSERT_TRUE(Exports::toFile(*w.window.workspace(), QStringLiteral("kibana-lists"), path, &error))
        << error.toStdString();
    const auto reread = wb::exceptions::readExceptions(path.toStdString());
    ASSERT_TRUE(reread.ok());
    EXPECT_EQ(wb::exceptions::toKibanaNdjson(reread.set), wb::exceptions::toKibanaNdjson(panel->exceptions()));
    EXPECT_TRUE(
        Exports::text(*w.window.workspace(), QStringLiteral("es-request")).contains(QStringLiteral("must_not")));
}

TEST(WorkbenchExceptions, PreviewWarnsWhenAnItemWouldSuppressOtherAlerts) {
    Workbench w;
    w.window.rulePanel()->setRuleText(QStringLiteral("network where event.type == \"start\""));
    ASSERT_GT(w.alerts(), 2);
    w.window.alertsPanel()->view()->selectRow(0);
    auto dialog = AddExceptionDialog::forSelectedAlert(*w.window.workspace(), &w.window);
    ASSERT_NE(dialog, nullptr);
    for (int r = 0; r < dialog->entriesTable()->rowCount(); ++r)
        dialog->entriesTable()->item(r, 0)->setCheckState(Qt::Unchecked);
    ASSERT_TRUE(dialog->setEntryChecked(QStringLiteral("host.name"), true));
    EXPECT_TRUE(dialog->previewText().contains(QStringLiteral("would also suppress")))
        << dialog->previewText().toStdString();
}

TEST(WorkbenchExceptions, SessionsKeepExceptionsAndTheirSwitches) {
    wb::test::TempDir dir;
    const QString path = QString::fromStdString(dir.path()) + QStringLiteral("/s.eqlwb.json");
    {
        Workbench w;
        w.window.alertsPanel()->view()->selectRow(0);
        auto dialog = AddExceptionDialog::forSelectedAlert(*w.window.workspace(), &w.window);
        ASSERT_NE(dialog, nullptr);
        dialog->applyTo(*w.window.workspace());
        w.window.exceptionsPanel()->setItemEnabled(0, 0, false);
        EXPECT_EQ(w.alerts(), 1);
        ASSERT_TRUE(w.window.workspace()->saveSession(path));
    }
    MainWindow restored;
    restored.workspace()->setAutosaveEnabled(false);
    ASSERT_TRUE(restored.workspace()->openSession(path));
    restored.waitUntilIdle();
    ASSERT_EQ(restored.exceptionsPanel()->exceptions().itemCount(), 1u);
    EXPECT_FALSE(restored.exceptionsPanel()->exceptions().lists[0].items[0].enabled);
    EXPECT_EQ(restored.alertsPanel()->model()->rowCount(), 1);
}

TEST(WorkbenchExceptions, EditingAnItemChangesWhatItSuppresses) {
    Workbench w;
    w.window.alertsPanel()->view()->selectRow(0);
    auto dialog = AddExceptionDialog::forSelectedAlert(*w.window.workspace(), &w.window);
    ASSERT_NE(dialog, nullptr);
    dialog->applyTo(*w.window.workspace());
    ASSERT_EQ(w.alerts(), 0);
    ExceptionsPanel* panel = w.window.exceptionsPanel();
    ExceptionItemDialog edit(panel->exceptions().lists[0].items[0]);
    edit.entriesTable()->item(0, 3)->setText(QStringLiteral("installer")); // a parent this capture does not have
    QString error;
    auto edited = edit.result(&error);
    ASSERT_TRUE(edited) << error.toStdString();
    w.window.workspace()->replaceExceptionItem(0, 0, *edited);
    EXPECT_EQ(w.alerts(), 1);
    edit.entriesTable()->item(0, 3)->setText(QString());
    EXPECT_FALSE(edit.result(&error));
    EXPECT_TRUE(error.contains(QStringLiteral("needs a field and a value")));
}

TEST(WorkbenchReplay, AlertsAppearWhenTheirSequenceCompletes) {
    Workbench w;
    ASSERT_EQ(w.alerts(), 1);
    w.window.workspace()->setReplayMode(true);
    ReplayController* replay = w.window.workspace()->replay();
    EXPECT_EQ(w.window.alertsPanel()->model()->rowCount(), 0) << "nothing has happened at the start";
    EXPECT_LT(w.window.eventsPanel()->model()->rowCount(), 21);
    replay->setNow(*wb::parseTimestamp("2024-05-14T10:21:08Z")); // bash ran, curl has not connected yet
    EXPECT_EQ(w.window.alertsPanel()->model()->rowCount(), 0);
    replay->jumpToNextMark(); // the next event that matters: curl's connection
    EXPECT_EQ(replay->now(), *wb::parseTimestamp("2024-05-14T10:21:08.903519Z"));
    EXPECT_EQ(w.window.alertsPanel()->model()->rowCount(), 1) << "the alert appears with its last stage";
    const int rows = w.window.eventsPanel()->model()->rowCount();
    replay->stepForward();
    EXPECT_EQ(w.window.eventsPanel()->model()->rowCount(), rows + 1) << "one more event has happened";
    replay->stepBack();
    replay->stepBack();
    EXPECT_EQ(w.window.alertsPanel()->model()->rowCount(), 0);
    EXPECT_TRUE(w.window.replayBar()->captionText().contains(QStringLiteral("stage 1")))
        << w.window.replayBar()->captionText().toStdString();
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) { // for looking at the presenter view by eye
        w.window.setPresenterView(true);
        w.window.resize(1600, 1000);
        w.window.show();
        w.window.waitUntilIdle();
        w.window.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/replay.png"));
        w.window.setPresenterView(false);
    }
    replay->setSpeed(60);
    replay->play();
    QTest::qWait(300); // 60× for 0.3 s: about 18 s of capture time
    replay->pause();
    EXPECT_GT(replay->now(), *wb::parseTimestamp("2024-05-14T10:21:08.903519Z"));
    w.window.workspace()->setReplayMode(false);
    EXPECT_EQ(w.window.alertsPanel()->model()->rowCount(), 1);
    EXPECT_EQ(w.window.eventsPanel()->model()->rowCount(), 21);
}

TEST(WorkbenchReplay, CaptionsAreCheckedWhenLoaded) {
    wb::test::TempDir dir;
    ReplayController replay;
    QString error;
    EXPECT_FALSE(
        replay.loadCaptions(QString::fromStdString(dir.write("c.json", R"([{"time":"soon","caption":"x"}])")), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("caption 1"))) << error.toStdString();
    ASSERT_TRUE(replay.loadCaptions(
        QString::fromStdString(dir.write("d.json",
            R"([{"time":"2024-01-01T00:00:10Z","caption":"b"},{"time":"2024-01-01T00:00:00Z","caption":"a"}])")),
        &error));
    EXPECT_EQ(replay.captionAt(*wb::parseTimestamp("2024-01-01T00:00:05Z")), QStringLiteral("a"));
    EXPECT_EQ(replay.captionAt(*wb::parseTimestamp("2024-01-01T00:00:11Z")), QStringLiteral("b"));
}

// A capture out of time order is listed by time (the order is computed with the load, off the GUI
// thread), and a filter typed while another still runs replaces it: the table shows the later
// filter's rows, never the earlier's arriving late.
TEST(Workbench, EventsTableListsByTimeAndTheLatestFilterWins) {
    wb::test::TempDir dir;
    QStringList lines;
    wb::bench::CaptureSpec spec;
    spec.events = 20000;
    wb::bench::generateCapture(spec, [&](const std::string& line) { lines.prepend(QString::fromStdString(line)); });
    const std::string path
        = dir.write("reversed.ndjson", (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toStdString());
    MainWindow window;
    window.workspace()->setAutosaveEnabled(false);
    window.openCaptures({QString::fromStdString(path)});
    window.waitUntilIdle();
    EventsModel* model = window.eventsPanel()->model();
    ASSERT_EQ(model->rowCount(), 20000);
    const wb::EventStore& store = *window.workspace()->store();
    EXPECT_GT(store.timestampNs(0), store.timestampNs(19999)) << "the file really is newest first";
    for (int row = 1; row < model->rowCount(); ++row)
        ASSERT_LE(store.timestampNs(model->eventAt(row - 1)), store.timestampNs(model->eventAt(row))) << row;

    model->setFilter(QStringLiteral("curl"));
    model->setFilter(QStringLiteral("process.name : \"bash\""));
    model->waitForFilter();
    QCoreApplication::processEvents();
    ASSERT_GT(model->rowCount(), 0);
    const wb::FieldId name = store.fields().find("process.name");
    for (int row = 0; row < model->rowCount(); ++row)
        ASSERT_EQ(store.firstString(model->eventAt(row), name), "bash") << row;
}

// For the room: when replay passes a stage of an alert, the lanes and the attack graph say what
// it was, in words, for a few seconds; jumping back says nothing; leaving replay clears them.
TEST(WorkbenchReplay, AStageThatHappensIsCalledOutOnTheLanesAndInTheGraph) {
    Workbench w;
    ASSERT_EQ(w.alerts(), 1);
    Workspace* ws = w.window.workspace();
    ws->setReplayMode(true);
    ReplayController* replay = ws->replay();
    ReplayCallouts* lanes = w.window.timelinePane()->lanes()->callouts();
    ReplayCallouts* graph = w.window.graphPanel()->view()->callouts();
    auto texts = [](ReplayCallouts* callouts) {
        QStringList out;
        for (const auto& c : callouts->current())
            out << c.text;
        return out;
    };
    replay->setNow(*wb::parseTimestamp("2024-05-14T10:21:07Z"));
    EXPECT_TRUE(texts(lanes).isEmpty()) << "no stage yet";
    replay->setNow(*wb::parseTimestamp("2024-05-14T10:21:07.5Z")); // bash started by the installer's script service
    ASSERT_EQ(texts(lanes).size(), 1);
    EXPECT_TRUE(texts(lanes).first().startsWith(QStringLiteral("package_script_service started /bin/bash")))
        << texts(lanes).first().toStdString();
    replay->jumpToNextMark(); // curl's connection: the alert completes
    EXPECT_TRUE(texts(lanes).contains(QStringLiteral("curl connected to dl.example.net:443")))
        << texts(lanes).join(QStringLiteral(" | ")).toStdString();
    EXPECT_EQ(texts(graph), texts(lanes)) << "the graph says the same";
    ws->selectAlert(0);
    w.window.waitUntilIdle();
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) { // for looking at it by eye
        for (QSize size : {QSize(1600, 1000), QSize(1280, 800)}) {
            w.window.resize(size);
            w.window.show();
            replay->setNow(*wb::parseTimestamp("2024-05-14T10:21:08.5Z"));
            replay->jumpToNextMark();
            ws->selectAlert(0);
            for (QTabWidget* tabs : w.window.findChildren<QTabWidget*>())
                if (tabs->indexOf(w.window.graphPanel()) >= 0) tabs->setCurrentWidget(w.window.graphPanel());
            w.window.waitUntilIdle();
            w.window.grab().save(
                qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/replay-callout-%1.png").arg(size.width()));
        }
    }
    const qsizetype before = texts(lanes).size();
    replay->setNow(*wb::parseTimestamp("2024-05-14T10:21:00Z"));
    EXPECT_EQ(texts(lanes).size(), before) << "going back calls nothing out";
    ws->setReplayMode(false);
    EXPECT_TRUE(texts(lanes).isEmpty());
    EXPECT_TRUE(texts(graph).isEmpty());
}

// A trainer writes the story as they rehearse: captions added at the replay clock, checked row by
// row, saved beside the capture (atomically) and there the next time replay starts.
TEST(WorkbenchReplay, CaptionsAreEditedInTheAppAndSavedBesideTheCapture) {
    wb::test::TempDir dir;
    const QString samples = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/");
    const QString capture = QString::fromStdString(dir.path()) + QStringLiteral("/capture.ndjson");
    ASSERT_TRUE(QFile::copy(samples + QStringLiteral("capture.ndjson"), capture));
    ASSERT_TRUE(QFile::copy(samples + QStringLiteral("capture.captions.json"),
        QString::fromStdString(dir.path()) + QStringLiteral("/capture.captions.json")));
    MainWindow window;
    Workspace* ws = window.workspace();
    ws->setAutosaveEnabled(false);
    window.openCaptures({capture});
    window.waitUntilIdle();
    ws->setReplayMode(true);
    const std::size_t before = ws->replay()->captions().size();
    ASSERT_GT(before, 0u) << "the sample's captions were read";
    EXPECT_EQ(ws->captionsPath(), QString::fromStdString(dir.path()) + QStringLiteral("/capture.captions.json"));

    const std::int64_t at = *wb::parseTimestamp("2024-05-14T10:21:08.95Z");
    ws->replay()->setNow(at);
    CaptionsDialog dialog(ws->replay()->captions(), ws->replay()->now(), ws->captionsPath());
    EXPECT_EQ(dialog.table()->rowCount(), int(before));
    dialog.addRow(at, QStringLiteral("curl fetched the second stage"));
    dialog.addRow(at);
    QString error;
    EXPECT_FALSE(dialog.captions(&error));
    EXPECT_EQ(error, QStringLiteral("Row %1: the caption has no text").arg(before + 2));
    dialog.table()->item(int(before) + 1, 0)->setText(QStringLiteral("half past ten"));
    dialog.table()->item(int(before) + 1, 1)->setText(QStringLiteral("x"));
    EXPECT_FALSE(dialog.captions(&error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("Row %1: the time \"half past ten\"").arg(before + 2)))
        << error.toStdString();
    dialog.table()->selectRow(int(before) + 1);
    dialog.removeSelectedRows();
    const auto edited = dialog.captions(&error);
    ASSERT_TRUE(edited) << error.toStdString();
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) {
        dialog.show();
        QCoreApplication::processEvents();
        dialog.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/captions-dialog.png"));
    }
    ASSERT_TRUE(ws->saveCaptions(*edited, &error)) << error.toStdString();
    EXPECT_EQ(window.replayBar()->captionText(), QStringLiteral("curl fetched the second stage"));

    ws->setReplayMode(false); // the next replay reads the file again
    ws->setReplayMode(true);
    EXPECT_EQ(ws->replay()->captions().size(), before + 1);
    ws->replay()->setNow(at + 1'000'000);
    EXPECT_EQ(window.replayBar()->captionText(), QStringLiteral("curl fetched the second stage"));
}

// File → Export Report: the report of the rule as tuned, written in the background where the user
// said, with the tuning's diff, the selected alert's events, as HTML and as PDF.
TEST(WorkbenchReport, ExportReportWritesTheRuleAsTunedWithItsAlertAsHtmlAndPdf) {
    Workbench w;
    Workspace* ws = w.window.workspace();
    RulePanel* rule = w.window.rulePanel();
    EXPECT_TRUE(ws->tunedFrom().isEmpty()) << "the rule runs as chosen";
    rule->maxspanUnit()->setCurrentText(QStringLiteral("ms"));
    rule->maxspanValue()->setValue(20000);
    ASSERT_EQ(w.alerts(), 1);
    EXPECT_EQ(ws->tunedFrom(), QStringLiteral("v100"));

    wb::test::TempDir dir;
    const QString html = QString::fromStdString(dir.path()) + QStringLiteral("/report.html");
    QSignalSpy exported(ws, &Workspace::reportExported);
    ws->exportReport(html, ReportExportJob::Format::Html, 0);
    w.window.waitUntilIdle();
    ASSERT_EQ(exported.count(), 1);
    EXPECT_EQ(exported[0][1].toString(), QString()) << exported[0][1].toString().toStdString();
    EXPECT_TRUE(w.window.statusText().startsWith(QStringLiteral("Report written to")))
        << w.window.statusText().toStdString();
    const std::string text = wb::test::readFile(html.toStdString());
    EXPECT_NE(text.find("Tuned from v100"), std::string::npos);
    EXPECT_NE(text.find("21 events have no _index"), std::string::npos) << "what eqlwb report says about the run";
    EXPECT_NE(text.find("<span class=\"added\">+ sequence by host.id, user.id with maxspan="), std::string::npos);
    const wb::EventStore& store = *ws->store();
    for (wb::EventIndex e : ws->alertEvents(0))
        EXPECT_NE(
            text.find(">" + std::string(store.strings().view(store.indexName(e))) + ":" + wb::eventId(store, e) + "<"),
            std::string::npos)
            << "the alert's event " << e;

    const QString pdf = QString::fromStdString(dir.path()) + QStringLiteral("/report.pdf");
    ws->exportReport(pdf, ReportExportJob::Format::Pdf);
    w.window.waitUntilIdle();
    ASSERT_EQ(exported.count(), 2);
    EXPECT_EQ(exported[1][1].toString(), QString()) << exported[1][1].toString().toStdString();
    EXPECT_EQ(wb::test::readFile(pdf.toStdString()).rfind("%PDF-", 0), 0u);

    ws->exportReport(
        QString::fromStdString(dir.path()) + QStringLiteral("/no such folder/r.pdf"), ReportExportJob::Format::Pdf);
    w.window.waitUntilIdle();
    ASSERT_EQ(exported.count(), 3);
    EXPECT_TRUE(exported[2][1].toString().contains(QStringLiteral("no such folder/r.pdf")))
        << "the error names the file: " << exported[2][1].toString().toStdString();
}

TEST(WorkbenchReport, TheDialogOffersTheSelectedAlertAndKeepsTheExtensionWithTheFormat) {
    wb::test::TempDir dir;
    const QString suggested = QString::fromStdString(dir.path()) + QStringLiteral("/capture-report.pdf");
    ExportReportDialog none(3, -1, suggested, QString());
    EXPECT_FALSE(none.selectedAlertButton()->isEnabled()) << "no alert is selected";
    EXPECT_FALSE(none.alert());
    EXPECT_EQ(none.format(), ReportExportJob::Format::Pdf);
    none.setFormat(ReportExportJob::Format::Html);
    EXPECT_EQ(none.path(), QString::fromStdString(dir.path()) + QStringLiteral("/capture-report.html"));
    none.setPath(QString::fromStdString(dir.path()) + QStringLiteral("/evidence"));
    none.setFormat(ReportExportJob::Format::Pdf);
    EXPECT_EQ(none.path(), QString::fromStdString(dir.path()) + QStringLiteral("/evidence.pdf"));

    ExportReportDialog selected(3, 1, suggested, QStringLiteral("v100"));
    EXPECT_TRUE(selected.selectedAlertButton()->isChecked()) << "the alert in hand is the one to report";
    EXPECT_EQ(selected.alert(), 1);
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS")) {
        selected.show();
        QCoreApplication::processEvents();
        selected.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QStringLiteral("/export-report-dialog.png"));
    }
}

// The report's own pictures are drawn by the workbench (their words stay text in a PDF); any
// other SVG is left to Qt SVG.
TEST(WorkbenchReport, TheReportsPicturesAreReadAndOtherSvgIsNot) {
    const QByteArray lanes = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40"
        font-family="sans-serif" font-size="11"><g><title>tooltip words</title><rect x="0" y="0" width="200"
        height="40" fill="#fbeeee"/></g><path d="M10 5 H50 V30 H90" fill="none" stroke="#c0392b"
        stroke-dasharray="3 2"/><circle cx="20" cy="20" r="8" fill="#c0392b"/><text x="100" y="25"
        text-anchor="middle" font-weight="bold">curl &amp; bash</text></svg>)";
    const auto drawing = SvgDrawing::read(lanes);
    ASSERT_TRUE(drawing);
    EXPECT_EQ(drawing->size(), QSizeF(200, 40));
    QImage image(400, 80, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        drawing->draw(&painter, QRectF(0, 0, 400, 80));
    }
    EXPECT_EQ(image.pixelColor(390, 5), QColor(0xfb, 0xee, 0xee)) << "scaled to the target: the background fills it";
    EXPECT_EQ(image.pixelColor(40, 40), QColor(0xc0, 0x39, 0x2b)) << "the circle, at twice its place";

    EXPECT_FALSE(SvgDrawing::read(R"(<svg viewBox="0 0 10 10"><ellipse cx="5" cy="5" rx="2" ry="1"/></svg>)"));
    EXPECT_FALSE(SvgDrawing::read(R"(<svg viewBox="0 0 10 10"><path d="M0 0 C 1 1 2 2 3 3"/></svg>)"));
    EXPECT_FALSE(SvgDrawing::read("<svg"));
}
