// The operator console (/console): the queue of applications with the review
// steps (supply-chain inquiry, acceptance or rejection, invoice, payment,
// issue), labels with surveillance (evidence request, deadline), closure and
// revocation, and organisations and users.
#include <charconv>

#include "web/product_page.h"
#include "web/registry_views.h"
#include "web/web_site.h"

namespace iotmark::web {
namespace {

using nlohmann::json;
using registry::ApplicationState;
using server::HttpRequest;
using server::HttpResponse;

bool IsFinal(ApplicationState state) {
  return state == ApplicationState::kRejected || state == ApplicationState::kLabelIssued;
}

HttpResponse ConsolePage(WebSite& site, const HttpRequest& request, const WebSession& session,
                         int status, const std::string& error) {
  const Language language = site.LanguageOf(request);
  const PageRenderer& text = site.renderer();
  const registry::Principal& principal = session.principal;
  json view;
  view["csrf_token"] = session.csrf_token;
  view["error"] = error;
  view["can_act"] = principal.IsOperator();
  view["is_admin"] = principal.role == registry::Role::kOperatorAdmin;
  const std::string notice(request.Query("notice").value_or(""));
  view["notice"] = notice.empty() ? "" : text.Text("notice_" + notice, language);
  view["issued"] = std::string(request.Query("issued").value_or(""));

  std::map<std::int64_t, std::string> organization_names;
  json organizations = json::array();
  if (auto list = site.registry().ListOrganizations(principal); list.ok()) {
    for (const registry::Organization& organization : *list) {
      organization_names[organization.id] = organization.name;
      organizations.push_back({{"id", std::to_string(organization.id)},
                               {"name", organization.name},
                               {"contact_email", organization.contact_email}});
    }
  }
  view["organizations"] = organizations;
  std::map<std::int64_t, std::string> product_names;
  if (auto list = site.registry().ListProducts(principal); list.ok()) {
    for (const registry::Product& product : *list) {
      product_names[product.id] = product.name + " (" + product.model_number + ")";
    }
  }
  json queue = json::array();
  json finished = json::array();
  if (auto list = site.registry().ListApplications(principal); list.ok()) {
    for (const registry::Application& application : *list) {
      if (application.state == ApplicationState::kDraft) continue;
      const std::string state(registry::ApplicationStateName(application.state));
      const ApplicationState s = application.state;
      json row = {
          {"id", std::to_string(application.id)},
          {"vendor", organization_names[application.organization_id]},
          {"product", product_names.contains(application.product_id)
                          ? product_names[application.product_id]
                          : std::to_string(application.product_id)},
          {"kind", std::string(registry::ApplicationKindName(application.kind))},
          {"level", application.level},
          {"kind_word", application.kind == registry::ApplicationKind::kExtension
                            ? "延長 / extension"
                        : application.kind == registry::ApplicationKind::kChange ? "変更 / change"
                                                                                 : ""},
          {"state", state},
          {"state_word", ApplicationStateWord(text, state, language)},
          {"note", application.rejection_reason.empty() ? application.inquiry_note
                                                        : application.rejection_reason},
          {"fee", application.fee_amount_jpy ? std::to_string(*application.fee_amount_jpy) + " 円" +
                                                   (application.fee_tax_included ? "（税込）" : "")
                                             : std::string()},
          {"submitted_at",
           application.submitted_at ? FormatIso8601(*application.submitted_at) : std::string()},
          {"can_start_inquiry", s == ApplicationState::kSubmitted},
          {"can_record_inquiry", s == ApplicationState::kSupplyChainInquiry},
          {"can_accept", s == ApplicationState::kInquiryCleared},
          {"can_reject",
           s == ApplicationState::kSubmitted || s == ApplicationState::kSupplyChainInquiry ||
               s == ApplicationState::kInquiryCleared || s == ApplicationState::kInquiryFlagged},
          {"can_invoice", s == ApplicationState::kAccepted},
          {"needs_amount",
           s == ApplicationState::kAccepted && application.kind != registry::ApplicationKind::kNew},
          {"can_record_payment", s == ApplicationState::kFeeInvoiced},
          {"can_issue", s == ApplicationState::kPaid}};
      (IsFinal(s) ? finished : queue).push_back(row);
    }
  }
  view["queue"] = queue;
  view["has_queue"] = !queue.empty();
  view["finished"] = finished;
  view["has_finished"] = !finished.empty();
  json labels = json::array();
  if (auto list = site.registry().ListLabels(principal); list.ok()) {
    for (const registry::Label& label : *list) {
      const SearchHitView hit = BuildSearchHit(label);
      json row = {
          {"regno", hit.registration_number},
          {"vendor", hit.vendor_name},
          {"product", hit.product_name + " (" + hit.model_number + ")"},
          {"status", hit.status},
          {"status_word", StatusWord(text, hit.status, language)},
          {"valid_until", hit.valid_until},
          {"can_open_surveillance", label.status == registry::LabelStatus::kActive},
          {"under_surveillance", label.status == registry::LabelStatus::kUnderSurveillance}};
      if (label.surveillance) {
        row["deadline"] = FormatDate(label.surveillance->deadline);
        row["evidence_request"] = label.surveillance->evidence_request;
        row["evidence"] = label.surveillance->evidence;
      }
      labels.push_back(row);
    }
  }
  view["labels"] = labels;
  view["has_labels"] = !labels.empty();
  return site.Page(
      status, "console.html", view, language,
      {{"title", text.Text("nav_console", language) + " — " + text.Text("site_name", language)}},
      &session);
}

template <typename Action>
HttpResponse ConsolePost(WebSite& site, HttpRequest& request, Action action) {
  std::optional<WebSession> session = site.CurrentSession(request);
  if (!session || session->principal.role == registry::Role::kVendorMember) {
    return site.SessionRequired(request, session);
  }
  Result<FormFields> form = site.ReadSessionForm(request, *session);
  if (!form.ok()) {
    return ConsolePage(site, request, *session, HttpStatusOf(form.status()),
                       StatusMessage(form.status()));
  }
  return action(*session, *form);
}

HttpResponse ApplicationAction(WebSite& site, HttpRequest& request) {
  return ConsolePost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::optional<std::int64_t> id = ParseId(request.Param("id"));
    if (!id) return ConsolePage(site, request, session, 404, "no such application");
    const std::string action = request.Param("action");
    registry::RegistryService& registry = site.registry();
    const registry::Principal& actor = session.principal;
    if (action == "issue") {
      Result<registry::Label> label = registry.IssueLabel(actor, *id);
      if (!label.ok()) {
        return ConsolePage(site, request, session, HttpStatusOf(label.status()),
                           StatusMessage(label.status()));
      }
      return WebSite::Redirect("/console?notice=issued&issued=" +
                               PercentEncode(label->registration_number));
    }
    Result<registry::Application> result = Status::NotFound("unknown action " + action);
    if (action == "inquiry") {
      result = registry.StartSupplyChainInquiry(actor, *id);
    } else if (action == "inquiry-result") {
      result = registry.RecordInquiryResult(actor, *id, Field(form, "outcome") == "cleared",
                                            Field(form, "note"));
    } else if (action == "accept") {
      result = registry.AcceptApplication(actor, *id);
    } else if (action == "reject") {
      result = registry.RejectApplication(actor, *id, Field(form, "reason"));
    } else if (action == "invoice") {
      // An amount only where the fee table has none (extensions): the
      // registry refuses it otherwise.
      std::optional<std::int64_t> stated;
      if (const std::string amount = Field(form, "amount_jpy"); !amount.empty()) {
        stated = ParseId(amount);
        if (!stated) {
          return ConsolePage(site, request, session, 400,
                             "amount_jpy: 円の金額（正の整数）/ a positive whole number of yen");
        }
      }
      result = registry.InvoiceFee(actor, *id, stated);
    } else if (action == "payment") {
      result = registry.RecordPayment(actor, *id);
    }
    if (!result.ok()) {
      return ConsolePage(site, request, session, HttpStatusOf(result.status()),
                         StatusMessage(result.status()));
    }
    return WebSite::Redirect("/console?notice=application_updated");
  });
}

