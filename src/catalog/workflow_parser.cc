#include "catalog/workflow_parser.h"

#include <algorithm>
#include <deque>
#include <set>
#include <utility>

#include "catalog/history_template.h"

namespace iotmark::catalog {
namespace {

std::string Where(const NodeReader& reader, const YAML::Node& node, std::string_view path) {
  std::string where = reader.file_name();
  YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  return where + ": " + std::string(path);
}

Status Invalid(const std::string& where, const std::string& message) {
  return Status::InvalidArgument(where + ": " + message);
}

template <std::size_t N>
bool Known(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <std::size_t N>
std::string JoinNames(const std::array<std::string_view, N>& names) {
  std::string text;
  for (std::string_view name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

// `from:` as one state or a list of states.
Status ReadStates(const NodeReader& reader, const YAML::Node& map, const std::string& path,
                  const char* key, std::vector<std::string>* out) {
  const YAML::Node& node = map[key];
  std::string field = NodeReader::Join(path, key);
  if (!node.IsDefined() || node.IsNull())
    return reader.Error(map, field, "required field is missing");
  if (node.IsScalar()) {
    std::string value;
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(map, path, key, &value));
    out->push_back(std::move(value));
    return Status::Ok();
  }
  IOTMARK_RETURN_IF_ERROR(reader.OptionalStringList(map, path, key, out));
  if (out->empty()) return reader.Error(node, field, "needs at least one state");
  return Status::Ok();
}

Status ParseTransitions(const NodeReader& reader, const YAML::Node& machine,
                        const std::string& path, bool label, StateMachine* out) {
  const YAML::Node& list = machine["transitions"];
  std::string field = NodeReader::Join(path, "transitions");
  if (!list.IsDefined() || list.IsNull()) {
    return reader.Error(machine, field, "required field is missing");
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOnlyKeys(item, item_path,
                              {"name", "from", "to", "roles", "requires", "verb_en", "refused",
                               "refused_in", "note", "event"}));
    WorkflowTransition transition;
    transition.where = Where(reader, item, item_path);
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "name", &transition.name));
    IOTMARK_RETURN_IF_ERROR(ReadStates(reader, item, item_path, "from", &transition.from));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "to", &transition.to));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalStringList(item, item_path, "roles", &transition.roles));
    if (transition.roles.empty()) {
      return reader.Error(item["roles"].IsDefined() ? item["roles"] : item,
                          NodeReader::Join(item_path, "roles"),
                          "a transition needs at least one role");
    }
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalStringList(item, item_path, "requires", &transition.needs));
    transition.verb_en = transition.name;
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, item_path, "verb_en", &transition.verb_en));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "refused", &transition.refused));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalString(item, item_path, "note", &transition.note));
    if (label) {
      IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "event", &transition.event));
    } else if (item["event"].IsDefined()) {
      return reader.Error(item["event"], NodeReader::Join(item_path, "event"),
                          "only label transitions record a label event");
    }
    const YAML::Node& refused_in = item["refused_in"];
    if (refused_in.IsDefined() && !refused_in.IsNull()) {
      std::string refused_path = NodeReader::Join(item_path, "refused_in");
      IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(refused_in, refused_path));
      for (const auto& entry : refused_in) {
        if (!entry.first.IsScalar() || !entry.second.IsScalar() || entry.second.Scalar().empty()) {
          return reader.Error(entry.first, refused_path, "expected state: message");
        }
        transition.refused_in[entry.first.Scalar()] = entry.second.Scalar();
      }
    }
    out->transitions.push_back(std::move(transition));
  }
  return Status::Ok();
}

