// SPDX-License-Identifier: Apache-2.0
#include "load/captureloader.h"
#include "testfiles.h"

#include <atomic>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace wb;

namespace {
const std::string DocA
    = R"({"@timestamp":"2024-05-14T10:21:07.412Z","event":{"category":["process"]},"process":{"name":"bash"}})";
const std::string DocB
    = R"({"@timestamp":"2024-05-14T10:21:08.903Z","event":{"category":["network"]},"process":{"name":"curl"}})";

struct Loaded {
    EventStore store;
    LoadReport report;
};

std::unique_ptr<Loaded> load(const std::vector<std::string>& paths, LoadOptions options = {}) {
    auto loaded = std::make_unique<Loaded>();
    CaptureLoader loader(loaded->store, std::move(options));
    loaded->report = loader.load(paths);
    return loaded;
}

std::string processName(const EventStore& store, EventIndex e) {
    return std::string(store.firstString(e, store.fields().find("process.name")));
}

// Every shape must load the same two events, with the same document text.
void expectTwoEvents(const Loaded& loaded, bool exactSource = true) {
    ASSERT_EQ(loaded.report.events, 2u);
    EXPECT_EQ(loaded.report.skipped, 0u) << (loaded.report.issues.empty() ? "" : loaded.report.issues[0].reason);
    EXPECT_EQ(processName(loaded.store, 0), "bash");
    EXPECT_EQ(processName(loaded.store, 1), "curl");
    if (!exactSource) return;
    std::string doc;
    ASSERT_TRUE(loaded.store.sourceDocument(1, doc));
    EXPECT_EQ(nlohmann::json::parse(doc), nlohmann::json::parse(DocB));
}
} // namespace

TEST(CaptureLoader, LoadsNdjsonOfBareDocuments) {
    test::TempDir dir;
    auto loaded = load({dir.write("bare.ndjson", DocA + "\n" + DocB + "\n")});
    expectTwoEvents(*loaded);
    EXPECT_EQ(loaded->store.strings().view(loaded->store.indexName(0)), "bare");
    EXPECT_EQ(loaded->store.docId(0), 0u);
}

TEST(CaptureLoader, LoadsNdjsonOfWholeHitsWithIdAndIndex) {
    test::TempDir dir;
    auto loaded = load({dir.write("hits.ndjson",
        R"({"_index":".ds-logs-endpoint.events.process-default-2024.05.14-000001","_id":"a1","_source":)" + DocA + "}\n"
            + R"({"_index":"net","_id":"b2","_source":)" + DocB + "}\n")});
    expectTwoEvents(*loaded);
    const auto& store = loaded->store;
    EXPECT_EQ(store.strings().view(store.docId(1)), "b2");
    EXPECT_EQ(store.strings().view(store.indexName(0)), ".ds-logs-endpoint.events.process-default-2024.05.14-000001");
}

TEST(CaptureLoader, LoadsAJsonArrayOfDocuments) {
    test::TempDir dir;
    expectTwoEvents(*load({dir.write("array.json", "[\n  " + DocA + ",\n  " + DocB + "\n]\n")}));
}

TEST(CaptureLoader, LoadsASearchResponse) {
    test::TempDir dir;
    const std::string response
        = R"({"took":5,"timed_out":false,"_shards":{"total":1},"hits":{"total":{"value":2,"relation":"eq"},"max_score":1.0,"hits":[)"
          R"({"_index":"i","_id":"1","_score":1.0,"_source":)"
        + DocA + R"(},{"_index":"i","_id":"2","_score":1.0,"_source":)" + DocB + "}]}}";
    expectTwoEvents(*load({dir.write("search.json", response)}));
}

