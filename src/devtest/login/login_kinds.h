// The login clients behind MakeLoginClient, one per protocol (internal to
// src/devtest/login/). Each file implements one factory.
#ifndef IOTMARK_DEVTEST_LOGIN_LOGIN_KINDS_H_
#define IOTMARK_DEVTEST_LOGIN_LOGIN_KINDS_H_

#include <memory>
#include <optional>
#include <string>

#include "devtest/login/login_client.h"

namespace iotmark::devtest::login {

std::unique_ptr<LoginClient> MakeHttpLoginClient(const Target& target);    // http_login.cc
std::unique_ptr<LoginClient> MakeSshLoginClient(const Target& target);     // ssh_login.cc
std::unique_ptr<LoginClient> MakeTelnetLoginClient(const Target& target);  // telnet_login.cc
std::unique_ptr<LoginClient> MakeMqttLoginClient(const Target& target);    // mqtt_login.cc

// The Authorization header answering an HTTP Digest challenge (RFC 7616:
// MD5, MD5-sess, SHA-256, SHA-256-sess; qop auth or none), or nullopt when
// `www_authenticate` holds no Digest challenge we can answer.
std::optional<std::string> DigestAuthorization(const std::string& www_authenticate,
                                               const std::string& username,
                                               const std::string& password,
                                               const std::string& method, const std::string& uri);

}  // namespace iotmark::devtest::login

#endif  // IOTMARK_DEVTEST_LOGIN_LOGIN_KINDS_H_
