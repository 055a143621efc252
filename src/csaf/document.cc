// CSAF 2.0 document builder (see document.h).
#include "csaf/document.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace iotmark::csaf {

namespace {

using nlohmann::json;

constexpr std::string_view kSeverities[] = {"none", "low", "medium", "high", "critical"};
constexpr std::string_view kSeveritiesJa[] = {"なし", "低", "中", "高", "緊急"};

int SeverityRank(std::string_view severity) {
  for (int i = 0; i < 5; ++i) {
    if (kSeverities[i] == severity) return i;
  }
  return -1;
}

std::string SeverityText(std::string_view severity) {
  const int rank = SeverityRank(severity);
  if (rank < 0) return "未評価 / not rated";
  return std::string(kSeveritiesJa[rank]) + " / " + std::string(severity);
}

bool IsCve(std::string_view identifier) {
  static const std::regex pattern("^CVE-[0-9]{4}-[0-9]{4,}$");
  return std::regex_match(identifier.begin(), identifier.end(), pattern);
}

std::string YearOf(TimePoint time) { return FormatIso8601(time).substr(0, 4); }

// Product ids grouped by a key, each group's ids in version order.
using Groups = std::map<std::string, std::vector<std::string>>;

Status Validate(const ProductInput& input) {
  if (input.tracking_id.empty()) return Status::InvalidArgument("tracking_id: required");
  if (input.product_name.empty()) return Status::InvalidArgument("product_name: required");
  if (input.vendor_name.empty()) return Status::InvalidArgument("vendor_name: required");
  if (input.versions.empty()) return Status::InvalidArgument("versions: at least one");
  if (input.vulnerabilities.empty()) {
    return Status::InvalidArgument(
        "vulnerabilities: at least one (CSAF VEX and security "
        "advisories describe vulnerabilities)");
  }
  if (input.revisions.empty()) return Status::InvalidArgument("revisions: at least one");
  std::set<std::string> versions, ids;
  for (std::size_t i = 0; i < input.versions.size(); ++i) {
    const auto& v = input.versions[i];
    const std::string field = "versions[" + std::to_string(i) + "]";
    if (v.version.empty() || v.product_id.empty()) {
      return Status::InvalidArgument(field + ": version and product_id are required");
    }
    if (!versions.insert(v.version).second) {
      return Status::InvalidArgument(field + ".version: duplicate '" + v.version + "'");
    }
    if (!ids.insert(v.product_id).second) {
      return Status::InvalidArgument(field + ".product_id: duplicate '" + v.product_id + "'");
    }
  }
  std::set<std::string> identifiers;
  for (std::size_t i = 0; i < input.vulnerabilities.size(); ++i) {
    const auto& vulnerability = input.vulnerabilities[i];
    const std::string field = "vulnerabilities[" + std::to_string(i) + "]";
    if (vulnerability.identifier.empty()) {
      return Status::InvalidArgument(field + ".identifier: required");
    }
    if (!identifiers.insert(vulnerability.identifier).second) {
      return Status::InvalidArgument(field + ".identifier: duplicate '" + vulnerability.identifier +
                                     "'");
    }
    std::set<std::string> assessed;
    for (std::size_t j = 0; j < vulnerability.assessments.size(); ++j) {
      const auto& a = vulnerability.assessments[j];
      const std::string afield = field + ".assessments[" + std::to_string(j) + "]";
      if (!versions.count(a.version)) {
        return Status::InvalidArgument(afield + ".version: '" + a.version +
                                       "' is not a version of the product");
      }
      if (!assessed.insert(a.version).second) {
        return Status::InvalidArgument(afield + ".version: assessed twice");
      }
      if (a.status == VersionStatus::kKnownNotAffected && !a.justification &&
          a.impact_statement.empty()) {
        return Status::InvalidArgument(afield +
                                       ": known_not_affected needs a justification or an "
                                       "impact statement");
      }
      if (a.status == VersionStatus::kKnownAffected && !a.remediation) {
        return Status::InvalidArgument(afield + ": known_affected needs a remediation");
      }
    }
  }
  for (std::size_t i = 1; i < input.revisions.size(); ++i) {
    if (input.revisions[i].date < input.revisions[i - 1].date) {
      return Status::InvalidArgument("revisions[" + std::to_string(i) + "]: not in date order");
    }
  }
  return Status::Ok();
}

json ProductTree(const ProductInput& input) {
  json versions = json::array();
  for (const ProductVersion& v : input.versions) {
    json helper{{"model_numbers", json::array({input.model_number})}};
    if (input.model_number.empty()) helper.erase("model_numbers");
    if (!v.cpe.empty()) helper["cpe"] = v.cpe;
    if (!v.purl.empty()) helper["purl"] = v.purl;
    json product{{"product_id", v.product_id},
                 {"name", input.vendor_name + " " + input.product_name +
                              (input.model_number.empty() ? "" : " (" + input.model_number + ")") +
                              " " + v.version}};
    if (!helper.empty()) product["product_identification_helper"] = helper;
    versions.push_back(
        {{"category", "product_version"}, {"name", v.version}, {"product", product}});
  }
  json product_branch{
      {"category", "product_name"},
      {"name",
       input.product_name + (input.model_number.empty() ? "" : " (" + input.model_number + ")")},
      {"branches", versions}};
  return {{"branches", json::array({{{"category", "vendor"},
                                     {"name", input.vendor_name},
                                     {"branches", json::array({product_branch})}}})}};
}

std::string DefaultDescription(const VulnerabilityInput& v, const ProductInput& input) {
  return "ベンダーが " + input.product_name + " について届け出た脆弱性 " + v.identifier +
         "（重大度: " + SeverityText(v.severity) + "）。 / Vulnerability " + v.identifier +
         " declared by the vendor for " + input.product_name +
         " (severity: " + SeverityText(v.severity) + ").";
}

json Vulnerability(const VulnerabilityInput& v, const ProductInput& input) {
  std::map<std::string, std::string> id_of;  // version → product id
  std::map<std::string, std::size_t> order;  // product id → position in the tree
  for (std::size_t i = 0; i < input.versions.size(); ++i) {
    id_of[input.versions[i].version] = input.versions[i].product_id;
    order[input.versions[i].product_id] = i;
  }
  Groups status, flags, threats;
  struct RemediationKey {
    std::string category, details, url;
    bool operator<(const RemediationKey& o) const {
      return std::tie(category, details, url) < std::tie(o.category, o.details, o.url);
    }
  };
  std::map<RemediationKey, std::vector<std::string>> remediations;
  for (const VersionAssessment& a : v.assessments) {
    const std::string& id = id_of[a.version];
    status[std::string(VersionStatusName(a.status))].push_back(id);
    if (a.status == VersionStatus::kKnownNotAffected) {
      if (a.justification) flags[std::string(JustificationName(*a.justification))].push_back(id);
      std::string impact = a.impact_statement;
      if (impact.empty()) {
        impact = "影響を受けません（理由: " + std::string(JustificationName(*a.justification)) +
                 "）。 / Not affected (justification: " +
                 std::string(JustificationName(*a.justification)) + ").";
      }
      threats[impact].push_back(id);
    }
    if (a.status == VersionStatus::kKnownAffected) {
      threats["影響を受けます。重大度: " + SeverityText(v.severity) +
              " / Affected. Severity: " + SeverityText(v.severity)]
          .push_back(id);
    }
    if (!a.remediation && a.status == VersionStatus::kUnderInvestigation) {
      remediations[{std::string(RemediationCategoryName(RemediationCategory::kNoneAvailable)),
                    "調査中です。結果はこの文書の改訂で公開します。 / Under investigation; the "
                    "result will be published in a revision of this document.",
                    ""}]
          .push_back(id);
    }
    if (a.remediation) {
      remediations[{std::string(RemediationCategoryName(a.remediation->category)),
                    a.remediation->details, a.remediation->url}]
          .push_back(id);
    }
  }
  auto sorted = [&order](std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end(),
              [&order](const std::string& l, const std::string& r) { return order[l] < order[r]; });
    return ids;
  };
  json out;
  if (IsCve(v.identifier)) {
    out["cve"] = v.identifier;
  } else {
    out["ids"] = json::array(
        {{{"system_name", v.id_system.empty() ? "iotmark" : v.id_system}, {"text", v.identifier}}});
  }
  if (!v.title.empty()) out["title"] = v.title;
  out["notes"] = json::array(
      {{{"category", "description"},
        {"title", "概要 / Description"},
        {"text", v.description.empty() ? DefaultDescription(v, input) : v.description}}});
  json product_status = json::object();
  for (const auto& [group, ids] : status) product_status[group] = sorted(ids);
  out["product_status"] = product_status;
  if (!flags.empty()) {
    json list = json::array();
    for (const auto& [label, ids] : flags)
      list.push_back({{"label", label}, {"product_ids", sorted(ids)}});
    out["flags"] = list;
  }
  if (!threats.empty()) {
    json list = json::array();
    for (const auto& [details, ids] : threats) {
      list.push_back({{"category", "impact"}, {"details", details}, {"product_ids", sorted(ids)}});
    }
    out["threats"] = list;
  }
  if (!remediations.empty()) {
    json list = json::array();
    for (const auto& [key, ids] : remediations) {
      json remediation{
          {"category", key.category}, {"details", key.details}, {"product_ids", sorted(ids)}};
      if (!key.url.empty()) remediation["url"] = key.url;
      list.push_back(remediation);
    }
    out["remediations"] = list;
  }
  json references = json::array();
  if (!v.advisory_url.empty()) {
    references.push_back({{"category", "external"},
                          {"summary", "ベンダーの勧告 / Vendor advisory"},
                          {"url", v.advisory_url}});
  }
  for (const Reference& reference : v.references) {
    references.push_back(
        {{"category", "external"}, {"summary", reference.summary}, {"url", reference.url}});
  }
  if (!references.empty()) out["references"] = references;
  if (v.published_at) out["release_date"] = FormatIso8601(*v.published_at);
  return out;
}

}  // namespace

