// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "report/svgdrawing.h"

#include <QFont>
#include <QObject>
#include <QSvgRenderer>
#include <QTextObjectInterface>
#include <map>
#include <memory>
#include <optional>

// Draws a report's pictures inside a QTextDocument as vectors: it stands in for the document's
// image handler, so an <img src="graph-1.svg"> naming one of its pictures is drawn by SvgDrawing
// (its words stay searchable text in a PDF; other SVG by QSvgRenderer), scaled down to fit the page's width and height,
// never up, under its heading: one object, so a page break cannot leave the heading behind.
class SvgTextObject : public QObject, public QTextObjectInterface {
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    explicit SvgTextObject(QObject* parent = nullptr);
    // `svg` is the picture's text; false when Qt SVG cannot read it.
    bool addPicture(const QString& name, const QString& title, const QByteArray& svg);
    // What a picture may take at most: the page's text width and most of its height.
    void setMaximumSize(const QSizeF& size) { m_maximum = size; }

    QSizeF intrinsicSize(QTextDocument* document, int position, const QTextFormat& format) override;
    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument* document, int position,
        const QTextFormat& format) override;

private:
    struct Picture {
        QString title;
        QSizeF size;
        std::optional<SvgDrawing> drawing; // the report's own pictures: words stay words
        std::unique_ptr<QSvgRenderer> renderer; // any other SVG
    };
    double titleHeight(const Picture& picture) const;

    std::map<QString, Picture> m_pictures;
    QSizeF m_maximum;
    QFont m_titleFont;
};
