// SPDX-License-Identifier: Apache-2.0
// Regression tests for what fuzzing and real rules found: each input here once crashed, hung,
// or gave a silently wrong answer.
#include "eql/engine.h"
#include "eql/luceneregex.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "eql/textmatch.h"
#include "exceptions/exceptionfilter.h"
#include "exceptions/exceptionio.h"
#include "load/captureloader.h"
#include "testfiles.h"
#include "util/timestamp.h"
#include "util/tomlguard.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
std::size_t load(const std::string& content, LoadReport* reportOut = nullptr) {
    test::TempDir dir;
    EventStore store;
    const LoadReport report = CaptureLoader(store, {}).load({dir.write("c.ndjson", content)});
    if (reportOut) *reportOut = report;
    return store.size();
}

std::size_t matches(const std::string& capture, const std::string& query) {
    test::TempDir dir;
    EventStore store;
    CaptureLoader(store, {}).load({dir.write("c.ndjson", capture)});
    eql::Schema schema(store);
    eql::Engine engine(schema);
    return engine.run(eql::parseQuery(query), {}).events.size();
}
} // namespace

TEST(Trust, LargeEpochMillisecondsAreABadRecordNotAWrongTime) {
    EXPECT_FALSE(parseTimestamp("10000000000000")) << "year 2286: outside what nanoseconds hold";
    EXPECT_FALSE(parseTimestamp("9300000000000.5"));
    EXPECT_FALSE(parseTimestamp("-9300000000000"));
    std::string error;
    EXPECT_FALSE(parseTimestamp("2261-12-31T12-12", &error)) << "-12:00 makes it 2262-01-01 UTC";
    EXPECT_NE(error.find("supported range"), std::string::npos) << error;
    const auto last = parseTimestamp("2261-12-31T23:59:59.999999999Z");
    ASSERT_TRUE(last);
    EXPECT_EQ(parseTimestamp(formatTimestamp(*last)), last) << "everything parsed formats and parses back";
    const auto first = parseTimestamp("1678-01-01T00:00:00Z");
    ASSERT_TRUE(first);
    EXPECT_EQ(parseTimestamp(formatTimestamp(*first)), first);
    LoadReport report;
    EXPECT_EQ(load(R"({"@timestamp":10000000000000,"event":{"category":"process"}})"
                   "\n"
                   R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":"process"}})"
                   "\n",
                  &report),
        1u);
    ASSERT_EQ(report.issues.size(), 1u);
    EXPECT_EQ(report.issues[0].line, 1u);
}

TEST(Trust, AByteOrderMarkOnALaterLineIsSkipped) {
    const std::string bom = "\xEF\xBB\xBF";
    LoadReport report;
    EXPECT_EQ(load(bom
                      + R"({"@timestamp":"2024-05-14T10:00:00Z"})"
                        "\n"
                      + bom
                      + R"({"@timestamp":"2024-05-14T10:00:01Z"})"
                        "\n",
                  &report),
        2u);
    EXPECT_EQ(report.skipped, 0u);
}

TEST(Trust, WhatPrintsParsesBackAndWhatElasticsearchRejectsIsRejected) {
    EXPECT_THROW(eql::parseQuery("any where x == 1e999"), eql::QueryError);
    for (const char* query : {"a..b where true", "process where a.`0`.b == 1",
             "process where azure.auditlogs.properties.target_resources.`0`.display_name like \"DESKTOP-*\"",
             "process where `process`.name == \"x\"", "process where `a b`.c : \"x\""}) {
        const eql::Query parsed = eql::parseQuery(query);
        const std::string printed = eql::toEql(parsed);
        EXPECT_TRUE(eql::parseQuery(printed).sameAs(parsed)) << query << " printed as " << printed;
    }
    EXPECT_THROW(eql::parseQuery("process where a. == 1"), eql::QueryError);
}

TEST(Trust, BackquotedSegmentsOfAFieldNameAddressTheField) {
    const std::string capture = R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},)"
                                R"("a":{"target_resources":{"0":{"display_name":"DESKTOP-42"}}}})"
                                "\n";
    EXPECT_EQ(matches(capture, "process where a.target_resources.`0`.display_name like \"DESKTOP-*\""), 1u);
}

TEST(Trust, CaseInsensitiveMatchingFoldsUnicode) {
    EXPECT_EQ(eql::foldCase(U'Ÿ'), eql::foldCase(U'ÿ'));
    EXPECT_EQ(eql::foldCase(U'Σ'), eql::foldCase(U'ς'));
    EXPECT_EQ(eql::foldCase(U'Ж'), U'ж');
    EXPECT_EQ(eql::foldCase(U'Ⓐ'), U'ⓐ');
    EXPECT_EQ(eql::foldCase(U'𐐀'), U'𐐨') << "beyond the basic plane";
    const std::string capture
        = R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"process":{"name":"ÿ"}})"
          "\n"
          R"({"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"process":{"name":"ΣΊΣΥΦΟΣ"}})"
          "\n";
    EXPECT_EQ(matches(capture, "process where process.name : \"Ÿ\""), 1u);
    EXPECT_EQ(matches(capture, "process where process.name : \"σίσυφος\""), 1u);
    EXPECT_EQ(matches(capture, "process where process.name like~ \"σίσυφ*\""), 1u);
    EXPECT_EQ(matches(capture, "process where process.name == \"σίσυφος\""), 0u) << "== stays case-sensitive";
}

