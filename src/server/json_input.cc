#include "server/json_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

#include "common/log_text.h"

namespace iotmark::server {

namespace {

Status WrongType(std::string_view path, std::string_view name, std::string_view expected,
                 const nlohmann::json& value) {
  return Status::InvalidArgument(
             fmt::format("expected {}, got {} / 型が違います", expected, JsonTypeName(value)))
      .WithField(FieldPath(path, name));
}

Status Missing(std::string_view path, std::string_view name) {
  return Status::InvalidArgument("required field is missing / 必須項目がありません")
      .WithField(FieldPath(path, name));
}

const nlohmann::json* Member(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// One pass over the raw body before nlohmann parses it: tracks the JSON path
// of the current position and refuses what no field can hold (see the
// header). Syntax is nlohmann's job: on malformed input the scan only has to
// stay in bounds and terminate; the path is then a best effort.
class JsonPreScan {
 public:
  explicit JsonPreScan(std::string_view text) : text_(text) {}

  // Scans up to `stop` bytes (all by default).
  Status Run(std::size_t stop = std::string_view::npos) {
    stop = std::min(stop, text_.size());
    std::size_t i = 0;
    while (i < stop) {
      char c = text_[i];
      switch (c) {
        case '"': {
          std::size_t end = StringEnd(i);
          if (end > stop) return Status::Ok();
          IOTMARK_RETURN_IF_ERROR(OnString(text_.substr(i + 1, end - i - 2)));
          i = end;
          continue;
        }
        case '{':
        case '[':
          if (static_cast<int>(frames_.size()) >= kMaxJsonDepth) {
            return Status::InvalidArgument(
                       fmt::format("nesting deeper than {} levels / 入れ子が深すぎます",
                                   kMaxJsonDepth))
                .WithField(Path());
          }
          frames_.emplace_back();
          frames_.back().object = c == '{';
          break;
        case '}':
        case ']':
          if (!frames_.empty()) frames_.pop_back();
          break;
        case ':':
          if (!frames_.empty()) frames_.back().expect_key = false;
          break;
        case ',':
          if (!frames_.empty()) {
            Frame& frame = frames_.back();
            if (frame.object) {
              frame.expect_key = true;
            } else {
              ++frame.index;
            }
          }
          break;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t end = i;
            while (end < text_.size() && IsNumberChar(text_[end])) ++end;
            IOTMARK_RETURN_IF_ERROR(OnNumber(text_.substr(i, end - i)));
            i = end;
            continue;
          }
          break;
      }
      ++i;
    }
    return Status::Ok();
  }

  // "$", "$.email", "$.items[2].status".
  std::string Path() const {
    std::string path = "$";
    for (const Frame& frame : frames_) {
      if (frame.object) {
        if (frame.has_key) path += "." + frame.key;
      } else {
        path += "[" + std::to_string(frame.index) + "]";
      }
    }
    return path;
  }

 private:
  struct Frame {
    bool object = false;
    bool expect_key = true;  // objects: the next string is a key
    bool has_key = false;
    std::string key;  // cut and escaped, for messages
    std::size_t index = 0;
    std::set<std::string> keys;  // decoded keys seen in this object
  };

  static bool IsNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  // The offset just past the closing quote of the string opening at `at`
  // (text size + 1 when unterminated).
  std::size_t StringEnd(std::size_t at) const {
    for (std::size_t i = at + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\') {
        ++i;
      } else if (text_[i] == '"') {
        return i + 1;
      }
    }
    return text_.size() + 1;
  }

  static bool HasNulEscape(std::string_view raw) {
    for (std::size_t at = raw.find("\\u"); at != std::string_view::npos;
         at = raw.find("\\u", at + 1)) {
      // Skip an escaped backslash ("\\\\u0000" is a backslash and "u0000").
      std::size_t backslashes = 0;
      for (std::size_t j = at; j > 0 && raw[j - 1] == '\\'; --j) ++backslashes;
      if (backslashes % 2 == 1) continue;
      if (raw.substr(at + 2, 4) == "0000") return true;
    }
    return false;
  }

