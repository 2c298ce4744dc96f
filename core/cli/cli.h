// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exceptions/exceptionmodel.h"
#include "load/captureloader.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {
class ArgumentParser;
}
namespace wb::report {
struct ReportDocument;
}

namespace wb::cli {

// Exit codes shared by every command, part of the CLI contract used by CI pipelines.
enum ExitCode : int { Success = 0, UsageError = 2, InputError = 3 };

// Runs `eqlwb` with its arguments (without the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int inspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runQuery(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int exceptionsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int ruleCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int simulateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int testCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int diffCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int explainCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int reportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int sweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Renders a report as PDF: the file's bytes, or nullopt with why. The core has no Qt, so eqlwb's
// main hands it the Qt PDF writer (ui/report) when it is built with Qt; without one, `eqlwb report
// --format pdf` says this eqlwb cannot write PDF.
using ReportPdfRenderer = std::optional<std::string> (*)(const report::ReportDocument& document, std::string& error);
void setReportPdfRenderer(ReportPdfRenderer renderer);

// Every command reports a mistake on its command line the same way, "eqlwb COMMAND: MESSAGE (see
// eqlwb COMMAND --help)", and exits with UsageError.
int usageError(std::ostream& err, const std::string& command, const std::string& message);
// Parses a command's arguments. On a mistake, or when --help was asked for, writes what the user
// needs and returns the exit code to finish with; otherwise returns nothing and the command goes on.
std::optional<int> parseCommandLine(ArgumentParser& parser, const std::vector<std::string>& args,
    const std::string& command, std::string_view help, std::ostream& out, std::ostream& err);

// Shared by the commands: exception files merged (problems printed as file:line), an output
// written to --out atomically or to stdout, today's date as detection-rules writes it.
std::optional<exceptions::ExceptionSet> loadExceptionFiles(const std::vector<std::string>& files, std::ostream& err);
bool writeOutput(const std::optional<std::string>& out, bool force, const std::string& content,
    std::ostream& stdoutStream, std::ostream& err);
std::string today();
// How every command loads captures: with the capture cache unless --no-cache was given (or
// EQLWB_NO_CACHE is set); the cache's notes go to `err` as one line each.
LoadOptions captureLoadOptions();
void setCaptureCacheEnabled(bool enabled);
void reportCacheUse(const LoadReport& report, const std::string& command, std::ostream& err);
// Loads the captures as every command does (the cache, its note); false after printing the
// first file that could not be used ("eqlwb COMMAND: ...").
bool loadCaptures(
    const std::vector<std::string>& files, EventStore& store, const std::string& command, std::ostream& err);
int cacheCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The current time in nanoseconds since the epoch.
std::int64_t nowNanos();
// --now TIME when given (false with a message when it is not a time), else the current time.
bool evaluationTime(const std::optional<std::string>& nowOption, std::int64_t& nowNs, std::string& error);

} // namespace wb::cli
