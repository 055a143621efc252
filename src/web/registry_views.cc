#include "web/registry_views.h"

#include <nlohmann/json.hpp>

#include "registry/label_event_text.h"

namespace iotmark::web {
namespace {

std::string StringMember(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return "";
  return found->get<std::string>();
}

// Checklist verdicts → the page's result codes.
std::string ResultCode(std::string_view verdict) {
  if (verdict == "conform" || verdict == "pass") return "conform";
  if (verdict == "na" || verdict == "not-applicable") return "not-applicable";
  return "non-conform";
}

int StarsOf(std::string_view level) {
  for (char c : level) {
    if (c >= '1' && c <= '4') return c - '0';
  }
  return 1;
}

}  // namespace

std::vector<CriterionResultView> CriterionResultsFromChecklist(std::string_view checklist_json,
                                                               const catalog::Catalog* catalog) {
  std::vector<CriterionResultView> criteria;
  const nlohmann::json checklist = nlohmann::json::parse(checklist_json, nullptr, false);
  if (checklist.is_discarded() || !checklist.is_object()) return criteria;
  const auto results = checklist.find("results");
  if (results == checklist.end() || !results->is_array()) return criteria;
  for (const nlohmann::json& result : *results) {
    if (!result.is_object()) continue;
    CriterionResultView view;
    view.id = StringMember(result, "criterion");
    if (view.id.empty()) continue;
    view.result = ResultCode(StringMember(result, "verdict"));
    for (const char* key : {"na_reason", "not_applicable_reason", "reason"}) {
      if (view.not_applicable_reason.empty())
        view.not_applicable_reason = StringMember(result, key);
    }
    if (view.result != "not-applicable") view.not_applicable_reason.clear();
    if (catalog != nullptr) {
      if (const catalog::Requirement* requirement = catalog->FindRequirement(view.id)) {
        view.title_ja = requirement->requirement_ja;
        view.title_en = requirement->title_en;
        for (const catalog::CrossReference& reference : requirement->cross_references) {
          view.cross_references.push_back({reference.scheme, reference.ref});
        }
      }
    }
    criteria.push_back(std::move(view));
  }
  return criteria;
}

LabelPageModel BuildLabelPageModel(const registry::Label& label,
                                   const registry::SecurityInformation& security,
                                   const registry::Organization* organization,
                                   std::string_view checklist_json,
                                   const catalog::Catalog* catalog) {
  LabelPageModel model;
  model.registration_number = label.registration_number;
  model.status = std::string(registry::LabelStatusName(label.status));
  model.level = label.level;
  model.stars = StarsOf(label.level);
  if (label.certification) {
    model.certification_kind = std::string(registry::CertificationKindName(*label.certification));
    model.evaluation_lab = label.certification->evaluation_lab;
  }
  model.issued_on = FormatDate(label.valid_from);
  // valid_until is exclusive; show the last day the label is valid.
  model.valid_until = FormatDate(label.valid_until - std::chrono::seconds(1));
  model.vendor_name = label.vendor_name;
  model.product_name = label.product_name;
  model.model_number = label.model_number;
  model.product_type = label.product_type;
  if (organization != nullptr) {
    model.vendor_contact_email = organization->contact_email;
    model.disclosure_policy_url = organization->disclosure_policy.policy_url;
  }
  for (const registry::FirmwareVersion& version : label.firmware_versions) {
    model.firmware_versions.push_back({version.version, version.covered, version.coverage_note});
  }
  for (const registry::UpdateRelease& update : security.updates) {
    model.security_updates.push_back(
        {update.version, FormatDate(update.released_on), update.summary, update.security_relevant});
  }
  for (const registry::Vulnerability& vulnerability : security.vulnerabilities) {
    model.vulnerabilities.push_back({vulnerability.identifier, vulnerability.severity,
                                     vulnerability.fixed_in_version, vulnerability.advisory_url,
                                     FormatDate(vulnerability.published_at)});
  }
  model.criteria = CriterionResultsFromChecklist(checklist_json, catalog);
  // The checklist's basic information (docs/checklist-format.md) gives the
  // support end date, and the contact and policy when the organisation has none.
  const nlohmann::json checklist = nlohmann::json::parse(checklist_json, nullptr, false);
  if (checklist.is_object() && checklist.contains("basic_info") &&
      checklist["basic_info"].is_object()) {
    const nlohmann::json& basic = checklist["basic_info"];
    model.support_end_date = StringMember(basic, "support_end");
    if (model.disclosure_policy_url.empty()) {
      model.disclosure_policy_url = StringMember(basic, "vulnerability_policy_url");
    }
    const std::string contact = StringMember(basic, "contact");
    if (contact.starts_with("https://") || contact.starts_with("http://")) {
      model.vendor_contact_url = contact;
    } else if (model.vendor_contact_email.empty() && contact.find('@') != std::string::npos) {
      model.vendor_contact_email = contact;
    }
  }

  // The history in the workflow's wording (registry/label_event_text.h): every
  // status change and every publicly worded event (an extension); the status
  // box gives the newest of them, so its validity date is the current one.
  const catalog::Pack* pack = catalog != nullptr ? catalog->FindPack(label.scheme) : nullptr;
  const catalog::StateMachine* machine =
      pack != nullptr && pack->workflow ? &pack->workflow->label : nullptr;
  model.status_changed_on = registry::FormatDateJapanese(label.issued_at);
  model.status_changed_on_en = registry::FormatDateEnglish(label.issued_at);
  TimePoint last_change = label.issued_at;
  for (const registry::LabelEvent& event : label.history) {
    registry::LabelEventText text{event.reason, event.reason, false};
    if (machine != nullptr) text = registry::DescribeLabelEvent(event, *machine);
    if (!event.to.has_value() && !text.shown) continue;
    const std::string status =
        std::string(registry::LabelStatusName(event.to.value_or(label.status)));
    model.status_history.push_back({status, registry::FormatDateJapanese(event.at), text.ja,
                                    registry::FormatDateEnglish(event.at), text.en,
                                    FormatIso8601(event.at)});
    if (event.at >= last_change) {
      last_change = event.at;
      model.status_changed_on = model.status_history.back().changed_on;
      model.status_changed_on_en = model.status_history.back().changed_on_en;
      model.status_reason = text.ja;
      model.status_reason_en = text.en;
    }
  }
  // A status computed on read (expiry not yet swept) has no event: say so in
  // the words of the workflow's timed rule.
  if (label.status == registry::LabelStatus::kExpired) {
    bool recorded = false;
    for (const StatusChangeView& change : model.status_history)
      recorded |= change.status == "expired";
    if (!recorded) {
      const TimePoint ended = label.valid_until - std::chrono::seconds(1);
      model.status_changed_on = registry::FormatDateJapanese(ended);
      model.status_changed_on_en = registry::FormatDateEnglish(ended);
      model.status_reason = "有効期間満了";
      model.status_reason_en = "Validity period ended";
      if (machine != nullptr) {
        for (const catalog::TimedTransition& timed : machine->timed) {
          if (timed.to != "expired") continue;
          registry::LabelEvent event;
          event.kind = timed.event;
          event.to = registry::LabelStatus::kExpired;
          event.reason = timed.reason;
          const registry::LabelEventText text = registry::DescribeLabelEvent(event, *machine);
          model.status_reason = text.ja;
          model.status_reason_en = text.en;
          break;
        }
      }
    }
  }
  return model;
}

SearchHitView BuildSearchHit(const registry::Label& label) {
  return {label.registration_number,
          label.vendor_name,
          label.product_name,
          label.model_number,
          label.product_type,
          label.level,
          std::string(registry::LabelStatusName(label.status)),
          FormatDate(label.valid_until - std::chrono::seconds(1))};
}

}  // namespace iotmark::web
