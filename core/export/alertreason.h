// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <string>
#include <vector>

namespace wb::alerts {

// The sentence Kibana's detection engine writes into kibana.alert.reason (reason_formatters.ts):
// "process event with process bash, parent process installer, by root on mbp-alice created
// medium alert My Rule." For a sequence it is built from the shell alert's fields, the values all
// its events share (arrays intersected), so fields that differ between stages are left out.
std::string kibanaReason(const EventStore& store, const std::vector<EventIndex>& events, const std::string& severity,
    const std::string& ruleName);

} // namespace wb::alerts
