// The HTTP front end: JSON under /api/v1, a thin adapter that parses, authenticates, calls the
// services and formats (see STYLE.md, "OSRM"). Every route except health, login and the OpenAPI
// description needs a session (bearer token or the session cookie).
//
// May use: service/, server/json_mapping.h, cpp-httplib. Thread-safety: one HttpServer serves
// many connections concurrently from its thread pool; stop() may be called from another thread.
#pragma once

#include <memory>
#include <string>

#include "service/services.h"

namespace lagesbild::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  // Worker threads. cpp-httplib keeps a keep-alive connection on one worker, so this bounds the
  // number of concurrently served connections; idle ones cost only a thread stack.
  int threads = 128;
  std::string static_dir;  // built web app to serve at "/", if any
};

class HttpServer {
 public:
  HttpServer(Services& services, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the port; returns false (and logs why) when it cannot. Port 0 picks a free port.
  bool bind();
  int port() const;
  // Serves until stop(). Returns false on a listening error.
  bool serve();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3 description served at /api/v1/openapi.json.
const std::string& openapi_document();

}  // namespace lagesbild::server
