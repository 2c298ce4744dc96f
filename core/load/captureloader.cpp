// SPDX-License-Identifier: Apache-2.0
#include "captureloader.h"

#include "bytereader.h"
#include "capturecache.h"
#include "recordsplitter.h"
#include "store/recordlayout.h"
#include "util/boundedqueue.h"
#include "util/reorderbuffer.h"
#include "util/timestamp.h"

#include <algorithm>
#include <deque>
#include <sys/stat.h>
#include <thread>

namespace wb {

namespace {
constexpr std::size_t ChunkBytes = 1u << 20;
constexpr std::uint32_t MaxTopLevelFields = 60000;

std::uint64_t countNewlines(std::string_view text, std::size_t end) {
    return static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}
} // namespace

CaptureLoader::CaptureLoader(EventStore& store, LoadOptions options)
    : m_store(store)
    , m_options(std::move(options))
    , m_timestampField(store.fields().intern(m_options.timestampField)) {
    m_options.maxRecordBytes = std::min(m_options.maxRecordBytes, LoadOptions::MaxRecordLimitMiB << 20);
}

std::string CaptureLoader::indexNameForPath(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    auto stripSuffix = [&name](std::string_view suffix) {
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            name.resize(name.size() - suffix.size());
            return true;
        }
        return false;
    };
    stripSuffix(".gz") || stripSuffix(".gzip");
    const std::size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && dot > 0) name.resize(dot);
    return name;
}

LoadReport CaptureLoader::load(const std::vector<std::string>& paths) {
    // The cache holds whole stores: only a store nothing was loaded into yet can take one.
    std::optional<std::string> cacheKey;
    std::string cacheNote;
    if (m_options.cache && m_store.size() == 0 && m_store.sourceCount() == 0) {
        cacheKey = CaptureCache::keyFor(paths, m_options, cacheNote);
        if (cacheKey) {
            LoadReport cached;
            if (m_options.cache->read(*cacheKey, m_store, cached, cacheNote)) {
                cached.fromCache = true;
                if (m_options.progress) m_options.progress(1, 1);
                return cached;
            }
            m_store.fields().intern(m_options.timestampField); // as the constructor left it
        }
    }
    LoadReport report = parse(paths);
    const bool cacheable = cacheKey && !report.cancelled && !report.hasFileErrors() && report.events > 0;
    if (cacheable && m_options.writeCacheLater) {
        report.pendingCacheKey = cacheKey;
    } else if (cacheable) {
        std::string why;
        if (!m_options.cache->write(*cacheKey, m_store, report, why))
            cacheNote += (cacheNote.empty() ? "" : "; ") + why;
    }
    report.cacheNote = cacheNote == "no cache entry" ? std::string() : cacheNote;
    return report;
}

LoadReport CaptureLoader::parse(const std::vector<std::string>& paths) {
    LoadReport report;
    std::uint64_t total = 0;
    std::vector<std::uint64_t> sizes;
    for (const auto& path : paths) {
        struct stat st { };
        sizes.push_back(::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0);
        total += sizes.back();
    }
    std::uint64_t done = 0;
    for (std::size_t i = 0; i < paths.size() && !report.cancelled; ++i) {
        loadFile(paths[i], report, done, total);
        done += sizes[i];
    }
    if (m_options.progress && !report.cancelled) m_options.progress(total, total);
    m_store.compact();
    return report;
}

void CaptureLoader::skip(std::uint64_t line, std::string reason) {
    ++m_report->skipped;
    ++m_file->skipped;
    if (m_report->issues.size() < LoadReport::MaxIssues)
        m_report->issues.push_back({m_file->path, line, std::move(reason)});
}

// One record cut by the reader and parsed and classified by a parse worker, or a problem the
// reader found; in file order within its batch.
struct CaptureLoader::ParsedRecord {
    struct Hit {
        std::size_t node = 0;
        RecordLayout layout;
        std::uint64_t line = 0;
    };
    bool isProblem = false;
    std::string text; // the record, or the problem's reason
    std::uint64_t offset = 0;
    std::uint64_t line = 0;
    bool parsed = false;
    JsonTape tape;
    JsonTape::Error error;
    RecordLayout layout;
    std::vector<Hit> hits; // an envelope's hits

