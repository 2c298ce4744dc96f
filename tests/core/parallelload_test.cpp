// SPDX-License-Identifier: Apache-2.0
// Parsing on several threads must not change what a user gets: the store (every column, string id
// and event position) and the report (every skipped record's file:line) are those of a one-thread
// load, for every sample and for generated captures with bad records, plain and gzipped.
#include "load/captureloader.h"
#include "store/storearchive.h"
#include "testcapture.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <zlib.h>

using namespace wb;

namespace {
// The store as the capture cache would write it: every array exactly as it is in memory.
std::string storeBytes(const EventStore& store) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* memory = open_memstream(&data, &size);
    {
        ArchiveWriter writer(memory);
        store.save(writer);
    }
    std::fclose(memory);
    std::string bytes(data, size);
    std::free(data);
    return bytes;
}

std::string reportText(const LoadReport& report) {
    std::string out = "events " + std::to_string(report.events) + " skipped " + std::to_string(report.skipped)
        + " duplicates " + std::to_string(report.duplicates) + "\n";
    for (const auto& issue : report.issues)
        out += issue.file + ":" + std::to_string(issue.line) + ": " + issue.reason + "\n";
    for (const auto& file : report.files)
        out += file.path + " " + std::to_string(file.events) + "/" + std::to_string(file.skipped) + " " + file.error
            + "\n";
    return out;
}

struct Load {
    EventStore store;
    LoadReport report;
};

std::unique_ptr<Load> loadWith(unsigned threads, const std::vector<std::string>& paths) {
    auto load = std::make_unique<Load>();
    LoadOptions options;
    options.parseThreads = threads;
    load->report = CaptureLoader(load->store, options).load(paths);
    return load;
}

void expectSameLoadOnAnyThreadCount(const std::vector<std::string>& paths) {
    const auto one = loadWith(1, paths);
    const std::string bytes = storeBytes(one->store);
    const std::string report = reportText(one->report);
    for (unsigned threads : {2u, 3u, 7u}) {
        const auto many = loadWith(threads, paths);
        EXPECT_EQ(reportText(many->report), report) << threads << " threads";
        const std::string manyBytes = storeBytes(many->store);
        ASSERT_EQ(manyBytes.size(), bytes.size()) << threads << " threads";
        const auto differ = std::mismatch(manyBytes.begin(), manyBytes.end(), bytes.begin());
        EXPECT_TRUE(differ.first == manyBytes.end())
            << threads << " threads: the stores differ from byte " << (differ.first - manyBytes.begin());
    }
}

// A generated capture with every class of bad record sprinkled through it, and hits with ids (some
// repeated) so that duplicate detection crosses batch boundaries.
std::string captureWithBadRecords(std::uint64_t events) {
    bench::CaptureSpec spec;
    spec.events = events;
    spec.seed = 11;
    std::string out;
    std::uint64_t n = 0;
    bench::generateCapture(spec, [&](const std::string& line) {
        ++n;
        if (n % 997 == 0) out += "{\"@timestamp\": \"2024-05-14T09:00:00Z\", \"broken\": \n";
        if (n % 1499 == 0) out += "[1, 2, 3]\n";
        if (n % 2003 == 0)
            out += R"({"@timestamp":"yesterday","event":{"kind":"event"}})"
                   "\n";
        if (n % 2503 == 0)
            out += R"({"event":{"kind":"event"}})"
                   "\n";
        if (n % 3 == 0)
            out += R"({"_index":"logs-endpoint","_id":"id-)" + std::to_string(n % 5000) + R"(","_source":)" + line
                + "}\n";
        else
            out += line + "\n";
    });
    return out;
}

void writeGzip(const std::string& path, const std::string& text) {
    gzFile file = gzopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    gzclose(file);
}
} // namespace

TEST(ParallelLoad, EverySampleLoadsTheSameOnAnyNumberOfThreads) {
    for (const char* sample : {"installer-curl", "mdm-config-fetch", "edge-cases"}) {
        SCOPED_TRACE(sample);
        expectSameLoadOnAnyThreadCount({std::string(EQLWB_SAMPLES_DIR) + "/" + sample + "/capture.ndjson"});
    }
}

TEST(ParallelLoad, AGeneratedCaptureWithBadRecordsLoadsTheSameOnAnyNumberOfThreads) {
    test::TempDir dir;
    const std::string text = captureWithBadRecords(30000);
    const std::string plain = dir.write("bad.ndjson", text);
    const auto one = loadWith(1, {plain});
    // The capture must really exercise what it claims: many batches, every kind of skip, duplicates.
    ASSERT_GT(text.size(), 8u * (4u << 20));
    EXPECT_GT(one->report.skipped, 40u);
    EXPECT_GT(one->report.duplicates, 1000u);
    expectSameLoadOnAnyThreadCount({plain});

    const std::string gzipped = dir.path() + "/bad.ndjson.gz";
    writeGzip(gzipped, text);
    expectSameLoadOnAnyThreadCount({gzipped, plain});
}

TEST(ParallelLoad, ManyThreadsCanBeCancelled) {
    test::TempDir dir;
    const std::string path = dir.write("big.ndjson", test::generatedCapture({.events = 20000}));
    std::atomic<bool> cancel{false};
    LoadOptions options;
    options.parseThreads = 5;
    options.cancel = &cancel;
    options.progress = [&](std::uint64_t, std::uint64_t) { cancel = true; };
    EventStore store;
    const LoadReport report = CaptureLoader(store, options).load({path});
    EXPECT_TRUE(report.cancelled);
    EXPECT_LT(report.events, 20000u);
}
