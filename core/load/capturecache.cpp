// SPDX-License-Identifier: Apache-2.0
#include "load/capturecache.h"

#include "load/captureloader.h"
#include "store/storearchive.h"
#include "util/sha256.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace wb {

namespace {
constexpr char Magic[8] = {'E', 'Q', 'L', 'W', 'B', 'S', 'C', '1'};
// Bumped whenever the store's layout or this file's changes.
constexpr std::uint32_t FormatVersion
    = 4; // 2: narrow integers; 3: a group per object; 4: no hash tables but the strings'
const char* const Suffix = ".eqlwbcache";

struct Header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t abi; // sizes of the arrays' element types: a different build cannot misread them
    std::uint64_t payloadBytes;
    std::uint64_t checksum;
    std::uint64_t keyBytes;
};

std::uint32_t abiMarker() {
    return std::uint32_t(sizeof(EventOrigin) << 24 | sizeof(std::size_t) << 16 | sizeof(void*) << 8 | 1);
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

bool makeDirectories(const std::string& path) {
    for (std::size_t i = 1; i <= path.size(); ++i)
        if (i == path.size() || path[i] == '/') {
            const std::string part = path.substr(0, i);
            if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return false;
        }
    return true;
}

std::string absolute(const std::string& path) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) return path;
    std::string out(real);
    std::free(real);
    return out;
}

template <class Archive> void reportIo(Archive& a, LoadReport& r) {
    a.pod(r.events);
    a.pod(r.skipped);
    a.pod(r.duplicates);
    std::uint64_t issues = r.issues.size(), files = r.files.size();
    a.count(issues);
    if constexpr (Archive::reading) r.issues.resize(a.plausible(issues, 16) ? issues : 0);
    for (auto& i : r.issues) {
        a.string(i.file);
        a.pod(i.line);
        a.string(i.reason);
    }
    a.count(files);
    if constexpr (Archive::reading) r.files.resize(a.plausible(files, 16) ? files : 0);
    for (auto& f : r.files) {
        a.string(f.path);
        a.pod(f.compressed);
        a.pod(f.events);
        a.pod(f.skipped);
        a.pod(f.duplicates);
        a.string(f.error);
    }
}

struct Entry {
    std::string path;
    std::uint64_t bytes = 0;
    std::int64_t usedNs = 0;
};

std::vector<Entry> entries(const std::string& directory) {
    std::vector<Entry> out;
    DIR* dir = ::opendir(directory.c_str());
    if (!dir) return out;
    while (const dirent* d = ::readdir(dir)) {
        const std::string name = d->d_name;
        if (name.size() <= std::strlen(Suffix)
            || name.compare(name.size() - std::strlen(Suffix), std::string::npos, Suffix))
            continue;
        struct stat st { };
        const std::string path = directory + "/" + name;
        if (::stat(path.c_str(), &st) != 0) continue;
        out.push_back(
            {path, std::uint64_t(st.st_size), std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec});
    }
    ::closedir(dir);
    return out;
}
} // namespace

CaptureCache::CaptureCache(std::string directory, std::uint64_t maxBytes)
    : m_directory(std::move(directory))
    , m_maxBytes(maxBytes) { }

std::string CaptureCache::defaultDirectory() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/eql-workbench";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/eql-workbench";
    return "/tmp/eql-workbench-cache-" + std::to_string(::getuid());
}

