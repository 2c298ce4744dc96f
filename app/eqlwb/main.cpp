// SPDX-License-Identifier: Apache-2.0
// eqlwb: the command-line face of the core, for CI pipelines.
#include "cli/cli.h"
#ifdef EQLWB_WITH_PDF
#include "report/reportpdfwriter.h"
#endif

#include <iostream>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
#ifdef EQLWB_WITH_PDF
    wb::cli::setReportPdfRenderer(&wb::reportpdf::renderReportPdfOffscreen);
#endif
    return wb::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
