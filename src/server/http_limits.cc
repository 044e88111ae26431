// Limits on what a request may hold, checked before its body is read (http_internal.h,
// install_request_limits). cpp-httplib reads a whole body into memory up to the server's
// payload_max_length (512 MiB, for CSV imports), and puts no bound on the number of header lines:
// without these checks, a few clients could make the server hold gigabytes.
#include <charconv>

#include "server/http_internal.h"

namespace lagesbild::server {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
// Bodies of imports (CSV files of a municipality's years), of areas (detailed polygons), and of
// every other request (JSON of one object: a report, a measure ...).
constexpr std::size_t kImportBody = 512 * kMiB;
constexpr std::size_t kAreaBody = 64 * kMiB;
constexpr std::size_t kApiBody = 4 * kMiB;
// All header lines together; a browser sends a few kilobytes.
constexpr std::size_t kHeaderBytes = 64 * 1024;

std::size_t body_limit(const std::string& path) {
  if (path.ends_with("/import")) return kImportBody;
  if (path.rfind("/api/v1/areas", 0) == 0) return kAreaBody;
  return kApiBody;
}

httplib::Server::HandlerResponse refuse(httplib::Response& res, int status,
                                        const std::string& message) {
  send(res, status, error_json(status, message, {}));
  // The body (or the rest of the headers) was not read: the connection cannot carry another
  // request.
  res.set_header("Connection", "close");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

void install_request_limits(httplib::Server& http) {
  http.set_payload_max_length(kImportBody);
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    std::size_t header_bytes = 0;
    for (const auto& [name, value] : req.headers) header_bytes += name.size() + value.size() + 4;
    if (header_bytes > kHeaderBytes) {
      return refuse(res, 431,
                    "för stora huvuden / the request's header fields exceed " +
                        std::to_string(kHeaderBytes / 1024) + " KiB");
    }
    if (req.has_header("Content-Length")) {
      const std::string v = req.get_header_value("Content-Length");
      std::size_t length = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), length);
      if (ec != std::errc() || end != v.data() + v.size()) {
        return refuse(res, 400, "Content-Length is not a number");
      }
      const std::size_t limit = body_limit(req.path);
      if (length > limit) {
        return refuse(res, 413,
                      "för stor begäran / the body exceeds " + std::to_string(limit / kMiB) +
                          " MiB for " + req.path);
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

}  // namespace lagesbild::server