  Status OnString(std::string_view raw) {
    bool is_key = !frames_.empty() && frames_.back().object && frames_.back().expect_key;
    if (is_key) {
      Frame& frame = frames_.back();
      frame.key = CutForLog(raw, 64);
      frame.has_key = true;
      if (HasNulEscape(raw)) {
        return Status::InvalidArgument(
                   "a key may not hold a NUL character / キーにNUL文字は使えません")
            .WithField(Path());
      }
      std::string decoded(raw);
      if (raw.find('\\') != std::string_view::npos) {
        nlohmann::json key = nlohmann::json::parse("\"" + decoded + "\"", nullptr, false);
        if (key.is_string()) {
          decoded = key.get<std::string>();
          frame.key = CutForLog(decoded, 64);
        }
      }
      if (!frame.keys.insert(std::move(decoded)).second) {
        return Status::InvalidArgument("duplicate key / 同じキーが二度あります").WithField(Path());
      }
      return Status::Ok();
    }
    if (HasNulEscape(raw)) {
      return Status::InvalidArgument(
                 "a string may not hold a NUL character / 文字列にNUL文字は使えません")
          .WithField(Path());
    }
    return Status::Ok();
  }

  Status OnNumber(std::string_view token) {
    if (token.size() > kMaxJsonNumberChars) {
      return Status::InvalidArgument(
                 fmt::format("number longer than {} characters / 数値が長すぎます",
                             kMaxJsonNumberChars))
          .WithField(Path());
    }
    std::string copy(token);
    double value = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(value)) {
      return Status::InvalidArgument("number out of range / 数値が範囲外です").WithField(Path());
    }
    return Status::Ok();
  }

  std::string_view text_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string FieldPath(std::string_view path, std::string_view name) {
  return fmt::format("{}.{}", path, name);
}

std::string_view JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

Status CheckJsonBody(std::string_view body) { return JsonPreScan(body).Run(); }

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  IOTMARK_RETURN_IF_ERROR(CheckJsonBody(body));
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    std::size_t byte = error.byte == 0 ? 0 : error.byte - 1;
    JsonPreScan where(body);
    (void)where.Run(byte);
    return Status::ParseError(
               fmt::format("request body is not valid JSON at byte {} / JSONとして読めません",
                           error.byte))
        .WithField(where.Path());
  } catch (const nlohmann::json::exception& error) {
    // Out of range and the like: the scan should have refused it already.
    return Status::InvalidArgument(
               fmt::format("request body holds a value no field can hold (error {}) / "
                           "受け付けられない値です",
                           error.id))
        .WithField("$");
  }
  if (!value.is_object()) {
    return Status::InvalidArgument(
               fmt::format("expected a JSON object, got {} / JSONオブジェクトが必要です",
                           JsonTypeName(value)))
        .WithField("$");
  }
  return value;
}

Result<std::string> RequiredString(const nlohmann::json& object, std::string_view name,
                                   std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_string()) return WrongType(path, name, "a string", *member);
  return member->get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view name, std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<std::string>();
  if (!member->is_string()) return WrongType(path, name, "a string", *member);
  return std::optional<std::string>(member->get<std::string>());
}

Result<int64_t> RequiredInteger(const nlohmann::json& object, std::string_view name,
                                std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_number_integer()) return WrongType(path, name, "an integer", *member);
  return member->get<int64_t>();
}

Result<std::optional<int64_t>> OptionalInteger(const nlohmann::json& object, std::string_view name,
                                               std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<int64_t>();
  if (!member->is_number_integer()) return WrongType(path, name, "an integer", *member);
  return std::optional<int64_t>(member->get<int64_t>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view name,
                                         std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return std::optional<bool>();
  if (!member->is_boolean()) return WrongType(path, name, "a boolean", *member);
  return std::optional<bool>(member->get<bool>());
}

Result<nlohmann::json> RequiredObject(const nlohmann::json& object, std::string_view name,
                                      std::string_view path) {
  const nlohmann::json* member = Member(object, name);
  if (member == nullptr) return Missing(path, name);
  if (!member->is_object()) return WrongType(path, name, "an object", *member);
  return *member;
}

}  // namespace iotmark::server
