// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule/simulation.h"

#include <map>
#include <string>
#include <vector>

namespace wb::schedule {

// What the schedule did with one match of a whole-capture run: written by a run, or never, and why.
struct AlertFate {
    bool written = false;
    std::size_t run = 0; // the run that wrote it
    std::int64_t runStartNs = 0;
    // When not written: span_exceeds_window, never_in_one_window, size_cap, gap, suppressed,
    // ingested_late.
    std::string reason;
    std::string detail;
};

// Each match the simulation knows (written alerts and missed matches), by its events, so the
// alerts of a whole-capture run can be tagged with their fate.
std::map<std::vector<EventIndex>, AlertFate> alertFates(const SimulationResult& result);

} // namespace wb::schedule
