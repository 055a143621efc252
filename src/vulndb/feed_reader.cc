#include "vulndb/feed_reader.h"

#include <algorithm>
#include <string>
#include <vector>

#include <zlib.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/log_text.h"

namespace iotmark::vulndb {
namespace {

bool IsCveId(std::string_view id) {
  // CVE-YYYY-NNNN with four or more digits in the sequence part.
  if (id.size() < 13 || id.size() > 32 || id.substr(0, 4) != "CVE-" || id[8] != '-') return false;
  for (std::size_t i = 4; i < id.size(); ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(id[i]))) return false;
  }
  return true;
}

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};

// Scanner state over the byte stream. Depth counts open '{' and '['.
class FeedSplitter {
 public:
  FeedSplitter(std::string file_name, const FeedItemHandler& handler)
      : file_name_(std::move(file_name)), handler_(handler) {}
  FeedSplitter(std::string file_name, const FeedItemHandler& handler,
               std::vector<std::string> array_keys)
      : file_name_(std::move(file_name)), handler_(handler), array_keys_(std::move(array_keys)) {}
  const std::string& array_key() const { return array_key_; }

  Status Feed(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      IOTMARK_RETURN_IF_ERROR(Step(data[i]));
    }
    return Status::Ok();
  }

  Status Finish() {
    if (depth_ != 0 || in_string_ || !seen_top_level_) {
      return Error("truncated JSON (unbalanced brackets or unterminated string at end of file)");
    }
    if (!seen_vulnerabilities_) {
      std::string names;
      for (const auto& key : array_keys_) names += (names.empty() ? "\"" : " or \"") + key + "\"";
      return Error("no top-level " + names + " array");
    }
    return Status::Ok();
  }

  std::size_t items() const { return item_index_; }

 private:
  Status Error(const std::string& what) const {
    return Status::ParseError(file_name_ + ":" + std::to_string(line_) + ": " + what);
  }

  Status Step(char c) {
    if (c == '\n') ++line_;
    if (capturing_) {
      capture_.push_back(c);
      if (capture_.size() > kMaxItemBytes) {
        return Error(array_key_ + "[" + std::to_string(item_index_) + "] is larger than " +
                     std::to_string(kMaxItemBytes) + " bytes");
      }
    }
    if (in_string_) {
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
        if (depth_ == 1) last_key_ = std::move(current_string_);
        current_string_.clear();
      } else if (depth_ == 1 && current_string_.size() < 64) {
        current_string_.push_back(c);
      }
      return Status::Ok();
    }
    switch (c) {
      case '"':
        in_string_ = true;
        current_string_.clear();
        break;
      case '{':
      case '[':
        if (depth_ == 0) {
          if (c != '{' || seen_top_level_) return Error("the feed must be one JSON object");
          seen_top_level_ = true;
        }
        if (depth_ == 1 && c == '[' && !seen_vulnerabilities_ &&
            std::find(array_keys_.begin(), array_keys_.end(), last_key_) != array_keys_.end()) {
          array_key_ = last_key_;
          in_vulnerabilities_ = true;
          seen_vulnerabilities_ = true;
        }
        if (depth_ == 2 && in_vulnerabilities_ && !capturing_) {
          capturing_ = true;
          capture_.assign(1, c);
          item_line_ = line_;
        }
        ++depth_;
        break;
      case '}':
      case ']':
        if (depth_ == 0) return Error("unexpected '" + std::string(1, c) + "'");
        --depth_;
        if (depth_ == 2 && capturing_) {
          capturing_ = false;
          IOTMARK_RETURN_IF_ERROR(ParseItem());
        }
        if (depth_ == 1) in_vulnerabilities_ = false;
        break;
      default:
        if (depth_ == 0 && !std::isspace(static_cast<unsigned char>(c))) {
          return Error("unexpected character outside the top-level object");
        }
        if (depth_ == 2 && in_vulnerabilities_ && !capturing_ && c != ',' &&
            !std::isspace(static_cast<unsigned char>(c))) {
          return Error(array_key_ + "[" + std::to_string(item_index_) + "] is not an object");
        }
        break;
    }
    return Status::Ok();
  }

  Status ParseItem() {
    std::size_t index = item_index_++;
    nlohmann::json item = nlohmann::json::parse(capture_, nullptr, /*allow_exceptions=*/false);
    std::string().swap(capture_);
    if (item.is_discarded() || !item.is_object()) {
      return Status::ParseError(file_name_ + ":" + std::to_string(item_line_) +
                                ": " + array_key_ + "[" + std::to_string(index) +
                                "] is not a valid JSON object");
    }
    Status valid = array_key_ == "vulnerabilities" ? ValidateNvdItem(item) : Status::Ok();
    if (!valid.ok()) {
      return Status::ParseError(file_name_ + ":" + std::to_string(item_line_) +
                                ": vulnerabilities[" + std::to_string(index) + "]: " +
                                valid.message());
    }
    Status status = handler_(index, item);
    if (!status.ok()) {
      return status.WithPrefix(file_name_ + ":" + std::to_string(item_line_) +
                               ": " + array_key_ + "[" + std::to_string(index) + "]");
    }
    return Status::Ok();
  }

  std::string file_name_;
  const FeedItemHandler& handler_;
  std::size_t line_ = 1;
  std::size_t item_line_ = 1;
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool seen_top_level_ = false;
  bool seen_vulnerabilities_ = false;
  bool in_vulnerabilities_ = false;
  bool capturing_ = false;
  std::string current_string_;
  std::string last_key_;
  std::string capture_;
  std::size_t item_index_ = 0;
  std::vector<std::string> array_keys_{"vulnerabilities"};
  std::string array_key_ = "vulnerabilities";
};

}  // namespace

