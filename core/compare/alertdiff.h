// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eql/queryresult.h"

#include <vector>

namespace wb::compare {

// The alerts of two runs over one capture, matched by their events (the same events in the same
// order are the same alert, whatever the query that found them): only in A, only in B, in both.
// Each alert is its events (missing-event placeholders left out).
struct AlertDiff {
    using Alert = std::vector<EventIndex>;
    std::vector<Alert> onlyA, onlyB, both;
};

std::vector<AlertDiff::Alert> alertsOf(const eql::QueryResult& result);
AlertDiff diffAlerts(const eql::QueryResult& a, const eql::QueryResult& b);

} // namespace wb::compare
