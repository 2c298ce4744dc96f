// SPDX-License-Identifier: Apache-2.0
#include "export/alertreason.h"

#include <algorithm>
#include <optional>

namespace wb::alerts {

namespace {
// The field's values shared by every event (the shell's objectArrayIntersection), joined as
// Kibana joins arrays; nullopt when there are none (Kibana's "null", also for a lone "-").
std::optional<std::string> shared(const EventStore& store, const std::vector<EventIndex>& events, const char* field) {
    if (events.empty()) return std::nullopt;
    std::vector<std::string> common = store.textValues(events.front(), store.fields().find(field));
    for (std::size_t i = 1; i < events.size() && !common.empty(); ++i) {
        const std::vector<std::string> other = store.textValues(events[i], store.fields().find(field));
        std::erase_if(
            common, [&](const std::string& v) { return std::find(other.begin(), other.end(), v) == other.end(); });
    }
    if (common.empty() || (common.size() == 1 && (common[0] == "-" || common[0].empty()))) return std::nullopt;
    std::string joined;
    for (const std::string& v : common)
        joined += (joined.empty() ? "" : ", ") + v;
    return joined;
}
} // namespace

std::string kibanaReason(const EventStore& store, const std::vector<EventIndex>& events, const std::string& severity,
    const std::string& ruleName) {
    const auto category = shared(store, events, "event.category");
    const auto process = shared(store, events, "process.name");
    const auto parent = shared(store, events, "process.parent.name");
    const auto file = shared(store, events, "file.name");
    const auto sourceIp = shared(store, events, "source.ip");
    const auto sourcePort = shared(store, events, "source.port");
    const auto destinationIp = shared(store, events, "destination.ip");
    const auto destinationPort = shared(store, events, "destination.port");
    const auto user = shared(store, events, "user.name");
    const auto host = shared(store, events, "host.name");
    const bool ofInterest = process || parent || file || sourceIp || sourcePort || destinationIp || destinationPort;
    std::string r;
    if (category) r += *category + " ";
    r += "event";
    if (ofInterest) r += " with";
    if (process) r += " process " + *process + ",";
    if (parent) r += " parent process " + *parent + ",";
    if (file) r += " file " + *file + ",";
    if (sourceIp) r += " source " + *sourceIp;
    if (sourcePort) r += ":" + *sourcePort + ",";
    if (destinationIp) r += " destination " + *destinationIp;
    if (destinationPort) r += ":" + *destinationPort + ",";
    if (user) r += " by " + *user;
    if (host) r += " on " + *host;
    r += " created " + severity + " alert " + ruleName + ".";
    return r;
}

} // namespace wb::alerts
