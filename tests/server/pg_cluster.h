// A PostgreSQL cluster owned by one test (scripts/pg-test-cluster.sh: initdb
// in a temp folder, the server on 127.0.0.1 and a free port), for tests that
// must stop and start the database under running servers. Removed on
// destruction, also when the test fails.
#ifndef IOTMARK_TESTS_SERVER_PG_CLUSTER_H_
#define IOTMARK_TESTS_SERVER_PG_CLUSTER_H_

#include <filesystem>
#include <string>

namespace iotmark::testing {

class PgCluster {
 public:
  PgCluster() = default;
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Starts the cluster; false (with `error`) when PostgreSQL is missing or
  // fails to start.
  bool Start(std::string* error);
  // Stops the server keeping its data / starts it again on the same port.
  bool Halt();
  bool Resume();
  // postgresql://iotmark@127.0.0.1:PORT/postgres
  const std::string& url() const { return url_; }

 private:
  bool Run(const std::string& command, std::string* output = nullptr);
  std::filesystem::path folder_;
  std::string url_;
};

}  // namespace iotmark::testing

#endif  // IOTMARK_TESTS_SERVER_PG_CLUSTER_H_