HttpResponse LabelAction(WebSite& site, HttpRequest& request) {
  return ConsolePost(site, request, [&](const WebSession& session, const FormFields& form) {
    const std::string regno = request.Param("regno");
    const std::string action = request.Param("action");
    registry::RegistryService& registry = site.registry();
    Result<registry::Label> result = Status::NotFound("unknown action " + action);
    if (action == "surveillance") {
      const std::optional<TimePoint> deadline = ParseDate(Field(form, "deadline"));
      if (!deadline) {
        return ConsolePage(site, request, session, 400,
                           "期限の日付 (YYYY-MM-DD) が正しくありません / deadline must be a date "
                           "YYYY-MM-DD");
      }
      result =
          registry.OpenSurveillance(session.principal, regno, Field(form, "evidence_request"),
                                    *deadline + std::chrono::hours(24) - std::chrono::seconds(1));
    } else if (action == "close") {
      result = registry.CloseSurveillance(session.principal, regno, Field(form, "note"));
    } else if (action == "revoke") {
      result = registry.RevokeLabel(session.principal, regno, Field(form, "reason"));
    }
    if (!result.ok()) {
      return ConsolePage(site, request, session, HttpStatusOf(result.status()),
                         StatusMessage(result.status()));
    }
    return WebSite::Redirect("/console?notice=label_updated");
  });
}