std::optional<std::string> CaptureCache::keyFor(
    const std::vector<std::string>& paths, const LoadOptions& options, std::string& why) {
    std::string key = "eqlwb-capture-cache\n";
    key += "timestamp=" + options.timestampField + "\nrequire=" + std::to_string(options.requireTimestamp)
        + "\nmaxRecord=" + std::to_string(options.maxRecordBytes) + "\ndepth=" + std::to_string(options.maxDepth)
        + "\n";
    for (const std::string& path : paths) {
        File f(std::fopen(path.c_str(), "rb"));
        struct stat st { };
        if (!f || ::fstat(::fileno(f.get()), &st) != 0 || !S_ISREG(st.st_mode)) {
            why = path + " is not a regular file that can be read";
            return std::nullopt;
        }
        unsigned char magic[2] = {};
        if (std::fread(magic, 1, 2, f.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
            why = path + " is compressed; compressed captures are not cached";
            return std::nullopt;
        }
        // The first and the last MiB: an edit in place that keeps size and time still shows.
        const std::uint64_t size = std::uint64_t(st.st_size);
        std::string ends(std::min<std::uint64_t>(size, 1 << 20), '\0');
        std::fseek(f.get(), 0, SEEK_SET);
        ends.resize(std::fread(ends.data(), 1, ends.size(), f.get()));
        if (size > (1u << 20)) {
            std::string tail(std::min<std::uint64_t>(size - (1u << 20), 1 << 20), '\0');
            std::fseek(f.get(), long(size - tail.size()), SEEK_SET);
            tail.resize(std::fread(tail.data(), 1, tail.size(), f.get()));
            ends += tail;
        }
        key += absolute(path) + "\nsize=" + std::to_string(size)
            + "\nmtime=" + std::to_string(std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec)
            + "\nends=" + sha256Hex(ends) + "\n";
    }
    return key;
}

std::string CaptureCache::entryPath(const std::string& key) const {
    return m_directory + "/" + sha256Hex(key).substr(0, 32) + Suffix;
}

bool CaptureCache::read(const std::string& key, EventStore& store, LoadReport& report, std::string& why) const {
    const std::string path = entryPath(key);
    File f(std::fopen(path.c_str(), "rb"));
    if (!f) {
        why = "no cache entry";
        return false;
    }
    struct stat st { };
    ::fstat(::fileno(f.get()), &st);
    Header h{};
    if (std::fread(&h, sizeof h, 1, f.get()) != 1 || std::memcmp(h.magic, Magic, sizeof Magic) != 0) {
        why = "the cache file " + path + " is not an EQL Workbench cache";
        return false;
    }
    if (h.version != FormatVersion || h.abi != abiMarker()) {
        why = "the cache file was written by another version (format " + std::to_string(h.version) + ", this is "
            + std::to_string(FormatVersion) + ")";
        return false;
    }
    if (std::uint64_t(st.st_size) != sizeof h + h.keyBytes + h.payloadBytes) {
        why = "the cache file is truncated (" + std::to_string(st.st_size) + " bytes, its header says "
            + std::to_string(sizeof h + h.keyBytes + h.payloadBytes) + ")";
        return false;
    }
    std::string stored(h.keyBytes, '\0');
    if (h.keyBytes != key.size() || std::fread(stored.data(), 1, stored.size(), f.get()) != stored.size()
        || stored != key) {
        why = "the cache entry is for another version of the files (size, time or contents changed)";
        return false;
    }
    ArchiveReader reader(f.get(), h.payloadBytes);
    LoadReport cached;
    const bool loaded = store.load(reader);
    if (loaded) reportIo(reader, cached);
    if (!loaded || !reader.ok() || reader.left() != 0 || reader.checksum() != h.checksum) {
        store.clear();
        why = reader.ok() && loaded && reader.checksum() != h.checksum
            ? "the cache file is corrupted (checksum mismatch)"
            : "the cache file is corrupted";
        return false;
    }
    // The original documents are read back from the files themselves.
    for (SourceId s = 0; s < store.sourceCount(); ++s) {
        std::string error;
        std::shared_ptr<const SourceText> text = SourceText::openFile(store.source(s).path, error);
        if (!text) {
            store.clear();
            why = "the capture cannot be reopened: " + error;
            return false;
        }
        store.setSourceText(s, std::move(text));
    }
    report = std::move(cached);
    ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); // used now: least recently used goes first
    return true;
}

bool CaptureCache::write(
    const std::string& key, const EventStore& store, const LoadReport& report, std::string& why) const {
    if (!makeDirectories(m_directory)) {
        why = "cannot create the cache directory " + m_directory + ": " + std::strerror(errno);
        return false;
    }
    const std::string path = entryPath(key);
    const std::string temporary = path + ".part" + std::to_string(::getpid());
    File f(std::fopen(temporary.c_str(), "wb"));
    if (!f) {
        why = "cannot write " + temporary + ": " + std::strerror(errno);
        return false;
    }
    Header h{};
    std::memcpy(h.magic, Magic, sizeof Magic);
    h.version = FormatVersion;
    h.abi = abiMarker();
    h.keyBytes = key.size();
    bool ok
        = std::fwrite(&h, sizeof h, 1, f.get()) == 1 && std::fwrite(key.data(), 1, key.size(), f.get()) == key.size();
    ArchiveWriter writer(f.get());
    store.save(writer);
    LoadReport copy = report;
    reportIo(writer, copy);
    h.payloadBytes = writer.bytes();
    h.checksum = writer.checksum();
    ok = ok && writer.ok() && std::fseek(f.get(), 0, SEEK_SET) == 0 && std::fwrite(&h, sizeof h, 1, f.get()) == 1
        && std::fflush(f.get()) == 0; // no fsync: a torn entry fails its size or checksum and is parsed again
    f.reset();
    if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
        why = "cannot write the cache file " + path + ": " + std::strerror(errno);
        ::unlink(temporary.c_str());
        return false;
    }
    trim(path);
    return true;
}

void CaptureCache::trim(const std::string& keep) const {
    std::vector<Entry> all = entries(m_directory);
    std::uint64_t total = 0;
    for (const Entry& e : all)
        total += e.bytes;
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.usedNs < b.usedNs; });
    for (const Entry& e : all) {
        if (total <= m_maxBytes) break;
        if (e.path == keep) continue;
        if (::unlink(e.path.c_str()) == 0) total -= e.bytes;
    }
}

CaptureCache::Info CaptureCache::info() const {
    Info i;
    i.directory = m_directory;
    i.maxBytes = m_maxBytes;
    for (const Entry& e : entries(m_directory)) {
        ++i.entries;
        i.bytes += e.bytes;
    }
    return i;
}

std::size_t CaptureCache::clear() const {
    std::size_t removed = 0;
    for (const Entry& e : entries(m_directory))
        removed += ::unlink(e.path.c_str()) == 0;
    return removed;
}

} // namespace wb
