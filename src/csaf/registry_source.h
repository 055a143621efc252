// Reads what a label's CSAF documents are built from — the label, its
// security information, its change stream and the product's published
// findings — through the registry's public reads, and builds the documents.
// Shared by the trusted-provider routes (src/server/api_csaf_routes.cc) and
// the public product page (src/web), so both name the same documents.
#ifndef IOTMARK_CSAF_REGISTRY_SOURCE_H_
#define IOTMARK_CSAF_REGISTRY_SOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "csaf/document.h"
#include "csaf/registry_input.h"
#include "registry/findings.h"
#include "registry/registry_service.h"

namespace iotmark::csaf {

// The registry operator as CSAF publisher, at `public_url`.
Publisher RegistryPublisher(std::string_view public_url);

// `findings` may be null (monitoring not configured: records only).
Result<LabelSecurityData> LoadLabelSecurityData(registry::RegistryService& registry,
                                                registry::FindingsService* findings,
                                                std::string_view registration_number);

// The documents of one label (empty when it publishes nothing).
Result<std::vector<CsafDocument>> LabelDocuments(registry::RegistryService& registry,
                                                 registry::FindingsService* findings,
                                                 std::string_view registration_number,
                                                 const Publisher& publisher);

// The documents of every label that has any.
Result<std::vector<CsafDocument>> AllDocuments(registry::RegistryService& registry,
                                               registry::FindingsService* findings,
                                               const Publisher& publisher);

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_REGISTRY_SOURCE_H_
