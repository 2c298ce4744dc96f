// SPDX-License-Identifier: Apache-2.0
#include "report/svgtextobject.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextImageFormat>
#include <algorithm>

SvgTextObject::SvgTextObject(QObject* parent)
    : QObject(parent) {
    m_titleFont.setBold(true);
    m_titleFont.setPixelSize(15);
}

bool SvgTextObject::addPicture(const QString& name, const QString& title, const QByteArray& svg) {
    Picture picture;
    picture.title = title;
    picture.drawing = SvgDrawing::read(svg);
    if (picture.drawing) {
        picture.size = picture.drawing->size();
    } else {
        picture.renderer = std::make_unique<QSvgRenderer>(svg);
        if (!picture.renderer->isValid()) return false;
        picture.size = picture.renderer->defaultSize();
    }
    m_pictures[name] = std::move(picture);
    return true;
}

double SvgTextObject::titleHeight(const Picture& picture) const {
    // The heading's line and the space a heading keeps below it.
    return picture.title.isEmpty() ? 0.0 : QFontMetricsF(m_titleFont).height() * 1.8;
}

QSizeF SvgTextObject::intrinsicSize(QTextDocument*, int, const QTextFormat& format) {
    const QTextImageFormat image = format.toImageFormat();
    const auto it = m_pictures.find(image.name());
    QSizeF size(image.width(), image.height());
    if (it != m_pictures.end() && (size.width() <= 0 || size.height() <= 0)) size = it->second.renderer->defaultSize();
    if (size.isEmpty()) return {};
    double scale = 1.0;
    if (m_maximum.width() > 0) scale = std::min(scale, m_maximum.width() / size.width());
    if (m_maximum.height() > 0) scale = std::min(scale, m_maximum.height() / size.height());
    size *= scale;
    if (it != m_pictures.end()) size.rheight() += titleHeight(it->second);
    return size;
}

void SvgTextObject::drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int, const QTextFormat& format) {
    const auto it = m_pictures.find(format.toImageFormat().name());
    if (it == m_pictures.end()) {
        // A picture the document names but nobody handed over: a visible gap, not a crash.
        painter->save();
        painter->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        painter->drawRect(rect);
        painter->restore();
        return;
    }
    const double title = titleHeight(it->second);
    if (title > 0) {
        painter->save();
        painter->setFont(m_titleFont);
        painter->setPen(QColor(0x22, 0x22, 0x22));
        painter->drawText(
            QRectF(rect.left(), rect.top(), rect.width(), title), Qt::AlignLeft | Qt::AlignVCenter, it->second.title);
        painter->restore();
    }
    const QRectF area = rect.adjusted(0, title, 0, 0);
    if (it->second.drawing)
        it->second.drawing->draw(painter, area);
    else
        it->second.renderer->render(painter, area);
}
