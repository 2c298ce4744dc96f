// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

namespace wb::bench {

// EQLWB_BENCH_EVENTS sets the generated capture's size (default 200000; README figures use 1000000).
std::uint64_t benchEvents();
// The generated capture of that size, written once to /tmp and reused by later runs.
const std::string& benchCapturePath();

} // namespace wb::bench
