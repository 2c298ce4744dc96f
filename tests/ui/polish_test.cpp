// SPDX-License-Identifier: Apache-2.0
// What users see first: names in the process tree, the lanes' hover text, readable alerts, the
// keyboard shortcuts, a dark palette, and a crisp window at device pixel ratio 2.
#include "alerts/alertsmodel.h"
#include "alerts/alertspanel.h"
#include "process/processtree.h"
#include "process/processtreemodel.h"
#include "process/processtreeview.h"
#include "testfiles.h"
#include "timeline/timelinepane.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow.h"
#include "window/shortcutsdialog.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QImage>
#include <QMenuBar>
#include <QPalette>
#include <cstdlib>
#include <functional>
#include <gtest/gtest.h>

namespace {
const QString Sample = QStringLiteral(EQLWB_SAMPLES_DIR "/installer-curl/capture.ndjson");

struct Shown {
    MainWindow window;
    explicit Shown(const QStringList& captures = {Sample}) {
        window.workspace()->setAutosaveEnabled(false);
        window.resize(1600, 1000);
        window.show();
        window.openCaptures(captures);
        window.waitUntilIdle();
    }
    Workspace& ws() { return *window.workspace(); }
    wb::EventIndex eventWhere(const char* field, const char* value) {
        const auto& store = *ws().store();
        for (wb::EventIndex e = 0; e < store.size(); ++e)
            if (store.firstText(e, store.fields().find(field)) == value) return e;
        ADD_FAILURE() << "no event with " << field << " = " << value;
        return 0;
    }
};

// The text of every row of a tree model, depth first.
QStringList allNames(const QAbstractItemModel* model, const QModelIndex& parent = {}) {
    QStringList out;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        out << i.data().toString();
        out << allNames(model, i);
    }
    return out;
}

void saveForEyes(QWidget& w, const char* name) {
    if (qEnvironmentVariableIsSet("EQLWB_SCREENSHOTS"))
        w.grab().save(qEnvironmentVariable("EQLWB_SCREENSHOTS") + QLatin1Char('/') + QLatin1String(name));
}
} // namespace

TEST(Polish, ProcessTreeNamesEveryProcessAndNeverShowsAnEntityId) {
    wb::test::TempDir dir;
    const auto path = dir.write("c.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["network"]},"host":{"id":"h"},"process":{"entity_id":"Y2hpbGQ=","pid":20,"name":"curl","parent":{"entity_id":"cGFyZW50LWVudGl0eQ=="}}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"host":{"id":"h"},"process":{"entity_id":"Y2hpbGQ=","pid":20,"name":"curl","parent":{"entity_id":"cGFyZW50LWVudGl0eQ==","pid":10,"name":"bash","executable":"/bin/bash"}}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:02Z","event":{"category":["process"]},"host":{"id":"h"},"process":{"entity_id":"b3RoZXI=","pid":30,"name":"zsh","parent":{"entity_id":"bm8tbmFtZQ=="}}})"
        "\n");
    Shown s({QString::fromStdString(path)});
    const QStringList names = allNames(s.window.processTreeView()->treeModel());
    EXPECT_TRUE(names.contains(QStringLiteral("bash"))) << names.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(names.contains(QStringLiteral("(parent not in the capture)")));
    for (const QString& n : names)
        EXPECT_FALSE(n.contains(QStringLiteral("=="))) << "an entity id as a name: " << n.toStdString();
}

TEST(Polish, TheSelectedAlertsChainIsExpandedDownToItsNetworkProcess) {
    Shown s;
    s.ws().selectAlert(0);
    ProcessTreeView* view = s.window.processTreeView();
    const ProcessTreeModel* model = view->treeModel();
    const auto& tree = *s.ws().views().tree;
    const int curl = tree.nodeOf(s.ws().selection().events.back());
    ASSERT_GE(curl, 0);
    for (QModelIndex p = model->indexOfNode(curl).parent(); p.isValid(); p = p.parent())
        EXPECT_TRUE(view->isExpanded(p)) << p.data().toString().toStdString() << " is folded";
    for (int c = 0; c < ProcessTreeModel::Args; ++c)
        EXPECT_GE(view->columnWidth(c),
            view->fontMetrics().horizontalAdvance(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()))
            << "column " << c << " fits its header";
    saveForEyes(s.window, "process-tree.png");
}

