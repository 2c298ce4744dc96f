// SPDX-License-Identifier: Apache-2.0
#include "capture/capturesummarywidget.h"
#include "testfiles.h"
#include "window/mainwindow.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QTemporaryDir>
#include <QDockWidget>
#include <QImage>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <cstdlib>
#include <gtest/gtest.h>

namespace {
const std::string Exec
    = R"({"@timestamp":"2024-05-14T10:21:07.412Z","event":{"category":["process"]},"host":{"id":"h1","name":"mbp-alice"},"user":{"id":"0","name":"root"},"process":{"name":"bash"}})";
} // namespace

TEST(MainWindow, LoadsCapturesInTheBackgroundAndShowsWhatWasSkipped) {
    wb::test::TempDir dir;
    const auto path = dir.write("a.ndjson", Exec + "\n{not json\n" + Exec + "\n");
    MainWindow window;
    QSignalSpy loaded(window.workspace(), &Workspace::captureChanged);
    window.openCaptures({QString::fromStdString(path)});
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(window.workspace()->capture().summary.events, 2u);
    EXPECT_TRUE(window.summaryWidget()->headline().startsWith("2 events"))
        << window.summaryWidget()->headline().toStdString();
    EXPECT_EQ(window.summaryWidget()->skippedRowCount(), 1);
}

TEST(MainWindow, CancelStopsALoad) {
    wb::test::TempDir dir;
    std::string content;
    for (int i = 0; i < 200000; ++i)
        content += Exec + "\n";
    const auto path = dir.write("big.ndjson", content);
    MainWindow window;
    QSignalSpy cancelled(window.workspace(), &Workspace::loadingCancelled);
    QSignalSpy loaded(window.workspace(), &Workspace::captureChanged);
    window.openCaptures({QString::fromStdString(path)});
    window.workspace()->cancelLoading();
    window.workspace()->waitUntilIdle();
    EXPECT_TRUE(cancelled.count() == 1 || cancelled.wait(10000));
    EXPECT_EQ(loaded.count(), 0);
    EXPECT_EQ(window.workspace()->capture().summary.events, 0u) << "a cancelled load never reaches the window";
}

TEST(MainWindow, ScreenshotModeRendersTheBundledSample) {
    wb::test::TempDir dir;
    const std::string out = dir.path() + "/shot.png";
    const std::string command = std::string("QT_QPA_PLATFORM=offscreen '") + EQL_WORKBENCH_BINARY + "' --events '"
        + EQLWB_SAMPLES_DIR + "/installer-curl/capture.ndjson' --screenshot '" + out + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
    QImage image(QString::fromStdString(out));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 1600);
    EXPECT_EQ(image.height(), 1000);
}

namespace {
QRect availableScreen() {
    return QGuiApplication::primaryScreen()->availableGeometry();
}
void forgetWindowLayout() {
    QSettings settings;
    settings.remove("window/geometry");
    settings.remove("window/state");
}
} // namespace

TEST(MainWindow, FirstStartTakesMostOfTheScreenCentred) {
    forgetWindowLayout();
    MainWindow window;
    window.workspace()->setAutosaveEnabled(false);
    const QRect screen = availableScreen();
    EXPECT_NEAR(window.width(), screen.width() * 0.9, 2);
    EXPECT_NEAR(window.height(), screen.height() * 0.9, 2);
    EXPECT_LE(std::abs(window.geometry().center().x() - screen.center().x()), 2);
    EXPECT_LE(std::abs(window.geometry().center().y() - screen.center().y()), 2);
    EXPECT_FALSE(window.windowIcon().isNull()) << "the window shows the application icon";
    EXPECT_FALSE(window.windowIcon().pixmap(48, 48).isNull());
}

TEST(MainWindow, LaterStartsRestoreTheLastGeometry) {
    forgetWindowLayout();
    QRect placed;
    {
        MainWindow window;
        window.workspace()->setAutosaveEnabled(false);
        window.setGeometry(40, 30, 700, 500);
        window.show();
        window.close(); // saves the layout as a user's close does
        placed = window.geometry();
    }
    MainWindow again;
    EXPECT_EQ(again.geometry().size(), placed.size());
    EXPECT_EQ(again.geometry().topLeft(), placed.topLeft());
}

TEST(MainWindow, ALayoutFromALargerScreenIsResetNotShownOffScreen) {
    forgetWindowLayout();
    {
        MainWindow window;
        window.workspace()->setAutosaveEnabled(false);
        window.setGeometry(3000, 2000, 2400, 1500); // a monitor that is no longer there
        window.show();
        window.close();
    }
    MainWindow again;
    const QRect screen = availableScreen();
    EXPECT_TRUE(screen.contains(again.geometry())) << "reset into the screen";
    EXPECT_NEAR(again.width(), screen.width() * 0.9, 2);
}

TEST(MainWindow, ResetLayoutBringsBackTheFirstStartLayout) {
    forgetWindowLayout();
    MainWindow window;
    window.workspace()->setAutosaveEnabled(false);
    window.show();
    auto* rule = window.findChild<QDockWidget*>(QStringLiteral("ruleDock"));
    ASSERT_NE(rule, nullptr);
    rule->hide();
    window.setGeometry(10, 10, 500, 400);
    QAction* reset = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("Reset Layout")) reset = a;
    ASSERT_NE(reset, nullptr) << "View → Reset Layout exists";
    reset->trigger();
    EXPECT_TRUE(rule->isVisible());
    // 90% of the screen, unless the panels' minimum is wider (the offscreen screen is 800×600)
    EXPECT_NEAR(window.width(), std::max(availableScreen().width() * 9 / 10, window.minimumSizeHint().width()), 2);
    EXPECT_TRUE(availableScreen().contains(window.geometry()));
}

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QStandardPaths::setTestModeEnabled(true); // keep QSettings out of the user's configuration
    QApplication app(argc, argv);
    // ctest runs tests in parallel processes: each gets settings of its own, or one test's saved
    // window layout lands in another's "later start" (a flaky MainWindow.LaterStarts…).
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
    QApplication::setAttribute(Qt::AA_Use96Dpi, true);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