    // The part of a record's work that needs no store: runs on any parse worker.
    void prepare(std::size_t maxDepth) {
        hits.clear();
        parsed = tape.parse(text, error, maxDepth);
        if (!parsed) {
            line += countNewlines(text, std::min(error.offset, text.size()));
            return;
        }
        layout = classifyRecord(tape, 0);
        if (layout.kind != RecordLayout::Kind::Envelope) return;
        forEachEnvelopeHit(tape, 0, [&](std::size_t hit) {
            hits.push_back({hit, classifyRecord(tape, hit), line + countNewlines(text, tape.node(hit).begin)});
        });
    }
};

namespace {
struct Batch {
    // A deque, not a vector: growing must not move records, whose parsed tapes point into their text.
    std::deque<CaptureLoader::ParsedRecord> items;
    std::size_t used = 0;
    std::size_t bytes = 0;
    std::uint64_t sequence = 0; // the batch's place in the file
    std::uint64_t position = 0; // file bytes consumed when the batch was handed over
    bool last = false;
    std::string readError;
};

// Small batches, few of them: on the 1M-event capture 256 records a batch and one batch per
// worker plus three (reading, storing, spare) peak 13 MiB lower than 512 records and twice as
// many batches, at the same speed (254–296 against 265–288 MB/s, within this machine's noise).
constexpr std::size_t BatchRecords = 256;
constexpr std::size_t BatchBytes = 4u << 20;
} // namespace

unsigned CaptureLoader::parseWorkers() const {
    if (m_options.parseThreads > 0) return m_options.parseThreads;
    // The calling thread stores; every other core parses (the reader mostly waits on I/O).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max(1u, cores - 1);
}

