// SPDX-License-Identifier: Apache-2.0
#include "recordsplitter.h"

#include <cstring>

namespace wb {

namespace {
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
} // namespace

RecordSplitter::RecordSplitter(std::size_t maxRecordBytes, RecordHandler onRecord, ProblemHandler onProblem)
    : m_maxRecordBytes(maxRecordBytes)
    , m_onRecord(std::move(onRecord))
    , m_onProblem(std::move(onProblem)) { }

std::string RecordSplitter::tooLargeReason() const {
    return "record larger than " + std::to_string(m_maxRecordBytes / (1024 * 1024)) + " MiB (skipped)";
}

void RecordSplitter::feed(const char* data, std::size_t size) {
    std::size_t pos = 0;
    if (!m_sawBomCheck && size > 0) {
        m_sawBomCheck = true;
        if (size >= 3 && static_cast<unsigned char>(data[0]) == 0xef && static_cast<unsigned char>(data[1]) == 0xbb
            && static_cast<unsigned char>(data[2]) == 0xbf)
            pos = 3;
    }
    if (m_mode == Mode::Detect) {
        for (; pos < size; ++pos) {
            const char c = data[pos];
            if (c == '\n') {
                ++m_line;
                m_atLineStart = true;
                continue;
            }
            if (isSpace(c)) {
                m_atLineStart = false;
                continue;
            }
            m_mode = c == '[' ? Mode::Array : c == '{' ? Mode::Values : Mode::Lines;
            break;
        }
    }
    switch (m_mode) {
    case Mode::Detect:
        break;
    case Mode::Lines:
        feedLines(data, size, pos);
        break;
    case Mode::Values:
    case Mode::Array:
        feedStructural(data, size, pos);
        break;
    }
    m_offset += size;
}

void RecordSplitter::feedLines(const char* data, std::size_t size, std::size_t pos) {
    while (pos < size) {
        if (!m_lineStarted) {
            m_lineStarted = true;
            m_lineOffset = m_offset + pos;
            m_lineNumber = m_line;
        }
        const void* found = std::memchr(data + pos, '\n', size - pos);
        const std::size_t end = found ? static_cast<std::size_t>(static_cast<const char*>(found) - data) : size;
        if (!m_lineTooLarge) {
            if (m_lineBuffer.size() + (end - pos) > m_maxRecordBytes) {
                m_lineTooLarge = true;
                std::string().swap(m_lineBuffer);
            } else if (!found || !m_lineBuffer.empty()) {
                m_lineBuffer.append(data + pos, end - pos);
            }
        }
        if (!found) return;
        if (m_lineTooLarge)
            m_onProblem({m_lineNumber, tooLargeReason()});
        else if (m_lineBuffer.empty())
            emitLine(std::string_view(data + pos, end - pos), m_lineOffset, m_lineNumber);
        else
            emitLine(m_lineBuffer, m_lineOffset, m_lineNumber);
        m_lineBuffer.clear();
        m_lineTooLarge = false;
        m_lineStarted = false;
        ++m_line;
        pos = end + 1;
    }
}

void RecordSplitter::emitLine(std::string_view line, std::uint64_t offset, std::uint64_t lineNumber) {
    std::size_t begin = 0;
    while (begin < line.size() && isSpace(line[begin]))
        ++begin;
    // A byte-order mark at the start of a later line (Windows exports concatenated): skipped as
    // it is at the start of a file.
    if (line.substr(begin, 3) == "\xEF\xBB\xBF") begin += 3;
    std::size_t end = line.size();
    while (end > begin && isSpace(line[end - 1]))
        --end;
    if (begin == end) return;
    const std::string_view text = line.substr(begin, end - begin);
    if (text.size() >= 2 && text[0] == '/' && text[1] == '/')
        return; // a comment line, as Elasticsearch's lenient JSON parser allows
    m_onRecord({text, offset + begin, lineNumber});
}

void RecordSplitter::openContainer(bool isObject) {
    ++m_depth;
    if (m_depth <= static_cast<std::int64_t>(TrackedDepth)) {
        m_frames.resize(static_cast<std::size_t>(m_depth));
        Frame& frame = m_frames.back();
        frame.isObject = isObject;
        frame.expectKey = isObject;
        frame.key.clear();
    }
}

void RecordSplitter::closeContainer() {
    --m_depth;
    if (m_depth < static_cast<std::int64_t>(m_frames.size())) m_frames.resize(static_cast<std::size_t>(m_depth));
}

bool RecordSplitter::isEnvelopeRecordStart() const {
    if (m_frames.size() < static_cast<std::size_t>(m_depth) || m_frames.empty() || m_frames[0].key != "hits")
        return false;
    if (m_depth == 3) return !m_frames[2].isObject && (m_frames[1].key == "hits" || m_frames[1].key == "events");
    if (m_depth == 5)
        return m_frames[1].key == "sequences" && m_frames[3].isObject && m_frames[3].key == "events"
            && !m_frames[4].isObject;
    return false;
}

void RecordSplitter::startRecord(std::size_t pos) {
    m_recording = true;
    m_recordDepth = m_depth + 1;
    m_buffer.clear();
    m_chunkStart = pos;
    m_recordOffset = m_offset + pos;
    m_recordLine = m_line;
    m_recordTooLarge = false;
    m_recordMultiLine = false;
    m_recordAtColumnZero = m_atLineStart;
}

void RecordSplitter::endRecord(const char* data, std::size_t endPos) {
    m_recording = false;
    ++m_recordsSeen;
    std::string_view text;
    if (!m_recordTooLarge) {
        if (m_buffer.empty()) {
            text = std::string_view(data + m_chunkStart, endPos - m_chunkStart);
        } else {
            m_buffer.append(data, endPos);
            text = m_buffer;
        }
        if (text.size() > m_maxRecordBytes) m_recordTooLarge = true;
    }
    if (m_recordTooLarge)
        m_onProblem({m_recordLine, tooLargeReason()});
    else
        m_onRecord({text, m_recordOffset, m_recordLine});
    m_buffer.clear();
    if (m_buffer.capacity() > (1u << 22)) std::string().swap(m_buffer);
}

void RecordSplitter::abandonRecord(const std::string& reason) {
    m_onProblem({m_recording ? m_recordLine : m_line, reason});
    m_recording = false;
    m_buffer.clear();
}

void RecordSplitter::feedStructural(const char* data, std::size_t size, std::size_t pos) {
    m_chunkStart = 0;
    for (; pos < size; ++pos) {
        const char c = data[pos];
        if (m_inString) {
            // Most bytes are string content: skip it quickly.
            if (!m_escape && !m_capturingKey) {
                while (pos < size && data[pos] != '"' && data[pos] != '\\' && data[pos] != '\n')
                    ++pos;
                if (pos == size) break;
            }
            const char s = data[pos];
            if (s == '\n') {
                // JSON strings cannot hold a raw line break: the record is broken. Resynchronise
                // at the next line rather than read the rest of the file as one string.
                abandonRecord("line break inside a string (record starting at line " + std::to_string(m_recordLine)
                    + " is broken)");
                m_inString = m_escape = m_capturingKey = false;
                m_envelope = false;
                if (m_mode == Mode::Array) {
                    m_depth = 1;
                    m_frames.resize(1);
                } else {
                    m_depth = 0;
                    m_frames.clear();
                }
                ++m_line;
                m_atLineStart = true;
                continue;
            }
            if (m_escape) {
                m_escape = false;
            } else if (s == '\\') {
                m_escape = true;
            } else if (s == '"') {
                m_inString = false;
                m_capturingKey = false;
                continue;
            }
            if (m_capturingKey && m_frames.back().key.size() < 32) m_frames.back().key.push_back(s);
            continue;
        }
        if (m_inComment) {
            if (c != '\n') continue;
            m_inComment = false;
        }
        if (m_pendingSlash) {
            m_pendingSlash = false;
            if (c == '/') {
                m_inComment = true;
                continue;
            }
        }
        switch (c) {
        case '\n':
            ++m_line;
            m_atLineStart = true;
            if (m_recording) m_recordMultiLine = true;
            if (m_maybeLines) {
                // The first record was a single line on its own: read the rest as NDJSON, which is
                // both faster and lets one broken line stay one broken record.
                m_maybeLines = false;
                m_mode = Mode::Lines;
                feedLines(data, size, pos + 1);
                return;
            }
            continue;
        case ' ':
        case '\t':
        case '\r':
            break;
        case '"':
            m_maybeLines = false;
            if (m_depth == 0) {
                m_onProblem({m_line, "expected a JSON object, found a string"});
                m_inComment = true; // skip the rest of the line
                break;
            }
            if (m_mode == Mode::Array && m_depth == 1 && !m_recording && !m_inScalar) {
                m_onProblem({m_line, "array element is not an object"});
                m_inScalar = true;
            }
            m_inString = true;
            if (!m_frames.empty() && static_cast<std::int64_t>(m_frames.size()) == m_depth && m_frames.back().isObject
                && m_frames.back().expectKey) {
                m_capturingKey = true;
                m_frames.back().key.clear();
            }
            break;
        case ':':
            if (!m_frames.empty() && static_cast<std::int64_t>(m_frames.size()) == m_depth)
                m_frames.back().expectKey = false;
            break;
        case ',':
            m_inScalar = false;
            if (!m_frames.empty() && static_cast<std::int64_t>(m_frames.size()) == m_depth && m_frames.back().isObject)
                m_frames.back().expectKey = true;
            break;
        case '{':
        case '[': {
            m_maybeLines = false;
            if (m_mode == Mode::Values && m_depth >= 1 && c == '{' && m_atLineStart && !m_envelope) {
                abandonRecord("record is not terminated (a new record starts at line " + std::to_string(m_line) + ")");
                m_depth = 0;
                m_frames.clear();
            }
            if (!m_recording
                && ((m_mode == Mode::Values && m_depth == 0) || (m_mode == Mode::Array && m_depth == 1)
                    || (m_envelope && isEnvelopeRecordStart())))
                startRecord(pos);
            openContainer(c == '{');
            if (c == '[' && m_mode == Mode::Values && m_depth == 3 && m_recording && m_recordDepth == 1
                && m_frames.size() >= 2 && m_frames[0].key == "hits" && m_frames[1].isObject
                && (m_frames[1].key == "hits" || m_frames[1].key == "events" || m_frames[1].key == "sequences")) {
                // A _search or EQL response: its hits are the records, however large the response is.
                m_envelope = true;
                m_recording = false;
                m_buffer.clear();
            }
            break;
        }
        case '}':
        case ']':
            m_maybeLines = false;
            if (m_depth == 0) {
                m_onProblem({m_line, std::string("unexpected '") + c + "'"});
                break;
            }
            m_inScalar = false;
            closeContainer();
            if (m_recording && m_depth == m_recordDepth - 1) {
                const bool first = m_recordsSeen == 0;
                const bool candidateForLines
                    = m_mode == Mode::Values && first && !m_recordMultiLine && m_recordAtColumnZero && !m_envelope;
                endRecord(data, pos + 1);
                m_maybeLines = candidateForLines;
            }
            if (m_depth == 0) {
                m_envelope = false;
                if (m_mode == Mode::Array) m_arrayClosed = true;
            }
            break;
        case '/':
            m_pendingSlash = true;
            break;
        default:
            if (m_depth == 0) {
                m_onProblem({m_line,
                    m_arrayClosed ? "unexpected data after the end of the JSON array" : "expected a JSON object"});
                m_inComment = true; // skip the rest of the line
            } else if (m_mode == Mode::Array && m_depth == 1 && !m_recording && !m_inScalar) {
                m_onProblem({m_line, "array element is not an object"});
                m_inScalar = true;
            }
            break;
        }
        m_atLineStart = false;
    }
    if (m_recording && !m_recordTooLarge) {
        m_buffer.append(data + m_chunkStart, size - m_chunkStart);
        if (m_buffer.size() > m_maxRecordBytes) {
            m_recordTooLarge = true;
            std::string().swap(m_buffer);
        }
    }
}

void RecordSplitter::finish() {
    if (m_mode == Mode::Lines) {
        if (m_lineStarted) {
            if (m_lineTooLarge)
                m_onProblem({m_lineNumber, tooLargeReason()});
            else
                emitLine(m_lineBuffer, m_lineOffset, m_lineNumber);
            m_lineBuffer.clear();
            m_lineStarted = false;
        }
        return;
    }
    if (m_recording) {
        abandonRecord("unexpected end of file inside a record");
    } else if (m_depth > 0) {
        m_onProblem({m_line,
            m_mode == Mode::Array ? "unexpected end of file: the JSON array is not closed"
                                  : "unexpected end of file: the response object is not closed"});
    }
}

} // namespace wb
