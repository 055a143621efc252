#include "catalog/pack_parser.h"

#include <algorithm>
#include <set>

#include "catalog/node_reader.h"
#include "catalog/workflow_parser.h"
#include "common/clock.h"

namespace iotmark::catalog {
namespace {

// Where a piece of data comes from: the seed documents, public material
// beyond the seeds, both, or invented test data ("test": test packs only,
// tests/fixtures/schemes/, never schemes/).
Status ExpectSourceKind(const NodeReader& reader, const YAML::Node& map, std::string_view path,
                        const std::string& value) {
  return reader.ExpectOneOf(map, path, "source_kind", value,
                            {"seed", "public", "seed+public", "test"});
}

std::string Where(const NodeReader& reader, const YAML::Node& node, std::string_view path) {
  std::string where = reader.file_name();
  YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  return where + ": " + std::string(path);
}

Status ParseCrossReferences(const NodeReader& reader, const YAML::Node& map,
                            const std::string& path, ParsedRequirement* out) {
  const YAML::Node& list = map["cross_references"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string field = NodeReader::Join(path, "cross_references");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, item_path, {"scheme", "ref", "note"}));
    CrossReference reference;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "scheme", &reference.scheme));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "ref", &reference.ref));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, item_path, "note", &reference.note));
    out->value.cross_references.push_back(std::move(reference));
    out->cross_reference_where.push_back(Where(reader, item, item_path));
  }
  return Status::Ok();
}

Status ParseSubItems(const NodeReader& reader, const YAML::Node& map, const std::string& path,
                     Requirement* requirement) {
  const YAML::Node& list = map["sub_items"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string field = NodeReader::Join(path, "sub_items");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  std::set<std::string> numbers;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, item_path, {"number", "text_ja"}));
    SubItem sub_item;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "number", &sub_item.number));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "text_ja", &sub_item.text_ja));
    if (!numbers.insert(sub_item.number).second) {
      return reader.Error(item["number"], NodeReader::Join(item_path, "number"),
                          "sub-item number \"" + sub_item.number + "\" given twice");
    }
    requirement->sub_items.push_back(std::move(sub_item));
  }
  return Status::Ok();
}

Status ParseEvaluationMethods(const NodeReader& reader, const YAML::Node& map,
                              const std::string& path, bool required, Requirement* requirement) {
  const YAML::Node& list = map["evaluation_methods"];
  std::string field = NodeReader::Join(path, "evaluation_methods");
  if (!list.IsDefined() || list.IsNull() || (list.IsSequence() && list.size() == 0)) {
    if (required) {
      return reader.Error(list.IsDefined() ? list : map, field,
                          "required field is missing or empty (document and/or device-test)");
    }
    return Status::Ok();
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOnlyKeys(item, item_path, {"kind", "sub_items", "description_ja", "note_ja"}));
    EvaluationMethod method;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "kind", &method.kind));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOneOf(item, item_path, "kind", method.kind, {"document", "device-test"}));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalStringList(item, item_path, "sub_items", &method.sub_items));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, item_path, "description_ja", &method.description_ja));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, item_path, "note_ja", &method.note_ja));
    for (const std::string& number : method.sub_items) {
      bool known = std::any_of(requirement->sub_items.begin(), requirement->sub_items.end(),
                               [&](const SubItem& s) { return s.number == number; });
      if (!known) {
        return reader.Error(item["sub_items"], NodeReader::Join(item_path, "sub_items"),
                            "sub-item \"" + number + "\" is not among the criterion's sub_items");
      }
    }
    if (requirement->FindMethod(method.kind) != nullptr) {
      return reader.Error(item, item_path, "evaluation method \"" + method.kind + "\" given twice");
    }
    requirement->evaluation_methods.push_back(std::move(method));
  }
  return Status::Ok();
}

Status ParseDefinitions(const NodeReader& reader, const YAML::Node& map, const std::string& path,
                        Requirement* requirement) {
  const YAML::Node& list = map["definitions"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string field = NodeReader::Join(path, "definitions");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, item_path, {"term_ja", "text_ja"}));
    Definition definition;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "term_ja", &definition.term_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "text_ja", &definition.text_ja));
    requirement->definitions.push_back(std::move(definition));
  }
  return Status::Ok();
}

