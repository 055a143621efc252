#include "checklist/document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <vector>

#include "common/log_text.h"
#include "common/utf8.h"

namespace iotmark::checklist {
namespace {

using Json = nlohmann::ordered_json;

std::string Located(std::string_view source, std::size_t line, std::size_t column,
                    std::string_view what) {
  std::string out(source);
  out += ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  out += what;
  return out;
}

// Finds the first place where JSON nesting exceeds kMaxDocumentDepth, skipping
// string contents. Returns the byte offset or npos.
std::size_t FindExcessiveJsonNesting(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDocumentDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

Result<Json> ParseJson(std::string_view text, std::string_view source) {
  if (std::size_t offset = FindExcessiveJsonNesting(text); offset != std::string_view::npos) {
    TextPosition position = PositionOfOffset(text, offset);
    return Status::ParseError(Located(source, position.line, position.column,
                                      "入れ子が深すぎます / nesting deeper than " +
                                          std::to_string(kMaxDocumentDepth) + " levels"));
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& error) {
    // error.byte is 1-based and points just past the offending character.
    std::size_t offset = error.byte == 0 ? 0 : std::min<std::size_t>(error.byte - 1, text.size());
    TextPosition position = PositionOfOffset(text, offset);
    std::string what = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    // The message quotes the bytes last read: cut (a 1 MB token) and escaped
    // (half a UTF-8 character at the error), so it can go into JSON output.
    return Status::ParseError(Located(source, position.line, position.column,
                                      "JSON の構文エラー / JSON syntax error: " + CutForLog(what)));
  } catch (const std::exception& error) {
    return Status::ParseError(std::string(source) + ": JSON error: " + CutForLog(error.what()));
  }
}

// An error raised inside the YAML event handler, carrying its position.
struct YamlRefusal {
  YAML::Mark mark;
  std::string what;
};

// Builds a JSON tree from yaml-cpp's parse events, refusing what a checklist
// never needs (aliases, anchors, complex keys) and capping depth and size.
class JsonBuilder : public YAML::EventHandler {
 public:
  Json TakeResult() { return std::move(root_); }
  bool has_document() const { return has_document_; }

  void OnDocumentStart(const YAML::Mark&) override { has_document_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    CheckAnchor(mark, anchor);
    Add(mark, Json(nullptr));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw YamlRefusal{
        mark, "YAML のエイリアスは使えません / YAML aliases are not allowed in a checklist"};
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    CheckAnchor(mark, anchor);
    CheckTag(mark, tag);
    // An escape of a lone surrogate ("\\ud800") decodes to bytes that are
    // not UTF-8; they would break every JSON answer that quotes the value.
    if (FindInvalidUtf8(value)) {
      throw YamlRefusal{mark,
                        "不正な UTF-8 です / not UTF-8 after escapes (a lone surrogate \\u escape?)"};
    }
    if (tag == "?") {
      if (value == "null" || value == "Null" || value == "NULL" || value == "~") {
        Add(mark, Json(nullptr));
        return;
      }
      if (value == "true" || value == "True" || value == "TRUE") {
        Add(mark, Json(true));
        return;
      }
      if (value == "false" || value == "False" || value == "FALSE") {
        Add(mark, Json(false));
        return;
      }
    }
    Add(mark, Json(value));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    CheckAnchor(mark, anchor);
    CheckTag(mark, tag);
    Open(mark, Json::array());
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    CheckAnchor(mark, anchor);
    CheckTag(mark, tag);
    Open(mark, Json::object());
  }
  void OnMapEnd() override { Close(); }

 private:
  // A container being filled; for maps, the key waiting for its value.
  struct Frame {
    Json value;
    std::optional<std::string> pending_key;
  };

  static void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      throw YamlRefusal{
          mark, "YAML のアンカーは使えません / YAML anchors are not allowed in a checklist"};
    }
  }

  // yaml-cpp reports an untagged node as "?" (plain) or "!" (quoted); an
  // explicit tag (!foo, !!binary, !!int) would change what a value means.
  static void CheckTag(const YAML::Mark& mark, const std::string& tag) {
    if (tag != "?" && tag != "!" && !tag.empty()) {
      throw YamlRefusal{mark, "YAML のタグは使えません / YAML tags are not allowed in a checklist: " +
                                  CutForLog(tag, 64)};
    }
  }

  void Count(const YAML::Mark& mark) {
    if (++nodes_ > kMaxDocumentNodes) {
      throw YamlRefusal{
          mark, "要素が多すぎます / more than " + std::to_string(kMaxDocumentNodes) + " nodes"};
    }
  }

