// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace wb::bench {

// Writes a deterministic, realistic Elastic Defend macOS capture: process fork/exec/end and
// network connection events with the field sets, sizes (about 1.5 KB a process event) and value
// spread of ecs-and-formats.md §1a, over a working day on a fleet of hosts. Now and then a
// package installer runs a postinstall script that fetches something with curl, so the seed rule
// has something to find. The same seed and count always give the same bytes.
struct CaptureSpec {
    std::uint64_t events = 100000;
    std::uint64_t seed = 1;
    std::uint32_t hosts = 40;
    std::int64_t startMs = 1715673600000; // 2024-05-14T08:00:00Z
    std::int64_t durationMs = 10LL * 3600 * 1000;
};

// Calls sink(line) with each NDJSON line (no newline), in time order.
void generateCapture(const CaptureSpec& spec, const std::function<void(const std::string&)>& sink);

} // namespace wb::bench
