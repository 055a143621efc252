// Test support for the label and change repository tests: the application
// a label needs, and an active label of one product.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_LABEL_TEST_SUPPORT_H_
#define IOTMARK_PERSISTENCE_PORTABLE_LABEL_TEST_SUPPORT_H_

#include <cstdint>
#include <string>

#include "persistence/portable/application_repository.h"
#include "persistence/portable/row_values.h"
#include "registry/types.h"
#include "store/store.h"

namespace iotmark::persistence::portable {

// A draft application of the product (labels reference one); its id.
inline Result<std::int64_t> InsertTestApplication(store::Transaction& transaction,
                                                  std::int64_t organization_id,
                                                  std::int64_t product_id) {
  registry::Application application;
  application.organization_id = organization_id;
  application.product_id = product_id;
  return PortableApplicationRepository().Insert(transaction, application);
}

// An active star1 label issued at `issued` seconds, valid for `valid_days`.
inline registry::Label TestLabel(std::string registration_number, std::int64_t organization_id,
                                 std::int64_t product_id, std::int64_t application_id,
                                 std::int64_t issued, std::int64_t valid_days) {
  registry::Label label;
  label.registration_number = std::move(registration_number);
  label.product_id = product_id;
  label.organization_id = organization_id;
  label.application_id = application_id;
  label.scheme = "jc-star";
  label.level = "star1";
  label.issued_at = label.valid_from = FromSeconds(issued);
  label.valid_until = FromSeconds(issued + valid_days * 86400);
  label.status = registry::LabelStatus::kActive;
  return label;
}

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_LABEL_TEST_SUPPORT_H_
