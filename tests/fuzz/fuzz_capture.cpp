// SPDX-License-Identifier: Apache-2.0
// Any bytes as a capture file: the record splitter, the JSON tape, timestamps and the store.
// A load never crashes or hangs; every event it keeps reads back.
#include "fuzzinput.h"
#include "load/captureloader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wb::fuzz::InputFile file(data, size, ".ndjson");
    wb::EventStore store;
    wb::LoadOptions options;
    options.maxRecordBytes = 1 << 20;
    const wb::LoadReport report = wb::CaptureLoader(store, options).load({file.path()});
    std::string document;
    for (wb::EventIndex e = 0; e < store.size(); ++e)
        if (!store.sourceDocument(e, document)) __builtin_trap(); // a kept event always reads back
    (void)report;
    return 0;
}
