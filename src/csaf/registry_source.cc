// Registry reads → CSAF documents (see registry_source.h).
#include "csaf/registry_source.h"

namespace iotmark::csaf {

Publisher RegistryPublisher(std::string_view public_url) {
  Publisher publisher;
  publisher.namespace_url = std::string(public_url);
  publisher.base_url = std::string(public_url);
  publisher.contact_details =
      "脆弱性の報告は各ラベルの公開ページから / Report a vulnerability on the label's public "
      "page: " +
      std::string(public_url) + "/labels/{registration number}";
  return publisher;
}

Result<LabelSecurityData> LoadLabelSecurityData(registry::RegistryService& registry,
                                                registry::FindingsService* findings,
                                                std::string_view registration_number) {
  LabelSecurityData data;
  auto label = registry.GetLabel(registration_number);
  if (!label.ok()) return label.status();
  data.label = std::move(label).value();
  auto information = registry.GetSecurityInformation(registration_number);
  if (!information.ok()) return information.status();
  data.information = std::move(information).value();
  std::int64_t since = 0;
  const std::string number(registration_number);
  for (;;) {
    auto page = registry.ListChanges(since, 1000, number);
    if (!page.ok()) return page.status();
    for (auto& change : page->changes) data.changes.push_back(std::move(change));
    if (!page->more || data.changes.empty()) break;
    since = data.changes.back().sequence;
  }
  if (findings) {
    auto list = findings->ListProductFindings(data.label.product_id);
    if (!list.ok()) return list.status();
    for (auto& finding : *list) {
      if (!finding.public_state.empty()) data.findings.push_back(std::move(finding));
    }
  }
  return data;
}

Result<std::vector<CsafDocument>> LabelDocuments(registry::RegistryService& registry,
                                                 registry::FindingsService* findings,
                                                 std::string_view registration_number,
                                                 const Publisher& publisher) {
  auto data = LoadLabelSecurityData(registry, findings, registration_number);
  if (!data.ok()) return data.status();
  return DocumentsFromRegistry(*data, publisher);
}

Result<std::vector<CsafDocument>> AllDocuments(registry::RegistryService& registry,
                                               registry::FindingsService* findings,
                                               const Publisher& publisher) {
  auto numbers = registry.ListLabelsWithVulnerabilities();
  if (!numbers.ok()) return numbers.status();
  std::vector<CsafDocument> all;
  for (const std::string& number : *numbers) {
    auto documents = LabelDocuments(registry, findings, number, publisher);
    if (!documents.ok()) return documents.status();
    for (auto& d : *documents) all.push_back(std::move(d));
  }
  return all;
}

}  // namespace iotmark::csaf
