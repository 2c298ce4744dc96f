// SPDX-License-Identifier: Apache-2.0
#include "capturesummarywidget.h"
#include "mainwindow.h"
#include "testfiles.h"

#include <QApplication>
#include <QImage>
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
    QSignalSpy loaded(window.loadJob(), &CaptureLoadJob::finished);
    window.openCaptures({QString::fromStdString(path)});
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(window.capture().summary.events, 2u);
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
    QSignalSpy cancelled(window.loadJob(), &CaptureLoadJob::cancelled);
    QSignalSpy loaded(window.loadJob(), &CaptureLoadJob::finished);
    window.openCaptures({QString::fromStdString(path)});
    window.loadJob()->cancel();
    window.loadJob()->waitForFinished();
    EXPECT_TRUE(cancelled.count() == 1 || cancelled.wait(10000));
    EXPECT_EQ(loaded.count(), 0);
    EXPECT_EQ(window.capture().summary.events, 0u) << "a cancelled load never reaches the window";
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

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QStandardPaths::setTestModeEnabled(true); // keep QSettings out of the user's configuration
    QApplication app(argc, argv);
    QApplication::setAttribute(Qt::AA_Use96Dpi, true);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
