// RegistryService: products and the application workflow up to label issue.
#include <algorithm>
#include <functional>

#include "registry/application_repository.h"
#include "registry/label_repository.h"
#include "registry/product_repository.h"
#include "registry/organization_repository.h"
#include "registry/registration_number.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

namespace {

constexpr std::size_t kMaxChecklistBytes = 4u << 20;

std::string JoinFieldErrors(const std::vector<FieldError>& errors) {
  std::string text;
  for (const FieldError& error : errors) {
    if (!text.empty()) text += "; ";
    text += error.field + ": " + error.message;
  }
  return text;
}

const catalog::Level* FindLevel(const catalog::Catalog& catalog, std::string_view scheme,
                                std::string_view level) {
  const catalog::Pack* pack = catalog.FindPack(scheme);
  if (!pack) return nullptr;
  for (const catalog::Level& candidate : pack->levels) {
    if (candidate.id == level) return &candidate;
  }
  return nullptr;
}

// An extension or change application needs a label the workflow can still
// extend ("extend" leaves its status), and an extension a scheme that has them.
template <typename ApplicationLike>
Status CheckExtensible(const RegistryService::Impl& impl, const ApplicationLike& application,
                       const Label& label) {
  auto scheme = impl.WorkflowOf(label.scheme);
  if (!scheme.ok()) return scheme.status();
  if (application.kind == ApplicationKind::kExtension &&
      (*scheme)->workflow->validity.extension == "none") {
    return Status::FailedPrecondition("this scheme's labels are not extended / 延長はありません");
  }
  return (*scheme)->label.Find(LabelStatusName(label.status), "extend").status();
}

ApplicationEvent MakeApplicationEvent(ApplicationState from, ApplicationState to,
                                      const Principal& actor, TimePoint now,
                                      std::string_view note) {
  ApplicationEvent event;
  event.from = from;
  event.to = to;
  event.actor_user_id = actor.user_id;
  event.actor_email = actor.email;
  event.at = now;
  event.note = std::string(note);
  return event;
}

}  // namespace

// ---------------------------------------------------------------- products

Result<Product> RegistryService::CreateProduct(const Principal& actor, const NewProduct& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  if (actor.role == Role::kOperatorReviewer) return internal::RequireAdmin(actor);
  IOTMARK_RETURN_IF_ERROR(
      internal::RequireOrganizationAccess(actor, input.organization_id, "organisation"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.model_number, "model_number"));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.name, "name"));
  TimePoint now = impl_->Now();
  Product product;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto organization = impl_->repos().organizations->Load(transaction, input.organization_id);
    if (!organization.ok()) return organization.status().WithField("organization_id");
    Product draft;
    draft.organization_id = input.organization_id;
    draft.model_number = input.model_number;
    draft.name = input.name;
    draft.product_type = input.product_type;
    draft.created_at = now;
    auto id = impl_->repos().products->Insert(transaction, draft);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists(
                   "this organisation already registered it / 登録済みの型式番号です")
            .WithField("model_number");
      }
      return id.status();
    }
    auto loaded = internal::LoadProduct(impl_->repos(), transaction, *id);
    if (!loaded.ok()) return loaded.status();
    product = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return product;
}

Result<Product> RegistryService::GetProduct(const Principal& actor, std::int64_t id) {
  Product product;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = internal::LoadProduct(impl_->repos(), transaction, id);
    if (!loaded.ok()) return loaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, loaded->organization_id, "product"));
    product = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return product;
}

Result<std::vector<Product>> RegistryService::ListProducts(
    const Principal& actor, std::optional<std::int64_t> organization_id) {
  if (actor.IsOrganizationScoped()) organization_id = actor.organization_id;
  std::vector<Product> products;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto listed = impl_->repos().products->List(transaction, organization_id);
    if (!listed.ok()) return listed.status();
    products = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return products;
}

