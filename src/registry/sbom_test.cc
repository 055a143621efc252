#include "registry/sbom.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace iotmark::registry {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream file(std::string(IOTMARK_SOURCE_DIR) + "/tests/fixtures/sbom/" + name);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_FALSE(text.str().empty()) << name;
  return text.str();
}

const SbomComponent* FindByName(const ParsedSbom& sbom, const std::string& name) {
  for (const SbomComponent& component : sbom.components) {
    if (component.name == name) return &component;
  }
  return nullptr;
}

TEST(SbomTest, ReadsRealCycloneDx14) {
  auto sbom = ParseSbom(Fixture("cyclonedx-1.4-laravel.json"));
  ASSERT_TRUE(sbom.ok()) << sbom.status().ToString();
  EXPECT_EQ(sbom->format, "cyclonedx");
  EXPECT_EQ(sbom->spec_version, "1.4");
  EXPECT_EQ(sbom->total_components, 62u);
  EXPECT_EQ(sbom->components.size(), 62u);
  const SbomComponent* guzzle = FindByName(*sbom, "guzzle");
  ASSERT_NE(guzzle, nullptr);
  EXPECT_EQ(guzzle->version, "6.5.8");
  EXPECT_EQ(guzzle->purl, "pkg:composer/guzzlehttp/guzzle@6.5.8");
}

TEST(SbomTest, ReadsRealSpdx23WithPurlsAndSkipsPackagesWithoutIdentifiers) {
  auto sbom = ParseSbom(Fixture("spdx-2.3-acme.json"));
  ASSERT_TRUE(sbom.ok()) << sbom.status().ToString();
  EXPECT_EQ(sbom->format, "spdx");
  EXPECT_EQ(sbom->spec_version, "SPDX-2.3");
  EXPECT_EQ(sbom->total_components, 4u);
  ASSERT_EQ(sbom->components.size(), 2u);  // elliptic and OpenSSL carry a purl
  const SbomComponent* openssl = FindByName(*sbom, "OpenSSL");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->version, "3.0.4");
  EXPECT_EQ(openssl->purl, "pkg:alpine/openssl@3.0.4");
  auto tools = ParseSbom(Fixture("spdx-2.3-tools-java.json"));
  ASSERT_TRUE(tools.ok()) << tools.status().ToString();
  EXPECT_EQ(tools->components.size(), 2u);
}

TEST(SbomTest, Accepts16WithoutIdentifiersButKeepsNothing) {
  auto sbom = ParseSbom(Fixture("cyclonedx-1.6-cbom.json"));
  ASSERT_TRUE(sbom.ok()) << sbom.status().ToString();
  EXPECT_EQ(sbom->spec_version, "1.6");
  EXPECT_EQ(sbom->components.size(), 0u);
  EXPECT_GT(sbom->total_components, 0u);
}

TEST(SbomTest, RefusesOldCycloneDxNamingTheField) {
  auto sbom = ParseSbom(Fixture("cyclonedx-1.2-laravel.json"));
  ASSERT_FALSE(sbom.ok());
  EXPECT_EQ(sbom.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sbom.status().field(), "$.specVersion") << sbom.status().ToString();
}

TEST(SbomTest, MalformedDocumentsNameTheJsonPath) {
  struct Case {
    std::string text, path;
  } cases[] = {
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a","purl":"pkg:npm/a@1"},{"name":"b","version":3}]})",
       "$.components[1].version:"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a","components":[{"purl":"pkg:npm/x@1"}]}]})",
       "$.components[0].components[0].name:"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a","purl":"npm/a@1"}]})",
       "$.components[0].purl:"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a","cpe":"openssl"}]})",
       "$.components[0].cpe:"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":{}})", "$.components:"},
      {R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"name":"z","externalRefs":[{"referenceType":"purl"}]}]})",
       "$.packages[0].externalRefs[0].referenceLocator:"},
      {R"({"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT"})", "$.spdxVersion:"},
      {R"({"name":"nothing"})", "$:"},
      {R"([1,2])", "$:"},
      {R"({"bomFormat":)", "$:"},
  };
  for (const Case& c : cases) {
    auto sbom = ParseSbom(c.text);
    ASSERT_FALSE(sbom.ok()) << c.text;
    EXPECT_EQ(sbom.status().field() + ":", c.path) << c.text << " → " << sbom.status().ToString();
  }
}

TEST(SbomTest, VersionComesFromThePurlWhenMissingAndDuplicatesAreKeptOnce) {
  auto sbom = ParseSbom(
      R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
          {"name":"openssl","purl":"pkg:deb/debian/openssl@3.0.7?arch=arm64"},
          {"name":"openssl","purl":"pkg:deb/debian/openssl@3.0.7?arch=arm64"},
          {"name":"busybox","version":"1.36.1","cpe":"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"}]})");
  ASSERT_TRUE(sbom.ok()) << sbom.status().ToString();
  ASSERT_EQ(sbom->components.size(), 2u);
  EXPECT_EQ(sbom->components[0].version, "3.0.7");
  EXPECT_EQ(sbom->components[1].cpe, "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
}

}  // namespace
}  // namespace iotmark::registry