void CaptureLoader::loadFile(
    const std::string& path, LoadReport& report, std::uint64_t doneBefore, std::uint64_t total) {
    report.files.push_back({});
    m_report = &report;
    m_file = &report.files.back();
    m_file->path = path;

    std::string error;
    auto reader = ByteReader::open(path, error);
    if (!reader) {
        m_file->error = "cannot read " + path + ": " + error;
        return;
    }
    m_file->compressed = reader->compressed();
    SourceInfo info;
    info.path = path;
    info.indexName = indexNameForPath(path);
    info.compressed = reader->compressed();
    info.bytes = reader->fileSize();
    m_defaultIndex = m_store.strings().intern(info.indexName);
    // For gzip input the reader keeps filling this spill while we read; records are read back later.
    info.text = reader->sourceText();
    m_source = m_store.addSource(std::move(info));

    // Three stages: one thread reads (and decompresses) and cuts records into numbered batches,
    // parse workers parse and classify whole batches in any order, and this thread takes the
    // batches back in file order and stores them (the store is not shared, and taking them in
    // order makes event order, ids and interned strings those of a one-thread load). Batches are
    // recycled, not reallocated, and their number bounds the memory in flight.
    const unsigned workers = parseWorkers();
    const unsigned batches = workers + 3; // one a worker, one read, one stored, one spare
    BoundedQueue<std::unique_ptr<Batch>> empty(batches);
    BoundedQueue<std::unique_ptr<Batch>> toParse(batches);
    ReorderBuffer<std::unique_ptr<Batch>> parsed;
    for (unsigned i = 0; i < batches; ++i)
        empty.push(std::make_unique<Batch>());
    std::atomic<bool> stop{false};
    const std::size_t maxDepth = m_options.maxDepth;

    std::thread readerThread([&] {
        std::unique_ptr<Batch> batch;
        std::uint64_t sequence = 0;
        auto nextBatch = [&]() -> bool {
            auto fresh = empty.pop();
            if (!fresh) return false;
            batch = std::move(*fresh);
            batch->used = 0;
            batch->bytes = 0;
            batch->last = false;
            batch->readError.clear();
            return true;
        };
        auto handOver = [&](bool last) {
            batch->sequence = sequence++;
            batch->position = reader->position();
            batch->last = last;
            const bool ok = toParse.push(std::move(batch));
            return ok && (last || nextBatch());
        };
        auto slot = [&]() -> ParsedRecord& {
            if (batch->used == batch->items.size()) batch->items.emplace_back();
            return batch->items[batch->used++];
        };
        bool running = nextBatch();
        RecordSplitter splitter(
            m_options.maxRecordBytes,
            [&](const RecordSplitter::Record& record) {
                ParsedRecord& item = slot();
                item.isProblem = false;
                item.text.assign(record.text);
                item.offset = record.offset;
                item.line = record.line;
                batch->bytes += record.text.size();
            },
            [&](const RecordSplitter::Problem& problem) {
                ParsedRecord& item = slot();
                item.isProblem = true;
                item.text = problem.reason;
                item.line = problem.line;
            });
        std::vector<char> buffer(ChunkBytes);
        while (running && !stop.load(std::memory_order_relaxed)) {
            const long got = reader->read(buffer.data(), buffer.size());
            if (got <= 0) {
                if (got < 0)
                    batch->readError = reader->error();
                else
                    splitter.finish();
                handOver(true);
                break;
            }
            splitter.feed(buffer.data(), static_cast<std::size_t>(got));
            if (batch->used >= BatchRecords || batch->bytes >= BatchBytes) running = handOver(false);
        }
        toParse.close(); // the workers finish what is queued, then stop
    });

    std::vector<std::thread> parseThreads;
    for (unsigned w = 0; w < workers; ++w) {
        parseThreads.emplace_back([&] {
            while (auto next = toParse.pop()) {
                std::unique_ptr<Batch> batch = std::move(*next);
                for (std::size_t i = 0; i < batch->used && !stop.load(std::memory_order_relaxed); ++i) {
                    if (!batch->items[i].isProblem) batch->items[i].prepare(maxDepth);
                }
                const std::uint64_t sequence = batch->sequence;
                parsed.put(sequence, std::move(batch));
            }
        });
    }

    std::uint64_t lastProgress = 0;
    for (std::uint64_t sequence = 0;; ++sequence) {
        auto next = parsed.take(sequence);
        if (!next) break;
        std::unique_ptr<Batch> batch = std::move(*next);
        for (std::size_t i = 0; i < batch->used; ++i) {
            const ParsedRecord& item = batch->items[i];
            if (item.isProblem)
                skip(item.line, item.text);
            else
                storeRecord(item);
        }
        const bool last = batch->last;
        if (!batch->readError.empty()) {
            skip(0, batch->readError);
            m_file->error = path + ": " + batch->readError;
        }
        if (m_options.progress && (batch->position - lastProgress >= (4u << 20) || last)) {
            lastProgress = batch->position;
            m_options.progress(doneBefore + std::min(lastProgress, reader->fileSize()), total);
        }
        empty.push(std::move(batch));
        if (last) break;
        if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed)) {
            report.cancelled = true;
            break;
        }
    }
    stop = true;
    empty.close();
    toParse.close();
    parsed.close();
    readerThread.join();
    for (auto& thread : parseThreads)
        thread.join();
    if (report.cancelled) return;
    if (m_file->events == 0 && m_file->error.empty()) {
        m_file->error = path + ": no valid event"
            + (m_file->skipped ? " (" + std::to_string(m_file->skipped) + " records skipped)"
                               : std::string(" (empty file)"));
    }
}

void CaptureLoader::storeRecord(const ParsedRecord& record) {
    if (!record.parsed) {
        skip(record.line, "invalid JSON: " + record.error.message);
        return;
    }
    m_tape = &record.tape;
    if (record.layout.kind == RecordLayout::Kind::NotAnObject) {
        skip(record.line, "record is not a JSON object");
        return;
    }
    if (record.layout.kind == RecordLayout::Kind::Envelope) {
        for (const ParsedRecord::Hit& hit : record.hits) {
            if (hit.layout.kind == RecordLayout::Kind::NotAnObject || hit.layout.kind == RecordLayout::Kind::Envelope)
                skip(hit.line, "hit is not an event document");
            else
                addEvent(hit.layout, hit.node, record.offset, hit.line);
        }
        return;
    }
    addEvent(record.layout, 0, record.offset, record.line);
}

