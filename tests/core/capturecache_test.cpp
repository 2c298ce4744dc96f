// SPDX-License-Identifier: Apache-2.0
// The capture cache: a store read back is the store a parse gives, value for value; an entry
// that is truncated, corrupted, foreign, stale or of another format is ignored with a reason and
// the capture parsed again. (Every conformance query also runs over cached stores: the
// "cached." ctest entries.)
#include "load/capturecache.h"
#include "load/captureloader.h"
#include "store/storearchive.h"
#include "testcapture.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

using namespace wb;

namespace {
std::string dump(const EventStore& s) {
    std::string out;
    for (EventIndex e = 0; e < s.size(); ++e) {
        out += std::to_string(s.timestampNs(e)) + " " + std::string(s.strings().view(s.docId(e))) + " "
            + std::string(s.strings().view(s.indexName(e))) + " " + std::to_string(s.origin(e).line) + ":"
            + std::to_string(s.origin(e).offset) + (s.hasIndex(e) ? " i" : " -") + "\n";
        s.forEachField(e, [&](FieldId f, const Value&) {
            out += "  " + s.fields().name(f) + "=";
            for (const auto& v : s.textValues(e, f))
                out += v + ",";
            out += "\n";
        });
        std::string record;
        s.recordText(e, record);
        out += record + "\n";
    }
    return out;
}

struct Cached {
    test::TempDir dir;
    CaptureCache cache{dir.path() + "/cache"};
    LoadOptions options() const {
        LoadOptions o;
        o.cache = &cache;
        return o;
    }
    LoadReport load(EventStore& store, const std::vector<std::string>& paths) const {
        return CaptureLoader(store, options()).load(paths);
    }
};

std::string samplePath(const char* name) {
    return std::string(EQLWB_SAMPLES_DIR) + "/" + name + "/capture.ndjson";
}
} // namespace

TEST(CaptureCache, AStoreReadBackIsTheStoreAParseGives) {
    test::TempDir generated;
    bench::CaptureSpec spec;
    spec.events = 20000; // many strings, blocks and chunks: the fleet sample's shape
    const std::string fleet = generated.write("fleet.ndjson", test::generatedCapture(spec));
    for (const std::string& sample :
        {samplePath("installer-curl"), samplePath("edge-cases"), samplePath("mdm-config-fetch"), fleet}) {
        Cached c;
        EventStore parsed, cached, plain;
        const LoadReport first = c.load(parsed, {sample});
        EXPECT_FALSE(first.fromCache);
        EXPECT_EQ(first.cacheNote, "") << "a first load writes the entry and says nothing";
        const LoadReport second = c.load(cached, {sample});
        EXPECT_TRUE(second.fromCache) << sample << ": " << second.cacheNote;
        CaptureLoader(plain, {}).load({sample});
        EXPECT_EQ(dump(cached), dump(plain)) << sample;
        EXPECT_EQ(second.events, first.events);
        EXPECT_EQ(second.skipped, first.skipped);
        EXPECT_EQ(c.cache.info().entries, 1u);
    }
}

TEST(CaptureCache, HugeValuesComeBackWhole) {
    Cached c;
    const std::string huge(400000, 'a');
    const std::string path = c.dir.write("huge.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","process":{"name":"bash"}})"
        "\n"
        R"({"@timestamp":"2024-05-14T10:00:01Z","process":{"name":"sh","args":")"
            + huge
            + R"("}})"
              "\n"
              R"({"@timestamp":"2024-05-14T10:00:02Z","process":{"name":"zsh"}})"
              "\n");
    EventStore a, b, plain;
    c.load(a, {path});
    ASSERT_TRUE(c.load(b, {path}).fromCache);
    CaptureLoader(plain, {}).load({path});
    EXPECT_EQ(dump(b), dump(plain));
    EXPECT_NE(dump(b).find(huge), std::string::npos);
    // Strings interned after a cached load go on without touching the loaded ones.
    const StringId added = b.strings().intern("added later");
    EXPECT_EQ(b.strings().view(added), "added later");
    EXPECT_EQ(dump(b), dump(plain));
}

TEST(CaptureCache, BadRecordsAndTheirPlacesComeBackToo) {
    Cached c;
    const std::string path = c.dir.write("bad.ndjson",
        R"({"@timestamp":"2024-05-14T10:00:00Z","event":{"category":["process"]}})"
        "\n{not json\n"
        R"({"@timestamp":"2024-05-14T10:00:01Z","event":{"category":["network"]}})"
        "\n");
    EventStore a, b;
    const LoadReport first = c.load(a, {path});
    const LoadReport second = c.load(b, {path});
    ASSERT_TRUE(second.fromCache);
    ASSERT_EQ(second.issues.size(), 1u);
    EXPECT_EQ(second.issues[0].line, first.issues[0].line);
    EXPECT_EQ(second.issues[0].reason, first.issues[0].reason);
    EXPECT_EQ(second.skipped, 1u);
}