Result<FirmwareVersion> RegistryService::AddFirmwareVersion(const Principal& actor,
                                                            std::int64_t product_id,
                                                            const NewFirmwareVersion& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(input.version, "version"));
  FirmwareVersion version;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto product = internal::LoadProduct(impl_->repos(), transaction, product_id);
    if (!product.ok()) return product.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
    FirmwareVersion draft;
    draft.product_id = product_id;
    draft.version = input.version;
    draft.released_on = input.released_on;
    auto id = impl_->repos().products->InsertFirmwareVersion(transaction, draft);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("already registered for this product").WithField("version");
      }
      return id.status();
    }
    version.id = *id;
    version.product_id = product_id;
    version.version = input.version;
    version.released_on = input.released_on;
    return internal::RecordLabelChanges(impl_->repos(), transaction,
                                        internal::ChangeScope::kProduct, product_id,
                                        "firmware-version", impl_->Now(), input.version);
  });
  if (!status.ok()) return status;
  return version;
}

// ---------------------------------------------------------------- applications

std::vector<FieldError> RegistryService::ValidateChecklist(std::string_view checklist_json,
                                                           std::string_view level) const {
  if (checklist_json.size() > kMaxChecklistBytes) {
    return {{"/", "checklist is larger than 4 MiB / チェックリストが大きすぎます"}};
  }
  return impl_->validator->Validate(checklist_json, level);
}

Result<Application> RegistryService::CreateApplication(const Principal& actor,
                                                       const NewApplication& input) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireVendor(actor));
  if (input.checklist_json.size() > kMaxChecklistBytes) {
    return Status::InvalidArgument("larger than 4 MiB").WithField("checklist");
  }
  const catalog::Level* level = FindLevel(impl_->catalog, input.scheme, input.level);
  if (!level) {
    return Status::InvalidArgument("'" + input.level + "' is not a level of scheme '" +
                                   input.scheme + "' / 制度またはレベルが不明です")
        .WithField("level");
  }
  if (!level->available) {
    return Status::InvalidArgument("the criteria of " + level->name_en + " (" + level->id +
                                   ") are not in this catalog, so it cannot be applied for / " +
                                   level->name_ja +
                                   " の適合基準はこのカタログにないため申請できません")
        .WithField("level");
  }
  auto scheme = impl_->WorkflowOf(input.scheme);
  if (!scheme.ok()) return scheme.status();
  int max_months = std::min({impl_->options.max_validity_months,
                             (*scheme)->workflow->validity.max_months,
                             level->max_validity_months > 0 ? level->max_validity_months : 24});
  if (input.requested_validity_months &&
      (*input.requested_validity_months < 1 || *input.requested_validity_months > max_months)) {
    return Status::InvalidArgument("must be 1…" + std::to_string(max_months) + " / 有効期間は" +
                                   std::to_string(max_months) + "か月以内です")
        .WithField("requested_validity_months");
  }
  bool needs_label = input.kind != ApplicationKind::kNew;
  if (needs_label != input.label_registration_number.has_value()) {
    return Status::InvalidArgument(needs_label ? "required for an extension or change / 必須です"
                                               : "only for an extension or change")
        .WithField("label_registration_number");
  }
  TimePoint now = impl_->Now();
  Application application;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    auto product = internal::LoadProduct(impl_->repos(), transaction, input.product_id);
    if (!product.ok()) return product.status().WithField("product_id");
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, product->organization_id, "product"));
    if (input.label_registration_number) {
      IOTMARK_RETURN_IF_ERROR(
          CheckNumber((*scheme)->workflow->registration_number, *input.label_registration_number)
              .WithField("label_registration_number"));
      auto label = internal::LoadLabel(impl_->repos(), transaction,
                                       *input.label_registration_number, now, false);
      if (!label.ok()) return label.status().WithField("label_registration_number");
      if (label->product_id != input.product_id) {
        return Status::InvalidArgument("the label belongs to another product")
            .WithField("label_registration_number");
      }
      IOTMARK_RETURN_IF_ERROR(CheckExtensible(*impl_, input, *label));
    }
    IOTMARK_RETURN_IF_ERROR(internal::CheckEvaluationLab(impl_->repos(), transaction, *level,
                                                         input.evaluation_lab_id));
    ApplicationRepository& applications = *impl_->repos().applications;
    Application draft;
    draft.evaluation_lab_id = input.evaluation_lab_id;
    draft.organization_id = product->organization_id;
    draft.product_id = input.product_id;
    draft.kind = input.kind;
    draft.scheme = input.scheme;
    draft.level = input.level;
    draft.label_registration_number = input.label_registration_number;
    draft.requested_validity_months = input.requested_validity_months;
    draft.checklist_json = input.checklist_json;
    draft.state = ApplicationState::kDraft;
    draft.created_at = draft.updated_at = now;
    auto id = applications.Insert(transaction, draft);
    if (!id.ok()) return id.status();
    IOTMARK_RETURN_IF_ERROR(applications.AppendEvent(
        transaction, *id,
        MakeApplicationEvent(ApplicationState::kDraft, ApplicationState::kDraft, actor, now,
                             "created")));
    auto loaded = applications.Load(transaction, *id);
    if (!loaded.ok()) return loaded.status();
    application = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return application;
}

