// SPDX-License-Identifier: Apache-2.0
#include "load/captureloader.h"
#include "store/eventstore.h"
#include "store/timeorder.h"
#include "testfiles.h"

#include <gtest/gtest.h>

using namespace wb;

namespace {
std::vector<std::string> stringValues(const EventStore& store, EventIndex e, const std::string& field) {
    std::vector<std::string> result;
    const FieldId id = store.fields().find(field);
    if (id == FieldTable::npos) return result;
    store.forEachValue(e, id, [&](const Value& v) {
        if (v.kind == ValueKind::String)
            result.emplace_back(store.strings().view(v.string));
        else if (v.kind == ValueKind::Int)
            result.push_back(std::to_string(v.integer));
    });
    return result;
}
} // namespace

TEST(EventStore, DottedAndNestedKeysNameTheSameField) {
    test::TempDir dir;
    const auto path = dir.write("mixed.ndjson",
        R"({"@timestamp":"2024-05-14T10:21:07Z","process.name":"curl","process":{"pid":7,"parent.name":"bash"}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:21:08Z","process":{"name":"wget","parent":{"name":"zsh"}}})"
        "\n");
    EventStore store;
    CaptureLoader loader(store, {});
    const auto report = loader.load({path});
    ASSERT_EQ(report.events, 2u);
    EXPECT_EQ(stringValues(store, 0, "process.name"), std::vector<std::string>({"curl"}));
    EXPECT_EQ(stringValues(store, 0, "process.parent.name"), std::vector<std::string>({"bash"}));
    EXPECT_EQ(stringValues(store, 0, "process.pid"), std::vector<std::string>({"7"}));
    EXPECT_EQ(stringValues(store, 1, "process.name"), std::vector<std::string>({"wget"}));
    EXPECT_EQ(stringValues(store, 1, "process.parent.name"), std::vector<std::string>({"zsh"}));
    EXPECT_TRUE(stringValues(store, 1, "process.pid").empty());
}

TEST(EventStore, ArraysAreMultiValuedFieldsIncludingObjectsInArrays) {
    test::TempDir dir;
    const auto path = dir.write("arrays.ndjson",
        R"({"@timestamp":"2024-05-14T10:21:07Z","event":{"category":["process"],"type":["start","info"]},)"
        R"("dns":{"answers":[{"ip":"1.1.1.1"},{"ip":"8.8.8.8"}]},"tags":[],"x":[null,"a"]})"
        "\n");
    EventStore store;
    CaptureLoader loader(store, {});
    ASSERT_EQ(loader.load({path}).events, 1u);
    EXPECT_EQ(stringValues(store, 0, "event.category"), std::vector<std::string>({"process"}));
    EXPECT_EQ(stringValues(store, 0, "event.type"), std::vector<std::string>({"start", "info"}));
    EXPECT_EQ(stringValues(store, 0, "dns.answers.ip"), std::vector<std::string>({"1.1.1.1", "8.8.8.8"}));
    EXPECT_TRUE(store.values(0, store.fields().intern("tags")).empty()) << "an empty array is a missing field";
    EXPECT_EQ(stringValues(store, 0, "x"), std::vector<std::string>({"a"})) << "null array elements are ignored";
}

TEST(EventStore, RepeatedValuesAndObjectsAreStoredOnce) {
    test::TempDir dir;
    std::string content;
    for (int i = 0; i < 2000; ++i) {
        content
            += R"({"@timestamp":"2024-05-14T10:21:07Z","host":{"id":"h1","name":"mbp-alice","os":{"type":"macos"}},)";
        content += R"("process":{"name":"bash","pid":)" + std::to_string(i) + "}}\n";
    }
    const auto path = dir.write("repeat.ndjson", content);
    EventStore store;
    CaptureLoader loader(store, {});
    ASSERT_EQ(loader.load({path}).events, 2000u);
    // "h1", "mbp-alice", "macos", "bash", the timestamp and the index name: a handful of strings.
    EXPECT_LT(store.strings().size(), 10u);
    EXPECT_EQ(stringValues(store, 1999, "host.name"), std::vector<std::string>({"mbp-alice"}));
    EXPECT_EQ(stringValues(store, 1999, "process.pid"), std::vector<std::string>({"1999"}));
}

