// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "capturegenerator.h"
#include "eql/engine.h"
#include "store/eventstore.h"

#include <cstdint>
#include <memory>
#include <string>

namespace wb::bench {

// EQLWB_BENCH_EVENTS sets the generated capture's size (default 200000; README figures use 1000000).
std::uint64_t benchEvents();
// The generated capture of that size, written once to /tmp and reused by later runs.
const std::string& benchCapturePath();
// A capture of another shape (e.g. spanning a day), cached in /tmp under `tag` and its size.
std::string benchCapturePath(const CaptureSpec& spec, const std::string& tag);

// A capture loaded once, with the engine a workbench would have over it (event order computed).
struct LoadedCapture {
    EventStore store;
    std::unique_ptr<eql::Schema> schema;
    std::unique_ptr<eql::Engine> engine;
};
// Loads `path` once per process (later calls with any path return the first).
LoadedCapture& loadedCapture(const std::string& path);

} // namespace wb::bench