TEST(CaptureLoader, LoadsAnEqlResponseWithSequencesOnceEach) {
    test::TempDir dir;
    const std::string hitA = R"({"_index":"i","_id":"1","_source":)" + DocA + "}";
    const std::string hitB = R"({"_index":"i","_id":"2","_source":)" + DocB + "}";
    const std::string response = R"({"is_partial":false,"took":3,"hits":{"total":{"value":2},"sequences":[)"
                                 R"({"join_keys":["h"],"events":[)"
        + hitA + "," + hitB + R"(]},{"join_keys":["h"],"events":[)" + hitA + "," + hitB + "]}]}}";
    auto loaded = load({dir.write("eql.json", response)});
    expectTwoEvents(*loaded);
    EXPECT_EQ(loaded->report.duplicates, 2u);
}

TEST(CaptureLoader, LoadsEqlHitsThatCarryOnlyFlattenedFields) {
    test::TempDir dir;
    const std::string response
        = R"({"hits":{"events":[)"
          R"({"_index":"i","_id":"1","fields":{"@timestamp":["2024-05-14T10:21:07.412Z"],"event.category":["process"],"process.name":["bash"]}},)"
          R"({"_index":"i","_id":"2","fields":{"@timestamp":["2024-05-14T10:21:08.903Z"],"event.category":["network"],"process.name":["curl"]}}]}})";
    auto loaded = load({dir.write("fields.json", response)});
    expectTwoEvents(*loaded, false);
    EXPECT_EQ(loaded->store.timestampNs(1), 1715682068903000000LL);
    // Without _source the document is rebuilt from the flattened fields; one-element arrays
    // (which the fields API always writes) become plain values.
    std::string doc;
    ASSERT_TRUE(loaded->store.sourceDocument(1, doc));
    EXPECT_EQ(nlohmann::json::parse(doc),
        nlohmann::json::parse(
            R"({"@timestamp":"2024-05-14T10:21:08.903Z","event":{"category":"network"},"process":{"name":"curl"}})"));
}

TEST(CaptureLoader, LoadsEsArchiverFiles) {
    test::TempDir dir;
    auto archived = [](const std::string& id, const std::string& doc) {
        return "{\n  \"type\": \"doc\",\n  \"value\": {\n    \"id\": \"" + id
            + "\",\n    \"index\": \"logs-endpoint.events.process-default\",\n    \"source\": " + doc + "\n  }\n}\n";
    };
    auto loaded = load({dir.write("data.json", archived("x1", DocA) + "\n" + archived("x2", DocB))});
    expectTwoEvents(*loaded);
    EXPECT_EQ(loaded->store.strings().view(loaded->store.docId(0)), "x1");
    EXPECT_EQ(loaded->store.origin(1).line, 10u);
}

TEST(CaptureLoader, LoadsEveryShapeGzipped) {
    test::TempDir dir;
    expectTwoEvents(*load({dir.writeGzip("bare.ndjson.gz", DocA + "\n" + DocB + "\n")}));
    expectTwoEvents(*load({dir.writeGzip("array.json.gz", "[" + DocA + "," + DocB + "]")}));
    auto loaded = load({dir.writeGzip("capture.gz", DocA + "\n" + DocB + "\n")});
    expectTwoEvents(*loaded);
    EXPECT_TRUE(loaded->report.files[0].compressed);
    EXPECT_EQ(loaded->store.strings().view(loaded->store.indexName(0)), "capture");
}

TEST(CaptureLoader, AcceptsEveryTimestampForm) {
    test::TempDir dir;
    const auto path = dir.write("ts.ndjson",
        R"({"@timestamp":"2024-05-14T12:21:07.412+02:00"})"
        "\n"
        R"({"@timestamp":1715682067412})"
        "\n"
        R"({"@timestamp":"1715682067412"})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:21:07.412000001Z"})"
        "\n");
    auto loaded = load({path});
    ASSERT_EQ(loaded->report.events, 4u);
    for (EventIndex e = 0; e < 3; ++e)
        EXPECT_EQ(loaded->store.timestampNs(e), 1715682067412000000LL) << e;
    EXPECT_EQ(loaded->store.timestampNs(3), 1715682067412000001LL) << "nanoseconds are kept";
}

