// SPDX-License-Identifier: Apache-2.0
#include "eventstory.h"

#include <algorithm>
#include <vector>

namespace wb::story {

namespace {
bool hasValue(const EventStore& store, EventIndex e, const char* field, std::string_view wanted) {
    const std::vector<std::string> values = store.textValues(e, store.fields().find(field));
    return std::find(values.begin(), values.end(), wanted) != values.end();
}

// Cuts at a character boundary so a multi-byte character is never split.
std::string shorten(std::string s, std::size_t maxLength) {
    if (s.size() <= maxLength) return s;
    std::size_t cut = maxLength;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    s.resize(cut);
    return s + "\u2026";
}

std::string commandOf(const EventStore& store, EventIndex e) {
    std::string command = store.firstText(e, "process.command_line");
    if (!command.empty()) return command;
    const std::vector<std::string> args = store.textValues(e, store.fields().find("process.args"));
    for (const std::string& arg : args)
        command += (command.empty() ? "" : " ") + arg;
    return command.empty() ? store.firstText(e, "process.name") : command;
}
} // namespace

std::string destinationText(const EventStore& store, EventIndex e) {
    std::string destination = store.firstText(e, "destination.domain");
    if (destination.empty()) destination = store.firstText(e, "destination.ip");
    if (destination.empty()) destination = store.firstText(e, "destination.address");
    if (destination.empty()) return {};
    const std::string port = store.firstText(e, "destination.port");
    return port.empty() ? destination : destination + ":" + port;
}

std::string describeEvent(const EventStore& store, EventIndex e, std::size_t maxLength) {
    const std::string process = store.firstText(e, "process.name");
    const std::string actor = process.empty() ? std::string("a process") : process;
    if (hasValue(store, e, "event.category", "network")) {
        const std::string dnsName = store.firstText(e, "dns.question.name");
        if (!dnsName.empty()) return shorten(actor + " looked up " + dnsName, maxLength);
        const std::string destination = destinationText(store, e);
        if (!destination.empty()) return shorten(actor + " connected to " + destination, maxLength);
    }
    if (hasValue(store, e, "event.category", "process")
        && (hasValue(store, e, "event.type", "start") || hasValue(store, e, "event.action", "exec")
            || hasValue(store, e, "event.action", "fork"))) {
        const std::string parent = store.firstText(e, "process.parent.name");
        return shorten(
            (parent.empty() ? std::string("a process") : parent) + " started " + commandOf(store, e), maxLength);
    }
    if (hasValue(store, e, "event.category", "file")) {
        const std::string path = store.firstText(e, "file.path");
        std::string verb = "touched";
        for (const char* type : {"creation", "change", "deletion"})
            if (hasValue(store, e, "event.type", type))
                verb = std::string(type) == "creation" ? "created"
                    : std::string(type) == "change"    ? "changed"
                                                       : "deleted";
        if (!path.empty()) return shorten(actor + " " + verb + " " + path, maxLength);
    }
    const std::string action = store.firstText(e, "event.action");
    if (!action.empty()) return shorten(actor + ": " + action, maxLength);
    const std::string category = store.firstText(e, "event.category");
    return shorten(actor + (category.empty() ? std::string() : " (" + category + " event)"), maxLength);
}

} // namespace wb::story
