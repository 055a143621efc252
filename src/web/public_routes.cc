// Public pages: the product page /labels/{regno} with its vulnerability-report
// form, the search page, and the stylesheet.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "csaf/registry_source.h"
#include "server/response_policy.h"
#include "web/product_page.h"
#include "web/registry_views.h"
#include "web/search_page.h"
#include "web/monitoring_pages.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using server::HttpRequest;
using server::HttpResponse;

constexpr int kSearchPageSize = 20;
constexpr std::size_t kMaxQueryBytes = 200;

// Product types offered by the search filter (registry product_type codes).
const std::vector<std::string>& KnownProductTypes() {
  static const std::vector<std::string> kTypes = {
      "network-camera", "router",  "smart-speaker", "smart-lock", "smart-plug",
      "home-appliance", "printer", "sensor",        "gateway",    "other"};
  return kTypes;
}

// A read-only identity for the public parts the registry keeps behind
// principals (the issuing checklist, the vendor's contact).
registry::Principal PublicReader() {
  registry::Principal reader;
  reader.role = registry::Role::kAuditor;
  reader.email = "system:public-page";
  return reader;
}

TimePoint LastChange(const registry::Label& label) {
  TimePoint last = label.issued_at;
  for (const registry::LabelEvent& event : label.history) last = std::max(last, event.at);
  return last;
}

// Renders the product page of `regno` (status 200 or the error page).
HttpResponse ProductPage(WebSite& site, const HttpRequest& request, const std::string& regno,
                         ProductPageContext context, int status, bool cacheable) {
  const Language language = site.LanguageOf(request);
  Result<registry::Label> label = site.registry().GetLabel(regno);
  if (!label.ok()) {
    if (label.status().code() == StatusCode::kNotFound) {
      return site.MessagePage(404, site.renderer().Text("not_found_title", language),
                              site.renderer().Text("label_not_found", language), language, nullptr);
    }
    return site.MessagePage(HttpStatusOf(label.status()),
                            site.renderer().Text("error_title", language),
                            StatusMessage(label.status()), language, nullptr);
  }
  Result<registry::SecurityInformation> security = site.registry().GetSecurityInformation(regno);
  const registry::Principal reader = PublicReader();
  Result<registry::Organization> organization =
      site.registry().GetOrganization(reader, label->organization_id);
  Result<registry::Application> application =
      site.registry().GetApplication(reader, label->application_id);
  const LabelPageModel model = BuildLabelPageModel(
      *label, security.ok() ? *security : registry::SecurityInformation{},
      organization.ok() ? &organization.value() : nullptr,
      application.ok() ? std::string_view(application->checklist_json) : std::string_view(),
      site.catalog());
  context.csrf_token = site.ReportToken(regno);
  context.monitoring = MonitoringSectionView(site, label->product_id);
  const csaf::Publisher publisher = csaf::RegistryPublisher(site.public_url());
  context.csaf_provider_url = site.public_url() + "/.well-known/csaf/provider-metadata.json";
  auto documents = csaf::LabelDocuments(site.registry(), site.findings(), regno, publisher);
  if (documents.ok()) {
    for (const csaf::CsafDocument& document : *documents) {
      context.csaf_documents.push_back(
          {{"category", document.category}, {"title", document.title}, {"url", document.url}});
    }
  } else {  // say nothing rather than "none published"
    spdlog::warn("product page {}: CSAF documents: {}", regno, documents.status().ToString());
    context.csaf_provider_url.clear();
  }
  Result<std::string> html = RenderProductPage(site.renderer(), model, language, context);
  if (!html.ok()) {
    return site.MessagePage(500, site.renderer().Text("error_title", language),
                            html.status().ToString(), language, nullptr);
  }
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(html).value();
  response.SetHeader("Content-Security-Policy", std::string(kPageContentSecurityPolicy));
  response.SetHeader("Content-Language", std::string(LanguageCode(language)));
  response.SetHeader("Vary", "Accept-Language");
  if (cacheable) {
    server::MakeCacheable(response, LastChange(*label), 60);
  } else {
    response.SetHeader("Cache-Control", "no-store");
  }
  return response;
}

