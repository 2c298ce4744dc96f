// SPDX-License-Identifier: Apache-2.0
// Any text as a query: it parses or gives a QueryError; what parses prints as EQL that parses
// back to the same query; and it runs on a small fixed capture without crashing.
#include "eql/engine.h"
#include "eql/parser.h"
#include "eql/printer.h"
#include "fuzzinput.h"
#include "load/captureloader.h"

namespace {
const char* const Capture
    = R"({"@timestamp":"2024-05-14T10:21:07.412Z","event":{"category":["process"],"type":["start"]},"host":{"id":"h1"},"user":{"id":"0"},"process":{"name":"bash","pid":10,"args":["-c","x"],"parent":{"name":"installer"}}})"
      "\n"
      R"({"@timestamp":"2024-05-14T10:21:08.903Z","event":{"category":["network"],"type":["start"]},"host":{"id":"h1"},"user":{"id":"0"},"process":{"name":"curl","pid":11},"destination":{"ip":"93.184.216.34","port":443}})"
      "\n"
      R"({"@timestamp":"2024-05-14T10:21:09Z","event":{"category":"file"},"host":{"id":"h2"},"file":{"name":"Ÿ.txt","size":1.5e3}})"
      "\n";

struct Fixture {
    wb::EventStore store;
    std::unique_ptr<wb::eql::Schema> schema;
    Fixture() {
        const std::uint8_t* bytes = reinterpret_cast<const std::uint8_t*>(Capture);
        wb::fuzz::InputFile file(bytes, std::strlen(Capture), ".capture.ndjson");
        wb::CaptureLoader(store, {}).load({file.path()});
        schema = std::make_unique<wb::eql::Schema>(store);
    }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    const std::string text = wb::fuzz::text(data, size);
    wb::eql::Query query;
    try {
        query = wb::eql::parseQuery(text);
    } catch (const wb::eql::QueryError&) {
        return 0;
    }
    const std::string printed = wb::eql::toEql(query);
    try {
        if (!wb::eql::parseQuery(printed).sameAs(query)) __builtin_trap(); // printed as another query
    } catch (const wb::eql::QueryError&) {
        __builtin_trap(); // printed as something that does not parse
    }
    try {
        wb::eql::Engine engine(*fixture.schema);
        wb::eql::RunOptions options;
        options.size = 10;
        engine.run(query, options);
    } catch (const wb::eql::QueryError&) { }
    return 0;
}
