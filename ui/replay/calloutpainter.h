// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>

class QPainter;

// Draws a replay callout: the text in a dark rounded box above the anchor (below it when there is
// no room), kept inside `bounds`, with a line to the anchor and a dot on it. `lift` stacks several
// callouts: the n-th is drawn n box heights further away. Returns the box.
QRectF paintCallout(QPainter& p, QPointF anchor, const QString& text, const QRectF& bounds, int lift = 0);
