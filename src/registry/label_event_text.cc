#include "registry/label_event_text.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "catalog/history_template.h"

namespace iotmark::registry {
namespace {

std::chrono::year_month_day JapanDate(TimePoint time) {
  return std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(time + std::chrono::hours(9)));
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "application 12" at the start of `text`: the id, and `text` after it.
std::optional<std::int64_t> TakeApplication(std::string_view* text) {
  constexpr std::string_view kPrefix = "application ";
  if (!StartsWith(*text, kPrefix)) return std::nullopt;
  std::string_view rest = text->substr(kPrefix.size());
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (error != std::errc() || end == rest.data() || id <= 0) return std::nullopt;
  *text = rest.substr(static_cast<std::size_t>(end - rest.data()));
  return id;
}

// The issue step's texts (registry/service_applications.cc, IssueLabel).
bool ParseIssueStep(std::string_view reason, LabelEventParameters* out) {
  std::string_view rest = reason;
  auto application = TakeApplication(&rest);
  if (!application) return false;
  constexpr std::string_view kValidUntil = ", valid until ";
  constexpr std::string_view kArrow = " → ";
  if (StartsWith(rest, kValidUntil)) {
    rest.remove_prefix(kValidUntil.size());
    std::size_t arrow = rest.find(kArrow);
    if (arrow == std::string_view::npos) {
      out->valid_until = ParseIso8601(rest);
    } else {
      out->previous_valid_until = ParseIso8601(rest.substr(0, arrow));
      out->valid_until = ParseIso8601(rest.substr(arrow + kArrow.size()));
    }
    if (!out->valid_until) return false;
  } else if (rest != " (change / 変更申請)") {
    return false;
  }
  out->application_id = application;
  return true;
}

// SetFirmwareCoverage's text: "V: covered / 対象" or "V: not covered / 対象外: R".
bool ParseCoverage(std::string_view reason, LabelEventParameters* out) {
  constexpr std::string_view kCovered = ": covered / 対象";
  constexpr std::string_view kNotCovered = ": not covered / 対象外: ";
  if (EndsWith(reason, kCovered)) {
    out->version = std::string(reason.substr(0, reason.size() - kCovered.size()));
    return true;
  }
  std::size_t at = reason.find(kNotCovered);
  if (at == std::string_view::npos) return false;
  out->version = std::string(reason.substr(0, at));
  out->reason = std::string(reason.substr(at + kNotCovered.size()));
  return true;
}

// The label steps' own framing of the actor's text (registry/service_labels.cc).
void ParseStepText(const LabelEvent& event, LabelEventParameters* out) {
  std::string_view reason = event.reason;
  constexpr std::string_view kWithdraw = "vendor request / 自主取下げ: ";
  constexpr std::string_view kSpecChange =
      "security-relevant specification change reported / セキュリティ仕様の変更報告: ";
  constexpr std::string_view kDeadline = " (deadline ";
  if (event.kind == "withdrawn" && StartsWith(reason, kWithdraw)) {
    out->step = "withdraw";
    reason.remove_prefix(kWithdraw.size());
  } else if (event.kind == "withdrawn" && StartsWith(reason, kSpecChange)) {
    out->step = "report-specification-change";
    reason.remove_prefix(kSpecChange.size());
  } else if (event.kind == "surveillance-opened" && EndsWith(reason, ")")) {
    std::size_t at = reason.rfind(kDeadline);
    if (at != std::string_view::npos) {
      auto deadline = ParseIso8601(
          reason.substr(at + kDeadline.size(), reason.size() - 1 - at - kDeadline.size()));
      if (deadline) {
        out->deadline = deadline;
        reason = reason.substr(0, at);
      }
    }
  }
  out->reason = std::string(reason);
}

// The timed rule that wrote `event` (the system, its kind and status), if any.
const catalog::TimedTransition* TimedRuleOf(const LabelEvent& event,
                                            const catalog::StateMachine& label) {
  if (event.actor_user_id != 0 || !event.to) return nullptr;
  for (const catalog::TimedTransition& timed : label.timed) {
    if (timed.event == event.kind && timed.to == LabelStatusName(*event.to)) return &timed;
  }
  return nullptr;
}

std::map<std::string, std::string> Values(const LabelEventParameters& parameters, bool japanese) {
  auto date = [japanese](TimePoint time) {
    // valid_until is exclusive: the entry names the last day of validity.
    time -= std::chrono::seconds(1);
    return japanese ? FormatDateJapanese(time) : FormatDateEnglish(time);
  };
  std::map<std::string, std::string> values;
  if (parameters.application_id) {
    values["application"] = std::to_string(*parameters.application_id);
  }
  if (parameters.valid_until) values["valid_until"] = date(*parameters.valid_until);
  if (parameters.previous_valid_until) {
    values["previous_valid_until"] = date(*parameters.previous_valid_until);
  }
  if (parameters.deadline) {
    values["deadline"] = japanese ? FormatDateJapanese(*parameters.deadline)
                                  : FormatDateEnglish(*parameters.deadline);
  }
  values["version"] = parameters.version;
  values["reason"] = parameters.reason;
  return values;
}

}  // namespace

std::string FormatDateJapanese(TimePoint time) {
  const std::chrono::year_month_day date = JapanDate(time);
  return std::to_string(int(date.year())) + "年" + std::to_string(unsigned(date.month())) + "月" +
         std::to_string(unsigned(date.day())) + "日";
}

std::string FormatDateEnglish(TimePoint time) {
  static constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  const std::chrono::year_month_day date = JapanDate(time);
  return std::to_string(unsigned(date.day())) + " " +
         std::string(kMonths[unsigned(date.month()) - 1]) + " " + std::to_string(int(date.year()));
}

LabelEventParameters ParametersOf(const LabelEvent& event, const catalog::StateMachine& label) {
  LabelEventParameters parameters;
  if (const catalog::TimedTransition* timed = TimedRuleOf(event, label)) {
    parameters.timed = true;
    // The rule's own reason is its wording, not the actor's reason.
    if (event.reason != timed->reason) parameters.reason = event.reason;
    return parameters;
  }
  if (ParseIssueStep(event.reason, &parameters)) return parameters;
  if (event.kind == "firmware-coverage" && ParseCoverage(event.reason, &parameters)) {
    return parameters;
  }
  // Entries from before the issue step wrote its parameters ("ラベル交付 / label issued").
  if (event.kind != "issued" && event.kind != "extended" && event.kind != "changed") {
    ParseStepText(event, &parameters);
  }
  return parameters;
}

LabelEventText DescribeLabelEvent(const LabelEvent& event, const catalog::StateMachine& label) {
  const LabelEventParameters parameters = ParametersOf(event, label);
  const catalog::TimedTransition* timed = parameters.timed ? TimedRuleOf(event, label) : nullptr;
  std::string_view ja, en;
  bool shown = true;
  if (timed != nullptr && !timed->history_ja.empty()) {
    ja = timed->history_ja;
    en = timed->history_en;
  } else if (auto step = label.history.find(parameters.step);
             !parameters.step.empty() && step != label.history.end()) {
    ja = step->second.ja;
    en = step->second.en;
    shown = step->second.shown;
  } else if (auto found = label.history.find(event.kind); found != label.history.end()) {
    ja = found->second.ja;
    en = found->second.en;
    shown = found->second.shown;
  } else {
    return {event.reason, event.reason, false};
  }
  return {catalog::RenderHistoryTemplate(ja, Values(parameters, true)),
          catalog::RenderHistoryTemplate(en, Values(parameters, false)), shown};
}

}  // namespace iotmark::registry