TEST(EventStore, KeepsTheOriginalDocumentExactly) {
    test::TempDir dir;
    const std::string doc = R"({ "@timestamp" : "2024-05-14T10:21:07.6578986Z",  "process": {"name":"curl\u0041"} })";
    const auto path = dir.write("exact.ndjson", "\n\n" + doc + "\n");
    EventStore store;
    CaptureLoader loader(store, {});
    ASSERT_EQ(loader.load({path}).events, 1u);
    std::string text;
    ASSERT_TRUE(store.sourceDocument(0, text));
    EXPECT_EQ(text, doc);
    EXPECT_EQ(store.origin(0).line, 3u);
    EXPECT_EQ(store.timestampNs(0), 1715682067657898600LL);
}

TEST(EventStore, AHugeValueLeavesTheStringsBeforeAndAfterItIntact) {
    // A command line or script body of hundreds of KB gets a chunk of its own; the small
    // strings interned before and after it must still read back as they were.
    wb::StringPool pool;
    std::vector<std::pair<wb::StringId, std::string>> small;
    for (int i = 0; i < 100; ++i)
        small.push_back({pool.intern("before-" + std::to_string(i)), "before-" + std::to_string(i)});
    const std::string huge(400000, 'x');
    const wb::StringId big = pool.intern(huge);
    for (int i = 0; i < 100; ++i)
        small.push_back({pool.intern("after-" + std::to_string(i)), "after-" + std::to_string(i)});
    const std::string huge2(300000, 'y');
    const wb::StringId big2 = pool.intern(huge2);
    for (const auto& [id, text] : small)
        EXPECT_EQ(pool.view(id), text);
    EXPECT_EQ(pool.view(big), huge);
    EXPECT_EQ(pool.view(big2), huge2);
    EXPECT_EQ(pool.find("before-7"), small[7].first);
}

TEST(EventStore, TimeOrderIsByTimestampStableAndPutsEventsWithoutATimeFirst) {
    test::TempDir dir;
    const auto path = dir.write("unordered.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:03Z","n":"c"})"
        "\n"
        R"({"n":"no-time-1"})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:01Z","n":"a"})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:03Z","n":"d"})"
        "\n"
        R"({"n":"no-time-2"})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:02Z","n":"b"})"
        "\n");
    EventStore store;
    LoadOptions options;
    options.requireTimestamp = false;
    ASSERT_EQ(CaptureLoader(store, options).load({path}).events, 6u);
    std::vector<std::string> names;
    for (EventIndex e : eventsInTimeOrder(store))
        names.push_back(stringValues(store, e, "n").front());
    EXPECT_EQ(names, std::vector<std::string>({"no-time-1", "no-time-2", "a", "b", "c", "d"}));
}

TEST(EventStore, IntegersKeepTheirValueWhetherTheyFit32BitsOrNot) {
    test::TempDir dir;
    const auto path = dir.write("ints.ndjson",
        R"({"@timestamp":"2024-05-14T10:21:07Z","n":[1,-2147483648,2147483647,2147483648,-2147483649,7,9007199254740993],"p":-1})"
        "\n");
    EventStore store;
    ASSERT_EQ(CaptureLoader(store, {}).load({path}).events, 1u);
    EXPECT_EQ(store.textValues(0, store.fields().find("n")),
        std::vector<std::string>(
            {"1", "-2147483648", "2147483647", "2147483648", "-2147483649", "7", "9007199254740993"}))
        << "values in document order, narrow and wide mixed";
    EXPECT_EQ(store.textValues(0, store.fields().find("p")), std::vector<std::string>({"-1"}));
}

