// The vendor portal (/portal): the organisation's products, applications with
// checklist upload (errors shown beside the checklist field), labels with
// withdrawal, and the security information kept on the product page.
#include <charconv>

#include "web/product_page.h"
#include "web/registry_views.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using nlohmann::json;
using server::HttpRequest;
using server::HttpResponse;

// Extra things the portal page shows after a failed form.
struct PortalErrors {
  std::string message;                          // on top
  std::vector<registry::FieldError> checklist;  // beside the checklist field
  std::string apply_error;                      // beside the apply form
  std::string field;                            // the input at fault (Status::field())
};

// The form input a registry field is entered in (the names mostly agree).
std::string FormInputOf(std::string_view field) {
  if (field == "requested_validity_months") return "validity_months";
  return std::string(field);
}

PortalErrors TopError(const Status& status) {
  return {StatusMessage(status), {}, "", FormInputOf(status.field())};
}

HttpResponse PortalPage(WebSite& site, const HttpRequest& request, const WebSession& session,
                        int status, const PortalErrors& errors,
                        const std::string& webhook_secret = "") {
  const Language language = site.LanguageOf(request);
  const PageRenderer& text = site.renderer();
  const registry::Principal& principal = session.principal;
  json view;
  view["csrf_token"] = session.csrf_token;
  view["error"] = errors.message;
  view["apply_error"] = errors.apply_error;
  // `invalid.<input>` marks the input the error names (aria-invalid).
  view["invalid"] = json::object();
  if (!errors.field.empty()) view["invalid"][errors.field] = true;
  const std::string notice(request.Query("notice").value_or(""));
  view["notice"] = notice.empty() ? "" : text.Text("notice_" + notice, language);
  if (principal.organization_id) {
    Result<registry::Organization> organization =
        site.registry().GetOrganization(principal, *principal.organization_id);
    if (organization.ok()) view["organization"] = organization->name;
  }
  json products = json::array();
  std::map<std::int64_t, std::string> product_names;
  if (Result<std::vector<registry::Product>> list = site.registry().ListProducts(principal);
      list.ok()) {
    for (const registry::Product& product : *list) {
      product_names[product.id] = product.name + " (" + product.model_number + ")";
      products.push_back({{"id", std::to_string(product.id)},
                          {"name", product.name},
                          {"model_number", product.model_number},
                          {"product_type", product.product_type}});
    }
  }
  view["products"] = products;
  view["has_products"] = !products.empty();
  json applications = json::array();
  if (Result<std::vector<registry::Application>> list = site.registry().ListApplications(principal);
      list.ok()) {
    for (const registry::Application& application : *list) {
      const std::string state(registry::ApplicationStateName(application.state));
      applications.push_back(
          {{"id", std::to_string(application.id)},
           {"product", product_names.contains(application.product_id)
                           ? product_names[application.product_id]
                           : std::to_string(application.product_id)},
           {"kind", std::string(registry::ApplicationKindName(application.kind))},
           {"level", application.level},
           {"state", state},
           {"state_word", ApplicationStateWord(text, state, language)},
           {"is_draft", application.state == registry::ApplicationState::kDraft},
           {"note", application.rejection_reason.empty() ? application.inquiry_note
                                                         : application.rejection_reason},
           {"fee", application.fee_amount_jpy ? std::to_string(*application.fee_amount_jpy) + " 円"
                                              : std::string()}});
    }
  }
  view["applications"] = applications;
  view["has_applications"] = !applications.empty();
  json labels = json::array();
  if (Result<std::vector<registry::Label>> list = site.registry().ListLabels(principal);
      list.ok()) {
    for (const registry::Label& label : *list) {
      const SearchHitView hit = BuildSearchHit(label);
      labels.push_back(
          {{"regno", hit.registration_number},
           {"product", hit.product_name + " (" + hit.model_number + ")"},
           {"status_word", StatusWord(text, hit.status, language)},
           {"status", hit.status},
           {"valid_until", hit.valid_until},
           {"product_id", std::to_string(label.product_id)},
           {"can_extend", label.status == registry::LabelStatus::kActive},
           {"can_withdraw", label.status == registry::LabelStatus::kActive ||
                                label.status == registry::LabelStatus::kUnderSurveillance},
           {"under_surveillance", label.status == registry::LabelStatus::kUnderSurveillance}});
    }
  }
  view["labels"] = labels;
  view["has_labels"] = !labels.empty();
  json webhooks = json::array();
  if (auto list = site.registry().ListWebhooks(principal); list.ok()) {
    for (const registry::WebhookSubscription& subscription : *list) {
      webhooks.push_back(
          {{"id", std::to_string(subscription.id)},
           {"url", subscription.url},
           {"scope", subscription.registration_number ? *subscription.registration_number
                                                      : text.Text("portal_webhook_all", language)},
           {"last_result", subscription.last_result.empty() ? "-" : subscription.last_result},
           {"delivered", std::to_string(subscription.delivered_changes)}});
    }
  }
  view["webhooks"] = webhooks;
  view["has_webhooks"] = !webhooks.empty();
  view["webhook_secret"] = webhook_secret;  // a new subscription's, shown once
  json checklist_errors = json::array();
  for (const registry::FieldError& error : errors.checklist) {
    checklist_errors.push_back({{"field", error.field}, {"message", error.message}});
  }
  view["checklist_errors"] = checklist_errors;
  view["has_checklist_errors"] = !checklist_errors.empty();
  return site.Page(
      status, "portal.html", view, language,
      {{"title", text.Text("nav_portal", language) + " — " + text.Text("site_name", language)}},
      &session);
}

