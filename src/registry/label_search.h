// Label search, the domain half: what a query means, independent of the
// index that answers it (registry/label_search_index.h). Used by
// RegistryService::SearchLabels (JSON API `GET /api/v1/labels?q=…` and the
// web `/search` page, which therefore give the same hits).
//
// - Text: normalised with NormalizeSearchText (common/search_text.h: NFKC +
//   case folding, so 「ＣＡＭ」 finds "CAM" and 「ｶﾒﾗ」 finds 「カメラ」), then split
//   into terms at whitespace (U+3000 is a space after NFKC). Every term must
//   match the vendor (name and English name), product name or model number
//   as a substring, whatever its length. A term shaped like a registration
//   number prefix ("JCS1-2026-0001") matches registration numbers instead.
// - Vendor filter: one substring (it may hold spaces) of the vendor.
// - Filters: level, product type, organisation, and the status as read
//   (status is computed on read: an active label past valid_until reads
//   Expired, see EffectiveLabelStatus).
// - Order: newest label first (descending label id, the order of issue); a
//   search by registration number alone lists the highest number first.
// - Paging: one row more than a page is read to learn whether a next page
//   exists; no COUNT over the table.
#ifndef IOTMARK_REGISTRY_LABEL_SEARCH_H_
#define IOTMARK_REGISTRY_LABEL_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "registry/types.h"

namespace iotmark::registry {

// More terms are refused (RegistryService::SearchLabels): each term is a
// clause of the index query.
inline constexpr std::size_t kMaxSearchTerms = 10;

struct LabelSearchHits {
  std::vector<std::int64_t> label_ids;  // newest first, at most page_size
  bool has_next_page = false;
};

// A LabelQuery's text parts, normalised and sorted by what answers them.
struct LabelSearchTerms {
  // Upper-case ASCII prefixes of registration numbers ("JCS1-2026").
  std::vector<std::string> registration_prefixes;
  // Normalised terms, each non-empty and free of whitespace.
  std::vector<std::string> text_terms;
  // The normalised vendor filter; "" when none (or only spaces).
  std::string vendor;

  bool has_text() const { return !text_terms.empty() || !vendor.empty(); }
};

LabelSearchTerms ParseLabelSearch(const LabelQuery& query);

// The query text normalised and split into terms at whitespace.
std::vector<std::string> SplitSearchTerms(std::string_view text);

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_LABEL_SEARCH_H_
