// Turns a parsed checklist tree into a Checklist, reporting every structural
// problem (wrong JSON type, unknown or missing field, bad enum value, value
// too long, too many entries) with its JSON path. It never stops at the first
// problem: what can be read is read, so the scheme rules can still run.
#ifndef IOTMARK_CHECKLIST_DECODER_H_
#define IOTMARK_CHECKLIST_DECODER_H_

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checklist/checklist.h"
#include "checklist/problem.h"

namespace iotmark::checklist {

// Limits on what one checklist may hold (a hostile file must not make the
// validator or an export slow or huge).
inline constexpr std::size_t kMaxShortTextBytes = 1024;  // ids, names, dates, hashes
inline constexpr std::size_t kMaxLongTextBytes = 16384;  // na_reason, note, description
inline constexpr std::size_t kMaxPathBytes = 1024;
inline constexpr std::size_t kMaxResults = 1000;
inline constexpr std::size_t kMaxEvidencePerResult = 100;

struct DecodedChecklist {
  Checklist checklist;
  std::vector<Problem> problems;
  // Paths whose value was present but unusable (wrong type, bad enum, too
  // long); rules skip them so one mistake is reported once.
  std::set<std::string> rejected_paths;
};

DecodedChecklist DecodeChecklist(const nlohmann::ordered_json& tree);

// "$.results[3].na_reason"-style path helpers.
std::string FieldPath(const std::string& parent, std::string_view field);
std::string IndexPath(const std::string& parent, std::size_t index);

}  // namespace iotmark::checklist

#endif  // IOTMARK_CHECKLIST_DECODER_H_
