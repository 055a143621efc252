#include "persistence/repositories_factory.h"

#include <memory>
#include <string>

#include "persistence/portable/account_repository.h"
#include "persistence/portable/application_repository.h"
// Products, labels, the change stream and the transparency log.
#include "persistence/portable/change_repository.h"
#include "persistence/portable/label_repository.h"
#include "persistence/portable/product_repository.h"
#include "persistence/portable/transparency_log_repository.h"
#include "persistence/portable/organization_repository.h"
#include "persistence/portable/security_information_repository.h"
#include "persistence/portable/vulnerability_report_repository.h"
#include "persistence/portable/webhook_repository.h"
#include "persistence/portable/login_throttle_repository.h"
// Vulnerability monitoring and outgoing mail.
#include "persistence/portable/findings_repository.h"
#include "persistence/portable/mail_outbox_repository.h"
// Third-party evaluation (★3/★4).
#include "persistence/portable/evaluation_repository.h"

namespace iotmark::persistence {

Result<registry::Repositories> MakeRepositories(const store::Store& store) {
  const std::string_view backend = store.BackendName();
  if (backend != "sqlite" && backend != "postgresql") {
    return Status::InvalidArgument("registry storage: no repositories for the '" +
                                   std::string(backend) + "' backend");
  }
  registry::Repositories repositories;
  repositories.applications = std::make_shared<portable::PortableApplicationRepository>();
  // Products, labels, the change stream and the transparency log.
  repositories.products = std::make_shared<portable::PortableProductRepository>();
  repositories.labels = std::make_shared<portable::PortableLabelRepository>();
  repositories.changes = std::make_shared<portable::PortableChangeRepository>();
  repositories.transparency_log = std::make_shared<portable::PortableTransparencyLogRepository>();
  // accounts, security, webhooks
  repositories.organizations = std::make_shared<portable::PortableOrganizationRepository>();
  repositories.accounts = std::make_shared<portable::PortableAccountRepository>();
  repositories.vulnerability_reports =
      std::make_shared<portable::PortableVulnerabilityReportRepository>();
  repositories.security_information =
      std::make_shared<portable::PortableSecurityInformationRepository>();
  repositories.webhooks = std::make_shared<portable::PortableWebhookRepository>();
  repositories.login_throttle = std::make_shared<portable::PortableLoginThrottleRepository>();
  // Vulnerability monitoring and outgoing mail.
  repositories.findings = std::make_shared<portable::PortableFindingsRepository>();
  repositories.mail_outbox = std::make_shared<portable::PortableMailOutboxRepository>();
  // Third-party evaluation (★3/★4).
  repositories.evaluations = std::make_shared<portable::PortableEvaluationRepository>();
  return repositories;
}

}  // namespace iotmark::persistence
