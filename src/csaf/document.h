// Builds one CSAF 2.0 document (OASIS CSAF v2.0, JSON) from a ProductInput:
// category csaf_vex (every vulnerability with every version's status) or
// csaf_security_advisory (the same shape, for the vulnerabilities one update
// fixes). Text is Japanese first with English beside; document.lang is "ja".
//
// Deterministic: the bytes depend only on the input and the publisher (keys
// sorted, dates from the input, no clock read), so the same registry state
// always gives the same document, hash, signature and ETag.
#ifndef IOTMARK_CSAF_DOCUMENT_H_
#define IOTMARK_CSAF_DOCUMENT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "csaf/model.h"

namespace iotmark::csaf {

enum class Category { kVex, kSecurityAdvisory };
std::string_view CategoryName(Category category);  // "csaf_vex", "csaf_security_advisory"

struct CsafDocument {
  std::string tracking_id;
  std::string category;  // CategoryName
  std::string title;
  // Relative to the TLP:WHITE folder: "<year of initial release>/<file name>".
  std::string path;
  std::string url;   // canonical URL: <base>/.well-known/csaf/white/<path>
  std::string json;  // the bytes served (UTF-8, indented, ends with '\n')
  TimePoint initial_release;
  TimePoint current_release;
};

// CSAF §5.1 file name: the tracking id lower-cased, every character outside
// [+-a-z0-9] replaced by '_', then ".json".
std::string FileNameFor(std::string_view tracking_id);

// The folder of the TLP:WHITE documents under the base URL.
inline constexpr std::string_view kWhiteFolder = "/.well-known/csaf/white/";

// The CSAF `publisher` object (also in provider-metadata.json).
nlohmann::json PublisherJson(const Publisher& publisher);

Result<CsafDocument> BuildDocument(const ProductInput& input, Category category,
                                   const Publisher& publisher);

}  // namespace iotmark::csaf

#endif  // IOTMARK_CSAF_DOCUMENT_H_
