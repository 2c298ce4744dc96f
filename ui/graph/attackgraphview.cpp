// SPDX-License-Identifier: Apache-2.0
#include "graph/attackgraphview.h"

#include "replay/calloutpainter.h"
#include "replay/replaycallouts.h"

#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>
#include <QWheelEvent>

namespace {
constexpr double BoxWidth = 200, BoxHeight = 46, ColumnGap = 48, RowGap = 12;
const QColor AlertColour(204, 0, 0);
const QColor ProcessFill(236, 242, 250), NetworkFill(253, 240, 225), DnsFill(238, 248, 238), MoreFill(240, 240, 240);

QPointF topLeft(const wb::graph::GraphNode& n) {
    return {n.column * (BoxWidth + ColumnGap), n.row * (BoxHeight + RowGap)};
}

QString elided(const QString& text, int chars) {
    return text.size() > chars ? text.left(chars - 1) + QChar(0x2026) : text;
}
} // namespace

AttackGraphView::AttackGraphView(QWidget* parent)
    : QGraphicsView(parent)
    , m_callouts(new ReplayCallouts(this)) {
    connect(m_callouts, &ReplayCallouts::changed, viewport(), qOverload<>(&QWidget::update));
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(palette().base());
}

void AttackGraphView::drawForeground(QPainter* painter, const QRectF&) {
    const auto callouts = m_callouts->current();
    if (callouts.empty()) return;
    painter->save();
    painter->resetTransform(); // viewport pixels: a callout stays readable at any zoom
    int lift = 0;
    for (const ReplayCallouts::Callout& c : callouts) {
        const auto node = std::find_if(m_graph.nodes.begin(), m_graph.nodes.end(), [&](const wb::graph::GraphNode& n) {
            return std::find(n.events.begin(), n.events.end(), c.event) != n.events.end();
        });
        if (node == m_graph.nodes.end()) continue;
        const QPointF anchor = mapFromScene(topLeft(*node) + QPointF(BoxWidth / 2, 0));
        paintCallout(*painter, anchor, c.text, QRectF(viewport()->rect()), lift++);
    }
    painter->restore();
}

