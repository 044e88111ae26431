#include "cli/open_or_wait.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/store_errors.h"

namespace lagesbild::cli {

std::unique_ptr<Store> open_store_or_wait(const std::string& db, const std::string& host, int& port,
                                          std::chrono::seconds retry,
                                          const std::atomic<bool>& stop) {
  std::unique_ptr<httplib::Server> waiting;
  std::thread listener;
  std::string reason;
  const auto shut = [&] {
    if (!waiting) return;
    waiting->stop();
    listener.join();
    waiting.reset();
  };
  for (;;) {
    try {
      auto store = open_store(db);
      if (waiting) spdlog::info("the database opened; serving");
      shut();
      return store;
    } catch (const std::exception& e) {
      const auto why = store::unavailable_reason(e);
      if (!why) {
        shut();
        throw;
      }
      reason = std::string(e.what());
      if (!waiting) {
        spdlog::error("{}: answering 503 and trying again every {} s", reason, retry.count());
        waiting = std::make_unique<httplib::Server>();
        waiting->set_tcp_nodelay(true);
        const std::string message = "the database is unavailable: " + *why;
        waiting->set_pre_routing_handler(
            [message, retry](const httplib::Request&, httplib::Response& res) {
              const nlohmann::json body = {
                  {"error",
                   {{"status", 503}, {"message", message}, {"errors", nlohmann::json::array()}}}};
              res.status = 503;
              res.set_header("Retry-After", std::to_string(retry.count()));
              res.set_content(body.dump(), "application/json; charset=utf-8");
              return httplib::Server::HandlerResponse::Handled;
            });
        if (port == 0) {
          port = waiting->bind_to_any_port(host);
        } else if (!waiting->bind_to_port(host, port)) {
          throw std::runtime_error("cannot listen on port " + std::to_string(port));
        }
        if (port <= 0) throw std::runtime_error("cannot listen on " + host);
        listener = std::thread([s = waiting.get()] { s->listen_after_bind(); });
        std::cout << "listening on " << host << ":" << port << " (503: " << *why << ")"
                  << std::endl;
      }
    }
    for (auto waited = std::chrono::milliseconds(0); waited < retry && !stop;
         waited += std::chrono::milliseconds(100)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (stop) {
      shut();
      return nullptr;
    }
  }
}

}  // namespace lagesbild::cli
