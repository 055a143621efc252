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
class LoginThrottleRepository;  // registry/login_throttle_repository.h

struct Repositories {
  std::shared_ptr<ApplicationRepository> applications;
  std::shared_ptr<LoginThrottleRepository> login_throttle;

  // True when every repository is set.
  bool Complete() const { return applications != nullptr && login_throttle != nullptr; }
};

}  // namespace iotmark::registry

#endif  // IOTMARK_REGISTRY_REPOSITORIES_H_