void CaptureLoader::walk(std::size_t node, FieldId field, bool inArray) {
    const JsonTape::Node& n = m_tape->node(node);
    switch (n.type) {
    case JsonTape::Type::Object: {
        std::size_t index = node + 1;
        for (std::uint32_t i = 0; i < n.count; ++i) {
            const std::size_t valueIndex = index + 1;
            walk(valueIndex, m_store.fields().child(field, m_tape->string(m_tape->node(index))), false);
            index = m_tape->node(valueIndex).next;
        }
        return;
    }
    case JsonTape::Type::Array: {
        // Arrays are multi-valued fields; objects inside them add their leaves to the same paths.
        std::size_t index = node + 1;
        for (std::uint32_t i = 0; i < n.count; ++i) {
            walk(index, field, true);
            index = m_tape->node(index).next;
        }
        return;
    }
    case JsonTape::Type::Null:
        if (!inArray) // a null array element is ignored, as Elasticsearch ignores it
            m_builder.add(field, Value::null());
        break;
    case JsonTape::Type::True:
        m_builder.add(field, Value::boolean(true));
        break;
    case JsonTape::Type::False:
        m_builder.add(field, Value::boolean(false));
        break;
    case JsonTape::Type::Int:
        m_builder.add(field, Value::fromInt(n.integer));
        break;
    case JsonTape::Type::Double:
        m_builder.add(field, Value::fromDouble(n.real));
        break;
    case JsonTape::Type::String:
        m_builder.add(field, Value::fromString(m_store.strings().intern(m_tape->string(n))));
        break;
    }
    if (field == m_timestampField && !m_timestampLeafSeen) {
        m_timestampLeafSeen = true;
        switch (n.type) {
        case JsonTape::Type::Int:
            m_timestampLeaf = Value::fromInt(n.integer);
            break;
        case JsonTape::Type::Double:
            m_timestampLeaf = Value::fromDouble(n.real);
            break;
        case JsonTape::Type::String:
            m_timestampLeaf = Value::fromString(m_store.strings().intern(m_tape->string(n)));
            break;
        default:
            m_timestampLeaf = Value::null();
            break;
        }
    }
}

void CaptureLoader::addEvent(
    const RecordLayout& layout, std::size_t objectNode, std::uint64_t offset, std::uint64_t line) {
    if (layout.document == JsonTape::npos) {
        skip(line, "hit has neither _source nor fields");
        return;
    }
    if (m_tape->node(layout.document).count > MaxTopLevelFields) {
        skip(line, "more than " + std::to_string(MaxTopLevelFields) + " top-level fields");
        return;
    }
    m_builder.clear();
    m_timestampLeafSeen = false;
    walk(layout.document, FieldTable::root, false);

    std::int64_t timestamp = NoTimestamp;
    const std::string& tsName = m_options.timestampField;
    if (m_timestampLeafSeen) {
        std::string error;
        std::optional<std::int64_t> parsed;
        switch (m_timestampLeaf.kind) {
        case ValueKind::String:
            parsed = parseTimestamp(m_store.strings().view(m_timestampLeaf.string), &error);
            break;
        case ValueKind::Int:
            parsed = epochMillisToNanos(m_timestampLeaf.integer);
            error = "epoch milliseconds out of range";
            break;
        case ValueKind::Double:
            parsed = epochMillisToNanos(m_timestampLeaf.real);
            error = "epoch milliseconds out of range";
            break;
        default:
            error = "is not a date";
            break;
        }
        if (!parsed) {
            skip(line, "bad " + tsName + ": " + error);
            return;
        }
        timestamp = *parsed;
    } else if (m_options.requireTimestamp) {
        skip(line, "no " + tsName + " field");
        return;
    }

    StringId docId = 0;
    StringId index = m_defaultIndex;
    if (layout.index != JsonTape::npos) index = m_store.strings().intern(m_tape->string(m_tape->node(layout.index)));
    if (layout.id != JsonTape::npos) {
        const std::string_view id = m_tape->string(m_tape->node(layout.id));
        m_idKey.assign(m_store.strings().view(index));
        m_idKey.push_back('\0');
        m_idKey.append(id);
        if (!m_seenIds.insert(m_idKey).second) {
            ++m_report->duplicates;
            ++m_file->duplicates;
            return;
        }
        docId = m_store.strings().intern(id);
    }

    const JsonTape::Node& object = m_tape->node(objectNode);
    EventOrigin origin;
    origin.source = m_source;
    origin.line = line;
    origin.offset = offset + object.begin;
    origin.length = object.end - object.begin;
    if (!m_store.commit(m_builder, timestamp, origin, docId, index, layout.index != JsonTape::npos)) {
        if (layout.id != JsonTape::npos) m_seenIds.erase(m_idKey); // not loaded: a later hit with it is no repeat
        skip(line, "more than " + std::to_string(EventStore::MaxObjectsPerEvent) + " objects");
        return;
    }
    ++m_report->events;
    ++m_file->events;
}

} // namespace wb