Result<Application> RegistryService::UpdateApplicationChecklist(const Principal& actor,
                                                                std::int64_t id,
                                                                std::string_view checklist_json) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl_->AuthoriseStep(actor, false, "edit"));
  if (checklist_json.size() > kMaxChecklistBytes) {
    return Status::InvalidArgument("larger than 4 MiB").WithField("checklist");
  }
  TimePoint now = impl_->Now();
  Application application;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    ApplicationRepository& applications = *impl_->repos().applications;
    auto loaded = applications.Load(transaction, id);
    if (!loaded.ok()) return loaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, loaded->organization_id, "application"));
    auto scheme = impl_->WorkflowOf(loaded->scheme);
    if (!scheme.ok()) return scheme.status();
    IOTMARK_RETURN_IF_ERROR(
        (*scheme)->application.Find(ApplicationStateName(loaded->state), "edit").status());
    loaded->checklist_json = std::string(checklist_json);
    loaded->updated_at = now;
    IOTMARK_RETURN_IF_ERROR(applications.Save(transaction, *loaded));
    auto reloaded = applications.Load(transaction, id);
    if (!reloaded.ok()) return reloaded.status();
    application = std::move(reloaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return application;
}

Result<Application> RegistryService::GetApplication(const Principal& actor, std::int64_t id) {
  Application application;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    auto loaded = impl_->repos().applications->Load(transaction, id);
    if (!loaded.ok()) return loaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, loaded->organization_id, "application"));
    application = std::move(loaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return application;
}

Result<std::vector<Application>> RegistryService::ListApplications(
    const Principal& actor, std::optional<ApplicationState> state) {
  std::vector<Application> applications;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    ApplicationFilter filter;
    filter.state = state;
    if (actor.IsOrganizationScoped()) {
      // A vendor without an organisation sees nothing (a lab evaluator sees
      // its lab's applications through ListEvaluations).
      if (!actor.organization_id) return Status::Ok();
      filter.organization_id = actor.organization_id;
    }
    auto listed = impl_->repos().applications->List(transaction, filter);
    if (!listed.ok()) return listed.status();
    applications = std::move(listed).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return applications;
}

namespace {

// Extra work of one step, run inside the transaction after the workflow let
// the step leave the current state and before the state changes; may refuse,
// and adds the facts it established (a checklist that validates, a payment).
using StepHook = std::function<Status(store::Transaction&, Application&, WorkflowFacts&)>;

}  // namespace

