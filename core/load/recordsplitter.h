// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// Cuts a stream of bytes into JSON records without holding the whole text: NDJSON lines, the
// elements of a top-level array, blank-line separated (pretty-printed) objects, or the hits of a
// _search / EQL response however large it is. A broken record is reported with its line and the
// stream resynchronises at the next line instead of swallowing the rest of the file.
class RecordSplitter {
public:
    struct Record {
        std::string_view text;
        std::uint64_t offset = 0; // of the first byte, in the stream
        std::uint64_t line = 0; // 1-based line of the first byte
    };
    struct Problem {
        std::uint64_t line = 0;
        std::string reason;
    };
    using RecordHandler = std::function<void(const Record&)>;
    using ProblemHandler = std::function<void(const Problem&)>;

    RecordSplitter(std::size_t maxRecordBytes, RecordHandler onRecord, ProblemHandler onProblem);

    void feed(const char* data, std::size_t size);
    void finish();

private:
    enum class Mode { Detect, Lines, Values, Array };
    struct Frame {
        bool isObject = false;
        bool expectKey = false;
        std::string key;
    };
    static constexpr std::size_t TrackedDepth = 6;

    void feedLines(const char* data, std::size_t size, std::size_t pos);
    void feedStructural(const char* data, std::size_t size, std::size_t pos);
    void emitLine(std::string_view line, std::uint64_t offset, std::uint64_t lineNumber);
    void startRecord(std::size_t pos);
    void endRecord(const char* data, std::size_t endPos);
    void abandonRecord(const std::string& reason);
    bool isEnvelopeRecordStart() const;
    void openContainer(bool isObject);
    void closeContainer();
    std::string tooLargeReason() const;

    std::size_t m_maxRecordBytes;
    RecordHandler m_onRecord;
    ProblemHandler m_onProblem;

    Mode m_mode = Mode::Detect;
    std::uint64_t m_offset = 0; // stream offset of the chunk being fed
    std::uint64_t m_line = 1;
    bool m_atLineStart = true;
    bool m_sawBomCheck = false;

    // Lines mode: a line split across chunks.
    std::string m_lineBuffer;
    std::uint64_t m_lineOffset = 0;
    std::uint64_t m_lineNumber = 1;
    bool m_lineTooLarge = false;
    bool m_lineStarted = false;

    // Structural scanning.
    std::int64_t m_depth = 0;
    std::vector<Frame> m_frames;
    bool m_inString = false;
    bool m_escape = false;
    bool m_capturingKey = false;
    bool m_inComment = false;
    bool m_pendingSlash = false;
    bool m_envelope = false;
    bool m_arrayClosed = false;
    bool m_inScalar = false; // inside a non-object element of a top-level array (reported once)

    // The record being assembled.
    bool m_recording = false;
    std::int64_t m_recordDepth = 0;
    std::string m_buffer;
    std::size_t m_chunkStart = 0; // where the record starts in the current chunk (or 0)
    std::uint64_t m_recordOffset = 0;
    std::uint64_t m_recordLine = 0;
    bool m_recordTooLarge = false;
    bool m_recordMultiLine = false;
    bool m_recordAtColumnZero = false;
    std::uint64_t m_recordsSeen = 0;
    bool m_maybeLines = false; // first record was one line; switch to Lines at the next newline
};

} // namespace wb
