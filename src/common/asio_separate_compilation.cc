// Compiles Boost.Asio (with SSL) and Boost.Beast once for the whole project.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
