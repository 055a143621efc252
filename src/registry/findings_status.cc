// Names of finding statuses and VEX justifications (registry/findings.h).
#include <array>

#include "registry/findings.h"

namespace iotmark::registry {

namespace {
constexpr std::array<std::pair<FindingStatus, std::string_view>, 5> kStatusNames = {{
    {FindingStatus::kNew, "new"},
    {FindingStatus::kUnderInvestigation, "under-investigation"},
    {FindingStatus::kAffected, "affected"},
    {FindingStatus::kNotAffected, "not-affected"},
    {FindingStatus::kFixed, "fixed"},
}};
}  // namespace

std::string_view FindingStatusName(FindingStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "new";
}

Result<FindingStatus> ParseFindingStatus(std::string_view name) {
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) return value;
  }
  return Status::InvalidArgument(
             "expected under-investigation, affected, not-affected or fixed / 状態が不明です")
      .WithField("status");
}

const std::vector<std::string_view>& VexJustifications() {
  static const std::vector<std::string_view> kJustifications = {
      "component_not_present", "vulnerable_code_not_present",
      "vulnerable_code_cannot_be_controlled_by_adversary", "vulnerable_code_not_in_execute_path",
      "inline_mitigations_already_exist"};
  return kJustifications;
}

const std::vector<std::string_view>& AffectedRemediations() {
  static const std::vector<std::string_view> kRemediations = {"mitigation", "workaround",
                                                              "none_available", "no_fix_planned"};
  return kRemediations;
}

bool IsAffectedRemediation(std::string_view remediation) {
  for (std::string_view known : AffectedRemediations()) {
    if (known == remediation) return true;
  }
  return false;
}

std::string FindingSubject(const Finding& finding) {
  return finding.cve_id + " (" + finding.component + " " + finding.component_version +
         ", firmware " + finding.firmware_version + ")";
}

std::string OverdueChangeSummary(const Finding& finding) {
  return FindingSubject(finding) +
         ": 調査中 / under investigation — 確認期限までにベンダーの評価がありません / the "
         "acknowledgement deadline passed without the vendor's triage";
}

bool IsVexJustification(std::string_view justification) {
  for (std::string_view known : VexJustifications()) {
    if (known == justification) return true;
  }
  return false;
}

}  // namespace iotmark::registry
