// CSAF provider files (see provider.h).
#include "csaf/provider.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/sha256.h"

namespace iotmark::csaf {

namespace {

using nlohmann::json;

std::string FileName(const CsafDocument& document) {
  return document.path.substr(document.path.rfind('/') + 1);
}

std::vector<const CsafDocument*> NewestFirst(const std::vector<CsafDocument>& documents) {
  std::vector<const CsafDocument*> sorted;
  for (const auto& d : documents) sorted.push_back(&d);
  std::sort(sorted.begin(), sorted.end(), [](const CsafDocument* l, const CsafDocument* r) {
    if (l->current_release != r->current_release) return l->current_release > r->current_release;
    return l->path < r->path;
  });
  return sorted;
}

std::string Dump(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string WhiteFolderUrl(const Publisher& publisher) {
  return publisher.base_url + std::string(kWhiteFolder);
}

}  // namespace

TimePoint LastUpdated(const std::vector<CsafDocument>& documents) {
  TimePoint newest = TimePoint(std::chrono::seconds(crypto::kOpenPgpKeyCreated));
  for (const auto& d : documents) newest = std::max(newest, d.current_release);
  return newest;
}

std::string ProviderMetadataJson(const Publisher& publisher, const crypto::OpenPgpKey& key,
                                 const std::vector<CsafDocument>& documents) {
  const std::string base = publisher.base_url + "/.well-known/csaf/";
  const json publisher_json = PublisherJson(publisher);
  json metadata{
      {"canonical_url", base + "provider-metadata.json"},
      {"distributions",
       json::array({{{"directory_url", WhiteFolderUrl(publisher)},
                     {"rolie",
                      {{"feeds", json::array({{{"summary",
                                                "TLP:WHITE の CSAF 文書 / TLP:WHITE "
                                                "CSAF documents"},
                                               {"tlp_label", "WHITE"},
                                               {"url", WhiteFolderUrl(publisher) +
                                                           std::string(kFeedFile)}}})}}}}})},
      {"last_updated", FormatIso8601(LastUpdated(documents))},
      {"list_on_CSAF_aggregators", true},
      {"metadata_version", "2.0"},
      {"mirror_on_CSAF_aggregators", true},
      {"public_openpgp_keys",
       json::array({{{"fingerprint", key.Fingerprint()},
                     {"url", base + "openpgp/" + key.Fingerprint() + ".asc"}}})},
      {"publisher", publisher_json},
      {"role", "csaf_trusted_provider"}};
  return Dump(metadata);
}

std::string RolieFeedJson(const Publisher& publisher, const std::vector<CsafDocument>& documents) {
  json entries = json::array();
  for (const CsafDocument* d : NewestFirst(documents)) {
    entries.push_back(
        {{"id", d->tracking_id},
         {"title", d->title},
         {"link", json::array({{{"rel", "self"}, {"href", d->url}},
                               {{"rel", "hash"}, {"href", d->url + ".sha256"}},
                               {{"rel", "hash"}, {"href", d->url + ".sha512"}},
                               {{"rel", "signature"}, {"href", d->url + ".asc"}}})},
         {"published", FormatIso8601(d->initial_release)},
         {"updated", FormatIso8601(d->current_release)},
         {"summary", {{"content", d->category + ": " + d->title}}},
         {"content", {{"type", "application/json"}, {"src", d->url}}},
         {"format",
          {{"schema", "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"},
           {"version", "2.0"}}}});
  }
  json feed{
      {"feed",
       {{"id", "iotmark-csaf-feed-tlp-white"},
        {"title",
         "iotmark ラベル登録簿 CSAF フィード (TLP:WHITE) / iotmark label registry CSAF "
         "feed (TLP:WHITE)"},
        {"link", json::array({{{"rel", "self"},
                               {"href", WhiteFolderUrl(publisher) + std::string(kFeedFile)}}})},
        {"category", json::array({{{"scheme", "urn:ietf:params:rolie:category:information-type"},
                                   {"term", "csaf"}}})},
        {"updated", FormatIso8601(LastUpdated(documents))},
        {"entry", entries}}}};
  return Dump(feed);
}

std::string IndexTxt(const std::vector<CsafDocument>& documents) {
  std::vector<std::string> paths;
  for (const auto& d : documents) paths.push_back(d.path);
  std::sort(paths.begin(), paths.end());
  std::string out;
  for (const auto& p : paths) out += p + "\n";
  return out;
}

std::string ChangesCsv(const std::vector<CsafDocument>& documents) {
  std::string out;
  for (const CsafDocument* d : NewestFirst(documents)) {
    out += "\"" + d->path + "\",\"" + FormatIso8601(d->current_release) + "\"\n";
  }
  return out;
}

std::string HashFile(const CsafDocument& document, std::string_view algorithm) {
  const std::string digest =
      algorithm == "sha512" ? crypto::Sha512Hex(document.json) : Sha256Hex(document.json);
  return digest + "  " + FileName(document) + "\n";
}

std::string SignatureFile(const CsafDocument& document, const crypto::OpenPgpKey& key) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(document.current_release.time_since_epoch());
  return key.ArmoredDetachedSignature(document.json, seconds.count());
}

}  // namespace iotmark::csaf