Status ValidateNvdItem(const nlohmann::json& item) {
  const nlohmann::json* cve = item.contains("cve") ? &item["cve"] : nullptr;
  if (cve == nullptr || !cve->is_object()) return Status::ParseError("missing object \"cve\"");
  auto id = cve->find("id");
  if (id == cve->end() || !id->is_string() || !IsCveId(id->get_ref<const std::string&>())) {
    return Status::ParseError(
        "cve.id: not a CVE identifier (CVE-YYYY-NNNN) / CVE番号の形式ではありません");
  }
  auto metrics = cve->find("metrics");
  if (metrics == cve->end() || !metrics->is_object()) return Status::Ok();
  for (const auto& [key, list] : metrics->items()) {
    if (!list.is_array()) continue;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const nlohmann::json& metric = list[i];
      if (!metric.is_object() || !metric.contains("cvssData")) continue;
      const nlohmann::json& data = metric["cvssData"];
      if (!data.is_object() || !data.contains("baseScore")) continue;
      const nlohmann::json& score = data["baseScore"];
      if (!score.is_number() || !(score.get<double>() >= 0.0 && score.get<double>() <= 10.0)) {
        return Status::ParseError("cve.metrics." + CutForLog(key, 64) + "[" + std::to_string(i) +
                                  "].cvssData.baseScore: must be a number from 0 to 10 / "
                                  "CVSS基本値は0〜10です");
      }
    }
  }
  return Status::Ok();
}

Status ReadNvdDocument(const std::filesystem::path& path, const std::vector<std::string>& array_keys,
                       const FeedItemHandler& handler, std::string* array_key) {
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) return Status::IoError(path.string() + ": cannot open");
  gzbuffer(file.get(), 1 << 16);
  FeedSplitter splitter(path.string(), handler, array_keys);
  std::vector<char> buffer(1 << 16);
  while (true) {
    int read = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    if (read < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      return Status::ParseError(path.string() +
                                ": cannot decompress: " + (message ? message : "unknown error"));
    }
    if (read == 0) break;
    IOTMARK_RETURN_IF_ERROR(splitter.Feed(buffer.data(), static_cast<std::size_t>(read)));
  }
  int code = 0;
  gzerror(file.get(), &code);
  if (code != Z_OK && code != Z_STREAM_END) {
    return Status::ParseError(path.string() + ": truncated or corrupt gzip stream");
  }
  Status finished = splitter.Finish();
  if (array_key != nullptr) *array_key = splitter.array_key();
  return finished;
}

Status ReadNvdFeed(const std::filesystem::path& path, const FeedItemHandler& handler) {
  return ReadNvdDocument(path, {"vulnerabilities"}, handler, nullptr);
}

}  // namespace iotmark::vulndb
