#include "checklist/decoder.h"

#include <functional>
#include <utility>

namespace iotmark::checklist {
namespace {

using Json = nlohmann::ordered_json;

// A JSON type named in Japanese and English.
struct TypeNames {
  std::string_view ja;
  std::string_view en;
};

constexpr TypeNames kStringType{"文字列", "string"};
constexpr TypeNames kObjectType{"オブジェクト", "object"};
constexpr TypeNames kArrayType{"配列", "array"};

TypeNames TypeOf(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return {"null", "null"};
    case Json::value_t::object:
      return kObjectType;
    case Json::value_t::array:
      return kArrayType;
    case Json::value_t::string:
      return kStringType;
    case Json::value_t::boolean:
      return {"真偽値", "boolean"};
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return {"数値", "number"};
    default:
      return {"不明な型", "unknown type"};
  }
}

std::string WrongTypeMessage(TypeNames expected, const Json& actual) {
  TypeNames got = TypeOf(actual);
  return "型が違います: " + std::string(expected.ja) + "が必要ですが" + std::string(got.ja) +
         "です / wrong type: expected " + std::string(expected.en) + ", got " + std::string(got.en);
}

// Reads the fields of one JSON object, reporting unknown keys once the known
// ones have been taken.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path, DecodedChecklist& out)
      : object_(object), path_(std::move(path)), out_(out) {}

  // Reads a string field into `target`. Absent or null leaves it empty.
  void String(std::string_view field, std::string& target, std::size_t max_bytes,
              bool required = false) {
    known_.emplace_back(field);
    std::string path = FieldPath(path_, field);
    auto it = object_.find(std::string(field));
    if (it == object_.end() || it->is_null()) {
      if (required) {
        out_.problems.push_back({path, "必須項目がありません / required field is missing",
                                 std::string(problem_code::kMissingField)});
        out_.rejected_paths.insert(path);
      }
      return;
    }
    if (!it->is_string()) {
      WrongType(path, kStringType, *it);
      return;
    }
    const std::string& value = it->get_ref<const std::string&>();
    if (value.size() > max_bytes) {
      out_.problems.push_back({path,
                               "長すぎます / too long: " + std::to_string(value.size()) +
                                   " bytes (上限 / limit " + std::to_string(max_bytes) + ")",
                               std::string(problem_code::kTooLong)});
      out_.rejected_paths.insert(path);
      return;
    }
    target = value;
  }

  // Returns the value of an object/array field after a type check, or nullptr.
  const Json* Child(std::string_view field, bool want_array, bool required) {
    known_.emplace_back(field);
    std::string path = FieldPath(path_, field);
    auto it = object_.find(std::string(field));
    if (it == object_.end() || it->is_null()) {
      if (required) {
        out_.problems.push_back({path, "必須項目がありません / required field is missing",
                                 std::string(problem_code::kMissingField)});
        out_.rejected_paths.insert(path);
      }
      return nullptr;
    }
    if (want_array ? !it->is_array() : !it->is_object()) {
      WrongType(path, want_array ? kArrayType : kObjectType, *it);
      return nullptr;
    }
    return &*it;
  }

  void ReportUnknownFields() {
    for (const auto& [key, value] : object_.items()) {
      bool known = false;
      for (const auto& name : known_) known = known || name == key;
      if (!known) {
        out_.problems.push_back({FieldPath(path_, key),
                                 "未知の項目です / unknown field \"" + Excerpt(key) + "\"",
                                 std::string(problem_code::kUnknownField)});
      }
    }
  }

  void WrongType(const std::string& path, TypeNames expected, const Json& actual) {
    out_.problems.push_back(
        {path, WrongTypeMessage(expected, actual), std::string(problem_code::kWrongType)});
    out_.rejected_paths.insert(path);
  }

  const std::string& path() const { return path_; }

 private:
  const Json& object_;
  std::string path_;
  DecodedChecklist& out_;
  std::vector<std::string> known_;
};

template <typename Enum>
void ReadEnum(ObjectReader& reader, DecodedChecklist& out, std::string_view field, Enum& target,
              std::optional<Enum> (*parse)(std::string_view), std::string_view allowed) {
  std::string text;
  std::string path = FieldPath(reader.path(), field);
  bool was_rejected = out.rejected_paths.contains(path);
  reader.String(field, text, kMaxShortTextBytes);
  if (!was_rejected && out.rejected_paths.contains(path)) return;
  std::optional<Enum> parsed = parse(text);
  if (!parsed) {
    out.problems.push_back(
        {path,
         "値が不正です / invalid value \"" + Excerpt(text) + "\" (" + std::string(allowed) + ")",
         std::string(problem_code::kInvalidValue)});
    out.rejected_paths.insert(path);
    return;
  }
  target = *parsed;
}