TEST(CaptureCache, AnEntryThatCannotBeTrustedIsIgnoredWithAReason) {
    Cached c;
    const std::string capture = c.dir.write("c.ndjson", test::readFile(samplePath("installer-curl")));
    EventStore first;
    c.load(first, {capture});
    std::string why;
    const auto key = CaptureCache::keyFor({capture}, c.options(), why);
    ASSERT_TRUE(key) << why;
    const std::string entry = c.cache.entryPath(*key);
    const std::string good = test::readFile(entry);
    auto reload = [&](const std::string& content) {
        std::ofstream(entry, std::ios::binary | std::ios::trunc) << content;
        EventStore store;
        const LoadReport r = c.load(store, {capture});
        EXPECT_FALSE(r.fromCache);
        EXPECT_EQ(store.size(), 21u) << "parsed again";
        return r.cacheNote;
    };
    EXPECT_NE(reload(good.substr(0, good.size() / 2)).find("truncated"), std::string::npos);
    std::string flipped = good;
    flipped[flipped.size() - 100] ^= 0x20;
    EXPECT_NE(reload(flipped).find("corrupted"), std::string::npos);
    EXPECT_NE(reload("this is not a cache file at all, but it is long enough to have a header......")
                  .find("not an EQL Workbench cache"),
        std::string::npos);
    std::string otherVersion = good;
    otherVersion[8] = char(otherVersion[8] + 1); // the format version follows the magic
    EXPECT_NE(reload(otherVersion).find("another version"), std::string::npos);
    // Each reload above parsed again and wrote a good entry back: it is used now.
    EventStore again;
    EXPECT_TRUE(c.load(again, {capture}).fromCache);

    // The capture changed (same size, new time): the entry is stale, never used.
    std::string text = test::readFile(capture);
    text[text.find("curl")] = 'C';
    std::ofstream(capture, std::ios::binary | std::ios::trunc) << text;
    ::utime(capture.c_str(), nullptr);
    EventStore changed;
    const LoadReport stale = c.load(changed, {capture});
    EXPECT_FALSE(stale.fromCache);
    EXPECT_NE(dump(changed).find("Curl"), std::string::npos) << "the new contents, not the cached ones";
}

TEST(CaptureCache, CompressedCapturesAreParsedAndSaySo) {
    Cached c;
    const std::string gz = c.dir.writeGzip("c.ndjson.gz", test::readFile(samplePath("installer-curl")));
    EventStore store;
    const LoadReport r = c.load(store, {gz});
    EXPECT_FALSE(r.fromCache);
    EXPECT_NE(r.cacheNote.find("compressed"), std::string::npos) << r.cacheNote;
    EXPECT_EQ(c.cache.info().entries, 0u);
}

TEST(CaptureCache, TheDirectoryStaysWithinItsBoundLeastRecentlyUsedFirst) {
    test::TempDir dir;
    std::vector<std::string> captures;
    for (const char* s : {"installer-curl", "edge-cases", "mdm-config-fetch"})
        captures.push_back(dir.write(std::string(s) + ".ndjson", test::readFile(samplePath(s))));
    CaptureCache unbounded(dir.path() + "/cache");
    for (const auto& p : captures) {
        EventStore s;
        LoadOptions o;
        o.cache = &unbounded;
        CaptureLoader(s, o).load({p});
    }
    const auto info = unbounded.info();
    ASSERT_EQ(info.entries, 3u);
    // A bound that holds about two entries: writing the first again removes the oldest other one.
    CaptureCache bounded(dir.path() + "/cache", info.bytes * 2 / 3 + 1);
    std::string why;
    LoadOptions o;
    o.cache = &bounded;
    const auto key = CaptureCache::keyFor({captures[0]}, o, why);
    ASSERT_TRUE(key);
    ::unlink(bounded.entryPath(*key).c_str());
    EventStore s;
    CaptureLoader(s, o).load({captures[0]});
    EXPECT_LE(bounded.info().bytes, info.bytes * 2 / 3 + 1);
    EXPECT_TRUE(std::ifstream(bounded.entryPath(*key)).good()) << "the entry just written stays";
    EXPECT_LT(bounded.info().entries, 3u) << "the least recently used went";
    const std::size_t left = bounded.info().entries;
    EXPECT_EQ(bounded.clear(), left);
    EXPECT_EQ(bounded.info().entries, 0u);
}

TEST(CaptureCache, TheChecksumDoesNotDependOnHowTheBytesArrive) {
    std::string data(10007, '\0');
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = char(i * 131 + 7);
    Checksum whole;
    whole.add(data.data(), data.size());
    for (std::size_t piece : {1u, 3u, 31u, 32u, 33u, 1000u}) {
        Checksum parts;
        for (std::size_t at = 0; at < data.size(); at += piece)
            parts.add(data.data() + at, std::min(piece, data.size() - at));
        EXPECT_EQ(parts.value(), whole.value()) << "pieces of " << piece;
    }
    Checksum other;
    data[5000] ^= 1;
    other.add(data.data(), data.size());
    EXPECT_NE(other.value(), whole.value());
}
