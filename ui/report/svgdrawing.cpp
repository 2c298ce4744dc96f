// SPDX-License-Identifier: Apache-2.0
#include "report/svgdrawing.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QXmlStreamReader>

namespace {
double number(const QXmlStreamAttributes& a, const char* name, double fallback = 0) {
    bool ok = false;
    const double v = a.value(QLatin1String(name)).toDouble(&ok);
    return ok ? v : fallback;
}

// "none" and absent are no colour; #rrggbb and names as QColor reads them.
QColor colour(const QXmlStreamAttributes& a, const char* name, const QColor& inherited = {}) {
    if (!a.hasAttribute(QLatin1String(name))) return inherited;
    const QString value = a.value(QLatin1String(name)).toString();
    if (value == QLatin1String("none")) return {};
    return QColor::fromString(value);
}

QPen pen(const QXmlStreamAttributes& a) {
    const QColor stroke = colour(a, "stroke");
    if (!stroke.isValid()) return QPen(Qt::NoPen);
    QPen p(stroke, number(a, "stroke-width", 1.0));
    p.setCapStyle(Qt::FlatCap);
    if (a.hasAttribute(QLatin1String("stroke-dasharray"))) {
        // SVG dashes are in user units, Qt's in pen widths.
        QList<qreal> dashes;
        for (const QString& part :
            a.value(QLatin1String("stroke-dasharray")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts))
            dashes << part.toDouble() / std::max(p.widthF(), 0.01);
        if (dashes.size() % 2 == 0 && !dashes.isEmpty()) p.setDashPattern(dashes);
    }
    return p;
}

// M x y, L x y, H x, V y: what the report's edges are made of. False for anything else.
bool pathData(const QString& d, QPainterPath& path) {
    const QStringList tokens
        = QString(d).replace(QLatin1Char(','), QLatin1Char(' ')).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QPointF at;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString& t = tokens[i];
        if (t.isEmpty()) continue;
        const QChar command = t[0];
        QString first = t.mid(1);
        auto next = [&](QString& out) {
            if (!out.isEmpty()) return true;
            if (++i >= tokens.size()) return false;
            out = tokens[i];
            return true;
        };
        bool ok1 = true, ok2 = true;
        if (command == QLatin1Char('M') || command == QLatin1Char('L')) {
            QString y;
            if (!next(first) || !next(y)) return false;
            at = QPointF(first.toDouble(&ok1), y.toDouble(&ok2));
            if (command == QLatin1Char('M'))
                path.moveTo(at);
            else
                path.lineTo(at);
        } else if (command == QLatin1Char('H')) {
            if (!next(first)) return false;
            at.setX(first.toDouble(&ok1));
            path.lineTo(at);
        } else if (command == QLatin1Char('V')) {
            if (!next(first)) return false;
            at.setY(first.toDouble(&ok1));
            path.lineTo(at);
        } else {
            return false;
        }
        if (!ok1 || !ok2) return false;
    }
    return true;
}
} // namespace

