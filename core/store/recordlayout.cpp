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

    // One pass over the top-level members (a document has dozens, and every record of a capture
    // comes through here); the first of duplicate keys counts, as member() would find it.
    std::size_t source = JsonTape::npos, fields = JsonTape::npos, id = JsonTape::npos, index = JsonTape::npos,
                type = JsonTape::npos, value = JsonTape::npos, hits = JsonTape::npos;
    auto remember = [](std::size_t& slot, std::size_t node) {
        if (slot == JsonTape::npos) slot = node;
    };
    std::size_t key = objectNode + 1;
    for (std::uint32_t i = 0; i < tape.node(objectNode).count; ++i) {
        const std::size_t valueNode = key + 1;
        const std::string_view name = tape.string(tape.node(key));
        if (name == "_source")
            remember(source, valueNode);
        else if (name == "fields")
            remember(fields, valueNode);
        else if (name == "_id")
            remember(id, valueNode);
        else if (name == "_index")
            remember(index, valueNode);
        else if (name == "type")
            remember(type, valueNode);
        else if (name == "value")
            remember(value, valueNode);
        else if (name == "hits")
            remember(hits, valueNode);
        key = tape.node(valueNode).next;
    }
    auto asString
        = [&](std::size_t node) { return isType(tape, node, JsonTape::Type::String) ? node : JsonTape::npos; };

    if (isType(tape, source, JsonTape::Type::Object)) {
        layout.kind = RecordLayout::Kind::Hit;
        layout.document = source;
        layout.id = asString(id);
        layout.index = asString(index);
        return layout;
    }
    id = asString(id);
    index = asString(index);
    if (isType(tape, fields, JsonTape::Type::Object) && (id != JsonTape::npos || index != JsonTape::npos)) {
        layout.kind = RecordLayout::Kind::FieldsHit;
        layout.document = fields;
        layout.id = id;
        layout.index = index;
        return layout;
    }
    type = asString(type);
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
    if (isType(tape, hits, JsonTape::Type::Object)) {
        for (const char* member : {"hits", "events", "sequences"}) {
            if (isType(tape, tape.member(hits, member), JsonTape::Type::Array)) {
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
