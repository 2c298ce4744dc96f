// SPDX-License-Identifier: Apache-2.0
#include "schedule/alertfate.h"

namespace wb::schedule {

std::map<std::vector<EventIndex>, AlertFate> alertFates(const SimulationResult& result) {
    std::map<std::vector<EventIndex>, AlertFate> fates;
    for (const SimulatedAlert& a : result.alerts)
        if (a.kind != "building_block")
            fates.emplace(a.events, AlertFate{true, a.run, result.runs[a.run].startNs, {}, {}});
    for (const MissedMatch& m : result.missed)
        fates.emplace(m.events, AlertFate{false, 0, 0, m.reason, m.detail});
    return fates;
}

} // namespace wb::schedule
