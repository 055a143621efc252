// JSON shapes of the registry's types in the HTTP API (docs/api.md).
// Times are ISO-8601 UTC strings; enums use the registry's API names
// ("vendor-member", "supply-chain-inquiry", "under-surveillance", …).
// Secrets never appear: users have no password field, reports show the
// tracking token only where the caller is the reporter (see ReportToJson).
#ifndef IOTMARK_SERVER_API_JSON_H_
#define IOTMARK_SERVER_API_JSON_H_

#include <nlohmann/json.hpp>

#include "registry/types.h"

namespace iotmark::server {

nlohmann::json OrganizationToJson(const registry::Organization& organization);
nlohmann::json UserToJson(const registry::User& user);
nlohmann::json PrincipalToJson(const registry::Principal& principal);
nlohmann::json FirmwareVersionToJson(const registry::FirmwareVersion& version);
nlohmann::json ProductToJson(const registry::Product& product);
nlohmann::json ApplicationToJson(const registry::Application& application);
// `with_history` false for listings.
nlohmann::json LabelToJson(const registry::Label& label, bool with_history = true);
nlohmann::json LabelPageToJson(const registry::LabelPage& page);
nlohmann::json UpdateReleaseToJson(const registry::UpdateRelease& release);
nlohmann::json VulnerabilityToJson(const registry::Vulnerability& vulnerability);
nlohmann::json SecurityInformationToJson(const registry::SecurityInformation& information);
// `include_token` only in the answer to the reporter's own submission.
nlohmann::json ReportToJson(const registry::VulnerabilityReport& report, bool include_token);
nlohmann::json TreeHeadToJson(const registry::SignedTreeHead& head);
nlohmann::json LogEntryToJson(const registry::LogEntry& entry);
nlohmann::json InclusionProofToJson(const registry::InclusionProofResult& proof);
nlohmann::json ConsistencyProofToJson(const registry::ConsistencyProofResult& proof);

}  // namespace iotmark::server

#endif  // IOTMARK_SERVER_API_JSON_H_
