#include "registry/label_export.h"

#include <nlohmann/json.hpp>

#include "registry/label_record.h"
#include "registry/signed_document.h"

namespace iotmark::registry {

LabelExportPage SignLabelExport(std::int64_t since, std::int64_t latest_sequence, bool more,
                                const std::vector<ExportedLabel>& labels,
                                const crypto::SigningKey& key) {
  LabelExportPage page;
  page.since = since;
  page.until = labels.empty() ? since : labels.back().sequence;
  page.latest_sequence = latest_sequence;
  page.more = more;
  page.records = labels.size();
  nlohmann::json records = nlohmann::json::array();
  for (const ExportedLabel& exported : labels) {
    records.push_back(
        {{"sequence", exported.sequence},
         {"document", SignedLabelRecordJson(exported.label, exported.changed_at, key)}});
    if (!page.last_modified || exported.changed_at > *page.last_modified) {
      page.last_modified = exported.changed_at;
    }
  }
  nlohmann::json payload{{"since", since},
                         {"until", page.until},
                         {"latest_sequence", latest_sequence},
                         {"more", more},
                         {"records", std::move(records)}};
  page.document = SignDocument(kLabelExportFormat, "export", std::move(payload), key).dump() + "\n";
  return page;
}

namespace {

Result<std::int64_t> IntegerField(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_number_integer()) {
    return Status::ParseError(std::string("label export: /export/") + name +
                              " is missing or not an integer");
  }
  return found->get<std::int64_t>();
}

}  // namespace

Result<ExportVerification> VerifyLabelExport(std::string_view document,
                                             const crypto::PublicKey& key) {
  nlohmann::json parsed = nlohmann::json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::ParseError("label export is not JSON");
  auto checked = VerifyDocument(parsed, kLabelExportFormat, "export", key, "label export");
  if (!checked.ok()) return checked.status();
  const nlohmann::json& payload = checked->payload;
  ExportVerification result;
  for (auto [name, target] : {std::pair{"since", &result.since}, std::pair{"until", &result.until},
                              std::pair{"latest_sequence", &result.latest_sequence}}) {
    auto value = IntegerField(payload, name);
    if (!value.ok()) return value.status();
    *target = *value;
  }
  auto more = payload.find("more");
  auto records = payload.find("records");
  if (more == payload.end() || !more->is_boolean()) {
    return Status::ParseError("label export: /export/more is missing or not a boolean");
  }
  if (records == payload.end() || !records->is_array()) {
    return Status::ParseError("label export: /export/records is missing or not an array");
  }
  result.more = more->get<bool>();
  result.records = records->size();
  if (!checked->valid) {
    result.reason = checked->reason;
    return result;
  }
  std::int64_t previous = result.since;
  for (std::size_t i = 0; i < records->size(); ++i) {
    const nlohmann::json& entry = (*records)[i];
    const std::string where = "/export/records/" + std::to_string(i);
    auto sequence = entry.find("sequence");
    auto record = entry.find("document");
    if (!entry.is_object() || sequence == entry.end() || !sequence->is_number_integer() ||
        record == entry.end()) {
      return Status::ParseError("label export: " + where + " needs sequence and document");
    }
    if (sequence->get<std::int64_t>() <= previous || sequence->get<std::int64_t>() > result.until) {
      result.reason = where + "/sequence is out of order or outside (since, until]";
      return result;
    }
    previous = sequence->get<std::int64_t>();
    auto verified = VerifyLabelRecord(record->dump(), key);
    if (!verified.ok()) return verified.status().WithPrefix("label export: " + where);
    if (!verified->valid) {
      result.reason = where + " (" + verified->registration_number + "): " + verified->reason;
      return result;
    }
  }
  result.valid = true;
  return result;
}

}  // namespace iotmark::registry
