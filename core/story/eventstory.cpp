// SPDX-License-Identifier: Apache-2.0
#include "eventstory.h"

#include <algorithm>
#include <vector>

namespace wb::story {

namespace {
std::string text(const EventStore& store, EventIndex e, const char* field) {
    return store.firstText(e, store.fields().find(field));
}

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
    std::string command = text(store, e, "process.command_line");
    if (!command.empty()) return command;
    const std::vector<std::string> args = store.textValues(e, store.fields().find("process.args"));
    for (const std::string& arg : args)
        command += (command.empty() ? "" : " ") + arg;
    return command.empty() ? text(store, e, "process.name") : command;
}
} // namespace

std::string describeEvent(const EventStore& store, EventIndex e, std::size_t maxLength) {
    const std::string process = text(store, e, "process.name");
    const std::string actor = process.empty() ? std::string("a process") : process;
    if (hasValue(store, e, "event.category", "network")) {
        const std::string dnsName = text(store, e, "dns.question.name");
        if (!dnsName.empty()) return shorten(actor + " looked up " + dnsName, maxLength);
        std::string destination = text(store, e, "destination.domain");
        if (destination.empty()) destination = text(store, e, "destination.ip");
        if (destination.empty()) destination = text(store, e, "destination.address");
        const std::string port = text(store, e, "destination.port");
        if (!destination.empty())
            return shorten(actor + " connected to " + destination + (port.empty() ? "" : ":" + port), maxLength);
    }
    if (hasValue(store, e, "event.category", "process")
        && (hasValue(store, e, "event.type", "start") || hasValue(store, e, "event.action", "exec")
            || hasValue(store, e, "event.action", "fork"))) {
        const std::string parent = text(store, e, "process.parent.name");
        return shorten(
            (parent.empty() ? std::string("a process") : parent) + " started " + commandOf(store, e), maxLength);
    }
    if (hasValue(store, e, "event.category", "file")) {
        const std::string path = text(store, e, "file.path");
        std::string verb = "touched";
        for (const char* type : {"creation", "change", "deletion"})
            if (hasValue(store, e, "event.type", type))
                verb = std::string(type) == "creation" ? "created"
                    : std::string(type) == "change"    ? "changed"
                                                       : "deleted";
        if (!path.empty()) return shorten(actor + " " + verb + " " + path, maxLength);
    }
    const std::string action = text(store, e, "event.action");
    if (!action.empty()) return shorten(actor + ": " + action, maxLength);
    const std::string category = text(store, e, "event.category");
    return shorten(actor + (category.empty() ? std::string() : " (" + category + " event)"), maxLength);
}

} // namespace wb::story