// Runs a portal POST: session, role, CSRF; `action` does the work and returns
// the redirect (or an error page).
template <typename Action>
HttpResponse PortalPost(WebSite& site, HttpRequest& request, Action action) {
  std::optional<WebSession> session = site.CurrentSession(request);
  if (!session || session->principal.role != registry::Role::kVendorMember) {
    return site.SessionRequired(request, session);
  }
  Result<FormFields> form = site.ReadSessionForm(request, *session);
  if (!form.ok()) {
    return PortalPage(site, request, *session, HttpStatusOf(form.status()),
                      TopError(form.status()));
  }
  return action(*session, *form);
}

HttpResponse CreateProduct(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    registry::NewProduct product;
    product.organization_id = session.principal.organization_id.value_or(0);
    product.model_number = Field(form, "model_number");
    product.name = Field(form, "name");
    product.product_type = Field(form, "product_type");
    Result<registry::Product> created = site.registry().CreateProduct(session.principal, product);
    if (!created.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(created.status()),
                        TopError(created.status()));
    }
    const std::string firmware = Field(form, "firmware_version");
    if (!firmware.empty()) {
      registry::NewFirmwareVersion version;
      version.version = firmware;
      (void)site.registry().AddFirmwareVersion(session.principal, created->id, version);
    }
    return WebSite::Redirect("/portal?notice=product_created");
  });
}

HttpResponse Apply(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::optional<std::int64_t> product_id = ParseId(Field(form, "product_id"));
    if (!product_id) {
      return PortalPage(site, request, session, 400,
                        {"", {}, "製品を選んでください / choose a product", "product_id"});
    }
    const std::string checklist = Field(form, "checklist");
    std::vector<registry::FieldError> errors = site.registry().ValidateChecklist(checklist);
    if (!errors.empty())
      return PortalPage(site, request, session, 400, {"", errors, "", "checklist"});
    registry::NewApplication application;
    application.product_id = *product_id;
    application.kind = registry::ApplicationKind::kNew;
    // The extension form of a label (有効期間の延長) sends its label.
    if (const std::string label = Field(form, "label_registration_number"); !label.empty()) {
      application.kind = registry::ApplicationKind::kExtension;
      application.label_registration_number = label;
    }
    const std::string level = Field(form, "level");
    if (!level.empty()) application.level = level;
    if (const auto months = ParseId(Field(form, "validity_months"))) {
      application.requested_validity_months = static_cast<int>(*months);
    }
    application.checklist_json = checklist;
    Result<registry::Application> created =
        site.registry().CreateApplication(session.principal, application);
    if (!created.ok()) {
      return PortalPage(
          site, request, session, HttpStatusOf(created.status()),
          {"", {}, StatusMessage(created.status()), FormInputOf(created.status().field())});
    }
    Result<registry::Application> submitted =
        site.registry().SubmitApplication(session.principal, created->id);
    if (!submitted.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(submitted.status()),
                        {"", {{"/", StatusMessage(submitted.status())}}, "", "checklist"});
    }
    return WebSite::Redirect("/portal?notice=applied");
  });
}