Status ParseTimed(const NodeReader& reader, const YAML::Node& machine, const std::string& path,
                  StateMachine* out) {
  const YAML::Node& list = machine["timed"];
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string field = NodeReader::Join(path, "timed");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(list, field));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    std::string item_path = NodeReader::Index(field, i);
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(
        reader.ExpectOnlyKeys(item, item_path,
                              {"name", "from", "to", "at", "after_months", "after_years", "event",
                               "reason", "history_ja", "history_en"}));
    TimedTransition timed;
    timed.where = Where(reader, item, item_path);
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "name", &timed.name));
    IOTMARK_RETURN_IF_ERROR(ReadStates(reader, item, item_path, "from", &timed.from));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "to", &timed.to));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "at", &timed.at));
    if (!Known(kWorkflowTimePoints, timed.at)) {
      return reader.Error(item["at"], NodeReader::Join(item_path, "at"),
                          "\"" + timed.at + "\" is not one of: " + JoinNames(kWorkflowTimePoints));
    }
    std::int64_t number = 0;
    if (item["after_months"].IsDefined()) {
      IOTMARK_RETURN_IF_ERROR(
          reader.RequiredInteger(item, item_path, "after_months", 0, 1200, &number));
      timed.after_months += static_cast<int>(number);
    }
    if (item["after_years"].IsDefined()) {
      IOTMARK_RETURN_IF_ERROR(
          reader.RequiredInteger(item, item_path, "after_years", 0, 100, &number));
      timed.after_months += 12 * static_cast<int>(number);
    }
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "event", &timed.event));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "reason", &timed.reason));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalString(item, item_path, "history_ja", &timed.history_ja));
    IOTMARK_RETURN_IF_ERROR(
        reader.OptionalString(item, item_path, "history_en", &timed.history_en));
    if (timed.history_ja.empty() != timed.history_en.empty()) {
      return reader.Error(item, NodeReader::Join(item_path, "history_ja"),
                          "history_ja and history_en are given together");
    }
    using Text = std::pair<const char*, const std::string*>;
    for (const auto& [key, text] :
         {Text{"history_ja", &timed.history_ja}, Text{"history_en", &timed.history_en}}) {
      if (text->empty()) continue;
      Status checked = CheckHistoryTemplate(*text);
      if (!checked.ok()) {
        return reader.Error(item[key], NodeReader::Join(item_path, key), checked.message());
      }
    }
    out->timed.push_back(std::move(timed));
  }
  return Status::Ok();
}

// `history:` of the label machine: event kind → {ja, en, public}.
Status ParseHistory(const NodeReader& reader, const YAML::Node& machine, const std::string& path,
                    StateMachine* out) {
  const YAML::Node& map = machine["history"];
  std::string field = NodeReader::Join(path, "history");
  if (!map.IsDefined() || map.IsNull()) {
    return reader.Error(machine, field, "required field is missing");
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(map, field));
  for (const auto& entry : map) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
      return reader.Error(entry.first, field, "expected an event kind");
    }
    const std::string kind = entry.first.Scalar();
    const std::string item_path = NodeReader::Join(field, kind);
    const YAML::Node& item = entry.second;
    IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, item_path, {"ja", "en", "public"}));
    EventWording wording;
    wording.where = Where(reader, item, item_path);
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "ja", &wording.ja));
    IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "en", &wording.en));
    IOTMARK_RETURN_IF_ERROR(reader.OptionalBool(item, item_path, "public", &wording.shown));
    using Text = std::pair<const char*, const std::string*>;
    for (const auto& [key, text] : {Text{"ja", &wording.ja}, Text{"en", &wording.en}}) {
      Status checked = CheckHistoryTemplate(*text);
      if (!checked.ok()) {
        return reader.Error(item[key], NodeReader::Join(item_path, key), checked.message());
      }
    }
    if (!out->history.emplace(kind, std::move(wording)).second) {
      return reader.Error(entry.first, item_path, "event kind given twice");
    }
  }
  return Status::Ok();
}