TEST(CaptureLoader, UsesAConfigurableTimestampField) {
    test::TempDir dir;
    LoadOptions options;
    options.timestampField = "event.created";
    auto loaded = load({dir.write("c.ndjson",
                           R"({"event":{"created":"2024-05-14T10:21:07Z"}})"
                           "\n")},
        options);
    ASSERT_EQ(loaded->report.events, 1u);
    EXPECT_EQ(loaded->store.timestampNs(0), 1715682067000000000LL);
}

TEST(CaptureLoader, SkipsCountsAndLocatesEveryBadRecordClass) {
    test::TempDir dir;
    const std::string content = DocA + "\n" // 1 ok
        + "{\"@timestamp\": \"2024-05-14T10:21:07Z\", \"a\": }\n" // 2 broken JSON
        + "[1, 2, 3]\n" // 3 not an object
        + "{\"process\": {\"name\": \"x\"}}\n" // 4 no timestamp
        + "{\"@timestamp\": \"last tuesday\"}\n" // 5 unparsable timestamp
        + "{\"@timestamp\": \"2024-05-14T10:21:07Z\", \"a\": \"\xff\xfe\"}\n" // 6 invalid UTF-8
        + std::string(600, '[') + std::string(600, ']') + "\n" // 7 too deep
        + DocB + "\n"; // 8 ok
    auto loaded = load({dir.write("bad.ndjson", content)});
    EXPECT_EQ(loaded->report.events, 2u);
    EXPECT_EQ(loaded->report.skipped, 6u);
    ASSERT_EQ(loaded->report.issues.size(), 6u);
    std::vector<std::uint64_t> lines;
    for (const auto& issue : loaded->report.issues) {
        lines.push_back(issue.line);
        EXPECT_NE(issue.file.find("bad.ndjson"), std::string::npos);
    }
    EXPECT_EQ(lines, std::vector<std::uint64_t>({2, 3, 4, 5, 6, 7}));
    const auto& issues = loaded->report.issues;
    EXPECT_NE(issues[0].reason.find("invalid JSON"), std::string::npos) << issues[0].reason;
    EXPECT_NE(issues[1].reason.find("not a JSON object"), std::string::npos) << issues[1].reason;
    EXPECT_NE(issues[2].reason.find("no @timestamp"), std::string::npos) << issues[2].reason;
    EXPECT_NE(issues[3].reason.find("bad @timestamp"), std::string::npos) << issues[3].reason;
    EXPECT_NE(issues[4].reason.find("UTF-8"), std::string::npos) << issues[4].reason;
    EXPECT_NE(issues[5].reason.find("nesting"), std::string::npos) << issues[5].reason;
    EXPECT_TRUE(loaded->report.files[0].error.empty());
}

TEST(CaptureLoader, SkipsA50MegabyteLineAndHundredThousandLevelNesting) {
    test::TempDir dir;
    std::string content = DocA + "\n";
    content += "{\"@timestamp\":\"2024-05-14T10:21:07Z\",\"blob\":\"" + std::string(50u << 20, 'x') + "\"}\n";
    content += std::string(100000, '{') + "\n";
    content += "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}\n";
    content += DocB + "\n";
    auto loaded = load({dir.write("huge.ndjson", content)});
    EXPECT_EQ(loaded->report.events, 2u);
    EXPECT_EQ(loaded->report.skipped, 3u);
    ASSERT_GE(loaded->report.issues.size(), 1u);
    EXPECT_EQ(loaded->report.issues[0].line, 2u);
    EXPECT_NE(loaded->report.issues[0].reason.find("larger than 16 MiB"), std::string::npos);
    EXPECT_EQ(processName(loaded->store, 1), "curl");
}

TEST(CaptureLoader, UnreadableOrEmptyFilesAreErrors) {
    test::TempDir dir;
    auto loaded = load({dir.path() + "/missing.ndjson", dir.write("empty.ndjson", ""),
        dir.write("junk.ndjson", "not json\nstill not\n"), dir.write("ok.ndjson", DocA + "\n")});
    ASSERT_EQ(loaded->report.files.size(), 4u);
    EXPECT_NE(loaded->report.files[0].error.find("cannot read"), std::string::npos) << loaded->report.files[0].error;
    EXPECT_NE(loaded->report.files[1].error.find("no valid event"), std::string::npos);
    EXPECT_NE(loaded->report.files[2].error.find("2 records skipped"), std::string::npos)
        << loaded->report.files[2].error;
    EXPECT_TRUE(loaded->report.files[3].error.empty());
    EXPECT_EQ(loaded->report.events, 1u);
}

