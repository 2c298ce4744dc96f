// SPDX-License-Identifier: Apache-2.0
// `eqlwb report --format pdf` through the real binary, with no display, read back with poppler's
// pdfinfo and pdftotext as someone receiving the file would.
#include "commandrun.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>

using namespace wb;

namespace {
const std::string EdgeCases = std::string(EQLWB_SAMPLES_DIR) + "/edge-cases/capture.ndjson";

// The text without spaces, and with the "fi" ligature a font draws spelled out.
std::string plainText(std::string text) {
    std::erase_if(text, [](unsigned char c) { return std::isspace(c); });
    for (std::size_t at = text.find("\uFB01"); at != std::string::npos; at = text.find("\uFB01", at))
        text.replace(at, 3, "fi");
    return text;
}

std::string firstLine(const std::string& text) {
    std::size_t start = text.find_first_not_of(" \n\f\r\t");
    if (start == std::string::npos) return {};
    return text.substr(start, text.find('\n', start) - start);
}
} // namespace

TEST(EqlwbReportPdf, EveryAlertStartsAPageThatHoldsItsEventsAndEveryPageIsNumbered) {
    test::TempDir dir;
    const std::string pdf = dir.path() + "/edge cases.pdf";
    const auto written = test::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "
        + test::commandLine(
            EQLWB_BINARY, {"report", "--version", "v100", "--events", EdgeCases, "--format", "pdf", "--out", pdf}));
    ASSERT_EQ(written.exitCode, 0) << written.err;
    EXPECT_EQ(written.err, "") << "no warning from Qt on a machine without a display";
    ASSERT_EQ(test::readFile(pdf).rfind("%PDF-", 0), 0u);

    const auto info = test::runCommand(test::commandLine(EQLWB_PDFINFO, {pdf}));
    ASSERT_EQ(info.exitCode, 0) << info.err;
    std::smatch pages;
    ASSERT_TRUE(std::regex_search(info.out, pages, std::regex("Pages:\\s+([0-9]+)"))) << info.out;
    const int pageCount = std::stoi(pages[1]);
    EXPECT_NE(info.out.find("Page size:       842 x 595 pts (A4)"), std::string::npos) << "A4 landscape\n" << info.out;
    EXPECT_NE(info.out.find("Title:           MacOS Installer Package Spawns Network Event"), std::string::npos);

    const auto explained = test::runCommand(
        test::commandLine(EQLWB_BINARY, {"explain", "--version", "v100", "--events", EdgeCases, "--format", "json"}));
    ASSERT_EQ(explained.exitCode, 0) << explained.err;
    const auto alerts = nlohmann::json::parse(explained.out)["alerts"];
    ASSERT_EQ(alerts.size(), 3u);
    // The rule, the tuning, the exceptions and the capture, then a page (or more) per alert.
    ASSERT_GE(pageCount, 1 + int(alerts.size()));

    std::vector<std::string> pageTexts;
    for (int p = 1; p <= pageCount; ++p) {
        const auto text = test::runCommand(test::commandLine(
            EQLWB_PDFTOTEXT, {"-layout", "-f", std::to_string(p), "-l", std::to_string(p), pdf, "-"}));
        ASSERT_EQ(text.exitCode, 0) << text.err;
        EXPECT_NE(text.out.find("page " + std::to_string(p) + " of " + std::to_string(pageCount)), std::string::npos)
            << "page " << p << ":\n"
            << text.out;
        pageTexts.push_back(text.out);
    }
    EXPECT_NE(pageTexts[0].find("MacOS Installer Package Spawns Network Event"), std::string::npos);
    EXPECT_NE(pageTexts[0].find("sequence by host.id, user.id with maxspan=30s"), std::string::npos);

    // Alert k starts a page of its own, and its events' ids are on its pages.
    std::vector<int> firstPage;
    for (std::size_t k = 0; k < alerts.size(); ++k) {
        const std::string heading = "Alert " + std::to_string(k + 1);
        int found = -1;
        for (int p = 0; p < pageCount; ++p)
            if (firstLine(pageTexts[std::size_t(p)]).rfind(heading, 0) == 0
                && firstLine(pageTexts[std::size_t(p)]).size() == heading.size())
                found = p;
        ASSERT_GE(found, 0) << heading << " starts no page";
        EXPECT_TRUE(firstPage.empty() || found > firstPage.back()) << heading << " comes after the one before";
        firstPage.push_back(found);
    }
    for (std::size_t k = 0; k < alerts.size(); ++k) {
        const int last = k + 1 < alerts.size() ? firstPage[k + 1] : pageCount;
        std::string text;
        for (int p = firstPage[k]; p < last; ++p)
            text += pageTexts[std::size_t(p)];
        for (const auto& stage : alerts[k]["stages"]) {
            const std::string id
                = stage["event"]["_index"].get<std::string>() + ":" + stage["event"]["_id"].get<std::string>();
            EXPECT_NE(text.find(id), std::string::npos)
                << "alert " << k + 1 << " lacks " << id << " (whole, on one line)";
        }
        EXPECT_NE(text.find("The alert's window"), std::string::npos);
        // The pictures' words are text, not outlines: the lanes' axis and the graph's stage event.
        EXPECT_NE(text.find("stage 1"), std::string::npos) << "alert " << k + 1;
        EXPECT_NE(text.find("pid "), std::string::npos) << "alert " << k + 1 << ": the attack graph's processes";
        EXPECT_NE(plainText(text).find("Whyitfired"), std::string::npos);
    }
}

TEST(EqlwbReportPdf, ReplacesAFileOnlyWhenToldAndNeverLeavesAHalfWrittenOne) {
    test::TempDir dir;
    const std::string pdf = dir.write("kept.pdf", "what was there");
    const auto refused = test::runCommand(test::commandLine(
        EQLWB_BINARY, {"report", "--version", "v100", "--events", EdgeCases, "--format", "pdf", "--out", pdf}));
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_EQ(test::readFile(pdf), "what was there");
    const auto replaced = test::runCommand(test::commandLine(EQLWB_BINARY,
        {"report", "--version", "v100", "--events", EdgeCases, "--format", "pdf", "--out", pdf, "--force"}));
    EXPECT_EQ(replaced.exitCode, 0) << replaced.err;
    EXPECT_EQ(test::readFile(pdf).rfind("%PDF-", 0), 0u);
}
