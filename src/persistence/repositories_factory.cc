#include "persistence/repositories_factory.h"

#include <memory>
#include <string>

#include "persistence/portable/account_repository.h"
#include "persistence/portable/application_repository.h"
#include "persistence/portable/organization_repository.h"
#include "persistence/portable/security_information_repository.h"
#include "persistence/portable/vulnerability_report_repository.h"
#include "persistence/portable/webhook_repository.h"

namespace iotmark::persistence {

Result<registry::Repositories> MakeRepositories(const store::Store& store) {
  const std::string_view backend = store.BackendName();
  if (backend != "sqlite" && backend != "postgresql") {
    return Status::InvalidArgument("registry storage: no repositories for the '" +
                                   std::string(backend) + "' backend");
  }
  registry::Repositories repositories;
  repositories.applications = std::make_shared<portable::PortableApplicationRepository>();
  // accounts, security, webhooks
  repositories.organizations = std::make_shared<portable::PortableOrganizationRepository>();
  repositories.accounts = std::make_shared<portable::PortableAccountRepository>();
  repositories.vulnerability_reports =
      std::make_shared<portable::PortableVulnerabilityReportRepository>();
  repositories.security_information =
      std::make_shared<portable::PortableSecurityInformationRepository>();
  repositories.webhooks = std::make_shared<portable::PortableWebhookRepository>();
  return repositories;
}

}  // namespace iotmark::persistence
