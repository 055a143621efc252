// The application and label state machines.
#include "registry/lifecycle.h"

#include <string>

namespace iotmark::registry {
namespace {

Status Refuse(std::string_view state, std::string_view action, std::string_view why) {
  return Status::FailedPrecondition("cannot " + std::string(action) + " in state '" +
                                    std::string(state) + "': " + std::string(why));
}

}  // namespace

std::string_view ApplicationActionName(ApplicationAction action) {
  switch (action) {
    case ApplicationAction::kSubmit:
      return "submit";
    case ApplicationAction::kStartInquiry:
      return "start the supply-chain inquiry";
    case ApplicationAction::kClearInquiry:
      return "clear the inquiry";
    case ApplicationAction::kFlagInquiry:
      return "flag the inquiry";
    case ApplicationAction::kAccept:
      return "accept";
    case ApplicationAction::kCertify:
      return "certify";
    case ApplicationAction::kReject:
      return "reject";
    case ApplicationAction::kInvoice:
      return "invoice the fee";
    case ApplicationAction::kPay:
      return "record the payment";
    case ApplicationAction::kIssue:
      return "issue the label";
  }
  return "?";
}

Result<ApplicationState> NextApplicationState(ApplicationState current, ApplicationAction action) {
  using S = ApplicationState;
  using A = ApplicationAction;
  std::string_view name = ApplicationStateName(current);
  std::string_view verb = ApplicationActionName(action);
  switch (action) {
    case A::kSubmit:
      if (current == S::kDraft) return S::kSubmitted;
      return Refuse(name, verb, "only a draft can be submitted / 下書きのみ提出できます");
    case A::kStartInquiry:
      if (current == S::kSubmitted) return S::kSupplyChainInquiry;
      return Refuse(name, verb,
                    "the application must be submitted / 提出済みの申請のみ照会できます");
    case A::kClearInquiry:
    case A::kFlagInquiry:
      if (current == S::kSupplyChainInquiry) {
        return action == A::kClearInquiry ? S::kInquiryCleared : S::kInquiryFlagged;
      }
      return Refuse(name, verb, "no supply-chain inquiry is running / 照会中ではありません");
    case A::kAccept:
      if (current == S::kInquiryCleared) return S::kAccepted;
      if (current == S::kInquiryFlagged) {
        return Refuse(name, verb,
                      "the supply-chain inquiry flagged a risk; it can only be rejected / "
                      "照会で懸念が示されたため受理できません");
      }
      return Refuse(name, verb,
                    "acceptance needs a cleared supply-chain inquiry / 照会の完了が必要です");
    case A::kReject:
      if (current == S::kSubmitted || current == S::kSupplyChainInquiry ||
          current == S::kInquiryCleared || current == S::kInquiryFlagged) {
        return S::kRejected;
      }
      return Refuse(
          name, verb,
          "only an application under review can be rejected / 審査中の申請のみ却下できます");
    case A::kCertify:
      if (current == S::kAccepted) return S::kCertified;
      return Refuse(name, verb,
                    "certification follows acceptance and the evaluation report / "
                    "第三者認証は受理と評価報告の後に行います");
    case A::kInvoice:
      if (current == S::kAccepted || current == S::kCertified) return S::kFeeInvoiced;
      return Refuse(name, verb,
                    "the fee is invoiced after acceptance / 手数料は受理後に請求します");
    case A::kPay:
      if (current == S::kFeeInvoiced) return S::kPaid;
      return Refuse(name, verb, "no fee is invoiced / 手数料が請求されていません");
    case A::kIssue:
      if (current == S::kPaid) return S::kLabelIssued;
      return Refuse(name, verb,
                    "the label is issued after the fee is paid / 手数料の支払い後に付与されます");
  }
  return Status::Internal("unknown application action");
}

std::string_view LabelActionName(LabelAction action) {
  switch (action) {
    case LabelAction::kExpire:
      return "expire";
    case LabelAction::kExtend:
      return "extend";
    case LabelAction::kWithdraw:
      return "withdraw";
    case LabelAction::kOpenSurveillance:
      return "open surveillance";
    case LabelAction::kCloseSurveillance:
      return "close surveillance";
    case LabelAction::kRevoke:
      return "revoke";
  }
  return "?";
}

Result<LabelStatus> NextLabelStatus(LabelStatus current, LabelAction action) {
  using L = LabelStatus;
  std::string_view name = LabelStatusName(current);
  std::string_view verb = LabelActionName(action);
  if (current == L::kExpired || current == L::kWithdrawn || current == L::kRevoked) {
    return Refuse(
        name, verb,
        "the label has ended and no longer has effect / この適合ラベルは既に効力を失っています");
  }
  switch (action) {
    case LabelAction::kExpire:
      return L::kExpired;  // from Active or Under Surveillance
    case LabelAction::kExtend:
      return current;  // extension keeps the status (Active, or still under surveillance)
    case LabelAction::kWithdraw:
      return L::kWithdrawn;
    case LabelAction::kOpenSurveillance:
      if (current == L::kActive) return L::kUnderSurveillance;
      return Refuse(name, verb, "surveillance is already open / 既にサーベイランス実施中です");
    case LabelAction::kCloseSurveillance:
      if (current == L::kUnderSurveillance) return L::kActive;
      return Refuse(name, verb, "no surveillance is open / サーベイランス実施中ではありません");
    case LabelAction::kRevoke:
      if (current == L::kUnderSurveillance) return L::kRevoked;
      return Refuse(name, verb,
                    "revocation follows a surveillance whose remediation failed / "
                    "取消しはサーベイランスを経て行います");
  }
  return Status::Internal("unknown label action");
}

LabelStatus EffectiveLabelStatus(LabelStatus stored, TimePoint valid_until,
                                 std::optional<TimePoint> surveillance_deadline, TimePoint now,
                                 std::optional<TimePoint>* changed_at) {
  if (changed_at) changed_at->reset();
  if (stored == LabelStatus::kActive && now >= valid_until) {
    if (changed_at) *changed_at = valid_until;
    return LabelStatus::kExpired;
  }
  if (stored == LabelStatus::kUnderSurveillance) {
    bool deadline_passed = surveillance_deadline && now >= *surveillance_deadline;
    bool validity_ended = now >= valid_until;
    if (validity_ended && (!deadline_passed || valid_until <= *surveillance_deadline)) {
      if (changed_at) *changed_at = valid_until;
      return LabelStatus::kExpired;
    }
    if (deadline_passed) {
      if (changed_at) *changed_at = *surveillance_deadline;
      return LabelStatus::kRevoked;
    }
  }
  return stored;
}

}  // namespace iotmark::registry
