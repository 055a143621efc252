#include "checklist/test_pack.h"

#include <unistd.h>

#include <atomic>
#include <fstream>

namespace iotmark::checklist::testing {

catalog::Pack MakeTestPack() {
  catalog::Pack pack;
  pack.id = "jcstar-star1";
  pack.kind = "criteria";
  pack.name_ja = "JC-STAR ★1";
  pack.name_en = "JC-STAR Level 1";

  catalog::Requirement first;
  first.id = "S1.1-01";
  first.pack = pack.id;
  first.category_ja = "認証・認可";
  first.criterion_ja = "適切な認証に基づくアクセス制御が行われていること。";
  first.summary_en = "Access over IP is controlled by proper authentication.";
  first.na_allowed = true;
  first.na_reason_must_show_ja = "認証が必要ない根拠";
  first.evaluation_methods = {{"document", {}, "ドキュメント評価", ""},
                              {"device-test", {}, "実機テスト", ""}};
  first.giteki_deeming = true;

  catalog::Requirement second;
  second.id = "S1.1-02";
  second.pack = pack.id;
  second.category_ja = "ソフトウェア更新";
  second.criterion_ja = "ソフトウェアを更新できること。";
  second.na_allowed = false;
  second.evaluation_methods = {{"document", {}, "ドキュメント評価", ""}};

  catalog::Requirement third;
  third.id = "S1.1-03";
  third.pack = pack.id;
  third.category_ja = "データ保護";
  third.criterion_ja = "守るべき情報を削除できること。";
  third.na_allowed = true;
  third.evaluation_methods = {{"document", {}, "ドキュメント評価", ""}};

  pack.requirements = {first, second, third};
  return pack;
}

Checklist MakeValidChecklist() {
  Checklist checklist;
  checklist.scheme = "jcstar-star1";
  checklist.basic_info = BasicInfo{
      .vendor = "株式会社サンプル",
      .product_name = "スマートカメラ",
      .model_number = "SC-100",
      .firmware_version = "1.2.3",
      .product_type = "ネットワークカメラ",
      .giteki_number = "T-D-22-0001",
      .contact = "security@example.jp",
      .vulnerability_policy_url = "https://example.jp/security",
      .support_end = "2030-03-31",
  };
  checklist.results = {
      {.criterion = "S1.1-01", .verdict = Verdict::kConform, .method = Method::kDeemed},
      {.criterion = "S1.1-02", .verdict = Verdict::kConform, .method = Method::kDocument},
      {.criterion = "S1.1-03",
       .verdict = Verdict::kNotApplicable,
       .na_reason = "利用者の情報を保存しない / stores no user data"},
  };
  return checklist;
}

PackLookup LookupTestPack(const catalog::Pack& pack) {
  return [&pack](std::string_view scheme) { return scheme == pack.id ? &pack : nullptr; };
}

ScratchFolder::ScratchFolder() {
  static std::atomic<int> counter{0};
  path_ =
      std::filesystem::temp_directory_path() /
      ("iotmark-checklist-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path ScratchFolder::Write(const std::string& relative,
                                           const std::string& contents) const {
  std::filesystem::path full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary) << contents;
  return full;
}

}  // namespace iotmark::checklist::testing
