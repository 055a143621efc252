#include "monitoring/vulndb_update.h"

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "vulndb/database.h"
#include "vulndb/feed_reader.h"

namespace iotmark::monitoring {
namespace {

// NVD's lastModified of one "vulnerabilities" element ("" when absent).
std::string LastModified(const nlohmann::json& item) {
  auto cve = item.find("cve");
  if (cve == item.end() || !cve->is_object()) return "";
  auto modified = cve->find("lastModified");
  if (modified == cve->end() || !modified->is_string()) return "";
  return modified->get<std::string>();
}

// Removes the file when destroyed.
struct TemporaryFile {
  std::filesystem::path path;
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

}  // namespace

Result<UpdateReport> RunVulndbUpdate(const std::filesystem::path& database_path,
                                     registry::FindingsService* findings,
                                     const UpdateOptions& options) {
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  auto database = vulndb::VulnDatabase::Open(database_path);
  if (!database.ok()) return database.status();
  UpdateReport report;
  auto window = ReadUpdateWindow(database_path);
  if (!window.ok()) return window.status();
  report.window_before = *window;
  const std::string after = (!options.full && *window) ? (*window)->last_modified : "";
  std::string first = *window ? (*window)->first_last_modified : "";
  std::string last = *window ? (*window)->last_modified : "";

  for (std::size_t i = 0; i < options.inputs.size(); ++i) {
    const std::filesystem::path& input = options.inputs[i];
    say("取り込み中 / importing " + input.string() +
        (after.empty() ? "" : " (lastModified > " + after + ")"));
    TemporaryFile filtered{database_path.string() + ".update-" + std::to_string(::getpid()) + "-" +
                           std::to_string(i) + ".json"};
    std::ofstream out(filtered.path, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(filtered.path.string() + ": cannot write");
    out << "{\"vulnerabilities\":[";
    std::size_t kept = 0, read = 0, skipped = 0;
    std::string input_first, input_last;
    Status status =
        vulndb::ReadNvdFeed(input, [&](std::size_t, const nlohmann::json& item) -> Status {
          ++read;
          std::string modified = LastModified(item);
          if (!after.empty() && !modified.empty() && modified <= after) {
            ++skipped;
            return Status::Ok();
          }
          if (kept++ > 0) out << ',';
          out << item.dump();
          if (!modified.empty()) {
            if (input_first.empty() || modified < input_first) input_first = modified;
            if (modified > input_last) input_last = modified;
          }
          return Status::Ok();
        });
    if (!status.ok()) return status;
    out << "]}";
    out.close();
    if (!out) return Status::IoError(filtered.path.string() + ": write failed");
    auto imported = database->ImportFeed(filtered.path);
    if (!imported.ok()) return imported.status().WithPrefix(input.string());
    report.read += read;
    report.skipped_unchanged += skipped;
    report.imported += imported->records;
    if (!input_first.empty() && (first.empty() || input_first < first)) first = input_first;
    if (input_last > last) last = input_last;
    say(input.string() + ": " + std::to_string(read) + " 件 / records, " +
        std::to_string(imported->records) + " 取り込み / imported, " + std::to_string(skipped) +
        " 変更なし / unchanged since the window");
  }
  report.window_after =
      UpdateWindow{first, last, options.now_iso8601, (*window ? (*window)->updates : 0) + 1};
  IOTMARK_RETURN_IF_ERROR(WriteUpdateWindow(database_path, report.window_after));

  if (findings == nullptr) return report;
  report.matched = true;
  auto components = findings->ListMonitoredComponents();
  if (!components.ok()) return components.status().WithPrefix("registry");
  say("照合中 / matching " + std::to_string(components->size()) +
      " monitored components (SBOM components and identified services)");
  auto matched = MatchComponents(
      *components, *database, options.aliases ? *options.aliases : vulndb::VendorAliases::BuiltIn(),
      options.purls ? *options.purls : PurlMap::BuiltIn());
  if (!matched.ok()) return matched.status();
  auto recorded = findings->RecordMatches(matched->matches);
  if (!recorded.ok()) return recorded.status().WithPrefix("registry");
  report.match_count = matched->matches.size();
  report.match = std::move(matched).value();
  report.match.matches.clear();
  report.recorded = *recorded;
  return report;
}

}  // namespace iotmark::monitoring