// Fields shared by both kinds of requirement; which are required depends on
// the pack's kind.
Result<ParsedRequirement> ParseRequirement(const NodeReader& reader, const YAML::Node& item,
                                           const std::string& path, const Pack& header) {
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, path));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, path,
                                                {"id",
                                                 "category_ja",
                                                 "requirement_ja",
                                                 "criterion_ja",
                                                 "sub_items",
                                                 "sub_items_rule",
                                                 "title_ja",
                                                 "title_en",
                                                 "summary_en",
                                                 "na_allowed",
                                                 "na_conditions_ja",
                                                 "na_reason_must_show_ja",
                                                 "definitions",
                                                 "evaluation_methods",
                                                 "giteki_deeming",
                                                 "giteki_note_ja",
                                                 "giteki_basic_info_field_ja",
                                                 "cross_references",
                                                 "full_text_available",
                                                 "source",
                                                 "source_kind",
                                                 "note_ja"}));
  ParsedRequirement parsed;
  parsed.where = Where(reader, item, path);
  Requirement& r = parsed.value;
  r.pack = header.id;
  const bool criteria = header.kind == "criteria";
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "id", &r.id));
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "source", &r.source));
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "source_kind", &r.source_kind));
  IOTMARK_RETURN_IF_ERROR(ExpectSourceKind(reader, item, path, r.source_kind));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "title_ja", &r.title_ja));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "note_ja", &r.note_ja));
  IOTMARK_RETURN_IF_ERROR(ParseSubItems(reader, item, path, &r));
  IOTMARK_RETURN_IF_ERROR(ParseDefinitions(reader, item, path, &r));
  if (criteria) {
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "category_ja", &r.category_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "requirement_ja", &r.requirement_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "criterion_ja", &r.criterion_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "title_en", &r.title_en));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "summary_en", &r.summary_en));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredBool(item, path, "na_allowed", &r.na_allowed));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredBool(item, path, "giteki_deeming", &r.giteki_deeming));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalBool(item, path, "full_text_available", &r.full_text_available));
  } else {
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "category_ja", &r.category_ja));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "requirement_ja", &r.requirement_ja));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "criterion_ja", &r.criterion_ja));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "title_en", &r.title_en));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "summary_en", &r.summary_en));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalBool(item, path, "na_allowed", &r.na_allowed));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalBool(item, path, "giteki_deeming", &r.giteki_deeming));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredBool(item, path, "full_text_available", &r.full_text_available));
  }
  IOTMARK_RETURN_IF_ERROR(
      reader.OptionalString(item, path, "na_conditions_ja", &r.na_conditions_ja));
  IOTMARK_RETURN_IF_ERROR(
      reader.OptionalString(item, path, "na_reason_must_show_ja", &r.na_reason_must_show_ja));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "giteki_note_ja", &r.giteki_note_ja));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "giteki_basic_info_field_ja",
                                                &r.giteki_basic_info_field_ja));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "sub_items_rule", &r.sub_items_rule));
  IOTMARK_RETURN_IF_ERROR(ParseEvaluationMethods(reader, item, path, criteria, &r));
  IOTMARK_RETURN_IF_ERROR(ParseCrossReferences(reader, item, path, &parsed));

  // Consistency between fields.
  if (r.na_allowed) {
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, path, "na_conditions_ja", &r.na_conditions_ja));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, path, "na_reason_must_show_ja", &r.na_reason_must_show_ja));
  } else if (!r.na_conditions_ja.empty() || !r.na_reason_must_show_ja.empty()) {
    return reader.Error(item["na_allowed"].IsDefined() ? item["na_allowed"] : item,
                        NodeReader::Join(path, "na_allowed"),
                        "NA conditions are given but na_allowed is false");
  }
  if (r.giteki_deeming) {
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "giteki_note_ja", &r.giteki_note_ja));
  } else if (!r.giteki_note_ja.empty()) {
    return reader.Error(item["giteki_note_ja"], NodeReader::Join(path, "giteki_note_ja"),
                        "a 技適 note is given but giteki_deeming is false");
  }
  if (!r.sub_items.empty()) {
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "sub_items_rule", &r.sub_items_rule));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOneOf(item, path, "sub_items_rule", r.sub_items_rule, {"all", "any"}));
  } else if (!r.sub_items_rule.empty()) {
    return reader.Error(item["sub_items_rule"], NodeReader::Join(path, "sub_items_rule"),
                        "sub_items_rule is given but there are no sub_items");
  }
  if (!criteria && r.title_ja.empty() && r.title_en.empty() && r.full_text_available) {
    return reader.Error(item, path,
                        "a reference provision needs title_ja or title_en, or "
                        "full_text_available: false");
  }
  return parsed;
}

