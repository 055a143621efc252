// Test support for the repository tests: a fresh store per test, SQLite in
// memory or, with IOTMARK_TEST_DB_URL set, a PostgreSQL database
// (store::TestStoreUrl), and one organisation with one product to hang rows on.
#ifndef IOTMARK_PERSISTENCE_PORTABLE_REPOSITORY_TEST_SUPPORT_H_
#define IOTMARK_PERSISTENCE_PORTABLE_REPOSITORY_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "store/store.h"

namespace iotmark::persistence::portable {

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = store::TestStoreUrl("sqlite::memory:");
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto opened = store::OpenStore(*url);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    Status seeded = store_->RunInTransaction([&](store::Transaction& t) -> Status {
      auto org = t.InsertReturningId(
          "INSERT INTO organizations (name, name_en, created_at) VALUES (?, ?, 0) RETURNING id",
          {std::string("試験電機"), std::string("Test Electric")});
      if (!org.ok()) return org.status();
      organization_id_ = *org;
      auto product = t.InsertReturningId(
          "INSERT INTO products (organization_id, model_number, name, created_at) "
          "VALUES (?, 'TC-1', 'カメラ', 0) RETURNING id",
          {organization_id_});
      if (!product.ok()) return product.status();
      product_id_ = *product;
      return Status::Ok();
    });
    ASSERT_TRUE(seeded.ok()) << seeded.ToString();
  }

  // Runs `fn` in one write transaction and expects it to succeed.
  void Write(const std::function<void(store::Transaction&)>& fn) {
    Status status = store_->RunInTransaction([&](store::Transaction& t) {
      fn(t);
      return Status::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::unique_ptr<store::Store> store_;
  std::int64_t organization_id_ = 0;
  std::int64_t product_id_ = 0;
};

}  // namespace iotmark::persistence::portable

#endif  // IOTMARK_PERSISTENCE_PORTABLE_REPOSITORY_TEST_SUPPORT_H_