HttpResponse SubmitReport(WebSite& site, HttpRequest& request) {
  const std::string regno = request.Param("regno");
  const Language language = site.LanguageOf(request);
  Result<FormFields> form =
      ParseFormBody(request.Header("content-type").value_or(""), request.body);
  ProductPageContext context;
  if (!form.ok()) {
    context.form_error = form.status().message();
    return ProductPage(site, request, regno, context, 400, false);
  }
  const auto field = [&form](const char* name) {
    const auto found = form->find(name);
    return found == form->end() ? std::string() : found->second;
  };
  if (!site.VerifyReportToken(regno, field("csrf_token"))) {
    context.form_error =
        "フォームの有効期限が切れました。もう一度送信してください / The form expired; please "
        "send it again.";
    return ProductPage(site, request, regno, context, 403, false);
  }
  registry::NewVulnerabilityReport report;
  report.registration_number = regno;
  report.reporter_email = field("email");
  report.summary = field("summary");
  report.details = field("details");
  Result<registry::VulnerabilityReport> submitted =
      site.registry().SubmitVulnerabilityReport(report);
  if (!submitted.ok()) {
    context.form_error = StatusMessage(submitted.status());
    return ProductPage(site, request, regno, context, HttpStatusOf(submitted.status()), false);
  }
  context.notice = site.renderer().Text("report_received", language) + " (" +
                   (language == Language::kEnglish ? "tracking token: " : "追跡用トークン: ") +
                   submitted->tracking_token + ")";
  return ProductPage(site, request, regno, context, 200, false);
}

HttpResponse Search(WebSite& site, HttpRequest& request) {
  const Language language = site.LanguageOf(request);
  SearchPageModel model;
  model.product_types = KnownProductTypes();
  model.query = std::string(request.Query("q").value_or(""));
  model.level = std::string(request.Query("level").value_or(""));
  model.status = std::string(request.Query("status").value_or(""));
  model.product_type = std::string(request.Query("type").value_or(""));
  const std::string page_text(request.Query("page").value_or("1"));
  model.page = 1;
  if (!page_text.empty() && page_text.size() < 6 &&
      std::all_of(page_text.begin(), page_text.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    model.page = std::max(1, std::stoi(page_text));
  }
  model.searched = request.query.contains("q") || !model.level.empty() || !model.status.empty() ||
                   !model.product_type.empty();
  int status = 200;
  if (model.query.size() > kMaxQueryBytes) {
    model.error = language == Language::kEnglish
                      ? "The search text is too long (200 bytes at most)."
                      : "検索語が長すぎます（200バイトまで）。";
    model.searched = false;
    status = 400;
  }
  if (model.searched) {
    registry::LabelQuery query;
    query.text = model.query;
    if (!model.level.empty()) query.level = model.level;
    if (!model.status.empty()) {
      Result<registry::LabelStatus> parsed = registry::ParseLabelStatus(model.status);
      if (parsed.ok()) query.status = *parsed;
    }
    query.product_type = model.product_type;
    query.page = std::min(model.page, 10000);
    query.page_size = kSearchPageSize;
    // The same RegistryService::SearchLabels as GET /api/v1/labels?q= (same hits).
    Result<registry::LabelPage> page = site.registry().SearchLabels(query);
    if (!page.ok()) {
      model.error = StatusMessage(page.status());
      status = HttpStatusOf(page.status());
    } else {
      for (const registry::Label& label : page->labels) model.hits.push_back(BuildSearchHit(label));
      model.has_next_page = page->has_next_page;
    }
  }
  Result<std::string> html = RenderSearchPage(site.renderer(), model, language);
  if (!html.ok()) {
    return site.MessagePage(500, site.renderer().Text("error_title", language),
                            html.status().ToString(), language, nullptr);
  }
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(html).value();
  response.SetHeader("Content-Security-Policy", std::string(kPageContentSecurityPolicy));
  response.SetHeader("Content-Language", std::string(LanguageCode(language)));
  response.SetHeader("Vary", "Accept-Language");
  if (status == 200) server::MakeCacheable(response, std::nullopt, 30);
  return response;
}

}  // namespace

void AddPublicRoutes(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/", [](HttpRequest&) { return WebSite::Redirect("/search"); });
  router.Add("GET", "/static/iotmark.css", [s](HttpRequest&) {
    HttpResponse response;
    response.content_type = "text/css; charset=utf-8";
    response.body = std::string(s->renderer().Stylesheet());
    server::MakeCacheable(response, std::nullopt, 3600);
    return response;
  });
  router.Add("GET", "/labels/{regno}", [s](HttpRequest& request) {
    return ProductPage(*s, request, request.Param("regno"), ProductPageContext{}, 200, true);
  });
  router.Add("POST", "/labels/{regno}/vulnerability-reports",
             [s](HttpRequest& request) { return SubmitReport(*s, request); });
  router.Add("GET", "/search", [s](HttpRequest& request) { return Search(*s, request); });
}

}  // namespace iotmark::web
