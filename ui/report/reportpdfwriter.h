// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "report/alertreport.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <string>

namespace wb::reportpdf {

// An alert report's document (PictureMode::Referenced) as PDF: A4 landscape (wide tables and graphs stay legible), its
// pictures drawn as vectors, each alert from a new page, "page N of M" and the report's title in every footer. Needs a
// QGuiApplication (fonts); null with `error` when a picture cannot be read or drawing fails.
QByteArray renderReportPdf(const report::ReportDocument& document, QString* error = nullptr);

// The same for a program without a QGuiApplication (eqlwb): makes one on the offscreen platform
// for the time it draws, so it works without a display. Matches cli::ReportPdfRenderer.
std::optional<std::string> renderReportPdfOffscreen(const report::ReportDocument& document, std::string& error);

} // namespace wb::reportpdf
