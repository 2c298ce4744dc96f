// SPDX-License-Identifier: Apache-2.0
// The real eql-workbench binary started as a user or a script would: without a display.
#include "commandrun.h"

#include <cstdlib>
#include <gtest/gtest.h>

namespace {
using Result = wb::test::CommandResult;

// Runs the workbench with no display and no platform chosen: no DISPLAY, WAYLAND_DISPLAY or
// QT_QPA_PLATFORM, whatever the test runner's environment has.
Result workbench(const std::string& args, const std::string& env = {}) {
    wb::test::TempDir home;
    return wb::test::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM HOME='" + home.path() + "' " + env
        + " '" + EQL_WORKBENCH_BINARY + "' " + args);
}

int lines(const std::string& text) {
    return int(std::count(text.begin(), text.end(), '\n'));
}
} // namespace

TEST(WorkbenchCli, HelpAndVersionNeedNoDisplay) {
    const auto help = workbench("--help");
    EXPECT_EQ(help.exitCode, 0) << help.err;
    EXPECT_NE(help.out.find("Usage: eql-workbench"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--screenshot"), std::string::npos);
    EXPECT_EQ(help.err, "");
    const auto version = workbench("--version");
    EXPECT_EQ(version.exitCode, 0) << version.err;
    EXPECT_EQ(version.out, std::string("eql-workbench ") + EQLWB_VERSION + "\n");
    EXPECT_EQ(workbench("-h").exitCode, 0);
}

TEST(WorkbenchCli, NoDisplaySaysSoInOneLine) {
    const auto run = workbench("");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(lines(run.err), 1) << run.err;
    EXPECT_NE(run.err.find("no display"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("plugin"), std::string::npos) << "no Qt plugin dump: " << run.err;
}

TEST(WorkbenchCli, ADisplayNobodyAnswersSaysSoInOneLine) {
    const auto run = workbench("", "DISPLAY=:87");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(lines(run.err), 1) << run.err;
    EXPECT_NE(run.err.find("cannot open a display (DISPLAY=:87)"), std::string::npos) << run.err;
}

TEST(WorkbenchCli, UnknownOptionIsAUsageError) {
    const auto run = workbench("--no-such-option");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find("no-such-option"), std::string::npos) << run.err;
}

TEST(WorkbenchCli, ListsTheBundledSamples) {
    const auto run = workbench("--list-samples");
    EXPECT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("installer-curl/capture.ndjson"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("A malicious installer package fetches a second stage with curl\t"), std::string::npos)
        << run.out;
}

TEST(WorkbenchCli, ScreenshotNeedsNoDisplay) {
    wb::test::TempDir dir;
    const auto run = workbench(
        "--screenshot '" + dir.path() + "/shot.png' '" + EQLWB_SAMPLES_DIR + "/installer-curl/capture.ndjson'");
    EXPECT_EQ(run.exitCode, 0) << run.err;
    EXPECT_FALSE(wb::test::readFile(dir.path() + "/shot.png").empty());
}
