// Findings with VEX triage → CSAF assessments (see findings_input.h).
#include "csaf/findings_input.h"

#include <algorithm>
#include <set>

#include "vulndb/version.h"

namespace iotmark::csaf {

namespace {

using registry::Finding;
using registry::FindingStatus;

int Gravity(VersionStatus status) {
  switch (status) {
    case VersionStatus::kKnownAffected:
      return 3;
    case VersionStatus::kUnderInvestigation:
      return 2;
    case VersionStatus::kKnownNotAffected:
      return 1;
    case VersionStatus::kFixed:
      return 0;
  }
  return 0;
}

bool HasText(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") != std::string::npos;
}

Remediation AffectedRemediation(const Finding& finding) {
  Remediation remediation;
  remediation.details = finding.note;
  if (finding.remediation == "mitigation") {
    remediation.category = RemediationCategory::kMitigation;
  } else if (finding.remediation == "workaround") {
    remediation.category = RemediationCategory::kWorkaround;
  } else if (finding.remediation == "no_fix_planned") {
    remediation.category = RemediationCategory::kNoFixPlanned;
    if (!HasText(remediation.details)) {
      remediation.details =
          "修正の予定はありません（ベンダーの表明）。 / No fix is planned (vendor statement).";
    }
  } else {
    remediation.category = RemediationCategory::kNoneAvailable;
    if (!HasText(remediation.details)) {
      remediation.details =
          "修正版はまだありません（ベンダーの表明）。 / No fix is available yet (vendor "
          "statement).";
    }
  }
  // mitigation and workaround carry the vendor's text (TriageFinding
  // requires it); an older row without one still gets a sentence.
  if (!HasText(remediation.details)) {
    remediation.details = "ベンダーの説明を確認してください。 / See the vendor's statement.";
  }
  return remediation;
}

Remediation UpdateTo(const Finding& finding) {
  Remediation remediation;
  remediation.category = RemediationCategory::kVendorFix;
  remediation.details = "ファームウェアを " + finding.fixed_in_version +
                        " 以降に更新してください。 / Update the firmware to " +
                        finding.fixed_in_version + " or later.";
  if (HasText(finding.note)) {
    remediation.details += "\nベンダーの説明 / Vendor's statement: " + finding.note;
  }
  return remediation;
}

std::string SourceText(const std::string& source) {
  return source == "device-test" ? "実機テストで識別したサービス / service identified in the device test"
                                 : "SBOM";
}

}  // namespace

void AssessmentSet::Offer(VersionAssessment assessment, StatementSource source) {
  auto found = by_version_.find(assessment.version);
  if (found == by_version_.end()) {
    std::string version = assessment.version;
    by_version_.emplace(std::move(version), Kept{std::move(assessment), source});
    return;
  }
  Kept& kept = found->second;
  if (source > kept.source ||
      (source == kept.source &&
       Gravity(assessment.status) > Gravity(kept.assessment.status))) {
    kept = Kept{std::move(assessment), source};
  }
}

std::vector<VersionAssessment> AssessmentSet::InOrder(
    const std::vector<ProductVersion>& versions) const {
  std::vector<VersionAssessment> out;
  for (const ProductVersion& version : versions) {
    auto found = by_version_.find(version.version);
    if (found != by_version_.end()) out.push_back(found->second.assessment);
  }
  return out;
}

void OfferFindingStatements(const Finding& finding, const std::vector<ProductVersion>& versions,
                            AssessmentSet& set) {
  if (finding.public_state.empty()) return;  // private: says nothing
  VersionAssessment own;
  own.version = finding.firmware_version;
  switch (finding.status) {
    case FindingStatus::kNew:  // untriaged past the deadline
    case FindingStatus::kUnderInvestigation:
      own.status = VersionStatus::kUnderInvestigation;
      break;
    case FindingStatus::kAffected:
      own.status = VersionStatus::kKnownAffected;
      own.remediation = AffectedRemediation(finding);
      break;
    case FindingStatus::kNotAffected: {
      own.status = VersionStatus::kKnownNotAffected;
      auto justification = ParseJustification(finding.justification);
      if (justification.ok()) own.justification = *justification;
      own.impact_statement = finding.note;
      if (!own.justification && !HasText(own.impact_statement)) {
        // TriageFinding always records a justification; never publish a
        // not-affected statement without one.
        own.status = VersionStatus::kUnderInvestigation;
      }
      break;
    }
    case FindingStatus::kFixed:
      own.status = VersionStatus::kKnownAffected;
      own.remediation = UpdateTo(finding);
      for (const ProductVersion& version : versions) {
        if (version.version == finding.firmware_version) continue;
        VersionAssessment implied;
        implied.version = version.version;
        if (vulndb::CompareVersions(version.version, finding.fixed_in_version) < 0) {
          implied.status = VersionStatus::kKnownAffected;
          implied.remediation = UpdateTo(finding);
        } else {
          implied.status = VersionStatus::kFixed;
        }
        set.Offer(std::move(implied), StatementSource::kImpliedByFinding);
      }
      break;
  }
  set.Offer(std::move(own), StatementSource::kFinding);
}

std::string SeverityFromNvd(std::string_view severity) {
  std::string lower;
  for (char c : severity) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (std::string_view known : {"none", "low", "medium", "high", "critical"}) {
    if (lower == known) return lower;
  }
  return "";
}

VulnerabilityInput VulnerabilityFromFindings(const std::vector<const Finding*>& findings,
                                             const std::vector<ProductVersion>& versions) {
  VulnerabilityInput v;
  if (findings.empty()) return v;
  v.identifier = findings.front()->cve_id;
  static constexpr std::string_view kOrder[] = {"", "none", "low", "medium", "high", "critical"};
  auto rank = [](const std::string& s) {
    return std::find(std::begin(kOrder), std::end(kOrder), s) - std::begin(kOrder);
  };
  std::set<std::string> seen;
  std::string components_ja, components_en, nvd_description;
  AssessmentSet set;
  for (const Finding* finding : findings) {
    const std::string severity = SeverityFromNvd(finding->severity);
    if (rank(severity) > rank(v.severity)) v.severity = severity;
    const std::string component = finding->component + " " + finding->component_version;
    if (seen.insert(component + "\n" + finding->firmware_version + "\n" + finding->source)
            .second) {
      components_ja += "\n- " + component + "（ファームウェア " + finding->firmware_version +
                       "、" + SourceText(finding->source) + "）";
      components_en += "\n- " + component + " (firmware " + finding->firmware_version + ", " +
                       SourceText(finding->source) + ")";
    }
    if (nvd_description.empty()) nvd_description = finding->description;
    OfferFindingStatements(*finding, versions, set);
  }
  v.description =
      "脆弱性監視: NVD の " + v.identifier +
      " が次の構成要素に該当しました（既知の脆弱性情報との機械的な照合です。各バージョンの状態は"
      "ベンダーの評価、または確認期限までに評価がない場合の「調査中」です）。" +
      components_ja + "\n\nVulnerability monitoring: NVD's " + v.identifier +
      " matched these components (an automatic match with known vulnerability records; each "
      "version's status is the vendor's triage, or \"under investigation\" when the vendor did "
      "not triage by the deadline)." +
      components_en;
  if (!nvd_description.empty()) v.description += "\n\nNVD: " + nvd_description;
  if (v.identifier.rfind("CVE-", 0) == 0) {
    v.references.push_back(
        {"NVD の記録 / NVD record", "https://nvd.nist.gov/vuln/detail/" + v.identifier});
  }
  v.assessments = set.InOrder(versions);
  return v;
}

}  // namespace iotmark::csaf
