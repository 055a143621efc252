#include "server/oscal_assessment.h"

#include <gtest/gtest.h>

#include "server/api_support.h"

namespace iotmark::server {
namespace {

registry::Label SampleLabel() {
  registry::Label label;
  label.registration_number = "JCS1-2026-000001-7";
  label.scheme = "jcstar-star1";
  label.level = "star1";
  label.vendor_name = "vendor-a";
  label.product_name = "Camera";
  label.model_number = "CAM-1";
  label.issued_at = std::chrono::system_clock::from_time_t(1'795'000'000);
  return label;
}

registry::Application SampleApplication() {
  registry::Application application;
  application.id = 7;
  application.checklist_json = R"({"scheme":"jcstar-star1","basic_info":{"firmware_version":"1.0"},
    "results":[
      {"criterion":"S1.1-01","verdict":"conform","method":"document",
       "evidence":[{"path":"doc/a.pdf","sha256":"ab12"}]},
      {"criterion":"S1.1-02","verdict":"na","na_reason":"no radio"},
      {"criterion":"S1.1-03","verdict":"nonconform","method":"device-test"}]})";
  return application;
}

TEST(OscalAssessmentTest, FindingPerCriterionWithStatusAndEvidence) {
  auto document = BuildAssessmentResults(SampleLabel(), SampleApplication(), "http://h");
  ASSERT_TRUE(document.ok()) << document.status().ToString();
  const auto& results = (*document)["assessment-results"];
  EXPECT_EQ(results["metadata"]["oscal-version"], "1.1.2");
  const auto& findings = results["results"][0]["findings"];
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0]["target"]["target-id"], "S1.1-01");
  EXPECT_EQ(findings[0]["target"]["status"]["state"], "satisfied");
  EXPECT_EQ(findings[1]["target"]["status"]["state"], "satisfied");
  EXPECT_NE(findings[1]["target"]["status"]["remarks"].get<std::string>().find("no radio"),
            std::string::npos);
  EXPECT_EQ(findings[2]["target"]["status"]["state"], "not-satisfied");
  const auto& observation = results["results"][0]["observations"][0];
  EXPECT_EQ(observation["relevant-evidence"][0]["href"], "doc/a.pdf");
  EXPECT_EQ(observation["relevant-evidence"][0]["props"][0]["value"], "ab12");
  EXPECT_EQ(findings[0]["related-observations"][0]["observation-uuid"], observation["uuid"]);
  EXPECT_EQ(results["results"][0]["observations"][2]["methods"][0], "TEST");
}

TEST(OscalAssessmentTest, DeterministicAndWellFormedUuids) {
  auto first = BuildAssessmentResults(SampleLabel(), SampleApplication(), "http://h");
  auto second = BuildAssessmentResults(SampleLabel(), SampleApplication(), "http://h");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->dump(), second->dump());
  std::string uuid = DeterministicUuid("x");
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '5');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_NE(DeterministicUuid("x"), DeterministicUuid("y"));
}

TEST(OscalAssessmentTest, RefusesChecklistWithoutResults) {
  registry::Application application = SampleApplication();
  application.checklist_json = R"({"scheme":"jcstar-star1"})";
  auto document = BuildAssessmentResults(SampleLabel(), application, "http://h");
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.status().code(), StatusCode::kInvalidArgument);
}

TEST(ApiErrorTest, StructuredDetailFillsTheAnswer) {
  // The field and the wait come from the Status's detail, never its text.
  Status throttled = Status::ResourceExhausted("ロック中 / locked for 45 s (text not read)")
                         .WithRetryAfter(std::chrono::seconds(45));
  HttpResponse response = ErrorFromStatus(throttled);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.Header("Retry-After"), "45");
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "too_many_requests");

  HttpResponse store = ErrorFromStatus(Status::Unavailable("store unavailable (postgresql): x"));
  EXPECT_EQ(store.status, 503);
  EXPECT_EQ(store.Header("Retry-After"), std::string_view(std::to_string(kStoreRetryAfterSeconds)));
  EXPECT_EQ(nlohmann::json::parse(store.body)["error"]["code"], "store_unavailable");
  EXPECT_EQ(nlohmann::json::parse(store.body)["error"]["message"].get<std::string>().find("x"),
            std::string::npos);  // the driver's text stays in the log

  HttpResponse field =
      ErrorFromStatus(Status::InvalidArgument("$.level: looks like a path").WithField("$.email"));
  nlohmann::json error = nlohmann::json::parse(field.body)["error"];
  EXPECT_EQ(field.status, 400);
  EXPECT_EQ(error["field"], "$.email");
  EXPECT_EQ(error["message"], "$.level: looks like a path");  // text is never split
  EXPECT_FALSE(field.Header("Retry-After").has_value());
  EXPECT_EQ(ErrorFromStatus(Status::NotFound("x")).status, 404);
}

}  // namespace
}  // namespace iotmark::server
