// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "graph/attackgraph.h"
#include "svgpicture.h"

#include <string>

namespace wb::report {

// The attack graph as a self-contained SVG element (no external files, no script), laid out as
// the workbench draws it: processes left to right by depth, leaves for connections and lookups,
// the alert's stages numbered and its path in the alert colour, inferred parents dashed.
SvgPicture attackGraphSvg(const graph::AttackGraph& graph);

} // namespace wb::report
