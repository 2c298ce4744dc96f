// SPDX-License-Identifier: Apache-2.0
#include "recordlayout.h"

namespace wb {

namespace {
bool isType(const JsonTape& tape, std::size_t node, JsonTape::Type type) {
    return node != JsonTape::npos && tape.node(node).type == type;
}

std::size_t stringMember(const JsonTape& tape, std::size_t object, std::string_view key) {
    const std::size_t node = tape.member(object, key);
    return isType(tape, node, JsonTape::Type::String) ? node : JsonTape::npos;
}
} // namespace

RecordLayout classifyRecord(const JsonTape& tape, std::size_t objectNode) {
    RecordLayout layout;
    if (!isType(tape, objectNode, JsonTape::Type::Object)) return layout;

    const std::size_t source = tape.member(objectNode, "_source");
    if (isType(tape, source, JsonTape::Type::Object)) {
        layout.kind = RecordLayout::Kind::Hit;
        layout.document = source;
        layout.id = stringMember(tape, objectNode, "_id");
        layout.index = stringMember(tape, objectNode, "_index");
        return layout;
    }
    const std::size_t fields = tape.member(objectNode, "fields");
    const std::size_t id = stringMember(tape, objectNode, "_id");
    const std::size_t index = stringMember(tape, objectNode, "_index");
    if (isType(tape, fields, JsonTape::Type::Object) && (id != JsonTape::npos || index != JsonTape::npos)) {
        layout.kind = RecordLayout::Kind::FieldsHit;
        layout.document = fields;
        layout.id = id;
        layout.index = index;
        return layout;
    }
    const std::size_t type = stringMember(tape, objectNode, "type");
    const std::size_t value = tape.member(objectNode, "value");
    if (type != JsonTape::npos && tape.string(tape.node(type)) == "doc"
        && isType(tape, value, JsonTape::Type::Object)) {
        const std::size_t archived = tape.member(value, "source");
        if (isType(tape, archived, JsonTape::Type::Object)) {
            layout.kind = RecordLayout::Kind::Archive;
            layout.document = archived;
            layout.id = stringMember(tape, value, "id");
            layout.index = stringMember(tape, value, "index");
            return layout;
        }
    }
    const std::size_t hits = tape.member(objectNode, "hits");
    if (isType(tape, hits, JsonTape::Type::Object)) {
        for (const char* key : {"hits", "events", "sequences"}) {
            if (isType(tape, tape.member(hits, key), JsonTape::Type::Array)) {
                layout.kind = RecordLayout::Kind::Envelope;
                return layout;
            }
        }
    }
    layout.kind = RecordLayout::Kind::Document;
    layout.document = objectNode;
    return layout;
}

} // namespace wb
