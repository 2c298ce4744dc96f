// SPDX-License-Identifier: Apache-2.0
#include "cli.h"
#include "load/capturecache.h"

#include <cstdlib>
#include <ostream>

namespace wb::cli {

namespace {
bool g_cacheEnabled = true;

const CaptureCache& cache() {
    static const CaptureCache c;
    return c;
}

const char* const CacheHelp = R"(Usage: eqlwb cache info | clear

Loaded captures are kept in a cache (~/.cache/eql-workbench, or $XDG_CACHE_HOME/eql-workbench),
so the next command on the same files maps the finished store instead of parsing the JSON. An
entry is used only when every file's path, size, modification time and first and last MiB are
unchanged and its checksum holds; otherwise it is ignored with one line saying why. At most
10 GB; the least recently used entries go first. Compressed captures are not cached.

  info    where the cache is, how many entries, how much space
  clear   remove every entry

--no-cache on any command loads without the cache (as does EQLWB_NO_CACHE=1).
)";
} // namespace

void setCaptureCacheEnabled(bool enabled) {
    g_cacheEnabled = enabled;
}

LoadOptions captureLoadOptions() {
    LoadOptions options;
    const char* off = std::getenv("EQLWB_NO_CACHE");
    if (g_cacheEnabled && !(off && *off && std::string(off) != "0")) options.cache = &cache();
    return options;
}

void reportCacheUse(const LoadReport& report, const std::string& command, std::ostream& err) {
    if (!report.cacheNote.empty()) err << "eqlwb " << command << ": note: capture cache: " << report.cacheNote << "\n";
}

bool loadCaptures(
    const std::vector<std::string>& files, EventStore& store, const std::string& command, std::ostream& err) {
    const LoadReport report = CaptureLoader(store, captureLoadOptions()).load(files);
    reportCacheUse(report, command, err);
    for (const FileLoadSummary& f : report.files)
        if (!f.error.empty()) {
            err << "eqlwb " << command << ": " << f.error << "\n";
            return false;
        }
    return true;
}

int cacheCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? err : out) << CacheHelp;
        return args.empty() ? UsageError : Success;
    }
    if (args.size() != 1) return usageError(err, "cache", "'" + args[1] + "' is not expected here");
    if (args[0] == "info") {
        const CaptureCache::Info i = cache().info();
        out << "directory  " << i.directory << "\nentries    " << i.entries << "\nsize       "
            << (i.bytes + (1 << 19)) / (1 << 20) << " MiB of at most " << i.maxBytes / (1ull << 30) << " GiB\n";
        return Success;
    }
    if (args[0] == "clear") {
        out << "removed " << cache().clear() << " cache entries from " << cache().info().directory << "\n";
        return Success;
    }
    return usageError(err, "cache", "unknown action '" + args[0] + "' (info or clear)");
}

} // namespace wb::cli
