#include "server/serve.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "catalog/catalog.h"
#include "common/files.h"
#include "crypto/signing.h"
#include "net/smtp_client.h"
#include "persistence/label_search_factory.h"
#include "persistence/repositories_factory.h"
#include "registry/findings.h"
#include "registry/mail_outbox.h"
#include "registry/registry_service.h"
#include "registry/signing_key_files.h"
#include "server/access_log.h"
#include "server/api_monitoring_routes.h"
#include "server/api_routes.h"
#include "server/http_server.h"
#include "server/label_response_cache.h"
#include "server/request_pipeline.h"
#include "server/webhook_dispatcher.h"
#include "store/store.h"

#if IOTMARK_HAVE_CHECKLIST_ADAPTER
#include "registry/checklist_adapter.h"
#endif
#if IOTMARK_HAVE_WEB
#include "web/web_site.h"  // the HTML pages (src/web), added when that component is built
#endif

namespace iotmark::server {

namespace {

// Reads the signing key (`admin init` creates it), or creates the key pair
// on a first start without `admin init`.
Result<crypto::SigningKey> LoadOrCreateSigningKey(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::exists(directory / registry::kSecretKeyFileName, error)) {
    return registry::LoadSigningKey(directory);
  }
  auto key = registry::CreateSigningKey(directory);
  if (key.ok()) spdlog::info("created label signing key in {}", directory.string());
  return key;
}

// Runs `work` on its own thread now and then every `interval` until
// destroyed (the destructor wakes and joins it).
class PeriodicWorker {
 public:
  PeriodicWorker(std::chrono::milliseconds interval, std::function<void()> work)
      : thread_([this, interval, work = std::move(work)] {
          std::unique_lock lock(mutex_);
          while (!stopped_) {
            lock.unlock();
            work();
            lock.lock();
            wake_.wait_for(lock, interval, [this] { return stopped_; });
          }
        }) {}
  ~PeriodicWorker() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  std::thread thread_;
};

void SweepExpiry(registry::RegistryService& registry, const Clock& clock) {
  auto changed = registry.RunExpiry(clock.Now());
  if (!changed.ok()) {
    spdlog::warn("expiry sweep failed: {}", changed.status().ToString());
  } else if (*changed > 0) {
    spdlog::info("expiry sweep: {} label(s) changed status", *changed);
  }
}

// Keeps the label answer cache in step with the store's change stream:
// drops the labels that changed (by this server's expiry sweep or by other
// servers on the same store); starts over when it cannot tell.
// Runs `work` whenever the store reports a commit, and at least every
// `safety_interval`; stops within a second of destruction.
class NotifiedWorker {
 public:
  NotifiedWorker(std::unique_ptr<store::WriteWatcher> watcher,
                 std::chrono::milliseconds safety_interval, std::function<void()> work)
      : watcher_(std::move(watcher)),
        thread_([this, safety_interval, work = std::move(work)] {
          auto last = std::chrono::steady_clock::now();
          while (!stopped_) {
            const bool notified = watcher_->Wait(std::chrono::seconds(1));
            const auto now = std::chrono::steady_clock::now();
            if (notified || now - last >= safety_interval) {
              work();
              last = now;
            }
          }
        }) {}
  ~NotifiedWorker() {
    stopped_ = true;
    thread_.join();
  }