HttpResponse Withdraw(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    Result<registry::Label> label = site.registry().WithdrawLabel(
        session.principal, request.Param("regno"), Field(form, "reason"));
    if (!label.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(label.status()),
                        TopError(label.status()));
    }
    return WebSite::Redirect("/portal?notice=withdrawn");
  });
}

HttpResponse SubmitEvidence(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    Result<registry::Label> label = site.registry().SubmitSurveillanceEvidence(
        session.principal, request.Param("regno"), Field(form, "evidence"));
    if (!label.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(label.status()),
                        TopError(label.status()));
    }
    return WebSite::Redirect("/portal?notice=evidence_submitted");
  });
}

HttpResponse AddSecurityInformation(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::optional<std::int64_t> product_id = ParseId(Field(form, "product_id"));
    if (!product_id) {
      return PortalPage(site, request, session, 400,
                        {"製品を選んでください / choose a product", {}, "", "product_id"});
    }
    Status status;
    if (Field(form, "kind") == "vulnerability") {
      registry::NewVulnerability vulnerability;
      vulnerability.identifier = Field(form, "identifier");
      vulnerability.severity = Field(form, "severity");
      vulnerability.fixed_in_version = Field(form, "version");
      vulnerability.advisory_url = Field(form, "advisory_url");
      status =
          site.registry().AddVulnerability(session.principal, *product_id, vulnerability).status();
    } else {
      registry::NewUpdateRelease release;
      release.version = Field(form, "version");
      release.released_on = site.clock().Now();
      release.summary = Field(form, "summary");
      release.security_relevant = Field(form, "security_relevant") == "yes";
      status = site.registry().AddUpdateRelease(session.principal, *product_id, release).status();
    }
    if (!status.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(status), TopError(status));
    }
    return WebSite::Redirect("/portal?notice=security_added");
  });
}

HttpResponse CreateWebhook(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields& form) {
    registry::NewWebhook input;
    input.url = Field(form, "url");
    if (const std::string label = Field(form, "registration_number"); !label.empty()) {
      input.registration_number = label;
    }
    Result<registry::WebhookSubscription> created =
        site.registry().CreateWebhook(session.principal, input);
    if (!created.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(created.status()),
                        TopError(created.status()));
    }
    // No redirect: the secret must not travel in a URL.
    return PortalPage(site, request, session, 201, {}, created->secret);
  });
}

HttpResponse DeleteWebhook(WebSite& site, HttpRequest& request) {
  return PortalPost(site, request, [&](const WebSession& session, const FormFields&) {
    const std::optional<std::int64_t> id = ParseId(request.Param("id"));
    Status deleted = id ? site.registry().DeleteWebhook(session.principal, *id)
                        : Status::NotFound("webhook subscription not found");
    if (!deleted.ok()) {
      return PortalPage(site, request, session, HttpStatusOf(deleted), TopError(deleted));
    }
    return WebSite::Redirect("/portal?notice=webhook_deleted");
  });
}

}  // namespace

void AddPortalRoutes(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/portal", [s](HttpRequest& request) {
    std::optional<WebSession> session = s->CurrentSession(request);
    if (!session || session->principal.role != registry::Role::kVendorMember) {
      return s->SessionRequired(request, session);
    }
    return PortalPage(*s, request, *session, 200, {});
  });
  router.Add("POST", "/portal/products",
             [s](HttpRequest& request) { return CreateProduct(*s, request); });
  router.Add("POST", "/portal/applications",
             [s](HttpRequest& request) { return Apply(*s, request); });
  router.Add("POST", "/portal/labels/{regno}/withdraw",
             [s](HttpRequest& request) { return Withdraw(*s, request); });
  router.Add("POST", "/portal/labels/{regno}/evidence",
             [s](HttpRequest& request) { return SubmitEvidence(*s, request); });
  router.Add("POST", "/portal/security-information",
             [s](HttpRequest& request) { return AddSecurityInformation(*s, request); });
  router.Add("POST", "/portal/webhooks",
             [s](HttpRequest& request) { return CreateWebhook(*s, request); });
  router.Add("POST", "/portal/webhooks/{id}/delete",
             [s](HttpRequest& request) { return DeleteWebhook(*s, request); });
}

}  // namespace iotmark::web