// A level's own criteria: requirements of a criteria pack (levels belong to
// criteria packs; Catalog::Load refuses them elsewhere), parsed like the
// pack's, with the pack id taken from the file's `id` or `extends`.
Status ParseLevelRequirements(const NodeReader& reader, const YAML::Node& item,
                              const std::string& path, const PackFile& file, ParsedLevel* out) {
  const YAML::Node& list = item["requirements"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string field = NodeReader::Join(path, "requirements");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  Pack header;
  header.id = file.extends.empty() ? file.header.id : file.extends;
  header.kind = "criteria";
  for (std::size_t i = 0; i < list.size(); ++i) {
    Result<ParsedRequirement> parsed =
        ParseRequirement(reader, list[i], NodeReader::Index(field, i), header);
    if (!parsed.ok()) return parsed.status();
    out->requirements.push_back(std::move(parsed).value());
  }
  return Status::Ok();
}

Status ParseLevels(const NodeReader& reader, const YAML::Node& root, PackFile* file) {
  const YAML::Node& list = root["levels"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, "levels"));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string path = NodeReader::Index("levels", i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
        item, path,
        {"id", "stars", "name_ja", "name_en", "assessment", "criteria", "max_validity_months",
         "description_ja", "description_en", "available", "validity_rules_ja", "source", "extends",
         "requirements"}));
    ParsedLevel parsed;
    Level& level = parsed.value;
    std::int64_t number = 0;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "id", &level.id));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredInteger(item, path, "stars", 1, 9, &number));
    level.stars = static_cast<int>(number);
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "name_ja", &level.name_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "name_en", &level.name_en));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "assessment", &level.assessment));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOneOf(item, path, "assessment", level.assessment,
                                               {"self-declaration", "third-party"}));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "criteria", &level.criteria));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOneOf(item, path, "criteria", level.criteria, {"common", "product-type"}));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredInteger(item, path, "max_validity_months", 1, 24, &number));
    level.max_validity_months = static_cast<int>(number);
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, path, "description_ja", &level.description_ja));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalString(item, path, "description_en", &level.description_en));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalBool(item, path, "available", &level.available));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalString(item, path, "validity_rules_ja", &level.validity_rules_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "source", &level.source));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "extends", &level.extends));
    parsed.where = Where(reader, item, path);
    parsed.extends_where = item["extends"].IsDefined()
                               ? Where(reader, item["extends"], NodeReader::Join(path, "extends"))
                               : parsed.where + ".extends";
    IOTMARK_RETURN_IF_ERROR(ParseLevelRequirements(reader, item, path, *file, &parsed));
    file->levels.push_back(std::move(parsed));
  }
  return Status::Ok();
}

constexpr const char* kFirstFeeDate = "2000-01-01";
constexpr const char* kLastFeeDate = "2199-12-31";

