// SPDX-License-Identifier: Apache-2.0
#include "report/reportpdfwriter.h"

#include "report/svgtextobject.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <cstdio>

namespace wb::reportpdf {

namespace {
// CSS pixels: 96 to the inch, as the HTML report is written and a browser prints it.
constexpr int Resolution = 96;
constexpr double FooterHeight = 28;
} // namespace

QByteArray renderReportPdf(const report::ReportDocument& document, QString* error) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(Resolution);
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(14, 12, 14, 8), QPageLayout::Millimeter));
    writer.setCreator(QStringLiteral("EQL Workbench"));

    QTextDocument text;
    text.documentLayout()->setPaintDevice(&writer);
    const QRectF paper = writer.pageLayout().paintRectPixels(Resolution);
    const QSizeF page(paper.width(), paper.height() - FooterHeight);
    text.setPageSize(page);
    text.setDocumentMargin(0);

    auto* pictures = new SvgTextObject(&text);
    pictures->setMaximumSize(QSizeF(page.width(), page.height() * 0.85));
    for (const auto& picture : document.pictures)
        if (!pictures->addPicture(QString::fromStdString(picture.name), QString::fromStdString(picture.title),
                QByteArray::fromStdString(picture.picture.svg))) {
            if (error)
                *error = QStringLiteral("the picture %1 cannot be read").arg(QString::fromStdString(picture.name));
            return {};
        }
    // The document's pictures are all SVG: they replace Qt's image handler, which cannot draw them.
    text.documentLayout()->registerHandler(QTextFormat::ImageObject, pictures);
    text.setHtml(QString::fromStdString(document.html));
    writer.setTitle(text.metaInformation(QTextDocument::DocumentTitle));

    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error) *error = QStringLiteral("the PDF writer cannot start a page");
        return {};
    }
    const int pages = text.pageCount();
    QFont footerFont = text.defaultFont();
    footerFont.setPixelSize(10);
    for (int i = 0; i < pages; ++i) {
        if (i > 0) writer.newPage();
        painter.save();
        painter.translate(0, -i * page.height());
        // A line the layout moved to the next page starts right at this page's bottom edge; a clip
        // that touches it would still draw it here (hidden, yet found by text search and copy).
        text.drawContents(&painter, QRectF(0, i * page.height(), page.width(), page.height() - 1));
        painter.restore();
        painter.setFont(footerFont);
        painter.setPen(QColor(0x77, 0x77, 0x77));
        const QRectF footer(0, page.height() + 8, page.width(), FooterHeight - 8);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, text.metaInformation(QTextDocument::DocumentTitle));
        painter.drawText(
            footer, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("page %1 of %2").arg(i + 1).arg(pages));
    }
    painter.end();
    return bytes;
}

std::optional<std::string> renderReportPdfOffscreen(const report::ReportDocument& document, std::string& error) {
    // A Qt application for the pages' fonts, on the offscreen platform (no display needed, so a
    // CI runner can write PDF), gone again when the PDF is done: it leaves nothing behind.
    std::optional<QGuiApplication> application;
    if (!QGuiApplication::instance()) {
        // A command's standard error is for its own messages: Qt's warnings about the platform it
        // had to pick (no XDG_RUNTIME_DIR on a CI runner) are not the user's business; errors are.
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
            if (type == QtCriticalMsg || type == QtFatalMsg) fprintf(stderr, "eqlwb: Qt: %s\n", qPrintable(message));
        });
        static int argc = 3;
        static char name[] = "eqlwb", platform[] = "-platform", offscreen[] = "offscreen";
        static char* argv[] = {name, platform, offscreen, nullptr};
        application.emplace(argc, argv);
    }
    QString why;
    QByteArray pdf = renderReportPdf(document, &why);
    if (pdf.isEmpty()) {
        error = why.isEmpty() ? std::string("nothing was drawn") : why.toStdString();
        return std::nullopt;
    }
    return pdf.toStdString();
}

} // namespace wb::reportpdf
