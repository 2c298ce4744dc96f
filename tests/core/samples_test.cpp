// SPDX-License-Identifier: Apache-2.0
// Every sample raises exactly the alerts its README promises, for every rule version in the
// library (the promises are in each sample's expected.json, the same table as its README).
#include "capturegenerator.h"
#include "eql/engine.h"
#include "eql/parser.h"
#include "exceptions/exceptionfilter.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "rules/rulelibrary.h"
#include "testfiles.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace wb;
namespace fs = std::filesystem;

namespace {
std::map<std::string, std::size_t> alertsPerVersion(const std::string& capture) {
    EventStore store;
    const LoadReport report = CaptureLoader(store, {}).load({capture});
    EXPECT_EQ(report.skipped, 0u) << capture;
    eql::Schema schema(store);
    eql::Engine engine(schema);
    std::map<std::string, std::size_t> out;
    for (const rules::RuleVersion& v : rules::seedRule().versions)
        out[v.label] = engine.run(eql::parseQuery(v.query), {}).matches.size();
    return out;
}

void checkSample(const fs::path& dir, const std::string& capture) {
    const nlohmann::json expected = nlohmann::json::parse(test::readFile((dir / "expected.json").string()));
    const auto actual = alertsPerVersion(capture);
    for (const auto& [version, count] : expected["alerts"].items()) {
        ASSERT_TRUE(actual.count(version)) << "unknown version " << version;
        EXPECT_EQ(actual.at(version), count.get<std::size_t>()) << dir.filename() << " " << version;
    }
    EXPECT_EQ(expected["alerts"].size(), rules::seedRule().versions.size()) << "every version has a promise";
}
} // namespace

TEST(Samples, EachRaisesTheAlertsItsReadmePromises) {
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(EQLWB_SAMPLES_DIR)) {
        const fs::path expected = entry.path() / "expected.json";
        if (!fs::exists(expected)) continue;
        const nlohmann::json spec = nlohmann::json::parse(test::readFile(expected.string()));
        if (!spec.contains("capture")) continue; // generated samples are checked below
        SCOPED_TRACE(entry.path().filename().string());
        checkSample(entry.path(), (entry.path() / spec["capture"].get<std::string>()).string());
        ++checked;
    }
    EXPECT_GE(checked, 3);
}

TEST(Samples, TheGeneratedFleetRaisesWhatItsReadmePromises) {
    const fs::path dir = fs::path(EQLWB_SAMPLES_DIR) / "fleet";
    const nlohmann::json spec = nlohmann::json::parse(test::readFile((dir / "expected.json").string()));
    test::TempDir tmp;
    const std::string path = tmp.path() + "/fleet.ndjson";
    {
        std::ofstream out(path, std::ios::binary);
        bench::CaptureSpec capture;
        capture.events = spec["generate"]["events"];
        capture.seed = spec["generate"]["seed"];
        bench::generateCapture(capture, [&](const std::string& line) { out << line << '\n'; });
    }
    checkSample(dir, path);
}
