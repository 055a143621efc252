// Registry data → CSAF input (see registry_input.h).
#include "csaf/registry_input.h"

#include <algorithm>
#include <map>
#include <set>

#include "vulndb/version.h"

namespace iotmark::csaf {

namespace {

struct VersionInfo {
  std::optional<TimePoint> released_on;
  std::string note;
};

std::vector<ProductVersion> Versions(const LabelSecurityData& data) {
  std::map<std::string, VersionInfo> known;
  for (const auto& firmware : data.label.firmware_versions) {
    VersionInfo& info = known[firmware.version];
    info.released_on = firmware.released_on;
    if (!firmware.covered) {
      info.note =
          "このバージョンはラベルの対象外です" +
          (firmware.coverage_note.empty() ? std::string() : "（" + firmware.coverage_note + "）") +
          "。 / This version is not covered by the label" +
          (firmware.coverage_note.empty() ? std::string() : " (" + firmware.coverage_note + ")") +
          ".";
    }
  }
  for (const auto& update : data.information.updates) {
    VersionInfo& info = known[update.version];
    if (!info.released_on) info.released_on = update.released_on;
  }
  for (const auto& vulnerability : data.information.vulnerabilities) {
    if (!vulnerability.fixed_in_version.empty()) known[vulnerability.fixed_in_version];
  }
  std::vector<ProductVersion> versions;
  for (auto& [version, info] : known) {
    if (version.empty()) continue;
    ProductVersion v;
    v.version = version;
    v.product_id = "FW-" + version;
    v.released_on = info.released_on;
    v.note = info.note;
    versions.push_back(std::move(v));
  }
  std::stable_sort(versions.begin(), versions.end(), [](const auto& l, const auto& r) {
    const int order = vulndb::CompareVersions(l.version, r.version);
    return order != 0 ? order < 0 : l.version < r.version;
  });
  return versions;
}

VulnerabilityInput FromRecord(const registry::Vulnerability& record,
                              const std::vector<ProductVersion>& versions) {
  VulnerabilityInput v;
  v.identifier = record.identifier;
  if (record.identifier.rfind("JVN", 0) == 0) v.id_system = "JVN";
  v.severity = record.severity;
  v.published_at = record.published_at;
  v.advisory_url = record.advisory_url;
  const std::string& fixed = record.fixed_in_version;
  for (const ProductVersion& version : versions) {
    VersionAssessment a;
    a.version = version.version;
    if (!fixed.empty() && vulndb::CompareVersions(version.version, fixed) >= 0) {
      a.status = VersionStatus::kFixed;
    } else {
      a.status = VersionStatus::kKnownAffected;
      Remediation remediation;
      if (fixed.empty()) {
        remediation.category = RemediationCategory::kNoneAvailable;
        remediation.details =
            "修正版はまだ公開されていません。ベンダーの勧告を確認してください。 / No fixed "
            "version has been published yet; see the vendor's advisory.";
      } else {
        remediation.category = RemediationCategory::kVendorFix;
        remediation.details = "ファームウェアを " + fixed +
                              " 以降に更新してください。 / Update the "
                              "firmware to " +
                              fixed + " or later.";
      }
      remediation.url = record.advisory_url;
      a.remediation = remediation;
    }
    v.assessments.push_back(std::move(a));
  }
  return v;
}

ProductInput Base(const LabelSecurityData& data, std::string_view public_url) {
  ProductInput input;
  input.vendor_name = data.label.vendor_name;
  input.product_name = data.label.product_name;
  input.model_number = data.label.model_number;
  input.product_type = data.label.product_type;
  input.registration_number = data.label.registration_number;
  input.label_url = std::string(public_url) + "/labels/" + data.label.registration_number;
  input.versions = Versions(data);
  return input;
}

// Vulnerabilities by the time they were recorded, then identifier.
std::vector<registry::Vulnerability> Chronological(std::vector<registry::Vulnerability> list) {
  std::sort(list.begin(), list.end(), [](const auto& l, const auto& r) {
    return std::tie(l.published_at, l.identifier) < std::tie(r.published_at, r.identifier);
  });
  return list;
}

bool IsChangeOf(const registry::RegistryChange& change, const registry::Vulnerability& v) {
  return change.kind == "vulnerability" && change.summary.rfind(v.identifier + " (", 0) == 0;
}

// The revision history, in the change stream's commit order: the first
// recorded vulnerability is the initial release; each later vulnerability
// (and, for the VEX, each update release, firmware version or coverage
// change of the product) is a revision. Vulnerabilities recorded before the
// label existed have no change of this label: they form the initial release.
std::vector<Revision> RevisionsFor(const std::vector<registry::Vulnerability>& vulnerabilities,
                                   const std::vector<registry::RegistryChange>& changes,
                                   bool with_product_changes) {
  std::vector<Revision> revisions;
  std::string earlier;
  std::optional<TimePoint> earlier_at;
  for (const auto& v : vulnerabilities) {
    bool in_stream = false;
    for (const auto& change : changes) in_stream |= IsChangeOf(change, v);
    if (in_stream) continue;
    earlier += (earlier.empty() ? "" : ", ") + v.identifier;
    if (!earlier_at || v.published_at > *earlier_at) earlier_at = v.published_at;
  }
  if (earlier_at) {
    revisions.push_back({*earlier_at, "初版: " + earlier + " / Initial release: " + earlier});
  }
  for (const auto& change : changes) {
    std::string summary;
    for (const auto& v : vulnerabilities) {
      if (!IsChangeOf(change, v)) continue;
      summary = revisions.empty() ? "初版: " + v.identifier + " / Initial release: " + v.identifier
                                  : v.identifier + " を追加 / Added " + v.identifier;
    }
    if (summary.empty() && with_product_changes && !revisions.empty()) {
      if (change.kind == "update-release") {
        summary = "更新リリース / Update release: " + change.summary;
      } else if (change.kind == "firmware-version") {
        summary = "ファームウェア追加 / Firmware version added: " + change.summary;
      } else if (change.kind == "firmware-coverage") {
        summary = "対象範囲の変更 / Coverage changed: " + change.summary;
      }
    }
    if (summary.empty()) continue;
    // Commit order; a clock that stepped back never unsorts the history.
    const TimePoint at = revisions.empty() ? change.at : std::max(change.at, revisions.back().date);
    revisions.push_back({at, summary});
  }
  return revisions;
}

}  // namespace

std::vector<DocumentInput> InputsFromRegistry(const LabelSecurityData& data,
                                              std::string_view public_url) {
  std::vector<DocumentInput> documents;
  if (data.information.vulnerabilities.empty()) return documents;
  const auto vulnerabilities = Chronological(data.information.vulnerabilities);
  const std::string& number = data.label.registration_number;
  DocumentInput vex{Base(data, public_url), Category::kVex};
  vex.input.tracking_id = "IOTMARK-VEX-" + number;
  for (const auto& record : vulnerabilities) {
    vex.input.vulnerabilities.push_back(FromRecord(record, vex.input.versions));
  }
  vex.input.revisions = RevisionsFor(vulnerabilities, data.changes, true);
  documents.push_back(std::move(vex));

  std::set<std::string> advised;
  auto updates = data.information.updates;
  std::sort(updates.begin(), updates.end(),
            [](const auto& l, const auto& r) { return l.id < r.id; });
  for (const auto& update : updates) {
    if (!update.security_relevant || !advised.insert(update.version).second) continue;
    std::vector<registry::Vulnerability> fixed;
    for (const auto& record : vulnerabilities) {
      if (record.fixed_in_version == update.version) fixed.push_back(record);
    }
    if (fixed.empty()) continue;
    DocumentInput advisory{Base(data, public_url), Category::kSecurityAdvisory};
    advisory.input.tracking_id = "IOTMARK-SA-" + number + "-" + update.version;
    advisory.input.summary = "更新 / Update " + update.version + ": " + update.summary;
    for (const auto& record : fixed) {
      advisory.input.vulnerabilities.push_back(FromRecord(record, advisory.input.versions));
    }
    advisory.input.revisions = RevisionsFor(fixed, data.changes, false);
    documents.push_back(std::move(advisory));
  }
  return documents;
}

Result<std::vector<CsafDocument>> DocumentsFromRegistry(const LabelSecurityData& data,
                                                        const Publisher& publisher) {
  std::vector<CsafDocument> documents;
  for (const DocumentInput& document : InputsFromRegistry(data, publisher.base_url)) {
    auto built = BuildDocument(document.input, document.category, publisher);
    if (!built.ok()) return built.status().WithPrefix(document.input.tracking_id);
    documents.push_back(std::move(built).value());
  }
  return documents;
}

}  // namespace iotmark::csaf
