#include "server/oscal_assessment.h"

#include "common/sha256.h"

namespace iotmark::server {

namespace {

using nlohmann::json;

std::string StringMember(const json& object, const char* name) {
  if (!object.is_object()) return "";
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::string DeterministicUuid(std::string_view name) {
  std::string hex = Sha256Hex(name).substr(0, 32);
  hex[12] = '5';
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

Result<json> BuildAssessmentResults(const registry::Label& label,
                                    const registry::Application& application,
                                    std::string_view public_url) {
  json checklist = json::parse(application.checklist_json, nullptr, /*allow_exceptions=*/false);
  if (checklist.is_discarded() || !checklist.is_object() || !checklist.contains("results") ||
      !checklist["results"].is_array()) {
    return Status::InvalidArgument(
               "the application's checklist has no results array / "
               "チェックリストに評価結果がありません")
        .WithField("$.checklist.results");
  }
  const std::string seed = label.registration_number + "/" + std::to_string(application.id) + "/" +
                           Sha256Hex(application.checklist_json);
  const std::string base_url = std::string(public_url);
  const std::string time = FormatIso8601(label.issued_at);
  json findings = json::array();
  json observations = json::array();
  json controls = json::array();
  int satisfied = 0;
  int not_satisfied = 0;
  for (const json& result : checklist["results"]) {
    std::string criterion = StringMember(result, "criterion");
    if (criterion.empty()) continue;
    std::string verdict = StringMember(result, "verdict");
    std::string method = StringMember(result, "method");
    bool ok = verdict == "conform" || verdict == "na";
    (ok ? satisfied : not_satisfied)++;
    controls.push_back({{"control-id", criterion}});
    std::string observation_uuid = DeterministicUuid(seed + "/observation/" + criterion);
    json evidence = json::array();
    if (result.contains("evidence") && result["evidence"].is_array()) {
      for (const json& item : result["evidence"]) {
        json entry = {{"href", StringMember(item, "path")},
                      {"props", json::array({{{"name", "sha256"},
                                              {"ns", "https://iotmark.example/ns/oscal"},
                                              {"value", StringMember(item, "sha256")}}})}};
        std::string description = StringMember(item, "description");
        if (!description.empty()) entry["description"] = description;
        evidence.push_back(entry);
      }
    }
    json observation = {
        {"uuid", observation_uuid},
        {"title", criterion + " の評価 / assessment of " + criterion},
        {"description", "評価方法 / method: " + (method.empty() ? std::string("-") : method)},
        {"methods", json::array({method == "device-test" ? "TEST" : "EXAMINE"})},
        {"collected", time}};
    if (!evidence.empty()) observation["relevant-evidence"] = evidence;
    std::string note = StringMember(result, "note");
    if (!note.empty()) observation["remarks"] = note;
    observations.push_back(observation);

    json status = {
        {"state", ok ? "satisfied" : "not-satisfied"},
        {"reason", verdict == "conform" ? "pass" : (verdict == "na" ? "other" : "fail")}};
    if (verdict == "na") {
      status["remarks"] = "対象外 / not applicable: " + StringMember(result, "na_reason");
    }
    findings.push_back(
        {{"uuid", DeterministicUuid(seed + "/finding/" + criterion)},
         {"title", criterion},
         {"description", "自己適合宣言の評価結果 / self-assessment verdict: " +
                             (verdict.empty() ? std::string("(none)") : verdict)},
         {"target", {{"type", "objective-id"}, {"target-id", criterion}, {"status", status}}},
         {"related-observations", json::array({{{"observation-uuid", observation_uuid}}})}});
  }
  json basic = checklist.value("basic_info", json::object());
  json document = {
      {"assessment-results",
       {{"uuid", DeterministicUuid(seed)},
        {"metadata",
         {{"title",
           "JC-STAR 自己適合宣言 評価結果 / self-assessment results: " + label.registration_number},
          {"last-modified", time},
          {"version", std::to_string(application.id)},
          {"oscal-version", "1.1.2"},
          {"props", json::array({{{"name", "registration-number"},
                                  {"ns", "https://iotmark.example/ns/oscal"},
                                  {"value", label.registration_number}},
                                 {{"name", "scheme"},
                                  {"ns", "https://iotmark.example/ns/oscal"},
                                  {"value", label.scheme}},
                                 {{"name", "level"},
                                  {"ns", "https://iotmark.example/ns/oscal"},
                                  {"value", label.level}}})},
          {"parties", json::array({{{"uuid", DeterministicUuid(seed + "/vendor")},
                                    {"type", "organization"},
                                    {"name", label.vendor_name}}})}}},
        {"import-ap", {{"href", base_url + "/api/v1/labels/" + label.registration_number}}},
        {"results",
         json::array(
             {{{"uuid", DeterministicUuid(seed + "/result")},
               {"title", label.product_name + " (" + label.model_number + ")"},
               {"description",
                "ベンダーの自己評価と登録機関の審査 / vendor self-assessment accepted by the "
                "operator; " +
                    std::to_string(satisfied) + " satisfied, " + std::to_string(not_satisfied) +
                    " not satisfied"},
               {"start",
                application.submitted_at ? FormatIso8601(*application.submitted_at) : time},
               {"end", time},
               {"props", json::array({{{"name", "firmware-version"},
                                       {"ns", "https://iotmark.example/ns/oscal"},
                                       {"value", StringMember(basic, "firmware_version")}}})},
               {"reviewed-controls",
                {{"control-selections", json::array({{{"include-controls", controls}}})}}},
               {"observations", observations},
               {"findings", findings}}})}}}};
  return document;
}

}  // namespace iotmark::server
