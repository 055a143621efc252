// The workflow engine over JC-STAR's own workflow (schemes/jcstar/workflow.yaml):
// the same transitions, refusals and time rules as the hand-written state
// machine in registry/lifecycle.h, and today's registration numbers.
#include "registry/workflow_engine.h"

#include <gtest/gtest.h>

#include <map>

#include "registry/lifecycle.h"
#include "registry/registration_number.h"
#include "registry/types.h"

namespace iotmark::registry {
namespace {

class WorkflowEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = catalog::Catalog::Load(IOTMARK_SOURCE_SCHEMES_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new catalog::Catalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete catalog_; }
  static const catalog::Workflow& Jcstar() {
    const catalog::Pack* pack = catalog_->FindPack("jcstar-star1");
    EXPECT_NE(pack, nullptr);
    EXPECT_TRUE(pack->workflow.has_value());
    return *pack->workflow;
  }
  static inline catalog::Catalog* catalog_ = nullptr;
};

std::string_view StepOf(ApplicationAction action) {
  switch (action) {
    case ApplicationAction::kSubmit:
      return "submit";
    case ApplicationAction::kStartInquiry:
      return "start-inquiry";
    case ApplicationAction::kClearInquiry:
      return "clear-inquiry";
    case ApplicationAction::kFlagInquiry:
      return "flag-inquiry";
    case ApplicationAction::kAccept:
      return "accept";
    case ApplicationAction::kReject:
      return "reject";
    case ApplicationAction::kInvoice:
      return "invoice";
    case ApplicationAction::kPay:
      return "pay";
    case ApplicationAction::kIssue:
      return "issue";
    case ApplicationAction::kCertify:
      return "certify";
  }
  return "";
}

TEST_F(WorkflowEngineTest, RolesAreTheRegistrysRoles) {
  for (std::string_view role : catalog::kWorkflowRoles) {
    EXPECT_TRUE(ParseRole(role).ok()) << role;
  }
  for (Role role :
       {Role::kVendorMember, Role::kOperatorReviewer, Role::kOperatorAdmin, Role::kAuditor,
        Role::kLabEvaluator}) {
    EXPECT_NE(
        std::find(catalog::kWorkflowRoles.begin(), catalog::kWorkflowRoles.end(), RoleName(role)),
        catalog::kWorkflowRoles.end());
  }
}

// Every (state, step) pair decides as lifecycle.h's table does, and a refusal
// carries the same message.
TEST_F(WorkflowEngineTest, JcstarApplicationStepsMatchTheStateMachine) {
  WorkflowEngine engine(Jcstar().application);
  using A = ApplicationAction;
  using S = ApplicationState;
  int allowed = 0;
  for (S state :
       {S::kDraft, S::kSubmitted, S::kSupplyChainInquiry, S::kInquiryCleared, S::kInquiryFlagged,
        S::kAccepted, S::kRejected, S::kFeeInvoiced, S::kPaid, S::kLabelIssued, S::kCertified}) {
    for (A action : {A::kSubmit, A::kStartInquiry, A::kClearInquiry, A::kFlagInquiry, A::kAccept,
                     A::kReject, A::kInvoice, A::kPay, A::kIssue, A::kCertify}) {
      auto expected = NextApplicationState(state, action);
      auto found = engine.Find(ApplicationStateName(state), StepOf(action));
      ASSERT_EQ(found.ok(), expected.ok()) << ApplicationStateName(state) << " " << StepOf(action);
      if (expected.ok()) {
        ++allowed;
        EXPECT_EQ((*found)->to, ApplicationStateName(*expected));
      } else {
        EXPECT_EQ(found.status().code(), StatusCode::kFailedPrecondition);
        EXPECT_EQ(found.status().message(), expected.status().message());
      }
    }
  }
  EXPECT_EQ(allowed, 14);
  // Every state is reachable, a final state is one nothing leaves.
  EXPECT_TRUE(engine.machine().IsFinal("rejected"));
  EXPECT_TRUE(engine.machine().IsFinal("label-issued"));
  EXPECT_FALSE(engine.machine().IsFinal("paid"));
}

TEST_F(WorkflowEngineTest, RolesAndRequirements) {
  WorkflowEngine engine(Jcstar().application);
  EXPECT_TRUE(engine.Authorise("submit", "vendor-member").ok());
  EXPECT_EQ(engine.Authorise("submit", "operator-admin").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(engine.Authorise("accept", "vendor-member").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(engine.Authorise("accept", "auditor").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(engine.Authorise("no-such-step", "auditor").code(), StatusCode::kFailedPrecondition);

  // reject needs a reason; the error names the input field.
  auto refused = engine.Decide("submitted", "reject", "operator-reviewer",
                               WorkflowFacts().Text("reason", "  ", "reason"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "reason");
  auto rejected = engine.Decide("submitted", "reject", "operator-reviewer",
                                WorkflowFacts().Text("reason", "不備 / incomplete", "reason"));
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(*rejected, "rejected");
  // submit needs a checklist that validates; issue needs the payment.
  EXPECT_FALSE(engine.Decide("draft", "submit", "vendor-member", {}).ok());
  EXPECT_TRUE(
      engine.Decide("draft", "submit", "vendor-member", WorkflowFacts().Add("checklist")).ok());
  EXPECT_FALSE(engine.Decide("paid", "issue", "operator-admin", {}).ok());
  EXPECT_EQ(*engine.Decide("paid", "issue", "operator-admin", WorkflowFacts().Add("payment")),
            "label-issued");

  // What a reviewer may do while the inquiry runs, and why not.
  auto options = engine.Options("supply-chain-inquiry", "operator-reviewer", {});
  std::map<std::string, bool> may;
  for (const TransitionOption& option : options) may[option.transition->name] = option.why_not.ok();
  EXPECT_EQ(may, (std::map<std::string, bool>{
                     {"clear-inquiry", true}, {"flag-inquiry", false}, {"reject", false}}));
  for (const TransitionOption& option : engine.Options("draft", "operator-admin", {})) {
    EXPECT_EQ(option.why_not.code(), StatusCode::kPermissionDenied);
  }
}

TEST_F(WorkflowEngineTest, JcstarLabelStepsMatchTheStateMachine) {
  WorkflowEngine engine(Jcstar().label);
  const std::map<LabelAction, std::string_view> steps = {
      {LabelAction::kExtend, "extend"},
      {LabelAction::kWithdraw, "withdraw"},
      {LabelAction::kOpenSurveillance, "open-surveillance"},
      {LabelAction::kCloseSurveillance, "close-surveillance"},
      {LabelAction::kRevoke, "revoke"}};
  for (LabelStatus status : {LabelStatus::kActive, LabelStatus::kExpired, LabelStatus::kWithdrawn,
                             LabelStatus::kRevoked, LabelStatus::kUnderSurveillance}) {
    for (const auto& [action, step] : steps) {
      auto expected = NextLabelStatus(status, action);
      auto found = engine.Find(LabelStatusName(status), step);
      ASSERT_EQ(found.ok(), expected.ok()) << LabelStatusName(status) << " " << step;
      if (expected.ok()) {
        EXPECT_EQ((*found)->to, LabelStatusName(*expected)) << step;
      } else {
        EXPECT_EQ(found.status().message(), expected.status().message());
      }
    }
  }
}

// The timed rules give what EffectiveLabelStatus (and the SQL beside it in
// persistence/label_status_sql.h) computes, on a grid of times.
TEST_F(WorkflowEngineTest, JcstarTimedRulesMatchEffectiveStatus) {
  WorkflowEngine engine(Jcstar().label);
  const TimePoint t0 = TimePoint(std::chrono::seconds(1'800'000'000));
  const auto day = std::chrono::hours(24);
  int fired = 0;
  for (LabelStatus stored : {LabelStatus::kActive, LabelStatus::kUnderSurveillance,
                             LabelStatus::kExpired, LabelStatus::kWithdrawn}) {
    for (int until = 1; until <= 4; ++until) {
      for (int deadline = 0; deadline <= 4; ++deadline) {  // 0: none (evidence came in time)
        for (int now = 0; now <= 5; ++now) {
          std::optional<TimePoint> deadline_at;
          std::map<std::string, TimePoint> times = {{"valid_until", t0 + until * day}};
          if (deadline > 0) {
            deadline_at = t0 + deadline * day;
            times["surveillance_deadline"] = *deadline_at;
          }
          std::optional<TimePoint> changed_at;
          LabelStatus expected = EffectiveLabelStatus(stored, t0 + until * day, deadline_at,
                                                      t0 + now * day, &changed_at);
          TimedOutcome outcome = engine.Advance(LabelStatusName(stored), times, t0 + now * day);
          ASSERT_EQ(outcome.state, LabelStatusName(expected))
              << LabelStatusName(stored) << " until " << until << " deadline " << deadline
              << " now " << now;
          EXPECT_EQ(outcome.at, changed_at);
          if (outcome.fired) {
            ++fired;
            EXPECT_EQ(outcome.fired->event, outcome.state);  // "expired" / "revoked"
          }
        }
      }
    }
  }
  EXPECT_GT(fired, 0);
}

TEST_F(WorkflowEngineTest, ArchiveAfterYearsChainsAfterExpiry) {
  catalog::StateMachine machine;
  machine.initial = "active";
  machine.timed = {
      {"expire", {"active"}, "expired", "valid_until", 0, "expired", "r", "", "", ""},
      {"archive", {"expired"}, "archived", "valid_until", 60, "archived", "r", "", "", ""}};
  WorkflowEngine engine(machine);
  const TimePoint until = TimePoint(std::chrono::seconds(1'800'000'000));
  std::map<std::string, TimePoint> times = {{"valid_until", until}};
  EXPECT_EQ(engine.Advance("active", times, until - std::chrono::seconds(1)).state, "active");
  EXPECT_EQ(engine.Advance("active", times, until).state, "expired");
  TimedOutcome archived = engine.Advance("active", times, AddCalendarMonths(until, 60));
  EXPECT_EQ(archived.state, "archived");
  EXPECT_EQ(archived.at, AddCalendarMonths(until, 60));
  EXPECT_EQ(engine.Advance("expired", {}, AddCalendarMonths(until, 120)).state, "expired");
}

TEST_F(WorkflowEngineTest, NumberFormatGivesTodaysNumbers) {
  const catalog::NumberFormat& format = Jcstar().registration_number;
  for (int stars = 1; stars <= 4; ++stars) {
    for (int sequence : {1, 123, 999999}) {
      auto expected = FormatRegistrationNumber({stars, 2026, sequence});
      ASSERT_TRUE(expected.ok());
      auto formatted = FormatNumber(format, stars, 2026, sequence);
      ASSERT_TRUE(formatted.ok()) << formatted.status().ToString();
      EXPECT_EQ(*formatted, *expected);
      EXPECT_TRUE(CheckNumber(format, *formatted).ok());
    }
  }
  EXPECT_EQ(FormatNumber(format, 3, 2027, 42)->substr(0, 5), "JCS3-");
  EXPECT_FALSE(FormatNumber(format, 1, 2026, 1'000'000).ok());
  std::string good = *FormatNumber(format, 1, 2026, 123);
  std::string bad_check = good;
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  EXPECT_FALSE(CheckNumber(format, bad_check).ok());
  EXPECT_FALSE(CheckNumber(format, good + "0").ok());
  EXPECT_FALSE(CheckNumber(format, "XCS1-2026-000123-4").ok());

  catalog::NumberFormat other;
  other.pattern = "BM-{year}/{sequence:4}";
  other.segments = *catalog::ParseNumberPattern(other.pattern);
  EXPECT_EQ(*FormatNumber(other, 0, 2026, 7), "BM-2026/0007");
  EXPECT_TRUE(CheckNumber(other, "BM-2026/0007").ok());
  EXPECT_FALSE(catalog::ParseNumberPattern("X{year}{sequence:4}").ok());
  EXPECT_FALSE(catalog::ParseNumberPattern("X-{year}").ok());
  EXPECT_FALSE(catalog::ParseNumberPattern("X-{serial}-{sequence:4}").ok());
}

}  // namespace
}  // namespace iotmark::registry