  void Open(const YAML::Mark& mark, Json container) {
    Count(mark);
    if (static_cast<int>(stack_.size()) >= kMaxDocumentDepth) {
      throw YamlRefusal{mark, "入れ子が深すぎます / nesting deeper than " +
                                  std::to_string(kMaxDocumentDepth) + " levels"};
    }
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().pending_key) {
      throw YamlRefusal{mark, "キーは文字列でなければなりません / map keys must be plain strings"};
    }
    stack_.push_back(Frame{std::move(container), std::nullopt});
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Place(std::move(frame.value));
  }

  void Add(const YAML::Mark& mark, Json value) {
    Count(mark);
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().pending_key) {
      if (!value.is_string()) {
        throw YamlRefusal{mark, "キーは文字列でなければなりません / map keys must be strings"};
      }
      std::string key = value.get<std::string>();
      if (stack_.back().value.contains(key)) {
        throw YamlRefusal{mark, "キーが重複しています / duplicate key \"" + CutForLog(key, 64) + "\""};
      }
      stack_.back().pending_key = std::move(key);
      return;
    }
    Place(std::move(value));
  }

  void Place(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.is_array()) {
      top.value.push_back(std::move(value));
    } else {
      top.value[*top.pending_key] = std::move(value);
      top.pending_key.reset();
    }
  }

  Json root_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
  bool has_document_ = false;
};

Result<Json> ParseYaml(std::string_view text, std::string_view source) {
  try {
    std::string copy(text);
    std::istringstream stream(copy);
    YAML::Parser parser(stream);
    JsonBuilder builder;
    if (!parser.HandleNextDocument(builder)) {
      return Status::ParseError(std::string(source) + ":1:1: 空の文書です / empty document");
    }
    Json root = builder.TakeResult();
    JsonBuilder second;
    if (parser.HandleNextDocument(second)) {
      return Status::ParseError(
          std::string(source) +
          ": YAML の文書は 1 つだけにしてください / more than one YAML document");
    }
    return root;
  } catch (const YamlRefusal& refusal) {
    return Status::ParseError(
        Located(source, refusal.mark.line + 1, refusal.mark.column + 1, refusal.what));
  } catch (const YAML::Exception& error) {
    std::size_t line = error.mark.is_null() ? 0 : error.mark.line + 1;
    std::size_t column = error.mark.is_null() ? 0 : error.mark.column + 1;
    return Status::ParseError(
        Located(source, line, column, "YAML の構文エラー / YAML syntax error: " + CutForLog(error.msg)));
  } catch (const std::exception& error) {
    return Status::ParseError(std::string(source) + ": YAML error: " + CutForLog(error.what()));
  }
}

}  // namespace

Result<Format> FormatFromPath(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".json") return Format::kJson;
  if (extension == ".yaml" || extension == ".yml") return Format::kYaml;
  return Status::InvalidArgument(
      path.string() +
      ": 拡張子は .json, .yaml, .yml のいずれか / the file name must end "
      "in .json, .yaml or .yml");
}

std::string_view FormatName(Format format) { return format == Format::kJson ? "json" : "yaml"; }

Result<Json> ParseDocument(std::string_view text, Format format, std::string_view source_name) {
  if (text.size() > kMaxDocumentBytes) {
    return Status::InvalidArgument(std::string(source_name) + ": " + std::to_string(text.size()) +
                                   " バイトは上限を超えています / more than the limit of " +
                                   std::to_string(kMaxDocumentBytes) + " bytes");
  }
  if (std::optional<std::size_t> bad = FindInvalidUtf8(text)) {
    TextPosition position = PositionOfOffset(text, *bad);
    return Status::ParseError(
        Located(source_name, position.line, position.column,
                "不正な UTF-8 です / invalid UTF-8 (byte offset " + std::to_string(*bad) + ")"));
  }
  if (format == Format::kYaml) {
    if (std::optional<std::size_t> bad = FindYamlControlCharacter(text)) {
      TextPosition position = PositionOfOffset(text, *bad);
      return Status::ParseError(Located(
          source_name, position.line, position.column,
          "YAML に使えない制御文字です / a control character YAML does not allow (byte " +
              std::to_string(static_cast<unsigned char>(text[*bad])) + ")"));
    }
  }
  return format == Format::kJson ? ParseJson(text, source_name) : ParseYaml(text, source_name);
}

}  // namespace iotmark::checklist