// One application step through the scheme's workflow: authorise, find the
// transition `step` leaving the current state, run `hook`, check the
// transition's requirements, write the new state and the history entry
// (`note`, or the transition's own note when `note` is empty).
static Result<Application> ApplyStep(RegistryService::Impl& impl, const Principal& actor,
                                     std::int64_t id, std::string_view step, std::string_view note,
                                     WorkflowFacts facts, const StepHook& hook) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireWriter(actor));
  IOTMARK_RETURN_IF_ERROR(impl.AuthoriseStep(actor, false, step));
  TimePoint now = impl.Now();
  Application application;
  Status status = impl.Write([&](store::Transaction& transaction) -> Status {
    ApplicationRepository& applications = *impl.repos().applications;
    auto loaded = applications.Load(transaction, id);
    if (!loaded.ok()) return loaded.status();
    IOTMARK_RETURN_IF_ERROR(
        internal::RequireOrganizationAccess(actor, loaded->organization_id, "application"));
    auto scheme = impl.WorkflowOf(loaded->scheme);
    if (!scheme.ok()) return scheme.status();
    const WorkflowEngine& engine = (*scheme)->application;
    auto transition = engine.Find(ApplicationStateName(loaded->state), step);
    if (!transition.ok()) return transition.status();
    auto role = RoleName(actor.role);
    if (std::find((*transition)->roles.begin(), (*transition)->roles.end(), role) ==
        (*transition)->roles.end()) {
      return engine.Authorise(step, "");  // the denial, naming the roles
    }
    auto next = ParseApplicationState((*transition)->to);
    if (!next.ok()) {
      return Status::FailedPrecondition("workflow state '" + (*transition)->to +
                                        "' cannot be stored by this registry yet");
    }
    const ApplicationState from = loaded->state;
    if (hook) IOTMARK_RETURN_IF_ERROR(hook(transaction, *loaded, facts));
    IOTMARK_RETURN_IF_ERROR(WorkflowEngine::CheckFacts(**transition, facts));
    loaded->state = *next;
    loaded->updated_at = now;
    IOTMARK_RETURN_IF_ERROR(applications.Save(transaction, *loaded));
    std::string text = note.empty() ? (*transition)->note : std::string(note);
    IOTMARK_RETURN_IF_ERROR(applications.AppendEvent(
        transaction, id, MakeApplicationEvent(from, *next, actor, now, text)));
    auto reloaded = applications.Load(transaction, id);
    if (!reloaded.ok()) return reloaded.status();
    application = std::move(reloaded).value();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return application;
}

namespace internal {

Result<Application> ApplyApplicationStep(RegistryService::Impl& impl, const Principal& actor,
                                         std::int64_t id, std::string_view step,
                                         std::string_view note, WorkflowFacts facts,
                                         const ApplicationStepHook& hook) {
  return ApplyStep(impl, actor, id, step, note, std::move(facts), hook);
}

}  // namespace internal

Result<Application> RegistryService::SubmitApplication(const Principal& actor, std::int64_t id) {
  TimePoint now = impl_->Now();
  return ApplyStep(
      *impl_, actor, id, "submit", "", {},
      [&](store::Transaction& transaction, Application& application,
          WorkflowFacts& facts) -> Status {
        std::vector<FieldError> errors =
            ValidateChecklist(application.checklist_json, application.level);
        if (!errors.empty()) {
          return Status::InvalidArgument(
              "checklist does not validate / チェックリストに誤りがあります: " +
              JoinFieldErrors(errors));
        }
        facts.Add("checklist");
        if (application.label_registration_number) {
          auto label = internal::LoadLabel(impl_->repos(), transaction,
                                           *application.label_registration_number, now, false);
          if (!label.ok()) return label.status();
          IOTMARK_RETURN_IF_ERROR(CheckExtensible(*impl_, application, *label));
        }
        application.submitted_at = now;
        return Status::Ok();
      });
}

Result<Application> RegistryService::StartSupplyChainInquiry(const Principal& actor,
                                                             std::int64_t id) {
  return ApplyStep(*impl_, actor, id, "start-inquiry", "", {}, nullptr);
}

Result<Application> RegistryService::RecordInquiryResult(const Principal& actor, std::int64_t id,
                                                         bool cleared, std::string_view note) {
  if (!cleared) IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(note, "note"));
  std::string text(note);
  return ApplyStep(*impl_, actor, id, cleared ? "clear-inquiry" : "flag-inquiry", text,
                   WorkflowFacts().Text("reason", text, "note"),
                   [&](store::Transaction&, Application& application, WorkflowFacts&) {
                     application.inquiry_note = text;
                     return Status::Ok();
                   });
}

