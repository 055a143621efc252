// The wording of a label history entry in a workflow (`workflow.label.history`,
// timed rules' `history_ja` / `history_en`; docs/catalog-format.md, "History
// wording"): text with {placeholders} and optional [segments]. A segment is
// left out when a placeholder inside it has no value (an old event that did
// not record it); a placeholder outside a segment renders empty in that case.
// Example: "ラベル付与[（申請 {application}）][。有効期限 {valid_until}]".
#ifndef IOTMARK_CATALOG_HISTORY_TEMPLATE_H_
#define IOTMARK_CATALOG_HISTORY_TEMPLATE_H_

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace iotmark::catalog {

// The placeholders a history wording may use (registry/label_event_text.h
// says where each value comes from).
inline constexpr std::array<std::string_view, 6> kHistoryPlaceholders = {
    "application", "valid_until", "previous_valid_until", "deadline", "reason", "version"};

// Ok when `text` is well formed: braces closed, only kHistoryPlaceholders,
// brackets balanced and not nested.
Status CheckHistoryTemplate(std::string_view text);

// `text` (checked) with the placeholders replaced from `values`.
std::string RenderHistoryTemplate(std::string_view text,
                                  const std::map<std::string, std::string>& values);

}  // namespace iotmark::catalog

#endif  // IOTMARK_CATALOG_HISTORY_TEMPLATE_H_
