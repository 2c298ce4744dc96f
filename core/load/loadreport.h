// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// A record that was skipped, and where it is.
struct LoadIssue {
    std::string file;
    std::uint64_t line = 0;
    std::string reason;
};

struct FileLoadSummary {
    std::string path;
    bool compressed = false;
    std::uint64_t events = 0;
    std::uint64_t skipped = 0;
    std::uint64_t duplicates = 0;
    std::string error; // set when the file could not be used at all
};

// What loading did: never silent about what it left out.
struct LoadReport {
    static constexpr std::size_t MaxIssues = 1000;

    std::uint64_t events = 0;
    std::uint64_t skipped = 0;
    // Hits that repeat an (_index, _id) already loaded, as an EQL response repeats an event shared
    // by two sequences. Loaded once; not an error.
    std::uint64_t duplicates = 0;
    std::vector<LoadIssue> issues; // the first MaxIssues skipped records
    std::vector<FileLoadSummary> files;
    bool cancelled = false;
    bool fromCache = false; // the store came from the capture cache
    std::string cacheNote; // why the cache was not used or not written (one line), if it was asked for
    // LoadOptions::writeCacheLater: the key the caller writes the store under when it can.
    std::optional<std::string> pendingCacheKey;

    bool hasFileErrors() const {
        for (const auto& file : files)
            if (!file.error.empty()) return true;
        return false;
    }
};

} // namespace wb