 private:
  std::unique_ptr<store::WriteWatcher> watcher_;
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

void FollowChanges(registry::RegistryService& registry, LabelResponseCache& cache) {
  const std::int64_t since = cache.ObservedSequence();
  auto page = registry.ListChanges(std::max<std::int64_t>(since, 0), since < 0 ? 1 : 1000);
  if (!page.ok()) {
    spdlog::warn("label cache: cannot read the change stream: {}", page.status().ToString());
    cache.Invalidate();
    cache.StartWatching(-1);
    return;
  }
  if (since < 0 || page->more) {
    if (since >= 0) cache.Invalidate();  // too many changes to name
    cache.StartWatching(page->latest_sequence);
    return;
  }
  std::vector<std::pair<std::string, std::int64_t>> changed;
  changed.reserve(page->changes.size());
  for (const registry::RegistryChange& change : page->changes) {
    changed.emplace_back(change.registration_number, change.sequence);
  }
  cache.ObserveChanges(changed, page->latest_sequence);
}

// Publishes findings whose acknowledgement deadline passed untriaged
// (registry/findings.h), in the expiry worker's rhythm.
void SweepOverdueFindings(registry::FindingsService& findings, const Clock& clock) {
  auto recorded = findings.RecordOverdueFindings(clock.Now());
  if (!recorded.ok()) {
    spdlog::warn("overdue findings sweep failed: {}", recorded.status().ToString());
  } else if (*recorded > 0) {
    spdlog::info("findings: {} now shown as under investigation (deadline passed)", *recorded);
  }
}

// Sends the queued mails (registry/mail_outbox.h) over SMTP.
void SendQueuedMail(registry::MailOutbox& outbox, const net::SmtpOptions& smtp,
                    const Clock& clock) {
  auto due = outbox.ClaimDue(clock.Now(), 20);
  if (!due.ok()) {
    spdlog::warn("mail: cannot read the outbox: {}", due.status().ToString());
    return;
  }
  for (const registry::OutgoingMail& mail : *due) {
    Status sent = net::SendMail(smtp, mail.recipient, mail.subject, mail.body);
    Status marked = sent.ok() ? outbox.MarkSent(mail.id, clock.Now())
                              : outbox.MarkFailed(mail.id, sent.message(), clock.Now());
    if (!sent.ok()) {
      spdlog::warn("mail #{} to {}: {}", mail.id, mail.recipient, sent.message());
    } else {
      spdlog::info("mail #{} sent to {}", mail.id, mail.recipient);
    }
    if (!marked.ok()) spdlog::warn("mail #{}: {}", mail.id, marked.ToString());
  }
}

void DeliverWebhooks(registry::RegistryService& registry, const Clock& clock,
                     const WebhookDispatchOptions& options) {
  auto counts = DeliverDueWebhooks(registry, clock, options);
  if (!counts.ok()) {
    spdlog::warn("webhook delivery round failed: {}", counts.status().ToString());
  } else if (counts->delivered + counts->failed > 0) {
    spdlog::info("webhooks: {} delivered, {} failed", counts->delivered, counts->failed);
  }
}

}  // namespace

Status Serve(const ServeOptions& options) {
  HttpServerOptions http_options;
  IOTMARK_RETURN_IF_ERROR(ParseListenAddress(options.listen, http_options.host, http_options.port));
  http_options.threads = options.threads;
  http_options.body_limit = options.body_limit;
  http_options.header_timeout = options.header_timeout;
  http_options.body_timeout = options.body_timeout;

  IOTMARK_RETURN_IF_ERROR(ConfigureAccessLog(options.access_log));
  auto store = store::OpenStore(options.database_url);
  if (!store.ok()) return store.status().WithPrefix("--db " + options.database_url);
  auto catalog = catalog::Catalog::Load(options.schemes_directory);
  if (!catalog.ok()) return catalog.status().WithPrefix("schemes");
  std::filesystem::path key_directory(options.key_directory);
  if (key_directory.empty()) {
    auto default_directory = registry::DefaultKeyDirectory(options.database_url);
    if (!default_directory.ok()) return default_directory.status().WithPrefix("--key-dir");
    key_directory = *default_directory;
  }
  auto key = LoadOrCreateSigningKey(key_directory);
  if (!key.ok()) return key.status().WithPrefix("--key-dir " + key_directory.string());

  // Routes are added after Listen (the public URL may name the real port)
  // and before Run, the only time the router changes.
  Router router;
  LabelResponseCache label_cache;
  HttpServer server(http_options, [&router, &label_cache](HttpRequest& request) {
    HttpResponse response = HandleRequest(router, request);
    // Whatever a non-GET request changed, no cached label answer predates it.
    if (request.method != "GET" && request.method != "HEAD") label_cache.Invalidate();
    return response;
  });
  IOTMARK_RETURN_IF_ERROR(server.Listen());
  std::string bound =
      (http_options.host.find(':') != std::string::npos ? "[" + http_options.host + "]"
                                                        : http_options.host) +
      ":" + std::to_string(server.port());
  std::string public_url = options.public_url.empty() ? "http://" + bound : options.public_url;
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();

  registry::RegistryOptions registry_options;
  registry_options.public_url = public_url;
  registry_options.webhook_allow_non_loopback = options.webhook_allow_non_loopback;
  auto label_search = persistence::MakeLabelSearchIndex(**store);
  if (!label_search.ok()) return label_search.status();
  registry_options.label_search = std::move(label_search).value();
  auto repositories = persistence::MakeRepositories(**store);
  if (!repositories.ok()) return repositories.status();
  registry_options.repositories = std::move(repositories).value();
  const Clock& clock = SystemClock::Instance();
  std::shared_ptr<const registry::ChecklistValidator> validator;
#if IOTMARK_HAVE_CHECKLIST_ADAPTER
  validator = std::make_shared<registry::CatalogChecklistValidator>(*catalog);
#endif
  registry::RegistryService registry(**store, clock, *catalog, *key, registry_options, validator);
  IOTMARK_RETURN_IF_ERROR(registry.RegisterSigningKey());
  registry::FindingsService findings(**store, clock, registry_options.repositories);
  registry::MailOutbox outbox(**store, registry_options.repositories.mail_outbox);
  net::SmtpOptions smtp;
  smtp.url = options.smtp_url;
  smtp.from = options.smtp_from;
  smtp.username = options.smtp_username;
  smtp.allow_non_loopback = options.smtp_allow_non_loopback;
  if (!options.smtp_password_file.empty()) {
    auto password = ReadFile(options.smtp_password_file, 4096);
    if (!password.ok()) return password.status().WithPrefix("--smtp-password-file");
    smtp.password = password->substr(0, password->find_first_of("\r\n"));
  }

  ApiContext context{registry, clock, public_url, &label_cache};
  AddApiRoutes(router, context);
  AddMonitoringRoutes(router, context, findings);
  AddCsafRoutes(router, context, *key, &findings);
#if IOTMARK_HAVE_WEB
  // The public pages, vendor portal and operator console (src/web).
  auto site = web::WebSite::Create(web::WebDependencies{
      registry, clock, &catalog.value(), public_url, &key.value(), store->get(), &findings});
  if (!site.ok()) return site.status().WithPrefix("web");
  (*site)->AddRoutes(router);
#endif
  WebhookDispatchOptions webhook_options;
  webhook_options.public_url = public_url;
  webhook_options.allow_non_loopback = options.webhook_allow_non_loopback;
  {
    PeriodicWorker expiry(options.expiry_interval, [&] {
      SweepExpiry(registry, clock);
      SweepOverdueFindings(findings, clock);
    });
    std::optional<PeriodicWorker> mailer;
    if (!options.smtp_url.empty()) {
      mailer.emplace(options.mail_interval, [&] { SendQueuedMail(outbox, smtp, clock); });
    } else {
      spdlog::info("no --smtp-url: mail to vendors' contacts stays queued in the store");
    }
    PeriodicWorker webhooks(options.webhook_interval,
                            [&] { DeliverWebhooks(registry, clock, webhook_options); });
    // Changes made elsewhere (other servers, the expiry sweep) reach the
    // label cache through the store's newest change sequence: on
    // PostgreSQL at each commit notification (LISTEN/NOTIFY, with a 5 s
    // poll as a safety net), on SQLite by polling every 250 ms.
    std::optional<PeriodicWorker> cache_poll;
    std::optional<NotifiedWorker> cache_listen;
    if (auto watcher = (*store)->WatchWrites()) {
      cache_listen.emplace(std::move(watcher), std::chrono::seconds(5),
                           [&] { FollowChanges(registry, label_cache); });
    } else {
      cache_poll.emplace(std::chrono::milliseconds(250),
                         [&] { FollowChanges(registry, label_cache); });
    }
    std::printf("listening on http://%s\n", bound.c_str());
    std::fflush(stdout);
    spdlog::info("iotmark serve: listening on http://{} (public URL {}, store {}, {} thread(s))",
                 bound, public_url, (*store)->BackendName(), http_options.threads);
    server.Run(/*handle_signals=*/true);
  }
  spdlog::info("iotmark serve: stopped");
  return Status::Ok();
}

}  // namespace iotmark::server
