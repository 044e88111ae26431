// A demo municipality in a temporary SQLite database, and principals with one role in it: the
// fixture of the service tests that need realistic data.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include "demo/demo.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild::test_support {

namespace fs = std::filesystem;

// A demo municipality in a temporary SQLite database.
class DemoStore {
 public:
  explicit DemoStore(std::uint64_t seed) {
    path_ = fs::temp_directory_path() /
            ("lb-situation-" + std::to_string(::getpid()) + "-" + std::to_string(seed) + ".db");
    remove();
    demo::DemoOptions options;
    options.seed = seed;
    world = demo::generate_demo(options);
    store = open_store(path_.string());
    demo::write_demo(*store, world);
    services = std::make_unique<Services>(*store);
  }
  ~DemoStore() {
    services.reset();
    store.reset();
    remove();
  }
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }

  demo::DemoWorld world;
  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;

 private:
  fs::path path_;
};

inline Principal with_role(Store& store, Role role, const std::string& organisation_name) {
  Id org = 0;
  for (const auto& o : store.organisations(std::string(demo::kDemoMunicipalityCode))) {
    if (o.name == organisation_name) org = o.id;
  }
  Principal p;
  p.username = "t";
  p.grants = {{std::string(demo::kDemoMunicipalityCode), role, org}};
  return p;
}

inline ServiceError::Kind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ServiceError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ServiceError";
  return ServiceError::Kind::bad_request;
}

}  // namespace lagesbild::test_support
