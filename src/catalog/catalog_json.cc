#include "catalog/catalog_json.h"

namespace iotmark::catalog {

using json = nlohmann::ordered_json;

json ToJson(const CrossReference& reference) {
  return {{"scheme", reference.scheme}, {"ref", reference.ref}, {"note", reference.note}};
}

json ToJson(const Requirement& r) {
  json sub_items = json::array();
  for (const SubItem& item : r.sub_items) {
    sub_items.push_back({{"number", item.number}, {"text_ja", item.text_ja}});
  }
  json methods = json::array();
  for (const EvaluationMethod& method : r.evaluation_methods) {
    methods.push_back({{"kind", method.kind},
                       {"sub_items", method.sub_items},
                       {"description_ja", method.description_ja},
                       {"note_ja", method.note_ja}});
  }
  json definitions = json::array();
  for (const Definition& definition : r.definitions) {
    definitions.push_back({{"term_ja", definition.term_ja}, {"text_ja", definition.text_ja}});
  }
  json references = json::array();
  for (const CrossReference& reference : r.cross_references)
    references.push_back(ToJson(reference));
  return {{"id", r.id},
          {"pack", r.pack},
          {"category_ja", r.category_ja},
          {"requirement_ja", r.requirement_ja},
          {"criterion_ja", r.criterion_ja},
          {"sub_items", sub_items},
          {"sub_items_rule", r.sub_items_rule},
          {"title_ja", r.title_ja},
          {"title_en", r.title_en},
          {"summary_en", r.summary_en},
          {"na_allowed", r.na_allowed},
          {"na_conditions_ja", r.na_conditions_ja},
          {"na_reason_must_show_ja", r.na_reason_must_show_ja},
          {"definitions", definitions},
          {"evaluation_methods", methods},
          {"requires_device_test", r.RequiresDeviceTest()},
          {"giteki_deeming", r.giteki_deeming},
          {"giteki_note_ja", r.giteki_note_ja},
          {"giteki_basic_info_field_ja", r.giteki_basic_info_field_ja},
          {"cross_references", references},
          {"full_text_available", r.full_text_available},
          {"source", r.source},
          {"source_kind", r.source_kind},
          {"note_ja", r.note_ja}};
}

json ToJson(const Level& level) {
  // The effective criteria by id (none while the level is not available); the
  // level's own requirements in full.
  json effective = json::array();
  if (level.available) {
    for (const Requirement& requirement : level.effective_criteria) {
      effective.push_back(requirement.id);
    }
  }
  json own = json::array();
  for (const Requirement& requirement : level.requirements) own.push_back(ToJson(requirement));
  return {{"id", level.id},
          {"stars", level.stars},
          {"name_ja", level.name_ja},
          {"name_en", level.name_en},
          {"assessment", level.assessment},
          {"criteria", level.criteria},
          {"max_validity_months", level.max_validity_months},
          {"description_ja", level.description_ja},
          {"description_en", level.description_en},
          {"available", level.available},
          {"validity_rules_ja", level.validity_rules_ja},
          {"source", level.source},
          {"extends", level.extends},
          {"requirements", own},
          {"effective_criteria", effective}};
}

json ToJson(const FeeRule& fee) {
  return {{"level", fee.level},           {"application_kind", fee.application_kind},
          {"amount_jpy", fee.amount_jpy}, {"tax_included", fee.tax_included},
          {"valid_from", fee.valid_from}, {"valid_until", fee.valid_until},
          {"source", fee.source},         {"source_kind", fee.source_kind},
          {"note_ja", fee.note_ja}};
}

json ToJson(const LabelStatus& status) {
  return {{"id", status.id},
          {"name_ja", status.name_ja},
          {"name_en", status.name_en},
          {"label_effective", status.label_effective},
          {"description_ja", status.description_ja}};
}

json ToJson(const Pack& pack, bool with_requirements) {
  json result = {{"id", pack.id},
                 {"kind", pack.kind},
                 {"name_ja", pack.name_ja},
                 {"name_en", pack.name_en},
                 {"version", pack.version},
                 {"source", pack.source},
                 {"source_kind", pack.source_kind},
                 {"description_ja", pack.description_ja},
                 {"requirement_count", pack.requirements.size()},
                 {"files", pack.files}};
  json levels = json::array();
  for (const Level& level : pack.levels) levels.push_back(ToJson(level));
  json fees = json::array();
  for (const FeeRule& fee : pack.fees) fees.push_back(ToJson(fee));
  json statuses = json::array();
  for (const LabelStatus& status : pack.statuses) statuses.push_back(ToJson(status));
  result["levels"] = levels;
  result["fees"] = fees;
  result["label_statuses"] = statuses;
  if (with_requirements) {
    json requirements = json::array();
    for (const Requirement& r : pack.requirements) requirements.push_back(ToJson(r));
    result["requirements"] = requirements;
  }
  return result;
}

json ToJson(const Coverage& coverage) {
  json entries = json::array();
  for (const Coverage::Entry& entry : coverage.entries) {
    entries.push_back({{"provision", entry.provision},
                       {"title", entry.title},
                       {"covered", !entry.covered_by.empty()},
                       {"covered_by", entry.covered_by},
                       {"related_by", entry.related_by}});
  }
  return {{"pack", coverage.pack},
          {"against", coverage.against},
          {"covered_count", coverage.covered_count},
          {"provision_count", coverage.entries.size()},
          {"entries", entries}};
}

json ToJson(const CrosswalkHit& hit) {
  return {{"requirement", hit.requirement->id},
          {"pack", hit.requirement->pack},
          {"title_en", hit.requirement->title_en},
          {"title_ja", hit.requirement->title_ja},
          {"reference", ToJson(*hit.reference)}};
}

}  // namespace iotmark::catalog
