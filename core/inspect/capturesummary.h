// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// Who and what a capture contains: what `eqlwb inspect` prints and the workbench shows on load.
struct CaptureSummary {
    struct Entity {
        std::optional<std::string> id;
        std::optional<std::string> name;
        std::uint64_t events = 0;
    };
    std::uint64_t events = 0;
    std::optional<std::int64_t> firstNs;
    std::optional<std::int64_t> lastNs;
    std::vector<std::pair<std::string, std::uint64_t>> categories; // most frequent first
    std::vector<Entity> hosts; // most active first
    std::vector<Entity> users;

    static CaptureSummary compute(const EventStore& store, const std::string& categoryField = "event.category");
};

} // namespace wb
