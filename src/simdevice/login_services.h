// The simulated device's network logins besides HTTP (login_services in
// docs/sim-device-config.md): Telnet (BusyBox-style prompts) and MQTT
// (CONNECT with user name and password). Both ask DeviceState::Authenticate,
// so default_password_accepted and brute_force apply exactly as on HTTP;
// while a lock-out is active they refuse the connection (close it at once,
// a connection-level lock-out as fail2ban does). Asio coroutines on the
// device's one I/O thread, so DeviceState is never touched concurrently.
#ifndef IOTMARK_SIMDEVICE_LOGIN_SERVICES_H_
#define IOTMARK_SIMDEVICE_LOGIN_SERVICES_H_

#include "common/asio.h"  // only server.cc and login_services.cc include this header
#include "simdevice/device_state.h"

namespace iotmark::simdevice {

boost::asio::awaitable<void> TelnetLoginSession(DeviceState& state,
                                                boost::asio::ip::tcp::socket socket);
boost::asio::awaitable<void> MqttLoginSession(DeviceState& state,
                                              boost::asio::ip::tcp::socket socket);

}  // namespace iotmark::simdevice

#endif  // IOTMARK_SIMDEVICE_LOGIN_SERVICES_H_