TEST(EventStore, AStoreTakesMoreEventsAfterLoadingCompactedIt) {
    test::TempDir dir;
    std::string first, second;
    for (int i = 0; i < 6000; ++i) // more blocks than the hash table's first size
        first += R"({"@timestamp":"2024-05-14T10:00:00Z","host":{"name":"h)" + std::to_string(i % 50)
            + R"("},"process":{"pid":)" + std::to_string(i) + "}}\n";
    for (int i = 0; i < 100; ++i)
        second += R"({"@timestamp":"2024-05-14T10:00:00Z","host":{"name":"h)" + std::to_string(i % 50)
            + R"("},"process":{"pid":)" + std::to_string(i) + "}}\n";
    EventStore store;
    ASSERT_EQ(CaptureLoader(store, {}).load({dir.write("a.ndjson", first)}).events, 6000u);
    const auto memoryBefore = store.memoryReport();
    ASSERT_EQ(CaptureLoader(store, {}).load({dir.write("b.ndjson", second)}).events, 100u);
    ASSERT_EQ(store.size(), 6100u);
    for (EventIndex e = 6000; e < 6100; ++e) {
        EXPECT_EQ(
            stringValues(store, e, "host.name"), std::vector<std::string>({"h" + std::to_string((e - 6000) % 50)}));
        EXPECT_EQ(stringValues(store, e, "process.pid"), std::vector<std::string>({std::to_string(e - 6000)}));
    }
    // Every block of the second file repeats one of the first: the rebuilt table found them all.
    std::size_t blocksBefore = 0, blocksAfter = 0;
    for (const auto& part : memoryBefore.parts)
        if (part.name == "value blocks") blocksBefore = part.bytes;
    for (const auto& part : store.memoryReport().parts)
        if (part.name == "value blocks") blocksAfter = part.bytes;
    EXPECT_EQ(blocksAfter, blocksBefore) << "no new value block for values already stored";
}

TEST(EventStore, AnObjectRepeatedInsideChangingOnesIsStoredOnce) {
    test::TempDir dir;
    std::string capture;
    for (int i = 0; i < 1000; ++i) // a new pid every time, the same program hash
        capture += R"({"@timestamp":"2024-05-14T10:00:00Z","process":{"pid":)" + std::to_string(i)
            + R"(,"hash":{"sha256":"e3b0c44298fc1c149afbf4c8996fb924"}}})" + "\n";
    EventStore store;
    ASSERT_EQ(CaptureLoader(store, {}).load({dir.write("p.ndjson", capture)}).events, 1000u);
    for (const auto& field : store.memoryReport().byField) {
        if (field.field == "process.hash.sha256") {
            EXPECT_EQ(field.cellBytes, 4u) << "one block, one string cell";
        }
        if (field.field == "process.pid") {
            EXPECT_EQ(field.cellBytes, 4000u) << "a 4-byte pid per event";
        }
    }
    EXPECT_EQ(stringValues(store, 999, "process.hash.sha256"),
        std::vector<std::string>({"e3b0c44298fc1c149afbf4c8996fb924"}));
    EXPECT_EQ(stringValues(store, 999, "process.pid"), std::vector<std::string>({"999"}));
}

TEST(EventStore, AnEventWithMoreObjectsThanTheStoreHoldsIsSkippedAtItsLine) {
    test::TempDir dir;
    std::string many = R"({"@timestamp":"2024-05-14T10:00:00Z","a":{)";
    for (int i = 0; i < 60001; ++i)
        many += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":{\"x\":1}";
    many += "}}\n";
    const auto path = dir.write("objects.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","ok":1})"
        "\n" + many
            + R"({"@timestamp":"2024-05-14T10:00:01Z","ok":2})"
              "\n");
    EventStore store;
    const LoadReport report = CaptureLoader(store, {}).load({path});
    EXPECT_EQ(report.events, 2u);
    ASSERT_EQ(report.issues.size(), 1u);
    EXPECT_EQ(report.issues[0].line, 2u);
    EXPECT_EQ(report.issues[0].reason, "more than 60000 objects");
}
