// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "loadreport.h"
#include "store/eventstore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct LoadOptions;

// Loaded captures kept on disk, so opening the same files again maps a finished store instead
// of parsing gigabytes of JSON. An entry is keyed by every file's absolute path, size,
// modification time and a hash of its first and last MiB, plus the load options that shape the
// store; it has a magic, a format version, the key and a checksum of everything, and is
// trusted only if all of them agree (otherwise it is ignored with one line saying why, and the
// capture is parsed again). Writes are atomic; the directory is bounded, least recently used
// entries going first. Compressed captures are not cached (their documents are read back from
// a decompressed copy that only a parse makes).
class CaptureCache {
public:
    static constexpr std::uint64_t DefaultMaxBytes = 10ull << 30;

    explicit CaptureCache(std::string directory = defaultDirectory(), std::uint64_t maxBytes = DefaultMaxBytes);
    // $XDG_CACHE_HOME/eql-workbench, else ~/.cache/eql-workbench.
    static std::string defaultDirectory();

    // The key of loading these files with these options; nullopt with `why` when they cannot be
    // cached (unreadable, compressed).
    static std::optional<std::string> keyFor(
        const std::vector<std::string>& paths, const LoadOptions& options, std::string& why);

    // Fills the (empty) store and the report from the entry for `key`. False with `why` (one
    // line) when there is no entry or it cannot be trusted; the store is then left empty.
    bool read(const std::string& key, EventStore& store, LoadReport& report, std::string& why) const;
    bool write(const std::string& key, const EventStore& store, const LoadReport& report, std::string& why) const;

    struct Info {
        std::string directory;
        std::size_t entries = 0;
        std::uint64_t bytes = 0, maxBytes = 0;
    };
    Info info() const;
    std::size_t clear() const; // removes every entry; returns how many
    std::string entryPath(const std::string& key) const;

private:
    void trim(const std::string& keep) const;
    std::string m_directory;
    std::uint64_t m_maxBytes;
};

} // namespace wb
