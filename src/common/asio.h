// The one way to include Boost.Asio in iotmark.
//
// Boost 1.74 with g++ 12 needs <utility> before Asio's coroutine headers, and
// Asio/Beast are compiled once (asio_separate_compilation.cc), so include this
// header only from .cc files, never from a widely included header.
#ifndef IOTMARK_COMMON_ASIO_H_
#define IOTMARK_COMMON_ASIO_H_

#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace iotmark {
namespace asio = boost::asio;
}  // namespace iotmark

#endif  // IOTMARK_COMMON_ASIO_H_