void DecodeEvidence(const Json& item, const std::string& path, Evidence& evidence,
                    DecodedChecklist& out) {
  ObjectReader reader(item, path, out);
  reader.String("path", evidence.path, kMaxPathBytes, /*required=*/true);
  reader.String("sha256", evidence.sha256, kMaxShortTextBytes, /*required=*/true);
  reader.String("description", evidence.description, kMaxLongTextBytes);
  reader.ReportUnknownFields();
}

void DecodeResult(const Json& item, const std::string& path, CriterionResult& result,
                  DecodedChecklist& out) {
  ObjectReader reader(item, path, out);
  reader.String("criterion", result.criterion, kMaxShortTextBytes, /*required=*/true);
  ReadEnum(reader, out, "verdict", result.verdict, &ParseVerdict,
           "conform / nonconform / na のいずれか / one of conform, nonconform, na");
  reader.String("na_reason", result.na_reason, kMaxLongTextBytes);
  ReadEnum(reader, out, "method", result.method, &ParseMethod,
           "document / device-test / deemed のいずれか / one of document, device-test, deemed");
  if (const Json* evidence = reader.Child("evidence", /*want_array=*/true, false)) {
    std::string evidence_path = FieldPath(path, "evidence");
    if (evidence->size() > kMaxEvidencePerResult) {
      out.problems.push_back({evidence_path,
                              "証跡が多すぎます / too many evidence entries (上限 / limit " +
                                  std::to_string(kMaxEvidencePerResult) + ")",
                              std::string(problem_code::kTooMany)});
    }
    std::size_t count = std::min(evidence->size(), kMaxEvidencePerResult);
    for (std::size_t i = 0; i < count; ++i) {
      std::string item_path = IndexPath(evidence_path, i);
      const Json& entry = (*evidence)[i];
      if (!entry.is_object()) {
        reader.WrongType(item_path, kObjectType, entry);
        continue;
      }
      Evidence decoded;
      DecodeEvidence(entry, item_path, decoded, out);
      result.evidence.push_back(std::move(decoded));
    }
  }
  reader.String("note", result.note, kMaxLongTextBytes);
  reader.ReportUnknownFields();
}

void DecodeBasicInfo(const Json& object, const std::string& path, BasicInfo& info,
                     DecodedChecklist& out) {
  ObjectReader reader(object, path, out);
  reader.String("vendor", info.vendor, kMaxShortTextBytes);
  reader.String("product_name", info.product_name, kMaxShortTextBytes);
  reader.String("model_number", info.model_number, kMaxShortTextBytes);
  reader.String("firmware_version", info.firmware_version, kMaxShortTextBytes);
  reader.String("product_type", info.product_type, kMaxShortTextBytes);
  reader.String("giteki_number", info.giteki_number, kMaxShortTextBytes);
  reader.String("contact", info.contact, kMaxShortTextBytes);
  reader.String("vulnerability_policy_url", info.vulnerability_policy_url, kMaxShortTextBytes);
  reader.String("support_end", info.support_end, kMaxShortTextBytes);
  reader.ReportUnknownFields();
}

}  // namespace

std::string FieldPath(const std::string& parent, std::string_view field) {
  bool plain = !field.empty();
  for (char c : field) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    plain = plain && ok;
  }
  if (plain) return parent + "." + std::string(field);
  // Unusual keys are quoted, cut short and made printable.
  nlohmann::json quoted = Excerpt(field, 40);
  return parent + "[" + quoted.dump() + "]";
}

std::string IndexPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

DecodedChecklist DecodeChecklist(const Json& tree) {
  DecodedChecklist out;
  if (!tree.is_object()) {
    out.problems.push_back(
        {"$", WrongTypeMessage(kObjectType, tree), std::string(problem_code::kWrongType)});
    out.rejected_paths.insert("$");
    return out;
  }
  ObjectReader reader(tree, "$", out);
  reader.String("scheme", out.checklist.scheme, kMaxShortTextBytes, /*required=*/true);
  reader.String("level", out.checklist.level, kMaxShortTextBytes);
  if (const Json* info = reader.Child("basic_info", /*want_array=*/false, /*required=*/true)) {
    DecodeBasicInfo(*info, "$.basic_info", out.checklist.basic_info, out);
  }
  if (const Json* results = reader.Child("results", /*want_array=*/true, /*required=*/true)) {
    if (results->size() > kMaxResults) {
      out.problems.push_back(
          {"$.results",
           "結果が多すぎます / too many results (上限 / limit " + std::to_string(kMaxResults) + ")",
           std::string(problem_code::kTooMany)});
    }
    std::size_t count = std::min(results->size(), kMaxResults);
    for (std::size_t i = 0; i < count; ++i) {
      std::string path = IndexPath("$.results", i);
      const Json& item = (*results)[i];
      CriterionResult result;
      if (!item.is_object()) {
        reader.WrongType(path, kObjectType, item);
      } else {
        DecodeResult(item, path, result, out);
      }
      // Keep indexes aligned with the file so rule paths match.
      out.checklist.results.push_back(std::move(result));
    }
  }
  reader.ReportUnknownFields();
  return out;
}

}  // namespace iotmark::checklist
