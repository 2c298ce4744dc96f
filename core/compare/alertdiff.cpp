// SPDX-License-Identifier: Apache-2.0
#include "compare/alertdiff.h"

#include <algorithm>

namespace wb::compare {

std::vector<AlertDiff::Alert> alertsOf(const eql::QueryResult& result) {
    std::vector<AlertDiff::Alert> out;
    for (std::size_t i = 0; i < result.total(); ++i)
        out.push_back(result.eventsOf(i));
    return out;
}

AlertDiff diffAlerts(const eql::QueryResult& a, const eql::QueryResult& b) {
    std::vector<AlertDiff::Alert> left = alertsOf(a), right = alertsOf(b);
    std::vector<AlertDiff::Alert> sortedRight = right;
    std::sort(sortedRight.begin(), sortedRight.end());
    std::vector<AlertDiff::Alert> sortedLeft = left;
    std::sort(sortedLeft.begin(), sortedLeft.end());
    AlertDiff diff;
    for (const auto& alert : left) // in A's order
        (std::binary_search(sortedRight.begin(), sortedRight.end(), alert) ? diff.both : diff.onlyA).push_back(alert);
    for (const auto& alert : right)
        if (!std::binary_search(sortedLeft.begin(), sortedLeft.end(), alert)) diff.onlyB.push_back(alert);
    return diff;
}

} // namespace wb::compare
