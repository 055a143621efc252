// The application behind http_request_fuzz: a fresh SQLite registry wired like
// `iotmark serve` (src/server/serve.cc: label search index and repositories,
// findings, every JSON API route, monitoring and CSAF routes, the web site),
// and the handling of one fuzz input. Shared with the normal test suite
// (fuzz/http_fuzz_app_test.cc), so a harness that no longer starts fails
// there and not only at the fuzz step.
#ifndef IOTMARK_FUZZ_HTTP_FUZZ_APP_H_
#define IOTMARK_FUZZ_HTTP_FUZZ_APP_H_

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"
#include "crypto/signing.h"
#include "persistence/label_search_factory.h"
#include "persistence/repositories_factory.h"
#include "registry/checklist_adapter.h"
#include "registry/findings.h"
#include "registry/registry_service.h"
#include "server/api_monitoring_routes.h"
#include "server/api_routes.h"
#include "server/http_request_reader.h"
#include "server/request_pipeline.h"
#include "server/router.h"
#include "store/store.h"
#include "web/web_site.h"

namespace iotmark::fuzz {

struct HttpFuzzApp {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<crypto::SigningKey> key;
  std::unique_ptr<registry::RegistryService> registry;
  std::unique_ptr<registry::FindingsService> findings;
  std::unique_ptr<server::ApiContext> context;
  std::unique_ptr<web::WebSite> site;
  server::Router router;
};

// Opens `database` (a new SQLite file) and the packs of `schemes`.
inline Result<std::unique_ptr<HttpFuzzApp>> MakeHttpFuzzApp(const std::filesystem::path& database,
                                                            const std::string& schemes) {
  auto app = std::make_unique<HttpFuzzApp>();
  auto opened = store::OpenStore("sqlite:" + database.string());
  if (!opened.ok()) return opened.status().WithPrefix("store");
  app->store = std::move(opened).value();
  auto catalog = catalog::Catalog::Load(schemes);
  if (!catalog.ok()) return catalog.status().WithPrefix("schemes");
  app->catalog = std::make_unique<catalog::Catalog>(std::move(catalog).value());
  auto key = crypto::SigningKey::FromSeed(std::string(32, 'H'));
  if (!key.ok()) return key.status().WithPrefix("signing key");
  app->key = std::make_unique<crypto::SigningKey>(*key);
  registry::RegistryOptions options;
  options.public_url = "http://127.0.0.1:8080";
  // Without these the registry refuses every call (kFailedPrecondition), so
  // RegisterSigningKey failed and the fuzzer aborted before its first input.
  auto search = persistence::MakeLabelSearchIndex(*app->store);
  if (!search.ok()) return search.status().WithPrefix("label search");
  options.label_search = std::move(search).value();
  auto repositories = persistence::MakeRepositories(*app->store);
  if (!repositories.ok()) return repositories.status().WithPrefix("repositories");
  options.repositories = std::move(repositories).value();
  auto validator = std::make_shared<registry::CatalogChecklistValidator>(*app->catalog);
  const Clock& clock = SystemClock::Instance();
  app->registry = std::make_unique<registry::RegistryService>(*app->store, clock, *app->catalog,
                                                              *app->key, options, validator);
  if (Status registered = app->registry->RegisterSigningKey(); !registered.ok()) {
    return registered.WithPrefix("RegisterSigningKey");
  }
  app->findings =
      std::make_unique<registry::FindingsService>(*app->store, clock, options.repositories);
  app->context = std::make_unique<server::ApiContext>(
      server::ApiContext{*app->registry, clock, options.public_url, nullptr});
  server::AddApiRoutes(app->router, *app->context);
  server::AddMonitoringRoutes(app->router, *app->context, *app->findings);
  server::AddCsafRoutes(app->router, *app->context, *app->key, app->findings.get());
  auto site = web::WebSite::Create(web::WebDependencies{*app->registry, clock, app->catalog.get(),
                                                        options.public_url, app->key.get(),
                                                        app->store.get(), app->findings.get()});
  if (!site.ok()) return site.status().WithPrefix("web");
  app->site = std::move(site).value();
  app->site->AddRoutes(app->router);
  return app;
}

// Reads up to four pipelined requests from `input` and handles each; returns
// the first 5xx status other than 503 (a finding: bad input must be a 4xx),
// else 0.
inline int HandleHttpFuzzInput(HttpFuzzApp& app, std::string_view input) {
  for (int request_number = 0; request_number < 4 && !input.empty(); ++request_number) {
    auto parsed = server::ReadHttpRequest(input, "127.0.0.1");
    if (!parsed.ok()) return 0;
    server::HttpResponse response = server::HandleRequest(app.router, parsed->request);
    if (response.status >= 500 && response.status != 503) return response.status;
    input.remove_prefix(parsed->consumed);
  }
  return 0;
}

}  // namespace iotmark::fuzz

#endif  // IOTMARK_FUZZ_HTTP_FUZZ_APP_H_