// application: states are mappings (id, names); label: states are ids of the
// pack's label_statuses.
Status ParseMachine(const NodeReader& reader, const YAML::Node& workflow, const char* key,
                    bool label, StateMachine* out) {
  const YAML::Node& machine = workflow[key];
  std::string path = NodeReader::Join("workflow", key);
  if (!machine.IsDefined() || machine.IsNull()) {
    return reader.Error(workflow, path, "required field is missing");
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(machine, path));
  if (label) {
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
        machine, path, {"initial", "states", "transitions", "timed", "final_refusal", "history"}));
  } else {
    IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
        machine, path, {"initial", "states", "transitions", "final_refusal"}));
  }
  out->where = Where(reader, machine, path);
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(machine, path, "initial", &out->initial));
  IOTMARK_RETURN_IF_ERROR(
      reader.OptionalString(machine, path, "final_refusal", &out->final_refusal));
  const YAML::Node& states = machine["states"];
  std::string states_path = NodeReader::Join(path, "states");
  if (!states.IsDefined() || states.IsNull() || (states.IsSequence() && states.size() == 0)) {
    return reader.Error(states.IsDefined() ? states : machine, states_path,
                        "a workflow needs at least one state");
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectSequence(states, states_path));
  for (std::size_t i = 0; i < states.size(); ++i) {
    const YAML::Node& item = states[i];
    std::string item_path = NodeReader::Index(states_path, i);
    WorkflowState state;
    state.where = Where(reader, item, item_path);
    if (label) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return reader.Error(item, item_path, "expected a label status id (label_statuses[].id)");
      }
      state.id = item.Scalar();
    } else {
      IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(item, item_path));
      IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(item, item_path, {"id", "name_ja", "name_en"}));
      IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "id", &state.id));
      IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "name_ja", &state.name_ja));
      IOTMARK_RETURN_IF_ERROR(reader.RequiredString(item, item_path, "name_en", &state.name_en));
    }
    out->states.push_back(std::move(state));
  }
  IOTMARK_RETURN_IF_ERROR(ParseTransitions(reader, machine, path, label, out));
  if (label) {
    IOTMARK_RETURN_IF_ERROR(ParseTimed(reader, machine, path, out));
    IOTMARK_RETURN_IF_ERROR(ParseHistory(reader, machine, path, out));
  }
  return Status::Ok();
}

Status ParseNumbering(const NodeReader& reader, const YAML::Node& workflow, NumberFormat* out) {
  const YAML::Node& map = workflow["registration_number"];
  const std::string path = "workflow.registration_number";
  if (!map.IsDefined() || map.IsNull())
    return reader.Error(workflow, path, "required field is missing");
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(map, path));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(map, path, {"pattern", "check_digit", "sequence"}));
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(map, path, "pattern", &out->pattern));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(map, path, "check_digit", &out->check_digit));
  IOTMARK_RETURN_IF_ERROR(
      reader.ExpectOneOf(map, path, "check_digit", out->check_digit, {"damm", "none"}));
  IOTMARK_RETURN_IF_ERROR(reader.OptionalString(map, path, "sequence", &out->sequence));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOneOf(map, path, "sequence", out->sequence, {"per-year"}));
  auto segments = ParseNumberPattern(out->pattern);
  if (!segments.ok()) {
    return reader.Error(map["pattern"], NodeReader::Join(path, "pattern"),
                        segments.status().message());
  }
  out->segments = std::move(segments).value();
  bool has_check = std::any_of(out->segments.begin(), out->segments.end(),
                               [](const auto& s) { return s.kind == NumberSegment::Kind::kCheck; });
  if (has_check != (out->check_digit != "none")) {
    return reader.Error(map, NodeReader::Join(path, "check_digit"),
                        has_check ? "the pattern has {check}: check_digit must name an algorithm"
                                  : "check_digit is set but the pattern has no {check}");
  }
  return Status::Ok();
}

