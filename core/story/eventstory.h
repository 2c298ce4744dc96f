// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"

#include <string>

namespace wb::story {

// One line a presenter can read out for an event, in the words of what happened: "package_script_service
// started bash -c curl -s …", "curl connected to dl.example.net:443", "curl looked up dl.example.net",
// "bash created /tmp/x". Long command lines are cut at maxLength characters (whole UTF-8 characters,
// with "…"). Falls back to the process name and event.action, then to the category.
std::string describeEvent(const EventStore& store, EventIndex e, std::size_t maxLength = 90);

// Where a connection went, as people write it: "dl.example.net:443" (destination.domain, else
// .ip, else .address, with the port when there is one); empty when the event names none.
std::string destinationText(const EventStore& store, EventIndex e);

} // namespace wb::story
