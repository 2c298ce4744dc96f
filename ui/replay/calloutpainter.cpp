// SPDX-License-Identifier: Apache-2.0
#include "replay/calloutpainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

QRectF paintCallout(QPainter& p, QPointF anchor, const QString& text, const QRectF& bounds, int lift) {
    p.save();
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    const QFontMetricsF metrics(font);
    const double padding = 6;
    const double width = std::min(metrics.horizontalAdvance(text) + 2 * padding, bounds.width() - 8);
    const double height = metrics.height() + 2 * padding;
    const double gap = 14 + lift * (height + 4);
    double top = anchor.y() - gap - height;
    if (top < bounds.top() + 2) top = anchor.y() + gap; // no room above: below
    top = std::clamp(top, bounds.top() + 2, std::max(bounds.top() + 2, bounds.bottom() - height - 2));
    const double left = std::clamp(
        anchor.x() - width / 2, bounds.left() + 4, std::max(bounds.left() + 4, bounds.right() - width - 4));
    const QRectF box(left, top, width, height);

    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink(33, 37, 41, 235);
    p.setPen(QPen(ink, 1.5));
    const QPointF boxEdge(std::clamp(anchor.x(), box.left() + 6, box.right() - 6),
        box.center().y() < anchor.y() ? box.bottom() : box.top());
    p.drawLine(anchor, boxEdge);
    p.setBrush(ink);
    p.drawEllipse(anchor, 3.5, 3.5);
    p.drawRoundedRect(box, 5, 5);
    p.setPen(Qt::white);
    p.drawText(box.adjusted(padding, 0, -padding, 0), Qt::AlignVCenter | Qt::AlignLeft,
        metrics.elidedText(text, Qt::ElideRight, box.width() - 2 * padding));
    p.restore();
    return box;
}
