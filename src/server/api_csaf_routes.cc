// CSAF 2.0 trusted-provider routes (docs/csaf.md): provider metadata, the
// OpenPGP key, the ROLIE feed, index.txt, changes.csv, every document with
// its .sha256, .sha512 and .asc, and /api/v1/labels/{regno}/csaf (the
// documents of one label). Documents are built on request by src/csaf from
// the registry's public reads and the published findings; the bytes are deterministic, so ETags stay
// stable until the registry's data changes.
#include <memory>

#include "csaf/provider.h"
#include "csaf/registry_source.h"
#include "server/api_error.h"
#include "server/api_routes.h"
#include "server/response_policy.h"

namespace iotmark::server {

namespace {

using nlohmann::json;

struct CsafContext {
  ApiContext& api;
  registry::FindingsService* findings;  // may be null
  csaf::Publisher publisher;
  crypto::OpenPgpKey key;
};

Result<std::vector<csaf::CsafDocument>> LabelDocuments(CsafContext& c, const std::string& regno) {
  return csaf::LabelDocuments(c.api.registry, c.findings, regno, c.publisher);
}

Result<std::vector<csaf::CsafDocument>> AllDocuments(CsafContext& c) {
  return csaf::AllDocuments(c.api.registry, c.findings, c.publisher);
}

HttpResponse Text(std::string body, std::string content_type, TimePoint last_modified) {
  HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  MakeCacheable(response, last_modified, 60);
  return response;
}

// A listing file (provider metadata, feed, index.txt, changes.csv) made
// from every document.
template <typename Make>
HttpResponse Listing(CsafContext& c, const char* content_type, Make make) {
  auto documents = AllDocuments(c);
  if (!documents.ok()) return ErrorFromStatus(documents.status());
  return Text(make(*documents), content_type, csaf::LastUpdated(*documents));
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The registration number in a document's file name
// ("iotmark-vex-jcs1-2026-000123-7.json", "iotmark-sa-jcs1-2026-000123-7-1_0_3.json").
std::optional<std::string> RegistrationNumberOf(std::string_view file) {
  std::string_view rest;
  if (file.rfind("iotmark-vex-", 0) == 0) {
    rest = file.substr(12);
  } else if (file.rfind("iotmark-sa-", 0) == 0) {
    rest = file.substr(11);
  } else {
    return std::nullopt;
  }
  // JCS<n>-<YYYY>-<NNNNNN>-<C>: four dash-separated parts.
  std::size_t end = 0;
  for (int part = 0; part < 4; ++part) {
    end = rest.find_first_of("-.", end);
    if (end == std::string_view::npos) return std::nullopt;
    if (part < 3) ++end;
  }
  std::string number(rest.substr(0, end));
  for (char& ch : number) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  return number;
}

HttpResponse DocumentFile(CsafContext& c, HttpRequest& request) {
  const std::string path = request.Param("year") + "/" + request.Param("file");
  std::string json_path = path;
  std::string kind = "json";
  for (std::string_view suffix : {".sha256", ".sha512", ".asc"}) {
    if (EndsWith(path, suffix)) {
      json_path = path.substr(0, path.size() - suffix.size());
      kind = std::string(suffix.substr(1));
    }
  }
  const auto not_found = [] {
    return ErrorResponse(404, "not_found", "CSAF 文書が見つかりません / no such CSAF document");
  };
  if (!EndsWith(json_path, ".json")) return not_found();
  auto number = RegistrationNumberOf(request.Param("file"));
  if (!number) return not_found();
  auto documents = LabelDocuments(c, *number);
  if (!documents.ok()) {
    if (documents.status().code() == StatusCode::kNotFound ||
        documents.status().code() == StatusCode::kInvalidArgument) {
      return not_found();
    }
    return ErrorFromStatus(documents.status());
  }
  for (const csaf::CsafDocument& d : *documents) {
    if (d.path != json_path) continue;
    if (kind == "json") return Text(d.json, "application/json; charset=utf-8", d.current_release);
    if (kind == "asc") {
      return Text(csaf::SignatureFile(d, c.key), "application/pgp-signature", d.current_release);
    }
    return Text(csaf::HashFile(d, kind), "text/plain; charset=utf-8", d.current_release);
  }
  return not_found();
}

HttpResponse LabelCsaf(CsafContext& c, HttpRequest& request) {
  auto documents = LabelDocuments(c, request.Param("regno"));
  if (!documents.ok()) return ErrorFromStatus(documents.status());
  json list = json::array();
  for (const auto& d : *documents) {
    list.push_back({{"tracking_id", d.tracking_id},
                    {"category", d.category},
                    {"title", d.title},
                    {"url", d.url},
                    {"sha256_url", d.url + ".sha256"},
                    {"sha512_url", d.url + ".sha512"},
                    {"signature_url", d.url + ".asc"},
                    {"initial_release_date", FormatIso8601(d.initial_release)},
                    {"current_release_date", FormatIso8601(d.current_release)}});
  }
  HttpResponse response = JsonResponse(
      {{"registration_number", request.Param("regno")},
       {"provider_metadata", c.publisher.base_url + "/.well-known/csaf/provider-metadata.json"},
       {"documents", list}});
  MakeCacheable(response, csaf::LastUpdated(*documents), 60);
  return response;
}

}  // namespace

void AddCsafRoutes(Router& router, ApiContext& context, const crypto::SigningKey& signing_key,
                   registry::FindingsService* findings) {
  auto c = std::make_shared<CsafContext>(CsafContext{
      context, findings, csaf::RegistryPublisher(context.public_url),
      crypto::OpenPgpKey(signing_key, "iotmark label registry CSAF <" + context.public_url + ">")});
  router.Add("GET", "/.well-known/csaf/provider-metadata.json", [c](HttpRequest&) {
    return Listing(*c, "application/json; charset=utf-8", [&](const auto& documents) {
      return csaf::ProviderMetadataJson(c->publisher, c->key, documents);
    });
  });
  router.Add("GET", "/.well-known/csaf/openpgp/{file}", [c](HttpRequest& request) {
    if (request.Param("file") != c->key.Fingerprint() + ".asc") {
      return ErrorResponse(404, "not_found", "鍵が見つかりません / no such key");
    }
    return Text(c->key.ArmoredPublicKey(), "application/pgp-keys",
                TimePoint(std::chrono::seconds(crypto::kOpenPgpKeyCreated)));
  });
  router.Add("GET", "/.well-known/csaf/white/" + std::string(csaf::kFeedFile), [c](HttpRequest&) {
    return Listing(*c, "application/json; charset=utf-8", [&](const auto& documents) {
      return csaf::RolieFeedJson(c->publisher, documents);
    });
  });
  router.Add("GET", "/.well-known/csaf/white/index.txt", [c](HttpRequest&) {
    return Listing(*c, "text/plain; charset=utf-8", csaf::IndexTxt);
  });
  router.Add("GET", "/.well-known/csaf/white/changes.csv", [c](HttpRequest&) {
    return Listing(*c, "text/csv; charset=utf-8", csaf::ChangesCsv);
  });
  router.Add("GET", "/.well-known/csaf/white/{year}/{file}",
             [c](HttpRequest& request) { return DocumentFile(*c, request); });
  router.Add("GET", "/api/v1/labels/{regno}/csaf",
             [c](HttpRequest& request) { return LabelCsaf(*c, request); });
}

}  // namespace iotmark::server
