// The public product page /labels/{regno}: the page the QR code on the label
// opens. Status comes first (with the date and reason of its last change),
// then the label, vendor, product, security information (newest first, with
// links to the label's CSAF documents), the monitoring section (whether an
// SBOM is kept per firmware version, published findings), the
// vulnerability-report form and the per-criterion results with the crosswalk
// to ETSI EN 303 645, UK PSTI and Singapore CLS.
#ifndef IOTMARK_WEB_PRODUCT_PAGE_H_
#define IOTMARK_WEB_PRODUCT_PAGE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "web/language.h"
#include "web/page_renderer.h"
#include "web/view_models.h"

namespace iotmark::web {

// Per-request values the page needs beside the label.
struct ProductPageContext {
  std::string csrf_token;  // for the vulnerability-report form
  std::string notice;      // a message to show on top, e.g. after a report was received
  std::string form_error;  // an error of the report form
  // The monitoring section (web/monitoring_pages.h MonitoringSectionView);
  // an empty object hides it.
  nlohmann::json monitoring = nlohmann::json::object();
  // The label's CSAF 2.0 documents, [{"category","title","url"}]
  // (csaf/registry_source.h); empty: none published yet.
  nlohmann::json csaf_documents = nlohmann::json::array();
  // The provider-metadata.json URL; empty hides the CSAF part.
  std::string csaf_provider_url;
};

// The view JSON of the page (exposed so tests can check ordering and words).
nlohmann::json ProductPageView(const PageRenderer& renderer, const LabelPageModel& label,
                               Language language, const ProductPageContext& context);

// The whole HTML document.
Result<std::string> RenderProductPage(const PageRenderer& renderer, const LabelPageModel& label,
                                      Language language, const ProductPageContext& context);

// Words for a label status code in `language` ("active" → 「有効」).
std::string StatusWord(const PageRenderer& renderer, std::string_view status, Language language);

// Words for an application state name in `language` ("label-issued" →
// 「ラベル交付済み」); the message keys use '_' where the names use '-'.
std::string ApplicationStateWord(const PageRenderer& renderer, std::string_view state,
                                 Language language);

// Percent-encodes everything outside [A-Za-z0-9-._~] (for path segments and queries).
std::string PercentEncode(std::string_view text);

}  // namespace iotmark::web

#endif  // IOTMARK_WEB_PRODUCT_PAGE_H_
