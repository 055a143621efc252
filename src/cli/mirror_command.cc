// `iotmark mirror --from URL --dir DIR`: keeps a verified local copy of a
// registry's public label records from its signed bulk export
// (/api/v1/export/labels, registry/label_export.h).
//
// DIR/records.jsonl  one line per exported record, appended page by page:
//                    {"sequence":S,"document":<signed label record>}; a
//                    label's current record is its line with the highest
//                    sequence.
// DIR/state.json     {"source","since","key_id","public_key","updated_at"}:
//                    where the next run starts (written after the page's
//                    lines are on disk, so a killed run repeats at most one
//                    page, which the "highest sequence" rule absorbs).
//
// Every page's signature and every record's are checked before anything is
// written, with --key, or else the key the registry serves at
// /.well-known/iotmark-label-key on the first run, pinned in state.json
// (a later run refuses a different key). Sources must be loopback unless
// --allow-non-loopback. Exit codes: 0 up to date; 1 a page failed
// verification (nothing of it written); 2 bad options, network or file errors.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "common/files.h"
#include "crypto/signing.h"
#include "net/http_client.h"
#include "registry/label_export.h"

namespace iotmark::cli {
namespace {

struct MirrorOptions {
  std::string from;
  std::string directory;
  std::string key_file;
  int limit = 1000;
  bool allow_non_loopback = false;
  bool json = false;
};

struct MirrorSummary {
  int pages = 0;
  std::size_t records = 0;
  std::int64_t since = 0;
  std::int64_t latest_sequence = 0;
  std::string key_id;
};

Result<std::string> Fetch(const MirrorOptions& options, const std::string& path) {
  net::HttpRequest request;
  request.url = options.from + path;
  request.timeout = std::chrono::seconds(60);
  request.allow_non_loopback = options.allow_non_loopback;
  request.headers = {{"Accept", "application/json"}, {"User-Agent", "iotmark-mirror/1"}};
  auto response = net::HttpFetch(request);
  if (!response.ok()) return response.status().WithPrefix(request.url);
  if (response->status != 200) {
    return Status::Unavailable(request.url + ": HTTP " + std::to_string(response->status) + ": " +
                               response->body.substr(0, 300));
  }
  return std::move(response->body);
}

// Appends `text` and makes it durable before returning.
Status AppendDurably(const std::filesystem::path& path, const std::string& text) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "ab"),
                                                       &std::fclose);
  if (!file) return Status::IoError(path.string() + ": cannot open for appending");
  if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() ||
      std::fflush(file.get()) != 0 || ::fsync(::fileno(file.get())) != 0) {
    return Status::IoError(path.string() + ": write failed");
  }
  return Status::Ok();
}

// The key pages are checked with: --key, or the pinned one, or (first run)
// the served one, which must equal the pinned one on later runs.
Result<crypto::PublicKey> ResolveKey(const MirrorOptions& options, const nlohmann::json& state) {
  if (!options.key_file.empty()) return crypto::ReadPublicKeyFile(options.key_file);
  auto served = Fetch(options, "/.well-known/iotmark-label-key");
  if (!served.ok()) return served.status();
  const nlohmann::json body = nlohmann::json::parse(*served, nullptr, false);
  if (!body.is_object() || !body.contains("public_key") || !body["public_key"].is_string()) {
    return Status::ParseError("/.well-known/iotmark-label-key: no public_key");
  }
  auto key = crypto::PublicKey::FromBase64(body["public_key"].get<std::string>());
  if (!key.ok()) return key.status().WithPrefix("/.well-known/iotmark-label-key");
  if (state.contains("public_key") && state["public_key"] != key->ToBase64()) {
    return Status::FailedPrecondition(
        "the registry now serves a different signing key than the one pinned in state.json "
        "(key id " +
        state.value("key_id", std::string("?")) +
        "); check with the operator, then pass --key or remove state.json / 署名鍵が変わりました");
  }
  return key;
}