std::optional<SvgDrawing> SvgDrawing::read(const QByteArray& svg) {
    SvgDrawing drawing;
    QXmlStreamReader xml(svg);
    // Inherited text properties, one per open element.
    struct Inherited {
        QString family = QStringLiteral("sans-serif");
        double size = 11;
        QColor fill = Qt::black;
    };
    std::vector<Inherited> stack{Inherited()};
    int skipDepth = 0; // inside <title>: words for a browser's tooltip, not drawn
    bool inText = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement) {
            if (skipDepth) --skipDepth;
            inText = false;
            stack.pop_back();
            continue;
        }
        if (token == QXmlStreamReader::Characters && !skipDepth && !xml.isWhitespace()) {
            if (!inText) return std::nullopt; // words outside a <text>: not this kind of picture
            drawing.m_shapes.back().text += xml.text().toString();
            continue;
        }
        if (token != QXmlStreamReader::StartElement) continue;
        const QXmlStreamAttributes a = xml.attributes();
        Inherited here = stack.back();
        if (a.hasAttribute(QLatin1String("font-family")))
            here.family = a.value(QLatin1String("font-family")).toString();
        here.size = number(a, "font-size", here.size);
        here.fill = colour(a, "fill", here.fill);
        stack.push_back(here);
        const QStringView name = xml.name();
        if (skipDepth) {
            ++skipDepth;
            continue;
        }
        if (name == QLatin1String("svg")) {
            const QStringList box
                = a.value(QLatin1String("viewBox")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (box.size() != 4) return std::nullopt;
            drawing.m_viewBox = QRectF(box[0].toDouble(), box[1].toDouble(), box[2].toDouble(), box[3].toDouble());
        } else if (name == QLatin1String("g")) {
        } else if (name == QLatin1String("title")) {
            skipDepth = 1;
        } else if (name == QLatin1String("rect") || name == QLatin1String("circle") || name == QLatin1String("line")
            || name == QLatin1String("path")) {
            Shape shape;
            shape.pen = pen(a);
            shape.fill = name == QLatin1String("line") ? QColor() : colour(a, "fill", Qt::black);
            if (name == QLatin1String("rect")) {
                const double rx = number(a, "rx");
                shape.path.addRoundedRect(
                    QRectF(number(a, "x"), number(a, "y"), number(a, "width"), number(a, "height")), rx, rx);
            } else if (name == QLatin1String("circle")) {
                const double r = number(a, "r");
                shape.path.addEllipse(QPointF(number(a, "cx"), number(a, "cy")), r, r);
            } else if (name == QLatin1String("line")) {
                shape.path.moveTo(number(a, "x1"), number(a, "y1"));
                shape.path.lineTo(number(a, "x2"), number(a, "y2"));
            } else if (!pathData(a.value(QLatin1String("d")).toString(), shape.path)) {
                return std::nullopt;
            }
            drawing.m_shapes.push_back(std::move(shape));
        } else if (name == QLatin1String("text")) {
            Shape shape;
            shape.kind = Shape::Kind::Text;
            shape.at = QPointF(number(a, "x"), number(a, "y"));
            shape.fill = here.fill;
            const QStringView anchor = a.value(QLatin1String("text-anchor"));
            shape.anchor = anchor == QLatin1String("middle") ? Qt::AlignHCenter
                : anchor == QLatin1String("end")             ? Qt::AlignRight
                                                             : Qt::AlignLeft;
            shape.font = QFont(here.family);
            shape.font.setPixelSize(std::max(1, int(here.size + 0.5)));
            shape.font.setBold(a.value(QLatin1String("font-weight")) == QLatin1String("bold"));
            drawing.m_shapes.push_back(std::move(shape));
            inText = true;
        } else {
            return std::nullopt; // not one of the report's pictures
        }
    }
    if (xml.hasError() || drawing.m_viewBox.isEmpty()) return std::nullopt;
    return drawing;
}

void SvgDrawing::draw(QPainter* painter, const QRectF& target) const {
    painter->save();
    painter->translate(target.topLeft());
    painter->scale(target.width() / m_viewBox.width(), target.height() / m_viewBox.height());
    painter->translate(-m_viewBox.topLeft());
    painter->setRenderHint(QPainter::Antialiasing);
    for (const Shape& shape : m_shapes) {
        if (shape.kind == Shape::Kind::Path) {
            painter->setPen(shape.pen);
            painter->setBrush(shape.fill.isValid() ? QBrush(shape.fill) : QBrush(Qt::NoBrush));
            painter->drawPath(shape.path);
            continue;
        }
        if (!shape.fill.isValid() || shape.text.isEmpty()) continue;
        painter->setFont(shape.font);
        painter->setPen(shape.fill);
        const double width = QFontMetricsF(shape.font, painter->device()).horizontalAdvance(shape.text);
        QPointF at = shape.at;
        if (shape.anchor == Qt::AlignHCenter) at.rx() -= width / 2;
        if (shape.anchor == Qt::AlignRight) at.rx() -= width;
        painter->drawText(at, shape.text); // baseline at `at`, as SVG's y
    }
    painter->restore();
}
