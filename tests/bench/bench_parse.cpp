// SPDX-License-Identifier: Apache-2.0
// Which JSON parser the loader should use, measured: every record of the generated capture parsed
// and every leaf visited (what the loader does with a record), on one core, by the loader's own
// tape parser and by simdjson's DOM and On Demand APIs. The README quotes the figures.
// EQLWB_BENCH_EVENTS sets the capture size (default 200000).
#include "benchcapture.h"
#include "store/jsontape.h"

#include <benchmark/benchmark.h>
#include <simdjson.h>

namespace {
// The capture in one padded buffer and the records in it: what the parsers see is the same.
struct Records {
    simdjson::padded_string text;
    std::vector<std::string_view> lines;
};

const Records& records() {
    static const Records loaded = [] {
        Records r;
        auto text = simdjson::padded_string::load(wb::bench::benchCapturePath());
        if (text.error()) throw std::runtime_error("cannot read the bench capture");
        r.text = std::move(text).value_unsafe();
        std::string_view all(r.text.data(), r.text.size());
        for (std::size_t start = 0; start < all.size();) {
            std::size_t end = all.find('\n', start);
            if (end == std::string_view::npos) end = all.size();
            if (end > start) r.lines.push_back(all.substr(start, end - start));
            start = end + 1;
        }
        return r;
    }();
    return loaded;
}

// What a walk found: equal for every parser, or one of them skipped something.
struct Tally {
    std::uint64_t strings = 0, stringBytes = 0, numbers = 0, keys = 0;
};

void report(benchmark::State& state, const Tally& tally) {
    state.SetBytesProcessed(static_cast<std::int64_t>(records().text.size()) * state.iterations());
    state.counters["strings"] = static_cast<double>(tally.strings);
    state.counters["numbers"] = static_cast<double>(tally.numbers);
    state.counters["keys"] = static_cast<double>(tally.keys);
}

void BM_TapeParseAndWalk(benchmark::State& state) {
    const Records& r = records();
    wb::JsonTape tape;
    wb::JsonTape::Error error;
    Tally tally;
    for (auto _ : state) {
        tally = {};
        for (std::string_view line : r.lines) {
            if (!tape.parse(line, error)) continue;
            // The tape lists keys and values in document order: visiting every node is the walk.
            for (const auto& node : tape.nodes()) {
                if (node.type == wb::JsonTape::Type::String) {
                    ++tally.strings;
                    tally.stringBytes += tape.string(node).size();
                } else if (node.type == wb::JsonTape::Type::Int || node.type == wb::JsonTape::Type::Double) {
                    ++tally.numbers;
                } else if (node.type == wb::JsonTape::Type::Object) {
                    tally.keys += node.count;
                }
            }
        }
    }
    // Keys are strings on the tape; the simdjson walks count them apart.
    tally.strings -= tally.keys;
    report(state, tally);
}

void walkDom(simdjson::dom::element element, Tally& tally) {
    switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object object;
        if (element.get(object)) break;
        for (auto field : object) {
            ++tally.keys;
            walkDom(field.value, tally);
        }
        break;
    }
    case simdjson::dom::element_type::ARRAY: {
        simdjson::dom::array array;
        if (element.get(array)) break;
        for (auto child : array)
            walkDom(child, tally);
        break;
    }
    case simdjson::dom::element_type::STRING:
        ++tally.strings;
        tally.stringBytes += element.get_string().value_unsafe().size();
        break;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
        ++tally.numbers;
        break;
    default:
        break;
    }
}

void BM_SimdjsonDomParseAndWalk(benchmark::State& state) {
    const Records& r = records();
    simdjson::dom::parser parser;
    Tally tally;
    for (auto _ : state) {
        tally = {};
        for (std::string_view line : r.lines) {
            // The lines lie inside one padded buffer, so reading past a line's end is allowed.
            auto doc = parser.parse(line.data(), line.size(), false);
            if (doc.error()) continue;
            walkDom(doc.value_unsafe(), tally);
        }
    }
    report(state, tally);
}

void walkOnDemand(simdjson::ondemand::value value, Tally& tally) {
    switch (value.type().value_unsafe()) {
    case simdjson::ondemand::json_type::object:
        for (auto field : value.get_object()) {
            ++tally.keys;
            walkOnDemand(field.value().value_unsafe(), tally);
        }
        break;
    case simdjson::ondemand::json_type::array:
        for (auto child : value.get_array())
            walkOnDemand(child.value_unsafe(), tally);
        break;
    case simdjson::ondemand::json_type::string:
        ++tally.strings;
        tally.stringBytes += value.get_string().value_unsafe().size();
        break;
    case simdjson::ondemand::json_type::number:
        ++tally.numbers;
        value.get_number().value_unsafe();
        break;
    default:
        break;
    }
}

void BM_SimdjsonOnDemandParseAndWalk(benchmark::State& state) {
    const Records& r = records();
    simdjson::ondemand::parser parser;
    Tally tally;
    for (auto _ : state) {
        tally = {};
        for (std::string_view line : r.lines) {
            const std::size_t room
                = static_cast<std::size_t>(r.text.data() + r.text.size() - line.data()) + simdjson::SIMDJSON_PADDING;
            auto doc = parser.iterate(line.data(), line.size(), room);
            if (doc.error()) continue;
            simdjson::ondemand::value root;
            if (doc.get_value().get(root)) continue;
            walkOnDemand(root, tally);
        }
    }
    report(state, tally);
}

BENCHMARK(BM_TapeParseAndWalk)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_SimdjsonDomParseAndWalk)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_SimdjsonOnDemandParseAndWalk)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
} // namespace

BENCHMARK_MAIN();
