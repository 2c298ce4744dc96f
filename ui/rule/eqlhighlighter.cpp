// SPDX-License-Identifier: Apache-2.0
#include "rule/eqlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace {
// On a dark palette the same hues, lighter, so that they stay readable.
QTextCharFormat makeFormat(QColor color, bool bold = false, bool italic = false) {
    if (QGuiApplication::palette().color(QPalette::Base).lightness() < 128) color = color.lighter(190);
    QTextCharFormat f;
    f.setForeground(color);
    if (bold) f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}
} // namespace

EqlHighlighter::EqlHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document) {
    m_rules.push_back(
        {QRegularExpression(QStringLiteral(
             R"(\b(sequence|sample|by|with|maxspan|runs|until|where|and|or|not|in|like|regex|any|true|false|null)\b~?)")),
            makeFormat(QColor(128, 0, 128), true)});
    m_rules.push_back({QRegularExpression(QStringLiteral(R"(\b[A-Za-z_]+~?(?=\())")), makeFormat(QColor(0, 110, 120))});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral(R"(\b\d+(\.\d+)?(ms|s|m|h|d)?\b)")), makeFormat(QColor(0, 90, 200))});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral(R"(\|\s*(head|tail)\b)")), makeFormat(QColor(128, 0, 128), true)});
    m_rules.push_back({QRegularExpression(QStringLiteral(R"("""[^"]*(?:"{1,2}[^"]+)*"""|"(?:\\.|[^"\\])*")")),
        makeFormat(QColor(0, 128, 0))});
    m_rules.push_back({QRegularExpression(QStringLiteral(R"(`[^`]*`)")), makeFormat(QColor(150, 80, 0))});
    m_comment = makeFormat(QColor(120, 120, 120), false, true);
}

void EqlHighlighter::highlightBlock(const QString& text) {
    for (const Rule& rule : m_rules) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
    // Comments last, so they win; /* */ may span lines (block state 1 = inside one).
    int start = previousBlockState() == 1 ? 0 : -1;
    int i = 0;
    setCurrentBlockState(0);
    bool inString = false;
    while (i < text.size()) {
        if (start >= 0) {
            const int end = int(text.indexOf(QStringLiteral("*/"), i));
            if (end < 0) {
                setFormat(start, int(text.size()) - start, m_comment);
                setCurrentBlockState(1);
                return;
            }
            setFormat(start, end + 2 - start, m_comment);
            i = end + 2;
            start = -1;
            continue;
        }
        if (text[i] == QLatin1Char('"')) inString = !inString;
        if (!inString && text.mid(i, 2) == QLatin1String("//")) {
            setFormat(i, int(text.size()) - i, m_comment);
            return;
        }
        if (!inString && text.mid(i, 2) == QLatin1String("/*")) {
            start = i;
            i += 2;
            continue;
        }
        ++i;
    }
}
