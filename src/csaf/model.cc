// Names of the CSAF enumerations (see model.h).
#include "csaf/model.h"

namespace iotmark::csaf {

namespace {
constexpr std::string_view kJustifications[] = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};
}  // namespace

std::string_view VersionStatusName(VersionStatus status) {
  switch (status) {
    case VersionStatus::kKnownAffected:
      return "known_affected";
    case VersionStatus::kKnownNotAffected:
      return "known_not_affected";
    case VersionStatus::kFixed:
      return "fixed";
    case VersionStatus::kUnderInvestigation:
      return "under_investigation";
  }
  return "under_investigation";
}

std::string_view JustificationName(Justification justification) {
  return kJustifications[static_cast<int>(justification)];
}

Result<Justification> ParseJustification(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kJustifications[i] == name) return static_cast<Justification>(i);
  }
  return Status::InvalidArgument(
      "justification: expected component_not_present, "
      "vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
      "vulnerable_code_cannot_be_controlled_by_adversary or "
      "inline_mitigations_already_exist");
}

std::string_view RemediationCategoryName(RemediationCategory category) {
  switch (category) {
    case RemediationCategory::kVendorFix:
      return "vendor_fix";
    case RemediationCategory::kWorkaround:
      return "workaround";
    case RemediationCategory::kMitigation:
      return "mitigation";
    case RemediationCategory::kNoneAvailable:
      return "none_available";
    case RemediationCategory::kNoFixPlanned:
      return "no_fix_planned";
  }
  return "none_available";
}

}  // namespace iotmark::csaf