void AttackGraphView::setGraph(
    std::shared_ptr<const wb::EventStore> store, wb::graph::AttackGraph graph, QString emptyText) {
    m_store = std::move(store);
    m_graph = std::move(graph);
    m_autoFit = true;
    QGraphicsScene* s = scene();
    s->clear();
    if (m_graph.nodes.empty()) {
        auto* t = s->addSimpleText(emptyText);
        t->setBrush(palette().color(QPalette::PlaceholderText));
        s->setSceneRect(s->itemsBoundingRect().adjusted(-20, -20, 20, 20));
        return;
    }
    // Edges first, under the boxes: from a box's right edge to its child's left, with an elbow.
    for (const auto& e : m_graph.edges) {
        const QPointF a = topLeft(m_graph.nodes[std::size_t(e.from)]) + QPointF(BoxWidth, BoxHeight / 2);
        const QPointF b = topLeft(m_graph.nodes[std::size_t(e.to)]) + QPointF(0, BoxHeight / 2);
        QPainterPath path(a);
        const double midX = a.x() + ColumnGap / 2;
        path.lineTo(midX, a.y());
        path.lineTo(midX, b.y());
        path.lineTo(b);
        const bool stage
            = m_graph.nodes[std::size_t(e.to)].onAlertPath && m_graph.nodes[std::size_t(e.from)].onAlertPath;
        QPen pen(
            stage ? AlertColour : QColor(120, 120, 120), stage ? 2 : 1.2, e.inferred ? Qt::DashLine : Qt::SolidLine);
        s->addPath(path, pen);
    }
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
        const auto& n = m_graph.nodes[i];
        const QPointF at = topLeft(n);
        QColor fill = n.kind == wb::graph::GraphNode::Kind::Process ? ProcessFill
            : n.kind == wb::graph::GraphNode::Kind::Network         ? NetworkFill
            : n.kind == wb::graph::GraphNode::Kind::Dns             ? DnsFill
                                                                    : MoreFill;
        QPen border(n.stage ? AlertColour : QColor(110, 120, 140), n.stage ? 2.5 : 1,
            n.inferred ? Qt::DashLine : Qt::SolidLine);
        auto* box = s->addRect(QRectF(at, QSizeF(BoxWidth, BoxHeight)), border, fill);
        box->setData(0, qulonglong(i));
        box->setToolTip(
            QString::fromStdString(n.title + "\n" + n.detail + (n.signer.empty() ? "" : "\nsigned by " + n.signer)));
        box->setCursor(Qt::PointingHandCursor);
        QString title = QString::fromStdString(n.title);
        if (n.kind == wb::graph::GraphNode::Kind::Network && n.connections > 1)
            title += QStringLiteral(" ×%1").arg(n.connections);
        if (n.kind == wb::graph::GraphNode::Kind::Dns) title = QStringLiteral("DNS ") + title;
        auto* t = s->addSimpleText(elided(title, 24), bold);
        t->setPos(at + QPointF(n.stage ? 26 : 8, 5));
        t->setBrush(QColor(20, 20, 20));
        auto* d = s->addSimpleText(elided(QString::fromStdString(n.detail), 34), small);
        d->setPos(at + QPointF(8, 25));
        d->setBrush(QColor(70, 70, 70));
        if (n.stage) { // the stage number in the alert colour
            s->addEllipse(QRectF(at + QPointF(5, 5), QSizeF(17, 17)), QPen(Qt::NoPen), AlertColour);
            auto* num = s->addSimpleText(QString::number(n.stage), bold);
            num->setBrush(Qt::white);
            num->setPos(at + QPointF(13.5 - num->boundingRect().width() / 2, 13.5 - num->boundingRect().height() / 2));
        }
        // Badges on the right: code signing, file events.
        double x = at.x() + BoxWidth - 6;
        auto badge = [&](const QString& text, const QColor& colour) {
            auto* b = s->addSimpleText(text, small);
            x -= b->boundingRect().width() + 8;
            s->addRect(
                QRectF(QPointF(x - 2, at.y() + 4), b->boundingRect().size() + QSizeF(4, 1)), QPen(colour), Qt::white);
            b->setPos(x, at.y() + 4);
            b->setBrush(colour);
            b->setZValue(1);
        };
        if (n.signature == "trusted")
            badge(QStringLiteral("signed"), QColor(0, 120, 0));
        else if (!n.signature.empty())
            badge(QString::fromStdString(n.signature), AlertColour);
        if (n.fileEvents) badge(QStringLiteral("%1 files").arg(n.fileEvents), QColor(90, 90, 160));
    }
    s->setSceneRect(s->itemsBoundingRect().adjusted(-16, -16, 16, 16));
}

void AttackGraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (m_autoFit) fit();
}

void AttackGraphView::fit() {
    m_autoFit = true;
    if (!scene()->items().isEmpty()) fitInView(sceneRect(), Qt::KeepAspectRatio);
    // Never blown up beyond readable size for a small graph.
    if (transform().m11() > 1.0) resetTransform();
}

void AttackGraphView::wheelEvent(QWheelEvent* event) {
    m_autoFit = false; // the user's zoom stays until the next graph
    const double factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
    scale(factor, factor);
}

void AttackGraphView::mousePressEvent(QMouseEvent* event) {
    for (QGraphicsItem* item : items(event->pos()))
        if (const QVariant v = item->data(0); v.isValid()) {
            const auto& n = m_graph.nodes[std::size_t(v.toULongLong())];
            if (!n.events.empty()) emit eventsActivated(n.events);
            break;
        }
    QGraphicsView::mousePressEvent(event);
}

bool AttackGraphView::savePng(const QString& path, QString* error) const {
    const QRectF r = scene()->sceneRect();
    QImage image((r.size() * 2).toSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    scene()->render(&p, QRectF(QPointF(0, 0), r.size() * 2), r);
    p.end();
    if (!image.save(path, "PNG")) {
        if (error) *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

bool AttackGraphView::saveSvg(const QString& path, QString* error) const {
    const QRectF r = scene()->sceneRect();
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(r.size().toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), r.size()));
    svg.setTitle(tr("Attack graph"));
    QPainter p;
    if (!p.begin(&svg)) {
        if (error) *error = tr("Cannot write %1").arg(path);
        return false;
    }
    p.fillRect(QRectF(QPointF(0, 0), r.size()), Qt::white);
    scene()->render(&p, QRectF(QPointF(0, 0), r.size()), r);
    p.end();
    return true;
}
