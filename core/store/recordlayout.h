// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jsontape.h"

#include <cstddef>

namespace wb {

// Which part of a JSON record is the event document. Exports wrap documents in several ways
// (ecs-and-formats.md, "How documents look when exported"); this is the one place that knows them.
struct RecordLayout {
    enum class Kind {
        Document, // a bare document
        Hit, // a search hit: {_index, _id, _source}
        FieldsHit, // a hit with only the flattened `fields` object (dotted keys, array values)
        Archive, // es_archiver: {"type":"doc","value":{"index","id","source"}}
        Envelope, // a whole _search or EQL response: its hits are the records
        NotAnObject,
    };
    Kind kind = Kind::NotAnObject;
    std::size_t document = JsonTape::npos; // node of the document object
    std::size_t id = JsonTape::npos; // node of the _id string, if any
    std::size_t index = JsonTape::npos; // node of the _index string, if any
};

RecordLayout classifyRecord(const JsonTape& tape, std::size_t objectNode = 0);

// Calls fn(hitNode) for every hit of a _search / EQL response envelope, in response order
// (hits.hits[], hits.events[], then every hits.sequences[].events[]).
template <typename Fn> void forEachEnvelopeHit(const JsonTape& tape, std::size_t objectNode, Fn&& fn) {
    const std::size_t hits = tape.member(objectNode, "hits");
    if (hits == JsonTape::npos || tape.node(hits).type != JsonTape::Type::Object) return;
    auto eachElement = [&](std::size_t array, auto&& perElement) {
        if (array == JsonTape::npos || tape.node(array).type != JsonTape::Type::Array) return;
        std::size_t index = array + 1;
        for (std::uint32_t i = 0; i < tape.node(array).count; ++i) {
            perElement(index);
            index = tape.node(index).next;
        }
    };
    eachElement(tape.member(hits, "hits"), fn);
    eachElement(tape.member(hits, "events"), fn);
    eachElement(tape.member(hits, "sequences"), [&](std::size_t sequence) {
        if (tape.node(sequence).type == JsonTape::Type::Object) eachElement(tape.member(sequence, "events"), fn);
    });
}

} // namespace wb
