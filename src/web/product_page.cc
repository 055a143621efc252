#include "web/product_page.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/http_url.h"

namespace iotmark::web {
namespace {

std::string MessageKey(std::string_view prefix, std::string_view code) {
  std::string key(prefix);
  for (char c : code) key.push_back(c == '-' ? '_' : c);
  return key;
}

// Which crosswalk column a scheme id belongs to.
enum class Column { kEtsi, kPsti, kCls, kOther };

Column ColumnOf(std::string_view scheme) {
  if (scheme.find("etsi") != std::string_view::npos) return Column::kEtsi;
  if (scheme.find("psti") != std::string_view::npos) return Column::kPsti;
  if (scheme.find("cls") != std::string_view::npos) return Column::kCls;
  return Column::kOther;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

template <typename T, typename Key>
std::vector<T> NewestFirst(std::vector<T> items, Key key) {
  std::stable_sort(items.begin(), items.end(),
                   [&key](const T& a, const T& b) { return key(a) > key(b); });
  return items;
}

bool IsSafeLink(std::string_view url) { return IsHttpUrl(url); }

}  // namespace

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

std::string StatusWord(const PageRenderer& renderer, std::string_view status, Language language) {
  return renderer.Text(MessageKey("status_", status), language);
}

std::string ApplicationStateWord(const PageRenderer& renderer, std::string_view state,
                                 Language language) {
  return renderer.Text(MessageKey("app_state_", state), language);
}

nlohmann::json ProductPageView(const PageRenderer& renderer, const LabelPageModel& label,
                               Language language, const ProductPageContext& context) {
  using nlohmann::json;
  const std::string regno_path = PercentEncode(label.registration_number);
  json view;
  view["regno"] = label.registration_number;
  view["regno_path"] = regno_path;
  view["status_code"] = label.status;
  view["status_word"] = StatusWord(renderer, label.status, language);
  view["status_explanation"] = renderer.Text(MessageKey("status_explain_", label.status), language);
  view["status_is_active"] = label.status == "active";
  const bool english = language == Language::kEnglish;
  auto in_language = [english](const std::string& ja, const std::string& en) {
    return english && !en.empty() ? en : ja;
  };
  view["status_changed_on"] = in_language(label.status_changed_on, label.status_changed_on_en);
  view["status_reason"] = in_language(label.status_reason, label.status_reason_en);
  view["level"] = label.level;
  std::string stars;
  for (int i = 0; i < std::clamp(label.stars, 1, 4); ++i) stars += "★";
  view["stars"] = stars;
  if (!label.certification_kind.empty()) {
    view["certification_word"] =
        renderer.Text(label.certification_kind == "third-party" ? "certification_third_party"
                                                                : "certification_self_declaration",
                      language);
    view["certification_kind"] = label.certification_kind;
    view["evaluation_lab"] = label.evaluation_lab;
  }
  view["issued_on"] = label.issued_on;
  view["valid_until"] = label.valid_until;
  view["vendor_name"] = label.vendor_name;
  view["vendor_contact_email"] = label.vendor_contact_email;
  view["vendor_contact_url"] = IsSafeLink(label.vendor_contact_url) ? label.vendor_contact_url : "";
  view["product_name"] = label.product_name;
  view["model_number"] = label.model_number;
  view["product_type"] = label.product_type;
  view["support_end_date"] = label.support_end_date;
  view["disclosure_policy_url"] =
      IsSafeLink(label.disclosure_policy_url) ? label.disclosure_policy_url : "";
  view["label_image_url"] = "/labels/" + regno_path + "/label.svg";
  view["record_url"] = "/api/v1/labels/" + regno_path + "/record";
  view["feed_url"] = "/labels/" + regno_path + "/feed.atom";
  view["report_action"] = "/labels/" + regno_path + "/vulnerability-reports";
  view["csrf_token"] = context.csrf_token;
  view["notice"] = context.notice;
  view["form_error"] = context.form_error;
  if (!context.monitoring.empty()) view["monitoring"] = context.monitoring;
  json csaf = json::array();
  for (const json& document : context.csaf_documents) {
    const std::string category = document.value("category", "");
    csaf.push_back({{"url", document.value("url", "")},
                    {"title", document.value("title", "")},
                    {"kind_word", renderer.Text(category == "csaf_vex" ? "csaf_vex"
                                                                       : "csaf_security_advisory",
                                                language)}});
  }
  view["csaf_documents"] = csaf;
  view["has_csaf_documents"] = !csaf.empty();
  view["csaf_provider_url"] = context.csaf_provider_url;

  json firmware = json::array();
  for (const FirmwareVersionView& version : label.firmware_versions) {
    firmware.push_back(
        {{"version", version.version},
         {"covered", version.covered},
         {"coverage_word",
          renderer.Text(version.covered ? "firmware_covered" : "firmware_not_covered", language)},
         {"note", version.note}});
  }
  view["firmware_versions"] = firmware;
  view["has_firmware_versions"] = !firmware.empty();

  json updates = json::array();
  for (const SecurityUpdateView& update :
       NewestFirst(label.security_updates, [](const auto& u) { return u.released_on; })) {
    updates.push_back({{"version", update.version},
                       {"released_on", update.released_on},
                       {"summary", update.summary},
                       {"security_relevant", update.security_relevant}});
  }
  view["security_updates"] = updates;
  view["has_security_updates"] = !updates.empty();

  json vulnerabilities = json::array();
  for (const VulnerabilityView& vulnerability :
       NewestFirst(label.vulnerabilities, [](const auto& v) { return v.published_on; })) {
    vulnerabilities.push_back(
        {{"id", vulnerability.id},
         {"severity", vulnerability.severity},
         {"fixed_in", vulnerability.fixed_in},
         {"not_fixed", vulnerability.fixed_in.empty()},
         {"advisory_url", IsSafeLink(vulnerability.advisory_url) ? vulnerability.advisory_url : ""},
         {"published_on", vulnerability.published_on}});
  }
  view["vulnerabilities"] = vulnerabilities;
  view["has_vulnerabilities"] = !vulnerabilities.empty();

  json criteria = json::array();
  for (const CriterionResultView& criterion : label.criteria) {
    std::vector<std::string> etsi, psti, cls, other;
    for (const CrossReferenceView& reference : criterion.cross_references) {
      switch (ColumnOf(reference.scheme)) {
        case Column::kEtsi:
          etsi.push_back(reference.ref);
          break;
        case Column::kPsti:
          psti.push_back(reference.ref);
          break;
        case Column::kCls:
          cls.push_back(reference.ref);
          break;
        case Column::kOther:
          other.push_back(reference.scheme + " " + reference.ref);
          break;
      }
    }
    criteria.push_back(
        {{"id", criterion.id},
         {"title", language == Language::kEnglish && !criterion.title_en.empty()
                       ? criterion.title_en
                       : criterion.title_ja},
         {"result_code", criterion.result},
         {"result_word", renderer.Text(MessageKey("result_", criterion.result), language)},
         {"not_applicable_reason", criterion.not_applicable_reason},
         {"etsi", Join(etsi)},
         {"psti", Join(psti)},
         {"cls", Join(cls)},
         {"other", Join(other)}});
  }
  view["criteria"] = criteria;
  view["has_criteria"] = !criteria.empty();

  json history = json::array();
  for (const StatusChangeView& change : NewestFirst(label.status_history, [](const auto& c) {
         return c.sort_key.empty() ? c.changed_on : c.sort_key;
       })) {
    history.push_back({{"status_word", StatusWord(renderer, change.status, language)},
                       {"changed_on", in_language(change.changed_on, change.changed_on_en)},
                       {"reason", in_language(change.reason, change.reason_en)}});
  }
  view["status_history"] = history;
  view["has_status_history"] = !history.empty();
  return view;
}

Result<std::string> RenderProductPage(const PageRenderer& renderer, const LabelPageModel& label,
                                      Language language, const ProductPageContext& context) {
  const nlohmann::json view = ProductPageView(renderer, label, language, context);
  const std::string regno_path = PercentEncode(label.registration_number);
  nlohmann::json page = {
      {"title", label.product_name + " (" + label.registration_number + ") — " +
                    renderer.Text("site_name", language)},
      {"alternate_url",
       "/labels/" + regno_path + (language == Language::kEnglish ? "?lang=ja" : "?lang=en")},
      {"feed_url", "/labels/" + regno_path + "/feed.atom"}};
  return renderer.RenderPage("product.html", view, language, page);
}

}  // namespace iotmark::web