Status CheckMachine(const Pack& pack, const char* name, StateMachine* machine) {
  const std::string path = std::string("workflow.") + name;
  std::set<std::string> ids;
  for (const WorkflowState& state : machine->states) {
    if (!ids.insert(state.id).second) {
      return Invalid(state.where, "state \"" + state.id + "\" given twice");
    }
  }
  auto unknown_state = [&](const std::string& where, const std::string& field,
                           const std::string& state, const char* what) {
    std::string known;
    for (const std::string& id : ids) known += (known.empty() ? "" : ", ") + id;
    return Invalid(where + "." + field, std::string(what) + " \"" + state +
                                            "\" is not a state of " + path + " (states: " + known +
                                            ")");
  };
  if (ids.count(machine->initial) == 0) {
    return unknown_state(machine->where, "initial", machine->initial, "initial state");
  }
  std::set<std::pair<std::string, std::string>> edges;  // (name, from)
  for (WorkflowTransition& transition : machine->transitions) {
    for (const std::string& from : transition.from) {
      if (ids.count(from) == 0) {
        return unknown_state(transition.where, "from", from, "transition from");
      }
      if (!edges.insert({transition.name, from}).second) {
        return Invalid(transition.where + ".from",
                       "transition \"" + transition.name + "\" leaves \"" + from + "\" twice");
      }
    }
    if (ids.count(transition.to) == 0) {
      return unknown_state(transition.where, "to", transition.to, "transition to");
    }
    for (const std::string& role : transition.roles) {
      if (!Known(kWorkflowRoles, role)) {
        return Invalid(transition.where + ".roles", "unknown role \"" + role + "\" (known roles: " +
                                                        JoinNames(kWorkflowRoles) + ")");
      }
    }
    for (const std::string& need : transition.needs) {
      if (!Known(kWorkflowRequirements, need)) {
        return Invalid(transition.where + ".requires",
                       "unknown requirement \"" + need +
                           "\" (known: " + JoinNames(kWorkflowRequirements) + ")");
      }
    }
    for (const auto& [state, message] : transition.refused_in) {
      if (ids.count(state) == 0) {
        return unknown_state(transition.where, "refused_in", state, "refused_in names");
      }
    }
  }
  std::set<std::string> timed_names;
  for (const TimedTransition& timed : machine->timed) {
    for (const std::string& from : timed.from) {
      if (ids.count(from) == 0) return unknown_state(timed.where, "from", from, "timed from");
    }
    if (ids.count(timed.to) == 0) return unknown_state(timed.where, "to", timed.to, "timed to");
    if (!timed_names.insert(timed.name).second) {
      return Invalid(timed.where + ".name", "timed transition \"" + timed.name + "\" given twice");
    }
  }
  // Every label event kind is worded (label machine only: it has `history`).
  if (std::string(name) == "label") {
    auto unworded = [&](const std::string& where, const std::string& kind) {
      return Invalid(where,
                     "event \"" + kind + "\" has no wording in " + path + ".history (ja, en)");
    };
    for (const WorkflowTransition& transition : machine->transitions) {
      if (machine->history.count(transition.event) == 0) {
        return unworded(transition.where + ".event", transition.event);
      }
    }
    for (const TimedTransition& timed : machine->timed) {
      if (timed.history_ja.empty() && machine->history.count(timed.event) == 0) {
        return unworded(timed.where + ".event", timed.event);
      }
    }
    for (std::string_view kind : kRegistryLabelEvents) {
      if (machine->history.count(std::string(kind)) == 0) {
        return unworded(machine->where, std::string(kind));
      }
    }
    // A key is an event kind or a label transition's name (its own wording).
    for (const auto& [key, wording] : machine->history) {
      bool known = std::find(kRegistryLabelEvents.begin(), kRegistryLabelEvents.end(), key) !=
                   kRegistryLabelEvents.end();
      for (const WorkflowTransition& t : machine->transitions) {
        known |= t.event == key || t.name == key;
      }
      for (const TimedTransition& t : machine->timed) known |= t.event == key;
      if (!known) {
        return Invalid(wording.where, "\"" + key +
                                          "\" is neither a label event kind nor a label "
                                          "transition of this workflow");
      }
    }
  }
  // Every state reachable from the initial one.
  std::set<std::string> reached = {machine->initial};
  std::deque<std::string> queue = {machine->initial};
  while (!queue.empty()) {
    std::string state = queue.front();
    queue.pop_front();
    auto visit = [&](const std::vector<std::string>& from, const std::string& to) {
      if (std::find(from.begin(), from.end(), state) == from.end()) return;
      if (reached.insert(to).second) queue.push_back(to);
    };
    for (const WorkflowTransition& t : machine->transitions) visit(t.from, t.to);
    for (const TimedTransition& t : machine->timed) visit(t.from, t.to);
  }
  for (const WorkflowState& state : machine->states) {
    if (reached.count(state.id) == 0) {
      return Invalid(state.where, "state \"" + state.id +
                                      "\" is unreachable from the initial state \"" +
                                      machine->initial + "\"");
    }
  }
  (void)pack;
  return Status::Ok();
}

}  // namespace

