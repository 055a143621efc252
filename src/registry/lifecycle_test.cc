#include "registry/lifecycle.h"

#include <gtest/gtest.h>

#include <map>

namespace iotmark::registry {
namespace {

using A = ApplicationAction;
using S = ApplicationState;

TEST(LifecycleTest, ApplicationTransitionTableIsExactlyTheDocumentedOne) {
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::kDraft, A::kSubmit}, S::kSubmitted},
      {{S::kSubmitted, A::kStartInquiry}, S::kSupplyChainInquiry},
      {{S::kSupplyChainInquiry, A::kClearInquiry}, S::kInquiryCleared},
      {{S::kSupplyChainInquiry, A::kFlagInquiry}, S::kInquiryFlagged},
      {{S::kInquiryCleared, A::kAccept}, S::kAccepted},
      {{S::kSubmitted, A::kReject}, S::kRejected},
      {{S::kSupplyChainInquiry, A::kReject}, S::kRejected},
      {{S::kInquiryCleared, A::kReject}, S::kRejected},
      {{S::kInquiryFlagged, A::kReject}, S::kRejected},
      {{S::kAccepted, A::kInvoice}, S::kFeeInvoiced},
      {{S::kAccepted, A::kCertify}, S::kCertified},
      {{S::kCertified, A::kInvoice}, S::kFeeInvoiced},
      {{S::kFeeInvoiced, A::kPay}, S::kPaid},
      {{S::kPaid, A::kIssue}, S::kLabelIssued},
  };
  const S states[] = {
      S::kDraft,    S::kSubmitted, S::kSupplyChainInquiry, S::kInquiryCleared, S::kInquiryFlagged,
      S::kAccepted, S::kRejected,  S::kFeeInvoiced,        S::kPaid,           S::kLabelIssued,
      S::kCertified};
  const A actions[] = {A::kSubmit, A::kStartInquiry, A::kClearInquiry, A::kFlagInquiry, A::kAccept,
                       A::kReject, A::kInvoice,      A::kPay,          A::kIssue,       A::kCertify};
  int refused = 0;
  for (S state : states) {
    for (A action : actions) {
      auto next = NextApplicationState(state, action);
      auto expected = allowed.find({state, action});
      if (expected != allowed.end()) {
        ASSERT_TRUE(next.ok()) << ApplicationStateName(state) << " + "
                               << ApplicationActionName(action);
        EXPECT_EQ(*next, expected->second);
      } else {
        ++refused;
        ASSERT_FALSE(next.ok()) << ApplicationStateName(state) << " + "
                                << ApplicationActionName(action);
        EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition);
        EXPECT_NE(next.status().message().find(ApplicationStateName(state)), std::string::npos);
      }
    }
  }
  EXPECT_EQ(refused, 110 - 14);
}

TEST(LifecycleTest, LabelTransitions) {
  using L = LabelStatus;
  using LA = LabelAction;
  const std::map<std::pair<L, LA>, L> allowed = {
      {{L::kActive, LA::kExpire}, L::kExpired},
      {{L::kActive, LA::kExtend}, L::kActive},
      {{L::kActive, LA::kWithdraw}, L::kWithdrawn},
      {{L::kActive, LA::kOpenSurveillance}, L::kUnderSurveillance},
      {{L::kUnderSurveillance, LA::kExpire}, L::kExpired},
      {{L::kUnderSurveillance, LA::kExtend}, L::kUnderSurveillance},
      {{L::kUnderSurveillance, LA::kWithdraw}, L::kWithdrawn},
      {{L::kUnderSurveillance, LA::kCloseSurveillance}, L::kActive},
      {{L::kUnderSurveillance, LA::kRevoke}, L::kRevoked},
  };
  for (L status : {L::kActive, L::kExpired, L::kWithdrawn, L::kRevoked, L::kUnderSurveillance}) {
    for (LA action : {LA::kExpire, LA::kExtend, LA::kWithdraw, LA::kOpenSurveillance,
                      LA::kCloseSurveillance, LA::kRevoke}) {
      auto next = NextLabelStatus(status, action);
      auto expected = allowed.find({status, action});
      if (expected != allowed.end()) {
        ASSERT_TRUE(next.ok()) << LabelStatusName(status) << " + " << LabelActionName(action);
        EXPECT_EQ(*next, expected->second);
      } else {
        ASSERT_FALSE(next.ok()) << LabelStatusName(status) << " + " << LabelActionName(action);
        EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition);
      }
    }
  }
}

TEST(LifecycleTest, EffectiveStatusFollowsTheClock) {
  TimePoint start = *ParseIso8601("2026-01-01T00:00:00Z");
  TimePoint end = *ParseIso8601("2028-01-01T00:00:00Z");
  TimePoint deadline = *ParseIso8601("2026-06-01T00:00:00Z");
  std::optional<TimePoint> changed;
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kActive, end, std::nullopt, start, &changed),
            LabelStatus::kActive);
  EXPECT_FALSE(changed);
  EXPECT_EQ(
      EffectiveLabelStatus(LabelStatus::kActive, end, std::nullopt, end - std::chrono::seconds(1)),
      LabelStatus::kActive);
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kActive, end, std::nullopt, end, &changed),
            LabelStatus::kExpired);
  EXPECT_EQ(changed, end);
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kUnderSurveillance, end, deadline,
                                 deadline - std::chrono::seconds(1)),
            LabelStatus::kUnderSurveillance);
  EXPECT_EQ(
      EffectiveLabelStatus(LabelStatus::kUnderSurveillance, end, deadline, deadline, &changed),
      LabelStatus::kRevoked);
  EXPECT_EQ(changed, deadline);
  // Evidence came in time (no deadline passed in): stays under surveillance.
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kUnderSurveillance, end, std::nullopt,
                                 deadline + std::chrono::hours(1)),
            LabelStatus::kUnderSurveillance);
  // The validity ended before the deadline: expired.
  TimePoint late_deadline = end + std::chrono::hours(24);
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kUnderSurveillance, end, late_deadline, late_deadline,
                                 &changed),
            LabelStatus::kExpired);
  EXPECT_EQ(changed, end);
  // Final statuses never change.
  EXPECT_EQ(EffectiveLabelStatus(LabelStatus::kWithdrawn, end, std::nullopt, end),
            LabelStatus::kWithdrawn);
}

}  // namespace
}  // namespace iotmark::registry
