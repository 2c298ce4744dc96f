// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "store/eventstore.h"
#include "svgpicture.h"

#include <string>
#include <vector>

namespace wb::report {

// The lanes of an alert's window, as the workbench's timeline draws them: one lane per join-key
// value (`keyFields`; host.name when there are none), the alert's own lanes first, every event of
// the window as a tick coloured by kind (process, network, other), and the stages numbered on a
// line in the alert colour; the time axis counts from the first stage. The window is the alert's
// span with a fifth of it (at least a second) on each side.
SvgPicture alertLanesSvg(
    const EventStore& store, const std::vector<EventIndex>& stages, std::vector<std::string> keyFields);

} // namespace wb::report
