// The checklist results behind a label as an OSCAL assessment-results
// document (NIST OSCAL 1.1): metadata, one result with a finding per
// criterion (target status "satisfied" / "not-satisfied") and an observation
// per criterion listing its evidence files with their SHA-256 hashes.
// Deterministic: the same label and application give the same bytes (UUIDs
// are derived from content hashes), so the document can be cached and
// compared. Pure function, thread-safe.
#ifndef IOTMARK_SERVER_OSCAL_ASSESSMENT_H_
#define IOTMARK_SERVER_OSCAL_ASSESSMENT_H_

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"
#include "registry/types.h"

namespace iotmark::server {

// kInvalidArgument when the application's checklist is not a JSON object
// with a "results" array.
Result<nlohmann::json> BuildAssessmentResults(const registry::Label& label,
                                              const registry::Application& application,
                                              std::string_view public_url);

// A name-based UUID (version-5 layout over SHA-256) for `name`.
std::string DeterministicUuid(std::string_view name);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_OSCAL_ASSESSMENT_H_
