// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// A flat, validated parse of one JSON record. Built without recursion so that hostile nesting
// cannot overflow the stack; every container knows where its subtree ends, so walkers can skip
// whole subtrees and recover the exact original text of any value.
class JsonTape {
public:
    enum class Type : std::uint8_t { Null, False, True, Int, Double, String, Object, Array };

    struct Node {
        Type type = Type::Null;
        bool escaped = false; // string payload lives in the unescape buffer, not in the text
        std::uint32_t begin = 0; // byte range of the value in the record text
        std::uint32_t end = 0;
        std::uint32_t next = 0; // index of the node after this subtree
        std::uint32_t count = 0; // containers: number of members (objects: key/value pairs)
        union {
            std::int64_t integer;
            double real;
            struct {
                std::uint32_t offset;
                std::uint32_t length;
            } string;
        };
        Node()
            : integer(0) { }
    };

    struct Error {
        std::size_t offset = 0;
        std::string message;
    };

    // Accepts standard JSON plus `//` and `/* */` comments, which Elasticsearch's parser allows.
    bool parse(std::string_view text, Error& error, std::size_t maxDepth = 512);

    const std::vector<Node>& nodes() const { return m_nodes; }
    const Node& node(std::size_t index) const { return m_nodes[index]; }
    std::string_view string(const Node& node) const {
        const char* base = node.escaped ? m_unescaped.data() : m_text.data();
        return {base + node.string.offset, node.string.length};
    }
    std::string_view raw(const Node& node) const { return m_text.substr(node.begin, node.end - node.begin); }
    std::string_view text() const { return m_text; }

    // Index of the value of `key` in the object at `objectIndex`, or npos.
    std::size_t member(std::size_t objectIndex, std::string_view key) const;

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    std::string_view m_text;
    std::vector<Node> m_nodes;
    std::string m_unescaped;
};

} // namespace wb