Result<Application> RegistryService::AcceptApplication(const Principal& actor, std::int64_t id) {
  return ApplyStep(*impl_, actor, id, "accept", "", {}, nullptr);
}

Result<Application> RegistryService::RejectApplication(const Principal& actor, std::int64_t id,
                                                       std::string_view reason) {
  IOTMARK_RETURN_IF_ERROR(internal::RequireNonEmpty(reason, "reason"));
  std::string text(reason);
  return ApplyStep(*impl_, actor, id, "reject", text,
                   WorkflowFacts().Text("reason", text, "reason"),
                   [&](store::Transaction&, Application& application, WorkflowFacts&) {
                     application.rejection_reason = text;
                     return Status::Ok();
                   });
}

Result<Application> RegistryService::InvoiceFee(const Principal& actor, std::int64_t id,
                                                std::optional<std::int64_t> stated_amount_jpy) {
  TimePoint now = impl_->Now();
  if (stated_amount_jpy && (*stated_amount_jpy < 0 || *stated_amount_jpy > 100'000'000)) {
    return Status::InvalidArgument(
        "amount_jpy は0〜100000000 / amount_jpy must be between 0 and 100000000");
  }
  return ApplyStep(
      *impl_, actor, id, "invoice", "", {},
      [&](store::Transaction&, Application& application, WorkflowFacts&) -> Status {
        IOTMARK_RETURN_IF_ERROR(internal::RequireCertification(impl_->catalog, application));
        TimePoint filed = application.submitted_at.value_or(now);
        auto scheme = impl_->WorkflowOf(application.scheme);
        if (!scheme.ok()) return scheme.status();
        // The workflow's fee rule: "per-application" reads the pack's fee table.
        Result<catalog::FeeRule> fee = Status::NotFound("the scheme's fee rule is \"none\"");
        if ((*scheme)->workflow->fee_rule == "per-application") {
          fee = impl_->catalog.FeeFor(application.scheme, application.level,
                                      ApplicationKindName(application.kind), filed);
        }
        if (fee.ok() && stated_amount_jpy && *stated_amount_jpy != fee->amount_jpy) {
          return Status::FailedPrecondition(
              "amount_jpy differs from the catalog fee " + std::to_string(fee->amount_jpy) +
              " JPY / 手数料はカタログで定義済み (" + fee->source + ")");
        }
        if (!fee.ok() && stated_amount_jpy) {
          catalog::FeeRule stated;
          stated.amount_jpy = *stated_amount_jpy;
          stated.tax_included = true;
          stated.source = "operator-stated at invoice / 登録機関が請求時に指定 (no catalog fee)";
          fee = stated;
        }
        if (!fee.ok()) {
          return Status::FailedPrecondition(
              "no fee is defined for this application: " + fee.status().message() +
              "; the operator may state amount_jpy / 請求額 amount_jpy を指定してください");
        }
        application.fee_amount_jpy = fee->amount_jpy;
        application.fee_tax_included = fee->tax_included;
        application.fee_source = fee->source;
        application.invoiced_at = now;
        return Status::Ok();
      });
}

Result<Application> RegistryService::RecordPayment(const Principal& actor, std::int64_t id) {
  TimePoint now = impl_->Now();
  return ApplyStep(*impl_, actor, id, "pay", "", {},
                   [&](store::Transaction&, Application& application, WorkflowFacts&) {
                     application.paid_at = now;
                     return Status::Ok();
                   });
}

