// `serve` on a database that cannot be opened for a reason that may pass (a read-only or full
// file system, an I/O error, a PostgreSQL server that is down or read-only): instead of exiting,
// the server listens and answers every request with 503, the reason and Retry-After, and tries
// the open again every `retry`; once it opens, the caller serves normally on the same port.
//
// Owns: that waiting listener. May use: store/, cpp-httplib. Errors that will not pass (a file
// that is not a database, a bad URL) are thrown as before.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"

namespace lagesbild::cli {

// Opens `db`; while it fails with an unavailable reason (store/store_errors.h) serves 503 on
// host:port (port 0 picks one; `port` is set to it, and "listening on HOST:PORT" is printed) and
// retries. Returns nullptr when `stop` becomes true first.
std::unique_ptr<Store> open_store_or_wait(const std::string& db, const std::string& host, int& port,
                                          std::chrono::seconds retry,
                                          const std::atomic<bool>& stop);

}  // namespace lagesbild::cli