Status ParseFees(const NodeReader& reader, const YAML::Node& root, PackFile* file) {
  const YAML::Node& list = root["fees"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, "fees"));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string path = NodeReader::Index("fees", i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, path));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOnlyKeys(item, path,
                              {"level", "application_kind", "amount_jpy", "tax_included",
                               "valid_from", "valid_until", "source", "source_kind", "note_ja"}));
    FeeRule fee;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "level", &fee.level));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, path, "application_kind", &fee.application_kind));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOneOf(item, path, "application_kind", fee.application_kind,
                                               {"new", "extension", "change", "*"}));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredInteger(item, path, "amount_jpy", 0, 1'000'000'000'000, &fee.amount_jpy));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredBool(item, path, "tax_included", &fee.tax_included));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "valid_from", &fee.valid_from));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "valid_until", &fee.valid_until));
    for (const char* key : {"valid_from", "valid_until"}) {
      const std::string& value =
          std::string_view(key) == "valid_from" ? fee.valid_from : fee.valid_until;
      // A fee window lies in this span; a date far outside it (a year 9999)
      // is refused here rather than carried on as a time point.
      if (!value.empty() &&
          (!ParseDate(value) || value < kFirstFeeDate || value > kLastFeeDate)) {
        return reader.Error(item[key], NodeReader::Join(path, key),
                            "\"" + value + "\" is not a date YYYY-MM-DD from " + kFirstFeeDate +
                                " to " + kLastFeeDate);
      }
    }
    if (!fee.valid_from.empty() && !fee.valid_until.empty() && fee.valid_from > fee.valid_until) {
      return reader.Error(item, path, "valid_from is after valid_until");
    }
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "source", &fee.source));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "source_kind", &fee.source_kind));
    IOTMARK_RETURN_IF_ERROR(ExpectSourceKind(reader, item, path, fee.source_kind));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, path, "note_ja", &fee.note_ja));
    file->fees.push_back({std::move(fee), Where(reader, item, path)});
  }
  return Status::Ok();
}

Status ParseStatuses(const NodeReader& reader, const YAML::Node& root, PackFile* file) {
  const YAML::Node& list = root["label_statuses"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, "label_statuses"));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string path = NodeReader::Index("label_statuses", i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
        item, path, {"id", "name_ja", "name_en", "label_effective", "description_ja"}));
    LabelStatus status;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "id", &status.id));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "name_ja", &status.name_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, path, "name_en", &status.name_en));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredBool(item, path, "label_effective", &status.label_effective));
    IOTMARK_RETURN_IF_ERROR(
        reader.RequiredString(item, path, "description_ja", &status.description_ja));
    file->statuses.push_back({std::move(status), Where(reader, item, path)});
  }
  return Status::Ok();
}

}  // namespace

Result<PackFile> ParsePackFile(const YAML::Node& root, const std::string& file_name) {
  NodeReader reader(file_name);
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(root, ""));
  PackFile file;
  file.file_name = file_name;
  file.where = Where(reader, root, "(top level)");
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(root, "", "extends", &file.extends));
  if (!file.extends.empty()) {
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOnlyKeys(root, "", {"extends", "levels", "fees", "label_statuses", "workflow"}));
  } else {
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
        root, "",
        {"id", "kind", "name_ja", "name_en", "version", "source", "source_kind", "description_ja",
         "requirements", "levels", "fees", "label_statuses", "workflow"}));
    Pack& pack = file.header;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "id", &pack.id));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "kind", &pack.kind));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOneOf(root, "", "kind", pack.kind, {"criteria", "reference"}));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "name_ja", &pack.name_ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "name_en", &pack.name_en));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "version", &pack.version));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "source", &pack.source));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(root, "", "source_kind", &pack.source_kind));
    IOTMARK_RETURN_IF_ERROR(ExpectSourceKind(reader, root, "", pack.source_kind));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalString(root, "", "description_ja", &pack.description_ja));
    const YAML::Node& list = root["requirements"];
    if (!list.IsDefined() || list.IsNull() || (list.IsSequence() && list.size() == 0)) {
      return reader.Error(list.IsDefined() ? list : root, "requirements",
                          "a pack needs at least one requirement");
    }
    IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, "requirements"));
    for (std::size_t i = 0; i < list.size(); ++i) {
      Result<ParsedRequirement> parsed =
          ParseRequirement(reader, list[i], NodeReader::Index("requirements", i), pack);
      if (!parsed.ok()) return parsed.status();
      file.requirements.push_back(std::move(parsed).value());
    }
  }
  IOTMARK_RETURN_IF_ERROR(ParseLevels(reader, root, &file));
  IOTMARK_RETURN_IF_ERROR(ParseFees(reader, root, &file));
  IOTMARK_RETURN_IF_ERROR(ParseStatuses(reader, root, &file));
  IOTMARK_RETURN_IF_ERROR(ParseWorkflow(reader, root, &file.workflow));
  return file;
}

}  // namespace iotmark::catalog