Result<MirrorSummary> Mirror(const MirrorOptions& options, bool& verification_failed) {
  const std::filesystem::path directory(options.directory);
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Status::IoError(directory.string() + ": " + error.message());
  const auto state_path = directory / "state.json";
  nlohmann::json state = nlohmann::json::object();
  if (std::filesystem::exists(state_path)) {
    auto text = ReadFile(state_path, 1 << 20);
    if (!text.ok()) return text.status();
    state = nlohmann::json::parse(*text, nullptr, false);
    if (!state.is_object() || !state.contains("since") || !state["since"].is_number_integer()) {
      return Status::ParseError(state_path.string() + ": /since is missing or not an integer");
    }
    if (state.value("source", std::string()) != options.from) {
      return Status::FailedPrecondition(state_path.string() + ": this folder mirrors " +
                                        state.value("source", std::string("?")) + ", not " +
                                        options.from);
    }
  }
  auto key = ResolveKey(options, state);
  if (!key.ok()) return key.status();

  MirrorSummary summary;
  summary.since = state.value("since", std::int64_t{0});
  summary.key_id = key->KeyId();
  while (true) {
    const std::string path = "/api/v1/export/labels?since=" + std::to_string(summary.since) +
                             "&limit=" + std::to_string(options.limit);
    auto page = Fetch(options, path);
    if (!page.ok()) return page.status();
    auto verified = registry::VerifyLabelExport(*page, *key);
    if (!verified.ok()) return verified.status().WithPrefix(path);
    if (!verified->valid || verified->since != summary.since) {
      verification_failed = true;
      return Status::InvalidArgument(
          path + ": " + (verified->valid ? "the page answers another window" : verified->reason));
    }
    const nlohmann::json document = nlohmann::json::parse(*page);
    std::string lines;
    for (const auto& record : document["export"]["records"]) lines += record.dump() + "\n";
    if (!lines.empty()) {
      IOTMARK_RETURN_IF_ERROR(AppendDurably(directory / "records.jsonl", lines));
    }
    ++summary.pages;
    summary.records += verified->records;
    summary.since = verified->until;
    summary.latest_sequence = verified->latest_sequence;
    state = {{"source", options.from},
             {"since", summary.since},
             {"key_id", key->KeyId()},
             {"public_key", key->ToBase64()},
             {"updated_at", FormatIso8601(SystemClock::Instance().Now())}};
    IOTMARK_RETURN_IF_ERROR(WriteFileAtomic(state_path, state.dump(2) + "\n"));
    if (!options.json) {
      std::cerr << "  page " << summary.pages << ": " << verified->records
                << " record(s), sequence " << summary.since << " / " << summary.latest_sequence
                << "\n";
    }
    if (!verified->more) break;
  }
  return summary;
}

int RunMirror(MirrorOptions options) {
  while (!options.from.empty() && options.from.back() == '/') options.from.pop_back();
  bool verification_failed = false;
  auto summary = Mirror(options, verification_failed);
  if (!summary.ok()) {
    std::cerr << "iotmark mirror: " << summary.status().ToString() << "\n";
    return verification_failed ? kExitCheckFailed : kExitUsage;
  }
  if (options.json) {
    std::cout << nlohmann::json{{"pages", summary->pages},
                                {"records", summary->records},
                                {"since", summary->since},
                                {"latest_sequence", summary->latest_sequence},
                                {"key_id", summary->key_id}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "最新です / Up to date: " << summary->records << " record(s) in " << summary->pages
              << " page(s), next since=" << summary->since << " (key id " << summary->key_id
              << ")\n";
  }
  return kExitOk;
}

void SetupMirror(CLI::App& root, Context& context) {
  auto options = std::make_shared<MirrorOptions>();
  auto* command = root.add_subcommand(
      "mirror",
      "登録簿の署名付きエクスポートを検証してローカルに複製 / Keep a verified local copy of a "
      "registry from its signed bulk export (run again for the delta)");
  command
      ->add_option("--from", options->from, "The registry's base URL, e.g. http://127.0.0.1:8080")
      ->required();
  command->add_option("--dir", options->directory, "Folder for records.jsonl and state.json")
      ->required();
  command->add_option("--key", options->key_file,
                      "The registry's public key file (default: the served key, pinned on the "
                      "first run)");
  command->add_option("--limit", options->limit, "Records per page")->check(CLI::Range(1, 5000));
  command->add_flag("--allow-non-loopback", options->allow_non_loopback,
                    "Allow a source outside 127.0.0.0/8 and [::1] (IP literal)");
  command->add_flag("--json", options->json, "Print the summary as JSON");
  command->callback([options, &context] { context.exit_code = RunMirror(*options); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(mirror, SetupMirror);

}  // namespace iotmark::cli
