// `iotmark admin init`: creates the registry database, the first
// operator-admin account and the label-signing key. The password comes from
// a file or stdin, never from the command line.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "common/clock.h"
#include "common/files.h"
#include "persistence/repositories_factory.h"
#include "registry/registry_service.h"
#include "registry/signing_key_files.h"
#include "store/store.h"

namespace iotmark::cli {
namespace {

struct AdminInitOptions {
  std::string database_url;
  std::string email;
  std::string password_file;
  std::string key_directory;
  bool json = false;
};

Result<std::string> ReadPassword(const std::string& source) {
  std::string text;
  if (source == "-") {
    std::string line;
    if (!std::getline(std::cin, line)) {
      return Status::InvalidArgument("--password-file -: nothing on stdin");
    }
    text = line;
  } else {
    auto contents = ReadFile(source, 4096);
    if (!contents.ok()) return contents.status();
    text = *contents;
    auto newline = text.find('\n');
    if (newline != std::string::npos) text.resize(newline);
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

int RunAdminInit(const AdminInitOptions& options, const Context& context) {
  auto fail = [](const Status& status) {
    std::cerr << "iotmark admin init: " << status.ToString() << "\n";
    return kExitUsage;
  };
  auto password = ReadPassword(options.password_file);
  if (!password.ok()) return fail(password.status());
  std::filesystem::path key_directory = options.key_directory;
  if (key_directory.empty()) {
    auto default_directory = registry::DefaultKeyDirectory(options.database_url);
    if (!default_directory.ok()) return fail(default_directory.status());
    key_directory = *default_directory;
  }
  auto catalog = catalog::Catalog::Load(SchemesDirectory(context));
  if (!catalog.ok()) return fail(catalog.status());
  auto store = store::OpenStore(options.database_url);
  if (!store.ok()) return fail(store.status());
  bool created_key = false;
  auto key = registry::LoadSigningKey(key_directory);
  if (!key.ok()) {
    if (std::filesystem::exists(key_directory / registry::kSecretKeyFileName)) {
      return fail(key.status());
    }
    key = registry::CreateSigningKey(key_directory);
    if (!key.ok()) return fail(key.status());
    created_key = true;
  }
  auto repositories = persistence::MakeRepositories(**store);
  if (!repositories.ok()) return fail(repositories.status());
  registry::RegistryOptions registry_options;
  registry_options.repositories = std::move(repositories).value();
  registry::RegistryService service(**store, SystemClock::Instance(), *catalog, *key,
                                    registry_options);
  auto admin = service.BootstrapAdmin(options.email, *password);
  std::fill(password->begin(), password->end(), '\0');
  if (!admin.ok()) return fail(admin.status());
  if (Status registered = service.RegisterSigningKey(); !registered.ok()) return fail(registered);
  if (options.json) {
    nlohmann::json out{{"admin_email", admin->email},
                       {"database", options.database_url},
                       {"key_directory", key_directory.string()},
                       {"public_key", service.public_key().ToBase64()},
                       {"key_id", service.public_key().KeyId()},
                       {"key_created", created_key}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "初期化しました / Initialised the registry\n"
              << "  管理者 / operator-admin: " << admin->email << "\n"
              << "  データベース / database: " << options.database_url << "\n"
              << "  署名鍵 / signing key: "
              << (key_directory / registry::kPublicKeyFileName).string() << " (key id "
              << service.public_key().KeyId() << ", "
              << (created_key ? "新規作成 / created" : "既存 / existing") << ")\n";
  }
  return kExitOk;
}

void SetupAdmin(CLI::App& root, Context& context) {
  auto* admin = root.add_subcommand("admin", "登録簿の管理 / Registry administration");
  admin->require_subcommand(1);
  auto options = std::make_shared<AdminInitOptions>();
  auto* init = admin->add_subcommand(
      "init", "最初の管理者と署名鍵を作成 / Create the first operator-admin and the signing key");
  init->add_option("--db", options->database_url,
                   "Store URL: sqlite:registry.db or postgresql://user@host:port/db")
      ->required();
  init->add_option("--email", options->email, "The admin's email address")->required();
  init->add_option("--password-file", options->password_file,
                   "File holding the password on its first line, or - for stdin")
      ->required();
  init->add_option("--key-dir", options->key_directory,
                   "Folder for label-signing.key/.pub (default: <db folder>/keys)");
  init->add_flag("--json", options->json, "Print the result as JSON");
  init->callback([options, &context] { context.exit_code = RunAdminInit(*options, context); });
}

}  // namespace

IOTMARK_REGISTER_COMMAND(admin, SetupAdmin);

}  // namespace iotmark::cli
