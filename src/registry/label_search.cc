#include "registry/label_search.h"

#include "common/search_text.h"

namespace iotmark::registry {
namespace {

// "JCS1-2026-0001" and the like: a registration number or a prefix of one
// (ASCII letters, digits and hyphens after "JCS"). Upper-cased into `prefix`.
bool RegistrationNumberPrefix(std::string_view term, std::string& prefix) {
  if (term.size() < 4 || term.size() > 32) return false;
  prefix.clear();
  for (char c : term) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit && c != '-') return false;
    prefix.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return prefix.starts_with("JCS") && prefix[3] >= '0' && prefix[3] <= '9';
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::vector<std::string> SplitSearchTerms(std::string_view text) {
  const std::string normalized = NormalizeSearchText(text);
  std::vector<std::string> terms;
  std::string current;
  for (char c : normalized) {
    if (IsSpace(c)) {
      if (!current.empty()) terms.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) terms.push_back(std::move(current));
  return terms;
}

LabelSearchTerms ParseLabelSearch(const LabelQuery& query) {
  LabelSearchTerms terms;
  for (std::string& term : SplitSearchTerms(query.text)) {
    std::string prefix;
    if (RegistrationNumberPrefix(term, prefix))
      terms.registration_prefixes.push_back(std::move(prefix));
    else
      terms.text_terms.push_back(std::move(term));
  }
  std::string vendor = NormalizeSearchText(query.vendor);
  for (char c : vendor) {
    if (!IsSpace(c)) {
      terms.vendor = std::move(vendor);
      break;
    }
  }
  return terms;
}

}  // namespace iotmark::registry