const WorkflowState* StateMachine::FindState(std::string_view id) const {
  for (const WorkflowState& state : states) {
    if (state.id == id) return &state;
  }
  return nullptr;
}

bool StateMachine::IsFinal(std::string_view state) const {
  auto leaves = [&](const std::vector<std::string>& from) {
    return std::find(from.begin(), from.end(), state) != from.end();
  };
  for (const WorkflowTransition& t : transitions) {
    if (leaves(t.from)) return false;
  }
  for (const TimedTransition& t : timed) {
    if (leaves(t.from)) return false;
  }
  return true;
}

Result<std::vector<NumberSegment>> ParseNumberPattern(std::string_view pattern) {
  std::vector<NumberSegment> segments;
  int sequences = 0, checks = 0, levels = 0, years = 0;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      std::size_t end = pattern.find('}', i);
      if (end == std::string_view::npos) {
        return Status::InvalidArgument("unclosed '{' at offset " + std::to_string(i));
      }
      std::string_view name = pattern.substr(i + 1, end - i - 1);
      NumberSegment segment;
      if (name == "level") {
        segment.kind = NumberSegment::Kind::kLevel;
        segment.width = 1;
        ++levels;
      } else if (name == "year") {
        segment.kind = NumberSegment::Kind::kYear;
        segment.width = 4;
        ++years;
      } else if (name == "check") {
        segment.kind = NumberSegment::Kind::kCheck;
        segment.width = 1;
        ++checks;
      } else if (name.substr(0, 9) == "sequence:" && name.size() > 9 && name.size() <= 11 &&
                 name.substr(9).find_first_not_of("0123456789") == std::string_view::npos) {
        segment.kind = NumberSegment::Kind::kSequence;
        segment.width = std::stoi(std::string(name.substr(9)));
        if (segment.width < 1 || segment.width > 12) {
          return Status::InvalidArgument("{sequence:N}: N must be 1…12");
        }
        ++sequences;
      } else {
        return Status::InvalidArgument("unknown placeholder {" + std::string(name) +
                                       "} (known: {level}, {year}, {sequence:N}, {check})");
      }
      segments.push_back(segment);
      i = end + 1;
      continue;
    }
    char c = pattern[i];
    bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == '/';
    if (!allowed) {
      return Status::InvalidArgument(std::string("character '") + c +
                                     "' is not allowed (letters, digits, - _ . / only)");
    }
    if (segments.empty() || segments.back().kind != NumberSegment::Kind::kLiteral) {
      segments.push_back({NumberSegment::Kind::kLiteral, "", 0});
    }
    segments.back().text += c;
    ++i;
  }
  if (sequences != 1) return Status::InvalidArgument("needs {sequence:N} exactly once");
  if (checks > 1 || levels > 1 || years > 1) {
    return Status::InvalidArgument("{level}, {year} and {check} may appear at most once each");
  }
  for (std::size_t k = 0; k + 1 < segments.size(); ++k) {
    if (segments[k].kind != NumberSegment::Kind::kLiteral &&
        segments[k + 1].kind != NumberSegment::Kind::kLiteral) {
      return Status::InvalidArgument(
          "two placeholders must be separated by a literal (the number must parse back)");
    }
  }
  return segments;
}

