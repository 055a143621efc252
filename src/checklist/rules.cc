#include "checklist/rules.h"

#include <map>
#include <string>

#include "checklist/date.h"
#include "checklist/evidence_paths.h"
#include "common/http_url.h"
#include "common/sha256.h"

namespace iotmark::checklist {
namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Collects the problems of one checklist; one method per group of rules.
class RuleChecker {
 public:
  RuleChecker(const DecodedChecklist& decoded, const catalog::Pack* pack,
              const ValidationOptions& options)
      : decoded_(decoded), checklist_(decoded.checklist), pack_(pack), options_(options) {}

  std::vector<Problem> Run() {
    CheckScheme();
    CheckLevel();
    CheckBasicInfo();
    for (std::size_t i = 0; i < checklist_.results.size(); ++i) CheckResult(i);
    CheckEveryCriterionAnswered();
    return std::move(problems_);
  }

 private:
  bool Rejected(const std::string& path) const {
    return decoded_.rejected_paths.contains(path) || decoded_.rejected_paths.contains("$");
  }

  void Add(std::string path, std::string message, std::string_view code) {
    problems_.push_back({std::move(path), std::move(message), std::string(code)});
  }

  void CheckScheme() {
    if (Rejected("$.scheme")) return;
    if (checklist_.scheme.empty()) {
      Add("$.scheme", "スキーム ID が空です / the scheme id is empty (e.g. jcstar-star1)",
          problem_code::kEmptyField);
    } else if (pack_ == nullptr) {
      Add("$.scheme",
          "未知のスキームです / unknown scheme \"" + Excerpt(checklist_.scheme) +
              "\" (iotmark catalog list で一覧 / see iotmark catalog list)",
          problem_code::kUnknownScheme);
    } else if (pack_->kind != "criteria") {
      Add("$.scheme",
          "評価基準のパックではありません / \"" + Excerpt(checklist_.scheme) +
              "\" is a reference pack, not a set of criteria to assess against",
          problem_code::kUnknownScheme);
    }
  }

  // Chooses the criteria to answer: the pack's own, or those of the level.
  void CheckLevel() {
    if (pack_ == nullptr) return;
    criteria_ = &pack_->requirements;
    if (Rejected("$.level")) {
      criteria_ = nullptr;
      return;
    }
    std::string level = checklist_.level;
    if (!options_.level.empty()) {
      if (!level.empty() && level != options_.level) {
        Add("$.level",
            "チェックリストのレベル \"" + Excerpt(level) + "\" が申請のレベル \"" +
                Excerpt(options_.level) + "\" と異なります / the checklist is for level \"" +
                Excerpt(level) + "\", the application for \"" + Excerpt(options_.level) + "\"",
            problem_code::kLevelMismatch);
        criteria_ = nullptr;
        return;
      }
      level = options_.level;
    }
    if (level.empty()) return;
    Result<const std::vector<catalog::Requirement>*> criteria = pack_->LevelCriteria(level);
    if (criteria.ok()) {
      criteria_ = *criteria;
      return;
    }
    criteria_ = nullptr;
    Add("$.level", criteria.status().message(),
        criteria.status().code() == StatusCode::kFailedPrecondition
            ? problem_code::kLevelNotAvailable
            : problem_code::kUnknownLevel);
  }

  // The requirement `id` among the criteria answered, or nullptr.
  const catalog::Requirement* FindCriterion(std::string_view id) const {
    for (const catalog::Requirement& requirement : *criteria_) {
      if (requirement.id == id) return &requirement;
    }
    return nullptr;
  }

  void RequireField(std::string_view field, std::string_view label, const std::string& value) {
    std::string path = "$.basic_info." + std::string(field);
    if (Rejected(path) || Rejected("$.basic_info")) return;
    if (IsBlank(value)) {
      Add(path, "必須項目が未記入です: " + std::string(label) + " / required field is empty",
          problem_code::kMissingField);
    }
  }

  void CheckBasicInfo() {
    const BasicInfo& info = checklist_.basic_info;
    RequireField("vendor", "ベンダー名 (vendor)", info.vendor);
    RequireField("product_name", "製品名 (product name)", info.product_name);
    RequireField("model_number", "型式番号 (model number)", info.model_number);
    RequireField("firmware_version", "ファームウェアバージョン (firmware version)",
                 info.firmware_version);
    RequireField("product_type", "製品類型 (product type)", info.product_type);
    RequireField("contact", "問い合わせ先 (contact)", info.contact);
    RequireField("vulnerability_policy_url", "脆弱性開示ポリシーの URL (vulnerability policy URL)",
                 info.vulnerability_policy_url);
    RequireField("support_end", "サポート期間の終了日 (support end date)", info.support_end);
    const std::string& url = info.vulnerability_policy_url;
    if (!IsBlank(url) && !Rejected("$.basic_info.vulnerability_policy_url") &&
        !IsHttpUrl(url)) {
      Add("$.basic_info.vulnerability_policy_url",
          "URL は https:// (または http://) で始めてください / must be an http(s) URL, got \"" +
              Excerpt(url) + "\"",
          problem_code::kInvalidValue);
    }
    if (!IsBlank(info.support_end) && !Rejected("$.basic_info.support_end") &&
        !IsValidDate(info.support_end)) {
      Add("$.basic_info.support_end",
          "日付が不正です: YYYY-MM-DD 形式の実在する日付を書いてください / invalid date \"" +
              Excerpt(info.support_end) + "\": write a real date as YYYY-MM-DD",
          problem_code::kInvalidDate);
    }
  }