nlohmann::json PublisherJson(const Publisher& publisher) {
  json out{{"category", "coordinator"},
           {"name", publisher.name},
           {"namespace", publisher.namespace_url},
           {"issuing_authority", publisher.issuing_authority}};
  if (!publisher.contact_details.empty()) out["contact_details"] = publisher.contact_details;
  return out;
}

std::string_view CategoryName(Category category) {
  return category == Category::kVex ? "csaf_vex" : "csaf_security_advisory";
}

std::string FileNameFor(std::string_view tracking_id) {
  std::string name;
  for (char c : tracking_id) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '+' ||
                lower == '-';
    name.push_back(keep ? lower : '_');
  }
  return name + ".json";
}

Result<CsafDocument> BuildDocument(const ProductInput& input, Category category,
                                   const Publisher& publisher) {
  IOTMARK_RETURN_IF_ERROR(Validate(input));
  CsafDocument out;
  out.tracking_id = input.tracking_id;
  out.category = std::string(CategoryName(category));
  out.initial_release = input.revisions.front().date;
  out.current_release = input.revisions.back().date;
  out.path = YearOf(out.initial_release) + "/" + FileNameFor(input.tracking_id);
  out.url = publisher.base_url + std::string(kWhiteFolder) + out.path;
  const std::string product = input.vendor_name + " " + input.product_name +
                              (input.model_number.empty() ? "" : " (" + input.model_number + ")");
  out.title = category == Category::kVex
                  ? product + " の脆弱性情報（VEX） / Vulnerability status (VEX) of " + product
                  : product + " のセキュリティアドバイザリ / Security advisory for " + product;

  json revisions = json::array();
  for (std::size_t i = 0; i < input.revisions.size(); ++i) {
    revisions.push_back({{"number", std::to_string(i + 1)},
                         {"date", FormatIso8601(input.revisions[i].date)},
                         {"summary", input.revisions[i].summary}});
  }
  int worst = -1;
  for (const auto& v : input.vulnerabilities) worst = std::max(worst, SeverityRank(v.severity));

  std::string summary =
      category == Category::kVex
          ? "この文書は " + product +
                " の各ファームウェアバージョンについて、登録簿が把握している"
                "脆弱性の影響状況（影響あり・影響なし・修正済み・調査中）を示します。 / This "
                "document "
                "states, for every firmware version of " +
                product +
                " known to the registry, whether each recorded vulnerability affects it (affected, "
                "not affected, fixed, under investigation)."
          : "この文書は " + product +
                " の更新で修正された脆弱性を示します。 / This document lists "
                "the vulnerabilities fixed by an update of " +
                product + ".";
  if (!input.summary.empty()) summary += "\n" + input.summary;
  json notes = json::array(
      {{{"category", "summary"}, {"title", "概要 / Summary"}, {"text", summary}},
       {{"category", "legal_disclaimer"},
        {"title", "免責事項 / Disclaimer"},
        {"text",
         "本文書は製品ベンダーが届け出た情報に基づきます。脆弱性が存在しないこと、または完全な"
         "セキュリティを保証するものではありません。ラベルは適合基準への適合を示すものです。 / "
         "This document is based on what the product vendor declared. It does not state that the "
         "product is free of vulnerabilities or completely secure; a label shows conformity to "
         "the stated criteria only."}}});
  if (!input.registration_number.empty()) {
    notes.push_back({{"category", "general"},
                     {"title", "JC-STAR ラベル / JC-STAR label"},
                     {"text", "登録番号 / Registration number: " + input.registration_number}});
  }
  for (const ProductVersion& v : input.versions) {
    if (!v.note.empty()) {
      notes.push_back({{"category", "other"},
                       {"title", "ファームウェア " + v.version + " / Firmware " + v.version},
                       {"text", v.note}});
    }
  }
  json references =
      json::array({{{"category", "self"},
                    {"summary", "この文書の正規 URL / Canonical URL of this document"},
                    {"url", out.url}}});
  if (!input.label_url.empty()) {
    references.push_back({{"category", "external"},
                          {"summary", "ラベルの公開ページ / Public label page"},
                          {"url", input.label_url}});
  }
  const json publisher_json = PublisherJson(publisher);
  json document{
      {"category", out.category},
      {"csaf_version", "2.0"},
      {"lang", "ja"},
      {"title", out.title},
      {"publisher", publisher_json},
      {"distribution",
       {{"text", "公開情報 / Public information"},
        {"tlp", {{"label", "WHITE"}, {"url", "https://www.first.org/tlp/"}}}}},
      {"notes", notes},
      {"references", references},
      {"tracking",
       {{"id", input.tracking_id},
        {"status", "final"},
        {"version", std::to_string(input.revisions.size())},
        {"initial_release_date", FormatIso8601(out.initial_release)},
        {"current_release_date", FormatIso8601(out.current_release)},
        {"revision_history", revisions},
        {"generator",
         {{"engine", {{"name", "iotmark"}}}, {"date", FormatIso8601(out.current_release)}}}}}};
  if (worst >= 0) document["aggregate_severity"] = {{"text", SeverityText(kSeverities[worst])}};
  json vulnerabilities = json::array();
  for (const auto& v : input.vulnerabilities) vulnerabilities.push_back(Vulnerability(v, input));
  json root{{"document", document},
            {"product_tree", ProductTree(input)},
            {"vulnerabilities", vulnerabilities}};
  out.json = root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return out;
}

}  // namespace iotmark::csaf