Status ParseWorkflow(const NodeReader& reader, const YAML::Node& root,
                     std::optional<Workflow>* out) {
  const YAML::Node& node = root["workflow"];
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(node, "workflow"));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOnlyKeys(
      node, "workflow", {"application", "label", "validity", "registration_number", "fee_rule"}));
  Workflow workflow;
  workflow.where = Where(reader, node, "workflow");
  IOTMARK_RETURN_IF_ERROR(ParseMachine(reader, node, "application", false, &workflow.application));
  IOTMARK_RETURN_IF_ERROR(ParseMachine(reader, node, "label", true, &workflow.label));
  const YAML::Node& validity = node["validity"];
  if (!validity.IsDefined() || validity.IsNull()) {
    return reader.Error(node, "workflow.validity", "required field is missing");
  }
  IOTMARK_RETURN_IF_ERROR(reader.ExpectMap(validity, "workflow.validity"));
  IOTMARK_RETURN_IF_ERROR(
      reader.ExpectOnlyKeys(validity, "workflow.validity", {"max_months", "extension"}));
  std::int64_t months = 0;
  IOTMARK_RETURN_IF_ERROR(
      reader.RequiredInteger(validity, "workflow.validity", "max_months", 1, 1200, &months));
  workflow.validity.max_months = static_cast<int>(months);
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(validity, "workflow.validity", "extension",
                                                &workflow.validity.extension));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOneOf(validity, "workflow.validity", "extension",
                                             workflow.validity.extension, {"before-end", "none"}));
  IOTMARK_RETURN_IF_ERROR(ParseNumbering(reader, node, &workflow.registration_number));
  IOTMARK_RETURN_IF_ERROR(reader.RequiredString(node, "workflow", "fee_rule", &workflow.fee_rule));
  IOTMARK_RETURN_IF_ERROR(reader.ExpectOneOf(node, "workflow", "fee_rule", workflow.fee_rule,
                                             {"per-application", "none"}));
  *out = std::move(workflow);
  return Status::Ok();
}

Status CheckWorkflow(Pack* pack) {
  if (!pack->workflow) return Status::Ok();
  Workflow& workflow = *pack->workflow;
  for (WorkflowState& state : workflow.label.states) {
    const LabelStatus* status = pack->FindStatus(state.id);
    if (status == nullptr) {
      std::string known;
      for (const LabelStatus& s : pack->statuses) known += (known.empty() ? "" : ", ") + s.id;
      return Invalid(state.where,
                     "\"" + state.id + "\" is not a label status of pack \"" + pack->id +
                         "\" (label_statuses: " + (known.empty() ? "none" : known) + ")");
    }
    state.name_ja = status->name_ja;
    state.name_en = status->name_en;
  }
  IOTMARK_RETURN_IF_ERROR(CheckMachine(*pack, "application", &workflow.application));
  IOTMARK_RETURN_IF_ERROR(CheckMachine(*pack, "label", &workflow.label));
  bool uses_level = std::any_of(
      workflow.registration_number.segments.begin(), workflow.registration_number.segments.end(),
      [](const NumberSegment& s) { return s.kind == NumberSegment::Kind::kLevel; });
  if (uses_level && pack->levels.empty()) {
    return Invalid(workflow.where + ".registration_number.pattern",
                   "{level} needs levels in pack \"" + pack->id + "\"");
  }
  if (workflow.fee_rule == "per-application" && pack->fees.empty()) {
    return Invalid(workflow.where + ".fee_rule",
                   "\"per-application\" needs a fee table (fees:) in pack \"" + pack->id + "\"");
  }
  return Status::Ok();
}

}  // namespace iotmark::catalog
