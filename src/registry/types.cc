// Names of the registry's enumerations, as used in the store and the API.
#include "registry/types.h"

#include <array>
#include <string>
#include <utility>

namespace iotmark::registry {
namespace {

template <typename Enum, std::size_t N>
Result<Enum> ParseName(const std::array<std::pair<Enum, std::string_view>, N>& names,
                       std::string_view text, std::string_view what) {
  std::string allowed;
  for (const auto& [value, name] : names) {
    if (name == text) return value;
    if (!allowed.empty()) allowed += ", ";
    allowed += name;
  }
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(text) +
                                 "' (expected one of: " + allowed + ")");
}

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::kVendorMember, "vendor-member"},
    {Role::kOperatorReviewer, "operator-reviewer"},
    {Role::kOperatorAdmin, "operator-admin"},
    {Role::kAuditor, "auditor"},
    {Role::kLabEvaluator, "lab-evaluator"},
}};

constexpr std::array<std::pair<OrganizationKind, std::string_view>, 2> kOrganizationKinds = {{
    {OrganizationKind::kVendor, "vendor"},
    {OrganizationKind::kEvaluationLab, "evaluation-lab"},
}};

constexpr std::array<std::pair<ApplicationKind, std::string_view>, 3> kKinds = {{
    {ApplicationKind::kNew, "new"},
    {ApplicationKind::kExtension, "extension"},
    {ApplicationKind::kChange, "change"},
}};

constexpr std::array<std::pair<ApplicationState, std::string_view>, 11> kStates = {{
    {ApplicationState::kDraft, "draft"},
    {ApplicationState::kSubmitted, "submitted"},
    {ApplicationState::kSupplyChainInquiry, "supply-chain-inquiry"},
    {ApplicationState::kInquiryCleared, "inquiry-cleared"},
    {ApplicationState::kInquiryFlagged, "inquiry-flagged"},
    {ApplicationState::kAccepted, "accepted"},
    {ApplicationState::kCertified, "certified"},
    {ApplicationState::kRejected, "rejected"},
    {ApplicationState::kFeeInvoiced, "fee-invoiced"},
    {ApplicationState::kPaid, "paid"},
    {ApplicationState::kLabelIssued, "label-issued"},
}};

constexpr std::array<std::pair<LabelStatus, std::string_view>, 5> kStatuses = {{
    {LabelStatus::kActive, "active"},
    {LabelStatus::kExpired, "expired"},
    {LabelStatus::kWithdrawn, "withdrawn"},
    {LabelStatus::kRevoked, "revoked"},
    {LabelStatus::kUnderSurveillance, "under-surveillance"},
}};

constexpr std::array<std::pair<LabelStatus, std::string_view>, 5> kStatusesJa = {{
    {LabelStatus::kActive, "有効"},
    {LabelStatus::kExpired, "失効（有効期限切れ）"},
    {LabelStatus::kWithdrawn, "失効（自主取下げ）"},
    {LabelStatus::kRevoked, "取消し"},
    {LabelStatus::kUnderSurveillance, "サーベイランス実施中"},
}};

constexpr std::array<std::pair<ReportStatus, std::string_view>, 6> kReportStatuses = {{
    {ReportStatus::kReceived, "received"},
    {ReportStatus::kAcknowledged, "acknowledged"},
    {ReportStatus::kInvestigating, "investigating"},
    {ReportStatus::kFixed, "fixed"},
    {ReportStatus::kRejected, "rejected"},
    {ReportStatus::kClosed, "closed"},
}};

}  // namespace

std::string_view CertificationKindName(const LabelCertification& certification) {
  return certification.third_party ? "third-party" : "self-declaration";
}

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
Result<Role> ParseRole(std::string_view name) { return ParseName(kRoles, name, "role"); }

std::string_view OrganizationKindName(OrganizationKind kind) {
  return NameOf(kOrganizationKinds, kind);
}
Result<OrganizationKind> ParseOrganizationKind(std::string_view name) {
  return ParseName(kOrganizationKinds, name, "organisation kind");
}

std::string_view ApplicationKindName(ApplicationKind kind) { return NameOf(kKinds, kind); }
Result<ApplicationKind> ParseApplicationKind(std::string_view name) {
  return ParseName(kKinds, name, "application kind");
}

std::string_view ApplicationStateName(ApplicationState state) { return NameOf(kStates, state); }
Result<ApplicationState> ParseApplicationState(std::string_view name) {
  return ParseName(kStates, name, "application state");
}

std::string_view LabelStatusName(LabelStatus status) { return NameOf(kStatuses, status); }
std::string_view LabelStatusNameJa(LabelStatus status) { return NameOf(kStatusesJa, status); }
Result<LabelStatus> ParseLabelStatus(std::string_view name) {
  return ParseName(kStatuses, name, "label status");
}

std::string_view ReportStatusName(ReportStatus status) { return NameOf(kReportStatuses, status); }
Result<ReportStatus> ParseReportStatus(std::string_view name) {
  return ParseName(kReportStatuses, name, "report status");
}

}  // namespace iotmark::registry
