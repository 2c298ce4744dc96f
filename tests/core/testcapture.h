// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "capturegenerator.h"
#include "eql/engine.h"
#include "load/captureloader.h"
#include "testfiles.h"

#include <memory>
#include <string>

namespace wb::test {

// A capture written from NDJSON text and loaded, with the schema and engine a run needs.
struct TestCapture {
    TempDir dir;
    EventStore store;
    std::unique_ptr<eql::Schema> schema;
    std::unique_ptr<eql::Engine> engine;

    explicit TestCapture(const std::string& ndjson) {
        CaptureLoader(store, {}).load({dir.write("c.ndjson", ndjson)});
        schema = std::make_unique<eql::Schema>(store);
        engine = std::make_unique<eql::Engine>(*schema);
    }
};

// The generated benchmark capture of this shape, as NDJSON text.
inline std::string generatedCapture(const bench::CaptureSpec& spec) {
    std::string out;
    bench::generateCapture(spec, [&](const std::string& line) { out += line + "\n"; });
    return out;
}

} // namespace wb::test
