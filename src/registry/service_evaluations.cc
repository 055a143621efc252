// RegistryService: third-party evaluation of ★3/★4 applications (issue 13
// §3): the evaluation lab an application names, the lab's report, the
// operator's certification (workflow step "certify") and the checks that
// keep the fee and the label behind it.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "registry/application_repository.h"
#include "registry/evaluation_repository.h"
#include "registry/organization_repository.h"
#include "registry/service_internal.h"

namespace iotmark::registry {

namespace {

const catalog::Level* LevelOf(const catalog::Catalog& catalog, const Application& application) {
  const catalog::Pack* pack = catalog.FindPack(application.scheme);
  return pack ? pack->FindLevel(application.level) : nullptr;
}

bool IsThirdParty(const catalog::Catalog& catalog, const Application& application) {
  const catalog::Level* level = LevelOf(catalog, application);
  return level && internal::IsThirdPartyLevel(*level);
}

Status RequireLabEvaluator(const Principal& actor) {
  if (actor.role != Role::kLabEvaluator || !actor.organization_id) {
    return Status::PermissionDenied(
        "this step is for the evaluation body (lab-evaluator) / 評価機関のみ実行できます");
  }
  return Status::Ok();
}

// The criteria the application's checklist lists (results[].criterion,
// docs/checklist-format.md), in order, without repeats.
std::vector<std::string> ChecklistCriteria(std::string_view checklist_json) {
  std::vector<std::string> criteria;
  nlohmann::json document = nlohmann::json::parse(checklist_json, nullptr, false);
  if (!document.is_object()) return criteria;
  auto results = document.find("results");
  if (results == document.end() || !results->is_array()) return criteria;
  for (const nlohmann::json& item : *results) {
    if (!item.is_object()) continue;
    auto criterion = item.find("criterion");
    if (criterion == item.end() || !criterion->is_string()) continue;
    std::string id = criterion->get<std::string>();
    if (std::find(criteria.begin(), criteria.end(), id) == criteria.end()) {
      criteria.push_back(std::move(id));
    }
  }
  return criteria;
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// The report as given, checked on its own (the checklist comes later).
Status ValidateReportInput(const NewEvaluationReport& input) {
  if (!IsSha256Hex(input.report_sha256)) {
    return Status::InvalidArgument(
               "the report file's SHA-256 as 64 hex digits / 報告書ファイルの SHA-256 (16進64桁)")
        .WithField("report_sha256");
  }
  if (input.results.empty()) {
    return Status::InvalidArgument("one result per criterion is required / 基準ごとの結果が必要です")
        .WithField("results");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < input.results.size(); ++i) {
    const CriterionEvaluation& result = input.results[i];
    const std::string at = "results[" + std::to_string(i) + "]";
    if (result.criterion_id.empty()) {
      return Status::InvalidArgument("criterion_id is required / 必須です")
          .WithField(at + ".criterion_id");
    }
    if (!seen.insert(result.criterion_id).second) {
      return Status::InvalidArgument("criterion '" + result.criterion_id +
                                     "' appears twice / 同じ基準が二度あります")
          .WithField(at + ".criterion_id");
    }
    if (!IsCriterionResult(result.result)) {
      return Status::InvalidArgument("result must be pass, fail or na / pass・fail・na のいずれか")
          .WithField(at + ".result");
    }
  }
  return Status::Ok();
}

// The report covers exactly the checklist's criteria.
Status CheckCoverage(const NewEvaluationReport& input, const std::vector<std::string>& criteria) {
  if (criteria.empty()) {
    return Status::FailedPrecondition(
        "the application's checklist lists no criteria (results[].criterion) / "
        "チェックリストに基準がありません");
  }
  std::string missing;
  for (const std::string& criterion : criteria) {
    bool found = std::any_of(input.results.begin(), input.results.end(),
                             [&](const CriterionEvaluation& r) { return r.criterion_id == criterion; });
    if (!found) missing += (missing.empty() ? "" : ", ") + criterion;
  }
  if (!missing.empty()) {
    return Status::InvalidArgument("no result for criteria of the checklist: " + missing +
                                   " / チェックリストの基準の結果がありません")
        .WithField("results");
  }
  for (std::size_t i = 0; i < input.results.size(); ++i) {
    const std::string& id = input.results[i].criterion_id;
    if (std::find(criteria.begin(), criteria.end(), id) == criteria.end()) {
      return Status::InvalidArgument("criterion '" + id +
                                     "' is not in the application's checklist / "
                                     "チェックリストにない基準です")
          .WithField("results[" + std::to_string(i) + "].criterion_id");
    }
  }
  return Status::Ok();
}

// The states in which the lab may record its report: after submission, up to
// (and including) acceptance, before certification.
bool MayRecordReport(ApplicationState state) {
  return state == ApplicationState::kSubmitted || state == ApplicationState::kSupplyChainInquiry ||
         state == ApplicationState::kInquiryCleared || state == ApplicationState::kAccepted;
}

}  // namespace

namespace internal {

bool IsThirdPartyLevel(const catalog::Level& level) { return level.assessment == "third-party"; }

Status CheckEvaluationLab(const Repositories& repos, store::Transaction& transaction,
                          const catalog::Level& level, std::optional<std::int64_t> lab_id) {
  if (!IsThirdPartyLevel(level)) {
    if (!lab_id) return Status::Ok();
    return Status::InvalidArgument(
               "only for third-party levels (★3/★4); " + level.id +
               " is self-declared / 自己適合宣言のレベルでは評価機関を指定できません")
        .WithField("evaluation_lab_id");
  }
  if (!lab_id) {
    return Status::InvalidArgument("required for the third-party level " + level.id +
                                   " / 第三者評価のレベルでは評価機関の指定が必要です")
        .WithField("evaluation_lab_id");
  }
  auto lab = repos.organizations->Load(transaction, *lab_id);
  if (!lab.ok()) {
    if (lab.status().code() != StatusCode::kNotFound) return lab.status();
    return Status::InvalidArgument("no such organisation / 組織が見つかりません")
        .WithField("evaluation_lab_id");
  }
  if (lab->kind != OrganizationKind::kEvaluationLab) {
    return Status::InvalidArgument(
               "not an evaluation body (organisation kind evaluation-lab) / 評価機関ではありません")
        .WithField("evaluation_lab_id");
  }
  return Status::Ok();
}

Status RequireCertification(const catalog::Catalog& catalog, const Application& application) {
  if (!IsThirdParty(catalog, application) || application.certified_at) return Status::Ok();
  return Status::FailedPrecondition(
      "a third-party level (★3/★4) needs the operator's certification of the evaluation first "
      "(certify) / 第三者認証の後に手数料請求とラベル付与を行います");
}

Status AttachCertification(const catalog::Catalog& catalog, const Repositories& repos,
                           store::Transaction& transaction, Label& label) {
  LabelCertification certification;
  const catalog::Pack* pack = catalog.FindPack(label.scheme);
  const catalog::Level* level = pack ? pack->FindLevel(label.level) : nullptr;
  certification.third_party = level && IsThirdPartyLevel(*level);
  if (certification.third_party && label.application_id != 0) {
    auto application = repos.applications->Load(transaction, label.application_id);
    if (!application.ok()) return application.status();
    if (application->evaluation_lab_id) {
      auto lab = repos.organizations->Load(transaction, *application->evaluation_lab_id);
      if (!lab.ok()) return lab.status();
      certification.evaluation_lab = lab->name;
    }
  }
  label.certification = std::move(certification);
  return Status::Ok();
}

}  // namespace internal

Result<std::vector<Evaluation>> RegistryService::ListEvaluations(const Principal& actor) {
  const bool lab = actor.role == Role::kLabEvaluator;
  if (lab) {
    IOTMARK_RETURN_IF_ERROR(RequireLabEvaluator(actor));
  } else if (!actor.IsOperator() && actor.role != Role::kAuditor) {
    return RequireLabEvaluator(actor);
  }
  std::vector<Evaluation> evaluations;
  Status status = impl_->Read([&](store::Transaction& transaction) -> Status {
    ApplicationFilter filter;
    if (lab) filter.evaluation_lab_id = actor.organization_id;
    auto listed = impl_->repos().applications->List(transaction, filter);
    if (!listed.ok()) return listed.status();
    for (Application& application : *listed) {
      if (!application.evaluation_lab_id) continue;
      auto report = impl_->repos().evaluations->LatestReport(transaction, application.id);
      if (!report.ok()) return report.status();
      evaluations.push_back({std::move(application), std::move(report).value()});
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return evaluations;
}

Result<EvaluationReport> RegistryService::RecordEvaluationReport(
    const Principal& actor, std::int64_t application_id, const NewEvaluationReport& input) {
  IOTMARK_RETURN_IF_ERROR(RequireLabEvaluator(actor));
  IOTMARK_RETURN_IF_ERROR(ValidateReportInput(input));
  TimePoint now = impl_->Now();
  EvaluationReport report;
  Status status = impl_->Write([&](store::Transaction& transaction) -> Status {
    ApplicationRepository& applications = *impl_->repos().applications;
    auto application = applications.Load(transaction, application_id);
    if (!application.ok()) return application.status();
    if (application->evaluation_lab_id != actor.organization_id) {
      // Another lab's (or a self-declared) application: its id does not leak.
      return Status::NotFound("application " + std::to_string(application_id) +
                              " not found / 見つかりません");
    }
    if (!MayRecordReport(application->state)) {
      return Status::FailedPrecondition(
          "cannot record an evaluation report in state '" +
          std::string(ApplicationStateName(application->state)) +
          "': the report is recorded between submission and certification / "
          "評価報告は提出後から第三者認証までに登録します");
    }
    IOTMARK_RETURN_IF_ERROR(
        CheckCoverage(input, ChecklistCriteria(application->checklist_json)));
    report.application_id = application_id;
    report.lab_organization_id = *actor.organization_id;
    report.evaluator_user_id = actor.user_id;
    report.results = input.results;
    report.report_sha256 = input.report_sha256;
    std::transform(report.report_sha256.begin(), report.report_sha256.end(),
                   report.report_sha256.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    report.summary = input.summary;
    report.recorded_at = now;
    auto id = impl_->repos().evaluations->InsertReport(transaction, report);
    if (!id.ok()) return id.status();
    report.id = *id;
    ApplicationEvent event;
    event.from = event.to = application->state;
    event.actor_user_id = actor.user_id;
    event.actor_email = actor.email;
    event.at = now;
    event.note = "evaluation report recorded / 評価報告登録 (" + std::to_string(report.Failures()) +
                 " failed, sha256 " + report.report_sha256 + ")";
    return applications.AppendEvent(transaction, application_id, event);
  });
  if (!status.ok()) return status;
  return report;
}

Result<Application> RegistryService::CertifyApplication(const Principal& actor, std::int64_t id) {
  TimePoint now = impl_->Now();
  return internal::ApplyApplicationStep(
      *impl_, actor, id, "certify", "", {},
      [&](store::Transaction& transaction, Application& application,
          WorkflowFacts& facts) -> Status {
        if (!IsThirdParty(impl_->catalog, application)) {
          return Status::FailedPrecondition(
              "level " + application.level +
              " is self-declared; there is no third-party certification / "
              "自己適合宣言のレベルは第三者認証の対象外です");
        }
        auto report = impl_->repos().evaluations->LatestReport(transaction, application.id);
        if (!report.ok()) return report.status();
        if (!report->has_value()) {
          return Status::FailedPrecondition(
              "the evaluation body has recorded no report yet / 評価機関の評価報告がありません");
        }
        if (int failures = (*report)->Failures(); failures > 0) {
          return Status::FailedPrecondition(
              "the evaluation report has " + std::to_string(failures) +
              " failed criteria and cannot be certified / 不適合の基準があるため認証できません");
        }
        facts.Add("evaluation-report");
        application.certified_at = now;
        return Status::Ok();
      });
}

}  // namespace iotmark::registry
