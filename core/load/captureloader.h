// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "loadreport.h"
#include "store/eventstore.h"
#include "store/jsontape.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace wb {

struct RecordLayout;
class CaptureCache;

struct LoadOptions {
    std::string timestampField = "@timestamp";
    // Without a timestamp an event cannot be placed in time; `sample` queries still use such events.
    bool requireTimestamp = true;
    std::size_t maxRecordBytes = 16u << 20;
    // The largest record size a user may allow: the JSON tape addresses a record with 32-bit
    // offsets, so a record must stay well below 4 GiB.
    static constexpr std::size_t MaxRecordLimitMiB = 1024;
    std::size_t maxDepth = 512;
    // Threads that parse records (0: one per core but the one that stores). The store is the
    // same whatever the number.
    unsigned parseThreads = 0;
    // Called every few megabytes with bytes read so far and the total size of all files.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
    // Where finished stores are kept and looked up (null: always parse). A store from the cache
    // is the store the same files and options would give, checked before it is trusted.
    const CaptureCache* cache = nullptr;
    // Leave writing a new cache entry to the caller (LoadReport::pendingCacheKey), who can do it
    // while the user already works with the store: the workbench writes it in the background.
    bool writeCacheLater = false;
};

// Loads capture files of any supported shape (detected, never flagged) into an EventStore,
// skipping and locating bad records.
class CaptureLoader {
public:
    CaptureLoader(EventStore& store, LoadOptions options);

    LoadReport load(const std::vector<std::string>& paths);

    // The index name a file's events get when the input has no _index: its name without extensions.
    static std::string indexNameForPath(const std::string& path);

    struct ParsedRecord;

private:
    LoadReport parse(const std::vector<std::string>& paths);
    void loadFile(const std::string& path, LoadReport& report, std::uint64_t doneBefore, std::uint64_t total);
    unsigned parseWorkers() const;
    void storeRecord(const ParsedRecord& record);
    void addEvent(const RecordLayout& layout, std::size_t objectNode, std::uint64_t offset, std::uint64_t line);
    void walk(std::size_t node, FieldId field, bool inArray);
    void skip(std::uint64_t line, std::string reason);

    EventStore& m_store;
    LoadOptions m_options;
    FieldId m_timestampField;
    const JsonTape* m_tape = nullptr; // the record being stored
    EventStore::Builder m_builder;
    std::unordered_set<std::string> m_seenIds;
    std::string m_idKey;

    // State of the file being loaded.
    LoadReport* m_report = nullptr;
    FileLoadSummary* m_file = nullptr;
    SourceId m_source = 0;
    StringId m_defaultIndex = 0;
    bool m_timestampLeafSeen = false;
    Value m_timestampLeaf;
};

} // namespace wb
