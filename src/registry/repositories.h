// Repositories: the registry's storage, one interface per aggregate. The
// registry services read and write their data only through these (and
// LabelSearchIndex for text search); the SQL is in their implementations in
// src/persistence (portable/ where one statement set runs on every backend,
// sqlite/ or postgres/ where it does not). persistence::MakeRepositories
// picks the implementations for a store.
//
// Contract of every repository method: it runs inside the caller's
// transaction (store::Transaction is the unit of work: one per service call,
// PostgreSQL writers serialised by the store's advisory lock), takes and
// returns domain types only, and answers kNotFound for a missing row where
// it loads one by id.
//
// Thread-safety: implementations hold no per-call state; one instance serves
// every thread, each in its own transaction.
#ifndef IOTMARK_REGISTRY_REPOSITORIES_H_
#define IOTMARK_REGISTRY_REPOSITORIES_H_

#include <memory>

namespace iotmark::registry {

class ApplicationRepository;  // registry/application_repository.h
// Products, labels, the change stream and the transparency log.
class ProductRepository;          // registry/product_repository.h
class LabelRepository;            // registry/label_repository.h
class ChangeRepository;           // registry/change_repository.h
class TransparencyLogRepository;  // registry/transparency_log_repository.h
// Accounts, security information and reports, webhooks:
class OrganizationRepository;         // registry/organization_repository.h
class AccountRepository;              // registry/account_repository.h
class VulnerabilityReportRepository;  // registry/vulnerability_report_repository.h
class SecurityInformationRepository;  // registry/security_information_repository.h
class WebhookRepository;              // registry/webhook_repository.h
class LoginThrottleRepository;        // registry/login_throttle_repository.h
// Vulnerability monitoring and outgoing mail:
class FindingsRepository;    // registry/findings_repository.h
class MailOutboxRepository;  // registry/mail_outbox_repository.h
// Third-party evaluation (★3/★4):
class EvaluationRepository;  // registry/evaluation_repository.h

struct Repositories {
  std::shared_ptr<ApplicationRepository> applications;
  // Products, labels, the change stream and the transparency log.
  std::shared_ptr<ProductRepository> products;
  std::shared_ptr<LabelRepository> labels;
  std::shared_ptr<ChangeRepository> changes;
  std::shared_ptr<TransparencyLogRepository> transparency_log;
  // Accounts, security information and reports, webhooks.
  std::shared_ptr<OrganizationRepository> organizations;
  std::shared_ptr<AccountRepository> accounts;
  std::shared_ptr<VulnerabilityReportRepository> vulnerability_reports;
  std::shared_ptr<SecurityInformationRepository> security_information;
  std::shared_ptr<WebhookRepository> webhooks;
  std::shared_ptr<LoginThrottleRepository> login_throttle;
  // Vulnerability monitoring and outgoing mail.
  std::shared_ptr<FindingsRepository> findings;
  std::shared_ptr<MailOutboxRepository> mail_outbox;
  // Third-party evaluation (★3/★4).
  std::shared_ptr<EvaluationRepository> evaluations;

  // True when every repository is set.
  bool Complete() const {
    return applications != nullptr && products != nullptr && labels != nullptr &&
           changes != nullptr && transparency_log != nullptr && organizations != nullptr &&
           accounts != nullptr && vulnerability_reports != nullptr &&
           security_information != nullptr && webhooks != nullptr && login_throttle != nullptr &&
           findings != nullptr && mail_outbox != nullptr && evaluations != nullptr;
  }
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_REPOSITORIES_H_