HttpResponse CreateOrganization(WebSite& site, HttpRequest& request) {
  return ConsolePost(site, request, [&](const WebSession& session, const FormFields& form) {
    registry::NewOrganization organization;
    organization.name = Field(form, "name");
    organization.name_en = Field(form, "name_en");
    organization.contact_email = Field(form, "contact_email");
    organization.disclosure_policy.policy_url = Field(form, "policy_url");
    auto created = site.registry().CreateOrganization(session.principal, organization);
    if (!created.ok()) {
      return ConsolePage(site, request, session, HttpStatusOf(created.status()),
                         StatusMessage(created.status()));
    }
    return WebSite::Redirect("/console?notice=organization_created");
  });
}

HttpResponse CreateUser(WebSite& site, HttpRequest& request) {
  return ConsolePost(site, request, [&](const WebSession& session, const FormFields& form) {
    registry::NewUser user;
    user.email = Field(form, "email");
    user.password = Field(form, "password");
    Result<registry::Role> role = registry::ParseRole(Field(form, "role"));
    if (!role.ok()) {
      return ConsolePage(site, request, session, 400, StatusMessage(role.status()));
    }
    user.role = *role;
    user.organization_id = ParseId(Field(form, "organization_id"));
    auto created = site.registry().CreateUser(session.principal, user);
    if (!created.ok()) {
      return ConsolePage(site, request, session, HttpStatusOf(created.status()),
                         StatusMessage(created.status()));
    }
    return WebSite::Redirect("/console?notice=user_created");
  });
}

}  // namespace

void AddConsoleRoutes(server::Router& router, WebSite& site) {
  WebSite* s = &site;
  router.Add("GET", "/console", [s](HttpRequest& request) {
    std::optional<WebSession> session = s->CurrentSession(request);
    if (!session || session->principal.role == registry::Role::kVendorMember) {
      return s->SessionRequired(request, session);
    }
    return ConsolePage(*s, request, *session, 200, "");
  });
  router.Add("POST", "/console/applications/{id}/{action}",
             [s](HttpRequest& request) { return ApplicationAction(*s, request); });
  router.Add("POST", "/console/labels/{regno}/{action}",
             [s](HttpRequest& request) { return LabelAction(*s, request); });
  router.Add("POST", "/console/organizations",
             [s](HttpRequest& request) { return CreateOrganization(*s, request); });
  router.Add("POST", "/console/users",
             [s](HttpRequest& request) { return CreateUser(*s, request); });
}

}  // namespace iotmark::web
