// Plain view models of the public pages: what a page shows, already taken out
// of the registry's domain types (src/web/registry_views.cc fills them), so the
// pages can be rendered and tested without a store.
//
// Dates are "YYYY-MM-DD" strings (UTC); times are ISO 8601. Status and result
// values are the registry's stable codes ("active", "conform", …); the page
// renderer turns them into words in the chosen language.
#ifndef IOTMARK_WEB_VIEW_MODELS_H_
#define IOTMARK_WEB_VIEW_MODELS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace iotmark::web {

// One firmware version of the product and whether the label covers it.
struct FirmwareVersionView {
  std::string version;
  bool covered = true;
  std::string note;  // e.g. why a version is not covered
};

struct SecurityUpdateView {
  std::string version;
  std::string released_on;  // YYYY-MM-DD
  std::string summary;
  bool security_relevant = false;
};

struct VulnerabilityView {
  std::string id;        // CVE-2026-1234 or the vendor's advisory id
  std::string severity;  // "critical", "high", "medium", "low", or a CVSS text
  std::string fixed_in;  // firmware version, empty when not fixed yet
  std::string advisory_url;
  std::string published_on;  // YYYY-MM-DD
};

// A provision of another scheme that a criterion maps to.
struct CrossReferenceView {
  std::string scheme;  // pack id, e.g. "etsi-en-303-645", "uk-psti", "sg-cls"
  std::string ref;     // e.g. "5.1-1"
};

// The vendor's declared result for one criterion (S1.1-01 … S1.1-16).
struct CriterionResultView {
  std::string id;
  std::string title_ja;
  std::string title_en;
  std::string result;  // "conform" or "not-applicable"
  std::string not_applicable_reason;
  std::vector<CrossReferenceView> cross_references;
};

// A past status or event of the label, for the history list: the date and
// the workflow's wording (registry/label_event_text.h) in Japanese; the
// English ones when they differ (empty: the Japanese text is used).
struct StatusChangeView {
  std::string status;      // label status code (after the entry)
  std::string changed_on;  // "2026年4月1日" (or YYYY-MM-DD)
  std::string reason;
  std::string changed_on_en;  // "1 April 2026"
  std::string reason_en;
  std::string sort_key;  // ISO 8601 time of the entry (empty: changed_on)
};

// Everything the public product page /labels/{regno} shows.
struct LabelPageModel {
  std::string registration_number;
  std::string status;  // "active", "expired", "withdrawn", "revoked", "under-surveillance"
  std::string status_changed_on;     // date of the last status change
  std::string status_reason;         // reason of the last status change (workflow wording)
  std::string status_changed_on_en;  // the same in English (empty: as above)
  std::string status_reason_en;
  std::string level;  // "star1" … "star4"
  int stars = 1;
  // How the label was granted: "third-party" (第三者認証, with the evaluation
  // body's name) or "self-declaration" (自己適合宣言); "" = not known, not shown.
  std::string certification_kind;
  std::string evaluation_lab;
  std::string issued_on;
  std::string valid_until;
  std::string vendor_name;
  std::string vendor_contact_email;
  std::string vendor_contact_url;
  std::string product_name;
  std::string model_number;
  std::string product_type;
  std::vector<FirmwareVersionView> firmware_versions;
  std::vector<SecurityUpdateView> security_updates;  // any order; shown newest first
  std::vector<VulnerabilityView> vulnerabilities;    // any order; shown newest first
  std::string support_end_date;
  std::string disclosure_policy_url;
  std::vector<CriterionResultView> criteria;
  std::vector<StatusChangeView> status_history;  // any order; shown newest first
};

// One row of the search results.
struct SearchHitView {
  std::string registration_number;
  std::string vendor_name;
  std::string product_name;
  std::string model_number;
  std::string product_type;
  std::string level;
  std::string status;
  std::string valid_until;
};

// The search page: the query as typed, the filters, and one page of hits.
struct SearchPageModel {
  std::string query;
  std::string level;                       // "" = any
  std::string status;                      // "" = any
  std::string product_type;                // "" = any
  std::vector<std::string> product_types;  // the choices of the product-type filter
  int page = 1;                            // 1-based
  bool has_next_page = false;
  bool searched = false;  // false on the empty form
  std::vector<SearchHitView> hits;
  std::string error;  // e.g. a query that is too long
};

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_VIEW_MODELS_H_
