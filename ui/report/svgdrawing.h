// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QPen>
#include <QRectF>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

class QPainter;

// The report's own pictures (core/report: graphsvg, lanessvg) drawn with QPainter, so that in a
// PDF their words stay words: Qt SVG draws text as outlines, which no reader can search or copy
// (an event's host, a process, a domain) and which makes a page of graph ten times larger. It
// reads only what those pictures are made of: svg with a viewBox, g, title, rect, line, circle,
// path of M/L/H/V, text with fill, anchor, weight and size; anything else is not this kind of
// picture (read() gives nothing and the caller draws it with Qt SVG).
class SvgDrawing {
public:
    static std::optional<SvgDrawing> read(const QByteArray& svg);
    QSizeF size() const { return m_viewBox.size(); }
    // Draws the picture scaled into `target`.
    void draw(QPainter* painter, const QRectF& target) const;

private:
    struct Shape {
        enum class Kind { Path, Text } kind = Kind::Path;
        QPainterPath path;
        QPen pen = QPen(Qt::NoPen);
        QColor fill; // invalid: none
        QString text;
        QPointF at;
        Qt::Alignment anchor = Qt::AlignLeft;
        QFont font;
    };
    QRectF m_viewBox;
    std::vector<Shape> m_shapes;
};