  void CheckResult(std::size_t index) {
    const CriterionResult& result = checklist_.results[index];
    std::string path = IndexPath("$.results", index);
    if (Rejected(path)) return;
    const catalog::Requirement* requirement = nullptr;
    if (result.criterion.empty()) {
      if (!Rejected(path + ".criterion")) {
        Add(path + ".criterion", "適合基準番号が空です / the criterion id is empty",
            problem_code::kMissingField);
      }
    } else {
      auto [seen, inserted] = first_index_.emplace(result.criterion, index);
      if (!inserted) {
        Add(path + ".criterion",
            result.criterion + " が重複しています ($.results[" + std::to_string(seen->second) +
                "] にもあります) / duplicate criterion, also at $.results[" +
                std::to_string(seen->second) + "]",
            problem_code::kDuplicateCriterion);
      }
      if (criteria_ != nullptr) {
        requirement = FindCriterion(result.criterion);
        if (requirement == nullptr) {
          std::string level = checklist_.level.empty() ? options_.level : checklist_.level;
          Add(path + ".criterion",
              "未知の適合基準です / unknown criterion \"" + Excerpt(result.criterion) + "\" in " +
                  pack_->id + (level.empty() ? "" : " " + Excerpt(level)),
              problem_code::kUnknownCriterion);
        }
      }
    }
    CheckVerdict(result, path, requirement);
    CheckEvidence(result, path);
  }

  void CheckVerdict(const CriterionResult& result, const std::string& path,
                    const catalog::Requirement* requirement) {
    const std::string verdict_path = path + ".verdict";
    const std::string method_path = path + ".method";
    const std::string id = result.criterion.empty() ? "(?)" : result.criterion;
    if (result.verdict == Verdict::kUnset) {
      if (!Rejected(verdict_path)) {
        Add(verdict_path,
            "評価結果が未記入です: conform (適合), nonconform (非適合), na (対象外) "
            "のいずれかを記入 / "
            "verdict not filled in: write conform, nonconform or na",
            problem_code::kVerdictMissing);
      }
    }
    if (result.verdict == Verdict::kNotApplicable) {
      if (requirement != nullptr && !requirement->na_allowed) {
        Add(verdict_path, id + " は対象外 (NA) にできません / NA is not allowed for " + id,
            problem_code::kNaNotAllowed);
      } else if (IsBlank(result.na_reason) && !Rejected(path + ".na_reason")) {
        std::string must_show =
            requirement != nullptr && !requirement->na_reason_must_show_ja.empty()
                ? " (" + Excerpt(requirement->na_reason_must_show_ja, 200) + ")"
                : "";
        Add(path + ".na_reason",
            "対象外 (NA) の理由を記入してください" + must_show +
                " / an NA verdict needs a non-empty na_reason",
            problem_code::kNaReasonMissing);
      }
    } else if (!IsBlank(result.na_reason) && result.verdict != Verdict::kUnset) {
      Add(path + ".na_reason",
          "対象外の理由は verdict が na のときだけ記入します / na_reason is only for an na verdict",
          problem_code::kNaReasonUnexpected);
    }
    if ((result.verdict == Verdict::kConform || result.verdict == Verdict::kNonconform) &&
        result.method == Method::kUnset && !Rejected(method_path)) {
      Add(method_path,
          "評価方法が未記入です: document, device-test, deemed のいずれか / method not filled in: "
          "write document, device-test or deemed",
          problem_code::kMethodMissing);
    }
    bool deemed = result.method == Method::kDeemed;
    if (deemed) {
      if (requirement != nullptr && !requirement->giteki_deeming) {
        Add(method_path,
            id +
                " には技適によるみなし適合はありません / 技適 (giteki) deeming does not apply to " +
                id,
            problem_code::kDeemingNotAllowed);
      } else if (IsBlank(checklist_.basic_info.giteki_number)) {
        Add(method_path,
            "みなし適合には basic_info.giteki_number (技適番号) が必要です / deemed needs "
            "basic_info.giteki_number (the technical-conformity number)",
            problem_code::kGitekiNumberMissing);
      }
      if (result.verdict != Verdict::kConform && result.verdict != Verdict::kUnset) {
        Add(verdict_path,
            "みなし適合の評価結果は conform です / a deemed result must have verdict conform",
            problem_code::kDeemedNotConform);
      }
    }
    if (result.verdict == Verdict::kConform && requirement != nullptr &&
        requirement->RequiresDeviceTest() && !deemed &&
        !(result.method == Method::kDeviceTest && !result.evidence.empty())) {
      std::string deeming =
          requirement->giteki_deeming ? " または技適によるみなし適合 (deemed)" : "";
      std::string deeming_en = requirement->giteki_deeming ? " or 技適 deeming" : "";
      Add(path,
          id +
              " の評価には実機テストが必要です: method を device-test にし証跡 (evidence) を 1 "
              "件以上" +
              deeming + " / " + id + " is evaluated by a device test: conform needs method " +
              "device-test with at least one evidence file" + deeming_en,
          problem_code::kDeviceTestEvidenceMissing);
    }
    if (result.verdict == Verdict::kNonconform && options_.require_conformity) {
      Add(verdict_path,
          id + " が非適合です: 申請にはすべて適合か対象外が必要です / " + id +
              " is nonconform: an application needs every criterion conform or NA",
          problem_code::kNonconform);
    }
  }

