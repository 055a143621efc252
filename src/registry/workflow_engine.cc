#include "registry/workflow_engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "registry/registration_number.h"

namespace iotmark::registry {
namespace {

bool Leaves(const std::vector<std::string>& from, std::string_view state) {
  return std::find(from.begin(), from.end(), state) != from.end();
}

bool Allows(const catalog::WorkflowTransition& transition, std::string_view role) {
  return std::find(transition.roles.begin(), transition.roles.end(), role) !=
         transition.roles.end();
}

std::string RoleNameJa(std::string_view role) {
  if (role == "vendor-member") return "ベンダー";
  if (role == "operator-reviewer") return "運営者（審査）";
  if (role == "operator-admin") return "運営者（管理）";
  if (role == "auditor") return "監査担当";
  if (role == "lab-evaluator") return "評価機関";
  return std::string(role);
}

Status Denied(const std::vector<std::string>& roles) {
  std::string en, ja;
  for (const std::string& role : roles) {
    en += (en.empty() ? "" : " or ") + role;
    ja += (ja.empty() ? "" : "・") + RoleNameJa(role);
  }
  return Status::PermissionDenied("this step is for " + en + " / " + ja + "のみ実行できます");
}

}  // namespace

WorkflowFacts& WorkflowFacts::Text(std::string_view requirement, std::string_view value,
                                   std::string_view field) {
  fields[std::string(requirement)] = std::string(field);
  if (value.find_first_not_of(" \t\r\n") != std::string_view::npos) Add(requirement);
  return *this;
}

Status WorkflowEngine::Authorise(std::string_view name, std::string_view role) const {
  std::vector<std::string> roles;
  bool known = false;
  for (const catalog::WorkflowTransition& transition : machine_->transitions) {
    if (transition.name != name) continue;
    known = true;
    if (Allows(transition, role)) return Status::Ok();
    for (const std::string& r : transition.roles) {
      if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
    }
  }
  if (!known) {
    return Status::FailedPrecondition("the workflow has no step '" + std::string(name) +
                                      "' / この制度にはこの手続きがありません");
  }
  return Denied(roles);
}

Result<const catalog::WorkflowTransition*> WorkflowEngine::Find(std::string_view state,
                                                                std::string_view name) const {
  const catalog::WorkflowTransition* any = nullptr;
  for (const catalog::WorkflowTransition& transition : machine_->transitions) {
    if (transition.name != name) continue;
    if (Leaves(transition.from, state)) return &transition;
    if (any == nullptr) any = &transition;
  }
  if (any == nullptr) {
    return Status::FailedPrecondition("the workflow has no step '" + std::string(name) +
                                      "' / この制度にはこの手続きがありません");
  }
  std::string why = any->refused;
  if (auto found = any->refused_in.find(std::string(state)); found != any->refused_in.end()) {
    why = found->second;
  } else if (machine_->IsFinal(state) && !machine_->final_refusal.empty()) {
    why = machine_->final_refusal;
  }
  return Status::FailedPrecondition("cannot " + any->verb_en + " in state '" + std::string(state) +
                                    "': " + why);
}

std::set<std::string> WorkflowEngine::Requirements(std::string_view name) const {
  std::set<std::string> needs;
  for (const catalog::WorkflowTransition& transition : machine_->transitions) {
    if (transition.name == name) needs.insert(transition.needs.begin(), transition.needs.end());
  }
  return needs;
}

Status WorkflowEngine::CheckFacts(const catalog::WorkflowTransition& transition,
                                  const WorkflowFacts& facts) {
  for (const std::string& need : transition.needs) {
    if (facts.Has(need)) continue;
    auto field = facts.fields.find(need);
    std::string name = field != facts.fields.end() ? field->second : need;
    return Status::InvalidArgument("required / 必須項目です (" + transition.name + " needs " +
                                   need + ")")
        .WithField(name);
  }
  return Status::Ok();
}

Result<std::string> WorkflowEngine::Decide(std::string_view state, std::string_view name,
                                           std::string_view role,
                                           const WorkflowFacts& facts) const {
  IOTMARK_RETURN_IF_ERROR(Authorise(name, role));
  auto transition = Find(state, name);
  if (!transition.ok()) return transition.status();
  if (!Allows(**transition, role)) return Denied((*transition)->roles);
  IOTMARK_RETURN_IF_ERROR(CheckFacts(**transition, facts));
  return (*transition)->to;
}

std::vector<TransitionOption> WorkflowEngine::Options(std::string_view state, std::string_view role,
                                                      const WorkflowFacts& facts) const {
  std::vector<TransitionOption> options;
  for (const catalog::WorkflowTransition& transition : machine_->transitions) {
    if (!Leaves(transition.from, state)) continue;
    TransitionOption option;
    option.transition = &transition;
    option.to = transition.to;
    if (!Allows(transition, role)) {
      option.why_not = Denied(transition.roles);
    } else {
      option.why_not = CheckFacts(transition, facts);
    }
    options.push_back(std::move(option));
  }
  return options;
}

TimedOutcome WorkflowEngine::Advance(std::string_view stored,
                                     const std::map<std::string, TimePoint>& times,
                                     TimePoint now) const {
  TimedOutcome outcome;
  outcome.state = std::string(stored);
  std::optional<TimePoint> last;
  // Each rule fires at most once, so a cycle of timed rules cannot loop.
  std::set<const catalog::TimedTransition*> fired;
  while (true) {
    const catalog::TimedTransition* next = nullptr;
    TimePoint next_at{};
    for (const catalog::TimedTransition& rule : machine_->timed) {
      if (!Leaves(rule.from, outcome.state) || fired.count(&rule)) continue;
      auto time = times.find(rule.at);
      if (time == times.end()) continue;
      TimePoint at = AddCalendarMonths(time->second, rule.after_months);
      if (at > now || (last && at < *last)) continue;
      if (next == nullptr || at < next_at) {
        next = &rule;
        next_at = at;
      }
    }
    if (next == nullptr) break;
    fired.insert(next);
    outcome.state = next->to;
    outcome.fired = next;
    outcome.at = next_at;
    last = next_at;
  }
  return outcome;
}

TimePoint AddCalendarMonths(TimePoint start, int months) {
  using namespace std::chrono;
  if (months == 0) return start;
  auto day_start = floor<days>(start);
  auto time_of_day = start - day_start;
  year_month_day date{day_start};
  year_month_day moved = date.year() / date.month() / date.day() + std::chrono::months(months);
  if (!moved.ok()) moved = moved.year() / moved.month() / last;
  return sys_days(moved) + time_of_day;
}

Result<std::string> FormatNumber(const catalog::NumberFormat& format, int level, int year,
                                 std::int64_t sequence) {
  using Kind = catalog::NumberSegment::Kind;
  std::string text, digits;
  for (const catalog::NumberSegment& segment : format.segments) {
    char buffer[32];
    switch (segment.kind) {
      case Kind::kLiteral:
        text += segment.text;
        continue;
      case Kind::kLevel:
        if (level < 1 || level > 9) {
          return Status::FailedPrecondition("registration number: level " + std::to_string(level) +
                                            " is not one digit 1…9");
        }
        std::snprintf(buffer, sizeof buffer, "%d", level);
        break;
      case Kind::kYear:
        if (year < 2000 || year > 9999) {
          return Status::InvalidArgument("registration number: year out of range");
        }
        std::snprintf(buffer, sizeof buffer, "%04d", year);
        break;
      case Kind::kSequence: {
        std::int64_t limit = 1;
        for (int i = 0; i < segment.width; ++i) limit *= 10;
        if (sequence < 1 || sequence >= limit) {
          return Status::FailedPrecondition("registration number: sequence " +
                                            std::to_string(sequence) + " does not fit " +
                                            std::to_string(segment.width) + " digits");
        }
        std::snprintf(buffer, sizeof buffer, "%0*lld", segment.width,
                      static_cast<long long>(sequence));
        break;
      }
      case Kind::kCheck:
        std::snprintf(buffer, sizeof buffer, "%d", DammCheckDigit(digits));
        text += buffer;
        continue;
    }
    text += buffer;
    digits += buffer;
  }
  return text;
}

Status CheckNumber(const catalog::NumberFormat& format, std::string_view text) {
  using Kind = catalog::NumberSegment::Kind;
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("registration number '" + std::string(text.substr(0, 40)) +
                                   "': " + why + " (expected " + format.pattern +
                                   ") / 登録番号の形式が正しくありません");
  };
  std::size_t at = 0;
  std::string digits;
  for (const catalog::NumberSegment& segment : format.segments) {
    if (segment.kind == Kind::kLiteral) {
      if (text.substr(at, segment.text.size()) != segment.text) return invalid("wrong shape");
      at += segment.text.size();
      continue;
    }
    std::string_view part = text.substr(at, static_cast<std::size_t>(segment.width));
    if (part.size() != static_cast<std::size_t>(segment.width) ||
        part.find_first_not_of("0123456789") != std::string_view::npos) {
      return invalid("wrong shape");
    }
    at += part.size();
    switch (segment.kind) {
      case Kind::kLevel:
        if (part == "0") return invalid("level must be 1…9");
        break;
      case Kind::kYear:
        if (part < "2000") return invalid("year out of range");
        break;
      case Kind::kSequence:
        if (part.find_first_not_of('0') == std::string_view::npos) {
          return invalid("sequence 0 is never issued");
        }
        break;
      case Kind::kCheck:
        if (part[0] - '0' != DammCheckDigit(digits)) return invalid("check digit does not match");
        continue;
      case Kind::kLiteral:
        break;
    }
    digits += part;
  }
  if (at != text.size()) return invalid("wrong shape");
  return Status::Ok();
}

}  // namespace iotmark::registry
