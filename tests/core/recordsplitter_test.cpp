// SPDX-License-Identifier: Apache-2.0
#include "load/recordsplitter.h"

#include <gtest/gtest.h>

using wb::RecordSplitter;

namespace {
struct Collected {
    std::vector<std::string> records;
    std::vector<std::uint64_t> lines;
    std::vector<std::pair<std::uint64_t, std::string>> problems;
};

// Feeds the text in small chunks so records straddle chunk boundaries.
Collected split(const std::string& text, std::size_t chunk = 7, std::size_t maxBytes = 1 << 20) {
    Collected c;
    RecordSplitter splitter(
        maxBytes,
        [&](const RecordSplitter::Record& r) {
            c.records.emplace_back(r.text);
            c.lines.push_back(r.line);
        },
        [&](const RecordSplitter::Problem& p) { c.problems.emplace_back(p.line, p.reason); });
    for (std::size_t i = 0; i < text.size(); i += chunk)
        splitter.feed(text.data() + i, std::min(chunk, text.size() - i));
    splitter.finish();
    return c;
}
} // namespace

TEST(RecordSplitter, SplitsNdjsonLinesAndSkipsBlankLines) {
    const auto c = split("{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":3}");
    EXPECT_EQ(c.records, std::vector<std::string>({"{\"a\":1}", "{\"a\":2}", "{\"a\":3}"}));
    EXPECT_EQ(c.lines, std::vector<std::uint64_t>({1, 3, 4}));
    EXPECT_TRUE(c.problems.empty());
}

TEST(RecordSplitter, BrokenNdjsonLineStaysOneBrokenRecord) {
    const auto c = split("{\"a\":1}\n{\"a\":\n{\"a\":3}\n");
    // The broken line reaches the JSON parser as its own record, which reports it; line 3 survives.
    EXPECT_EQ(c.records, std::vector<std::string>({"{\"a\":1}", "{\"a\":", "{\"a\":3}"}));
}

TEST(RecordSplitter, SplitsTopLevelArrayElements) {
    const auto c = split("[\n  {\"a\": [1, {\"b\": \"]\"}]},\n  {\"a\": 2}\n]\n");
    EXPECT_EQ(c.records, std::vector<std::string>({"{\"a\": [1, {\"b\": \"]\"}]}", "{\"a\": 2}"}));
    EXPECT_EQ(c.lines, std::vector<std::uint64_t>({2, 3}));
}

TEST(RecordSplitter, SplitsPrettyPrintedObjectsSeparatedByBlankLines) {
    const auto c = split("{\n  \"type\": \"doc\",\n  \"value\": {\"id\": \"1\"}\n}\n\n{\n  \"type\": \"doc\"\n}\n");
    ASSERT_EQ(c.records.size(), 2u);
    EXPECT_EQ(c.lines, std::vector<std::uint64_t>({1, 6}));
}

TEST(RecordSplitter, ResynchronisesAfterAnUnterminatedPrettyRecord) {
    const auto c = split("{\n  \"a\": {\n}\n{\n  \"b\": 1\n}\n");
    ASSERT_EQ(c.records.size(), 1u);
    EXPECT_EQ(c.records[0], "{\n  \"b\": 1\n}");
    ASSERT_EQ(c.problems.size(), 1u);
    EXPECT_EQ(c.problems[0].first, 1u);
}

TEST(RecordSplitter, StreamsTheHitsOfASearchResponse) {
    const std::string response = R"({"took":3,"hits":{"total":{"value":2},"hits":[{"_id":"1","_source":{"a":1}},)"
                                 "\n"
                                 R"({"_id":"2","_source":{"a":2}}]}})";
    const auto c = split(response, 5);
    EXPECT_EQ(
        c.records, std::vector<std::string>({R"({"_id":"1","_source":{"a":1}})", R"({"_id":"2","_source":{"a":2}})"}));
    EXPECT_EQ(c.lines, std::vector<std::uint64_t>({1, 2}));
}

TEST(RecordSplitter, StreamsEqlSequenceEvents) {
    const std::string response
        = R"({"hits":{"sequences":[{"join_keys":["h"],"events":[{"_id":"1","_source":{}},{"_id":"2","_source":{}}]},{"join_keys":["g"],"events":[{"_id":"3","_source":{}}]}]}})";
    const auto c = split(response, 3);
    ASSERT_EQ(c.records.size(), 3u);
    EXPECT_EQ(c.records[2], R"({"_id":"3","_source":{}})");
}

TEST(RecordSplitter, OversizedRecordIsReportedWithoutBeingHeld) {
    std::string big = "{\"a\":\"" + std::string(5000, 'x') + "\"}";
    const auto c = split("{\"a\":1}\n" + big + "\n{\"a\":3}\n", 100, 1024);
    EXPECT_EQ(c.records, std::vector<std::string>({"{\"a\":1}", "{\"a\":3}"}));
    ASSERT_EQ(c.problems.size(), 1u);
    EXPECT_EQ(c.problems[0].first, 2u);
}

TEST(RecordSplitter, SkipsCommentLinesAsElasticsearchDoes) {
    const auto c = split("[\n////test2\n{\"a\":1},\n// note\n{\"a\":2}\n]");
    EXPECT_EQ(c.records, std::vector<std::string>({"{\"a\":1}", "{\"a\":2}"}));
    EXPECT_TRUE(c.problems.empty());
}