TEST(CaptureLoader, SeveralFilesLoadIntoOneStoreAndKeepTheirOrigin) {
    test::TempDir dir;
    auto loaded = load({dir.write("a.ndjson", DocA + "\n"), dir.writeGzip("b.json.gz", "[" + DocB + "]")});
    ASSERT_EQ(loaded->store.size(), 2u);
    EXPECT_EQ(loaded->store.source(loaded->store.origin(0).source).indexName, "a");
    EXPECT_EQ(loaded->store.source(loaded->store.origin(1).source).indexName, "b");
    std::string record;
    ASSERT_TRUE(loaded->store.recordText(1, record));
    EXPECT_EQ(record, DocB) << "records of compressed files are read back from the decompressed spill";
}

TEST(CaptureLoader, ReportsProgressAndCanBeCancelled) {
    test::TempDir dir;
    std::string content;
    for (int i = 0; i < 60000; ++i)
        content += DocA + "\n";
    const auto path = dir.write("big.ndjson", content);

    std::vector<std::uint64_t> seen;
    LoadOptions options;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        EXPECT_EQ(total, content.size());
        seen.push_back(done);
    };
    auto loaded = load({path}, options);
    EXPECT_EQ(loaded->report.events, 60000u);
    ASSERT_GE(seen.size(), 2u);
    EXPECT_EQ(seen.back(), content.size());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

    std::atomic<bool> cancel{false};
    LoadOptions cancelling;
    cancelling.cancel = &cancel;
    cancelling.progress = [&](std::uint64_t, std::uint64_t) { cancel = true; };
    auto cancelled = load({path}, cancelling);
    EXPECT_TRUE(cancelled->report.cancelled);
    EXPECT_LT(cancelled->report.events, 60000u);
}

TEST(CaptureLoader, IndexNameIsTheFileNameWithoutExtensions) {
    EXPECT_EQ(CaptureLoader::indexNameForPath("/x/y/capture.ndjson.gz"), "capture");
    EXPECT_EQ(CaptureLoader::indexNameForPath("sample1.data"), "sample1");
    EXPECT_EQ(CaptureLoader::indexNameForPath("logs-endpoint.events.process-default.ndjson"),
        "logs-endpoint.events.process-default");
    EXPECT_EQ(CaptureLoader::indexNameForPath("plain"), "plain");
}

TEST(CaptureLoader, SurvivesRandomlyCorruptedInput) {
    // Flip, drop and duplicate bytes of a valid capture in every shape; loading must never crash
    // or hang, and every record must end up either loaded or skipped with a line number.
    test::TempDir dir;
    const std::string base = DocA + "\n" + DocB + "\n" + DocA + "\n";
    const std::vector<std::string> shapes = {base, "[" + DocA + ",\n" + DocB + "]",
        R"({"hits":{"hits":[{"_id":"1","_source":)" + DocA + R"(},{"_id":"2","_source":)" + DocB + "}]}}"};
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>(state >> 33);
    };
    for (int round = 0; round < 300; ++round) {
        std::string text = shapes[static_cast<std::size_t>(round) % shapes.size()];
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = next() % text.size();
            switch (next() % 3) {
            case 0:
                text[at] = static_cast<char>(next() % 256);
                break;
            case 1:
                text.erase(at, 1 + next() % 8);
                break;
            default:
                text.insert(at, text.substr(at, next() % 16));
                break;
            }
        }
        auto loaded = load({dir.write("fuzz.ndjson", text)});
        for (const auto& issue : loaded->report.issues)
            EXPECT_LE(issue.line, static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n') + 1));
        EXPECT_LE(loaded->report.events, 3u);
    }
}