TEST(Trust, ARegexWhoseRepetitionsMultiplyIsRejectedQuickly) {
    // Refused by bounding the compiler's work (a hang would end the test at ctest's timeout).
    std::string error;
    EXPECT_FALSE(eql::LuceneRegex::compile("(){1000}{1000}{1000}{1000}", false, &error));
    EXPECT_NE(error.find("too complex"), std::string::npos) << error;
    EXPECT_FALSE(eql::LuceneRegex::compile("(a{0}){1000}{1000}{1000}", false, &error));
    EXPECT_TRUE(eql::LuceneRegex::compile("(ab){2,5}c*", false, &error)) << error;
}

TEST(Trust, AListsOwnOsTypesAreNotDroppedSilently) {
    exceptions::ExceptionList list;
    list.listId = "l";
    list.osTypes = {"macos"};
    EXPECT_TRUE(exceptions::osTypesDropped(list));
}

TEST(Trust, JsonNumbersTooLargeForADoubleAreLocatedErrors) {
    const auto read = exceptions::parseKibanaNdjson("1e400\n", "huge.ndjson");
    ASSERT_FALSE(read.issues.empty());
    EXPECT_EQ(read.issues.front().line, 1u);
}

TEST(Trust, TomlInputTheLibraryMishandlesNeverReachesIt) {
    for (const std::string& text : {std::string("\xC7\xA7"), std::string("[&+"), std::string("[[[1]]]"),
             std::string("x=2027-01-01Tt:"), std::string("a = \"\x01\""), std::string("a = \"\xFF\"")}) {
        const auto read = exceptions::parseDetectionRulesToml(text, "x.toml");
        ASSERT_FALSE(read.issues.empty()) << text;
        EXPECT_EQ(read.issues.front().line, 1u);
    }
}

TEST(Trust, TheTomlGuardLetsNonAsciiTextInsideStringsAndCommentsThrough) {
    const std::string toml = "# «comment» first\n[rule]\nname = \"Ünïcode\"\nnote = \"\"\"\n“Quoted” line start\n"
                             "\\\"\"\" still inside\n\"\"\"\nguide = '''\n¿literal?\n'''\n";
    test::TempDir dir;
    EXPECT_FALSE(checkTomlInput(toml)) << checkTomlInput(toml)->message;
}

TEST(Trust, NestedExceptionEntriesBindToOneObjectOfTheArray) {
    const std::string capture
        = R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"process":{"name":"a","Ext":{"code_signature":[{"subject_name":"Jamf","trusted":false},{"subject_name":"Other","trusted":true}]}}})"
          "\n"
          R"({"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["process"]},"process":{"name":"b","Ext":{"code_signature":[{"subject_name":"Jamf","trusted":true}]}}})"
          "\n";
    const std::string list
        = R"({"list_id":"l","name":"L","description":"d","type":"detection","namespace_type":"single"})"
          "\n"
          R"({"item_id":"i","list_id":"l","name":"trusted Jamf","description":"d","type":"simple","namespace_type":"single","entries":[{"field":"process.Ext.code_signature","type":"nested","entries":[{"field":"subject_name","operator":"included","type":"match","value":"Jamf"},{"field":"trusted","operator":"included","type":"match","value":"true"}]}]})"
          "\n";
    test::TempDir dir;
    EventStore store;
    CaptureLoader(store, {}).load({dir.write("c.ndjson", capture)});
    const auto read = exceptions::parseKibanaNdjson(list, "l.ndjson");
    ASSERT_TRUE(read.ok()) << read.issues.front().text();
    const exceptions::ExceptionFilter filter(store, read.set, 0);
    const auto excluded = filter.excludedEvents();
    EXPECT_EQ(excluded[0], 0) << "Jamf and trusted belong to different signatures of event a";
    EXPECT_EQ(excluded[1], 1) << "one signature of event b is both";
}

// eql-semantics.md R5 says scripts are wrapped in multiValueDocValues; for a script over several
// fields Elasticsearch nests one wrapper per field, so any combination of values may satisfy it.
TEST(Trust, AScriptOverSeveralMultiValuedFieldsTriesEveryCombinationOfTheirValues) {
    const std::string capture
        = R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]},"a":[1,5],"b":[10,2],"s":["x","y"],"t":["1","2"]})"
          "\n";
    EXPECT_EQ(matches(capture, "process where add(a, b) == 7"), 1u) << "5 + 2, the second value of each";
    EXPECT_EQ(matches(capture, "process where add(a, b) == 8"), 0u);
    EXPECT_EQ(matches(capture, "process where concat(s, t) == \"y1\""), 1u);
    EXPECT_EQ(matches(capture, "process where add(a, a) == 6"), 0u) << "one field is one value in a combination";
}