  void CheckEvidence(const CriterionResult& result, const std::string& path) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < result.evidence.size(); ++i) {
      const Evidence& evidence = result.evidence[i];
      std::string item = IndexPath(path + ".evidence", i);
      if (Rejected(item)) continue;
      bool path_usable = !Rejected(item + ".path");
      if (path_usable) {
        Status form = CheckEvidencePathForm(evidence.path);
        if (!form.ok()) {
          Add(item + ".path", form.message() + ": \"" + Excerpt(evidence.path) + "\"",
              problem_code::kEvidencePathUnsafe);
          path_usable = false;
        } else if (auto [it, inserted] = seen.emplace(evidence.path, i); !inserted) {
          Add(item + ".path",
              "同じ証跡が 2 回あります / the same evidence file is listed twice (also at index " +
                  std::to_string(it->second) + ")",
              problem_code::kDuplicateEvidence);
        }
      }
      bool hash_usable = !Rejected(item + ".sha256");
      if (hash_usable && !IsSha256Hex(evidence.sha256)) {
        Add(item + ".sha256",
            "sha256 は 64 桁の小文字 16 進数です / sha256 must be 64 lowercase hex digits, got \"" +
                Excerpt(evidence.sha256, 70) + "\"",
            problem_code::kEvidenceHashInvalid);
        hash_usable = false;
      }
      if (path_usable && options_.evidence_files != EvidenceFileCheck::kSkip) {
        CheckEvidenceFile(evidence, item, hash_usable);
      }
    }
  }

  void CheckEvidenceFile(const Evidence& evidence, const std::string& item, bool hash_usable) {
    Result<std::filesystem::path> file =
        ResolveEvidencePath(options_.base_directory, evidence.path);
    if (!file.ok()) {
      if (file.status().code() == StatusCode::kNotFound) {
        if (options_.evidence_files == EvidenceFileCheck::kRequire) {
          Add(item + ".path",
              "証跡ファイルがありません / evidence file not found: \"" + Excerpt(evidence.path) +
                  "\" (チェックリストのフォルダからの相対パス / relative to the checklist's "
                  "folder)",
              problem_code::kEvidenceNotFound);
        }
      } else {
        Add(item + ".path", file.status().message(), problem_code::kEvidencePathUnsafe);
      }
      return;
    }
    if (!hash_usable) return;
    Result<std::string> digest = Sha256File(*file);
    if (!digest.ok()) {
      Add(item + ".path",
          "証跡ファイルを読めません / cannot read evidence: " + digest.status().message(),
          problem_code::kEvidenceNotFound);
      return;
    }
    if (*digest != evidence.sha256) {
      Add(item + ".sha256",
          "ハッシュが一致しません / sha256 mismatch: file has " + digest->substr(0, 16) +
              "…, checklist says " + evidence.sha256.substr(0, 16) +
              "… (iotmark evidence add で更新 / update with iotmark evidence add)",
          problem_code::kEvidenceHashMismatch);
    }
  }

  void CheckEveryCriterionAnswered() {
    if (criteria_ == nullptr || Rejected("$.results")) return;
    for (const catalog::Requirement& requirement : *criteria_) {
      if (!first_index_.contains(requirement.id)) {
        Add("$.results",
            requirement.id + " の結果がありません / no result for criterion " + requirement.id,
            problem_code::kMissingCriterion);
      }
    }
  }

  const DecodedChecklist& decoded_;
  const Checklist& checklist_;
  const catalog::Pack* pack_;
  const std::vector<catalog::Requirement>* criteria_ = nullptr;  // what the results answer
  const ValidationOptions& options_;
  std::map<std::string, std::size_t> first_index_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> CheckRules(const DecodedChecklist& decoded, const catalog::Pack* pack,
                                const ValidationOptions& options) {
  return RuleChecker(decoded, pack, options).Run();
}

}  // namespace iotmark::checklist
