// The one way to include Boost.Beast (HTTP) in iotmark; see asio.h.
#ifndef IOTMARK_COMMON_BEAST_H_
#define IOTMARK_COMMON_BEAST_H_

#include "common/asio.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace iotmark {
namespace beast = boost::beast;
namespace http = boost::beast::http;
}  // namespace iotmark

#endif  // IOTMARK_COMMON_BEAST_H_