Result<Label> RegistryService::IssueLabel(const Principal& actor, std::int64_t application_id) {
  TimePoint now = impl_->Now();
  std::string registration_number;
  auto issued = ApplyStep(
      *impl_, actor, application_id, "issue", "", {},
      [&](store::Transaction& transaction, Application& application,
          WorkflowFacts& facts) -> Status {
        if (application.paid_at) facts.Add("payment");
        IOTMARK_RETURN_IF_ERROR(internal::RequireCertification(impl_->catalog, application));
        LabelRepository& labels = *impl_->repos().labels;
        auto scheme = impl_->WorkflowOf(application.scheme);
        if (!scheme.ok()) return scheme.status();
        const catalog::Workflow& workflow = *(*scheme)->workflow;
        const catalog::Level* level =
            FindLevel(impl_->catalog, application.scheme, application.level);
        int max_months = std::min(impl_->options.max_validity_months, workflow.validity.max_months);
        if (level && level->max_validity_months > 0) {
          max_months = std::min(max_months, level->max_validity_months);
        }
        int months =
            std::min(application.requested_validity_months.value_or(max_months), max_months);
        if (application.kind == ApplicationKind::kNew) {
          if (!level) {
            return Status::FailedPrecondition("level '" + application.level +
                                              "' is not in the catalog");
          }
          int year = static_cast<int>(
              std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
          auto sequence = labels.NextRegistrationSequence(transaction, year);
          if (!sequence.ok()) return sequence.status();
          auto number =
              FormatNumber(workflow.registration_number, level->stars, year, *sequence);
          if (!number.ok()) return number.status();
          registration_number = *number;
          TimePoint valid_until = internal::AddMonths(now, months);
          Label issued;
          issued.registration_number = registration_number;
          issued.product_id = application.product_id;
          issued.organization_id = application.organization_id;
          issued.application_id = application.id;
          issued.scheme = application.scheme;
          issued.level = application.level;
          issued.issued_at = issued.valid_from = now;
          issued.valid_until = valid_until;
          issued.status = LabelStatus::kActive;
          auto label_id = labels.Insert(transaction, issued);
          if (!label_id.ok()) return label_id.status();
          auto label =
              internal::LoadLabel(impl_->repos(), transaction, registration_number, now, false);
          if (!label.ok()) return label.status();
          return internal::RecordLabelEvent(impl_->repos(), transaction, impl_->key, *label,
                                            "issued", std::nullopt, LabelStatus::kActive, &actor,
                                            now,
                                            "application " + std::to_string(application.id) +
                                                ", valid until " + FormatIso8601(valid_until),
                                            now)
              .status();
        }
        // Extension or change of an existing label.
        registration_number = application.label_registration_number.value_or("");
        auto label =
            internal::LoadLabel(impl_->repos(), transaction, registration_number, now, false);
        if (!label.ok()) return label.status();
        auto materialised =
            internal::MaterialiseDueChange(impl_->repos(), transaction, impl_->key, label->id, now);
        if (!materialised.ok()) return materialised.status();
        IOTMARK_RETURN_IF_ERROR(CheckExtensible(*impl_, application, *label));
        if (application.kind == ApplicationKind::kExtension) {
          TimePoint new_end = internal::AddMonths(label->valid_until, months);
          IOTMARK_RETURN_IF_ERROR(labels.SetValidUntil(transaction, label->id, new_end));
          return internal::RecordLabelEvent(
                     impl_->repos(), transaction, impl_->key, *label, "extended", std::nullopt,
                     std::nullopt, &actor, now,
                     "application " + std::to_string(application.id) + ", valid until " +
                         FormatIso8601(label->valid_until) + " → " + FormatIso8601(new_end),
                     now)
              .status();
        }
        IOTMARK_RETURN_IF_ERROR(labels.SetLevel(transaction, label->id, application.level));
        return internal::RecordLabelEvent(
                   impl_->repos(), transaction, impl_->key, *label, "changed", std::nullopt,
                   std::nullopt, &actor, now,
                   "application " + std::to_string(application.id) + " (change / 変更申請)", now)
            .status();
      });
  if (!issued.ok()) return issued.status();
  return GetLabel(registration_number);
}

}  // namespace iotmark::registry