TEST(Polish, HoveringAnEventTellsWhatItIs) {
    Shown s;
    TimelineWidget* lanes = s.window.timelinePane()->lanes();
    const QString bash = lanes->eventToolTip(s.eventWhere("process.name", "bash"));
    EXPECT_TRUE(bash.contains(QStringLiteral("2024-05-14T10:2"))) << bash.toStdString();
    EXPECT_TRUE(bash.contains(QStringLiteral("process · exec"))) << bash.toStdString();
    EXPECT_TRUE(bash.contains(QStringLiteral("process: bash"))) << bash.toStdString();
    EXPECT_TRUE(bash.contains(QStringLiteral("parent: package_script_service"))) << bash.toStdString();
    EXPECT_TRUE(bash.contains(QStringLiteral("args: "))) << bash.toStdString();
    const QString curl = lanes->eventToolTip(s.eventWhere("event.action", "connection_attempted"));
    EXPECT_TRUE(curl.contains(QStringLiteral("destination: "))) << curl.toStdString();
    EXPECT_TRUE(curl.contains(QStringLiteral(":443"))) << curl.toStdString();
}

TEST(Polish, AlertsReadAsStagesNamesAndKibanasReason) {
    Shown s;
    const AlertsModel* alerts = s.window.alertsPanel()->model();
    ASSERT_EQ(alerts->rowCount(), 1);
    EXPECT_EQ(
        alerts->index(0, AlertsModel::Stages).data().toString(), QStringLiteral("bash → curl (dl.example.net:443)"));
    const QString keys = alerts->index(0, AlertsModel::JoinKeys).data().toString();
    EXPECT_TRUE(keys.startsWith(QStringLiteral("mbp-alice (a1b2c3d4…)"))) << keys.toStdString();
    EXPECT_TRUE(keys.endsWith(QStringLiteral("root (0)"))) << keys.toStdString();
    EXPECT_EQ(alerts->index(0, AlertsModel::Reason).data().toString(),
        QStringLiteral(
            "event by root on mbp-alice created medium alert MacOS Installer Package Spawns Network Event."));
    EXPECT_EQ(s.window.alertsPanel()->countsText(), QStringLiteral("<b>1 alert</b> · 1 host · 1 user"));
}

TEST(Polish, EveryShortcutIsListedInHelp) {
    Shown s;
    ShortcutsDialog dialog(s.window.menuBar());
    const QStringList entries = dialog.entries();
    const QString all = entries.join(QLatin1Char('\n'));
    for (const char* expected : {"File → Open Captures…\tCtrl+O", "View → Zoom to Alert\tZ", "Rule → Run Again\tF5",
             "View → Replay Mode\tCtrl+R", "View → Go to Alerts\tAlt+5", "Help → Keyboard Shortcuts\tF1",
             "Rule → Add Exception for Alert…\tCtrl+E", "File → Save Session As…\tCtrl+Shift+S"})
        EXPECT_TRUE(entries.contains(QString::fromUtf8(expected))) << expected << " not in\n" << all.toStdString();
}

TEST(Polish, ADarkPaletteKeepsTheLanesDarkAndTheTextLight) {
    const QPalette original = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(37, 37, 38));
    dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    dark.setColor(QPalette::Button, QColor(45, 45, 48));
    dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    dark.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    dark.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    QApplication::setPalette(dark);
    {
        Shown s;
        s.ws().selectAlert(0);
        s.window.waitUntilIdle();
        TimelineWidget* lanes = s.window.timelinePane()->lanes();
        const QImage image = lanes->grab().toImage();
        int darkPixels = 0, lightPixels = 0;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) {
                const int l = image.pixelColor(x, y).lightness();
                darkPixels += l < 70;
                lightPixels += l > 180;
            }
        EXPECT_GT(darkPixels, image.width() * image.height() / 9 / 2) << "the lane area follows the palette";
        EXPECT_GT(lightPixels, 50) << "labels and the axis are drawn light on dark";
        saveForEyes(s.window, "dark.png");
    }
    QApplication::setPalette(original);
}

TEST(Polish, RendersCrisplyAtDevicePixelRatioTwo) {
    wb::test::TempDir dir;
    const std::string out = dir.path() + "/shot.png";
    const std::string command = std::string("QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 '") + EQL_WORKBENCH_BINARY
        + "' --events '" + EQLWB_SAMPLES_DIR + "/installer-curl/capture.ndjson' --screenshot '" + out + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
    QImage image(QString::fromStdString(out));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 3200) << "every device pixel is drawn, not a scaled-up 1600";
    EXPECT_EQ(image.height(), 2000);
}
