#include "ingest/csv_import.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "ingest/csv_reader.h"
#include "ingest/duplicates.h"
#include "ingest/text.h"

namespace lagesbild::ingest {
namespace {

enum class Column {
  occurred_at,
  occurred_to,
  category,
  organisation,
  lat,
  lon,
  x,
  y,
  place,
  area,
  count,
  severity,
  description,
  external_id,
  municipality,
  ignored
};

struct ColumnName {
  std::string_view name;
  Column column;
};

// Header names (folded) and what they hold. id, source, status and created_at are written by the
// export and ignored here.
constexpr std::array<ColumnName, 20> kColumns{{
    {"occurred_at", Column::occurred_at},
    {"occurred_from", Column::occurred_at},
    {"occurred_to", Column::occurred_to},
    {"category", Column::category},
    {"organisation", Column::organisation},
    {"lat", Column::lat},
    {"lon", Column::lon},
    {"x", Column::x},
    {"y", Column::y},
    {"place", Column::place},
    {"area", Column::area},
    {"count", Column::count},
    {"severity", Column::severity},
    {"description", Column::description},
    {"external_id", Column::external_id},
    {"municipality", Column::municipality},
    {"id", Column::ignored},
    {"source", Column::ignored},
    {"status", Column::ignored},
    {"created_at", Column::ignored},
}};

constexpr std::size_t kParallelMinBytes = 1 << 20;
constexpr unsigned kMaxThreads = 8;

std::optional<Column> column_of(std::string_view header_cell) {
  const std::string key = fold_key(header_cell);
  for (const auto& c : kColumns) {
    if (c.name == key) return c.column;
  }
  return std::nullopt;
}

std::string known_columns() {
  std::string out;
  for (const auto& c : kColumns) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

struct Header {
  std::vector<Column> columns;  // one per field
  FieldNames names;             // as the header spells them, for errors
  std::string municipality_name = "municipality";
};

// The FieldNames member that names column `c`, or nullptr for columns without one.
template <class Names>
auto name_slot(Names& n, Column c) -> decltype(&n.category) {
  switch (c) {
    case Column::occurred_at:
      return &n.occurred_from;
    case Column::occurred_to:
      return &n.occurred_to;
    case Column::category:
      return &n.category;
    case Column::organisation:
      return &n.organisation;
    case Column::lat:
      return &n.lat;
    case Column::lon:
      return &n.lon;
    case Column::x:
      return &n.x;
    case Column::y:
      return &n.y;
    case Column::place:
      return &n.place;
    case Column::area:
      return &n.area;
    case Column::count:
      return &n.count;
    case Column::severity:
      return &n.severity;
    case Column::description:
      return &n.description;
    case Column::external_id:
      return &n.external_id;
    default:
      return nullptr;
  }
}

Expected<Header> read_header(const CsvRecord& record) {
  const std::int64_t line = record.line;
  if (record.error) return FieldError{"", record.error->line, record.error->reason};
  Header h;
  h.names.occurred_from = "occurred_at";
  Errors errors;
  std::vector<Column> seen;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string name(trim(record.fields[i]));
    const auto column = column_of(name);
    if (name.empty()) {
      errors.push_back({"", line, "column " + std::to_string(i + 1) + " has no name"});
      continue;
    }
    if (!column) {
      errors.push_back({name, line, "unknown column; the columns are " + known_columns()});
      continue;
    }
    h.columns.push_back(*column);
    if (*column == Column::ignored) continue;
    if (std::find(seen.begin(), seen.end(), *column) != seen.end()) {
      errors.push_back({name, line, "the column is given twice"});
    }
    seen.push_back(*column);
    if (std::string* slot = name_slot(h.names, *column)) *slot = name;
    if (*column == Column::municipality) h.municipality_name = name;
  }
  const auto has = [&](Column c) { return std::find(seen.begin(), seen.end(), c) != seen.end(); };
  for (const Column c : {Column::occurred_at, Column::category, Column::organisation}) {
    if (!has(c)) errors.push_back({*name_slot(h.names, c), line, "required column is missing"});
  }
  for (const auto& [a, b] :
       {std::pair{Column::lat, Column::lon}, std::pair{Column::x, Column::y}}) {
    if (has(a) != has(b)) {
      const Column missing = has(a) ? b : a, present = has(a) ? a : b;
      errors.push_back({*name_slot(h.names, missing), line,
                        "required column is missing (it goes with column '" +
                            *name_slot(h.names, present) + "')"});
    }
  }
  if (!has(Column::lat) && !has(Column::x) && !has(Column::place) && !has(Column::area)) {
    errors.push_back(
        {"", line, "a location column is required: lat and lon, x and y, place or area"});
  }
  if (!errors.empty()) return errors;
  return h;
}

// A coordinate with a decimal point or (Swedish Excel) a decimal comma. Empty means not given.
bool parse_decimal(std::string_view text, std::optional<double>& out) {
  std::string_view s = trim(text);
  out.reset();
  if (s.empty()) return true;
  if (s.front() == '+') s.remove_prefix(1);
  std::array<char, 64> buf;
  const bool both_marks =
      s.find('.') != std::string_view::npos && s.find(',') != std::string_view::npos;
  if (s.size() > buf.size() || both_marks) return false;
  std::replace_copy(s.begin(), s.end(), buf.begin(), ',', '.');
  double v = 0;
  const auto [end, ec] = std::from_chars(buf.data(), buf.data() + s.size(), v);
  if (ec != std::errc{} || end != buf.data() + s.size()) return false;
  out = v;
  return true;
}

bool parse_integer(std::string_view text, std::optional<long long>& out) {
  const std::string_view s = trim(text);
  out.reset();
  if (s.empty()) return true;
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return false;
  out = v;
  return true;
}

bool is_blank(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](std::string_view f) { return trim(f).empty(); });
}

// The reports, lines and errors of one contiguous part of the file.
struct Part {
  std::vector<Report> reports;
  std::vector<std::int64_t> lines;
  Errors errors;
  bool syntax_error = false;
};

// Turns records into reports. One per thread: it reuses one draft's string capacity across rows.
class RowParser {
 public:
  RowParser(const Header& header, const ReportContext& ctx, const geo::Projector& projector,
            const ResolveOptions& base)
      : header_(header), ctx_(ctx), projector_(projector), options_(base) {}

  // Parses records from `reader` into `out` until it has consumed at least `until` bytes;
  // returns false when the input is exhausted.
  bool read(CsvReader& reader, std::size_t until, Part& out) {
    while (reader.offset() < until) {
      if (!reader.next(record_)) return false;
      parse(record_, out);
    }
    return true;
  }

 private:
  void parse(const CsvRecord& record, Part& out) {
    if (record.error) {
      const auto& e = *record.error;
      out.errors.push_back(
          {column_name(e.field_index), e.line,
           e.reason + " at character " + std::to_string(e.column) + " of the line"});
      out.syntax_error = true;
      return;
    }
    if (is_blank(record)) return;
    const std::int64_t line = record.line;
    if (record.fields.size() != header_.columns.size()) {
      out.errors.push_back({"", line,
                            "expected " + std::to_string(header_.columns.size()) +
                                " fields as in the header, found " +
                                std::to_string(record.fields.size())});
      return;
    }
    Errors cell_errors = fill_draft(record);
    options_.line = line;
    auto resolved = resolve(draft_, ctx_, projector_, header_.names, options_);
    if (resolved && cell_errors.empty()) {
      out.reports.push_back(std::move(resolved.value()));
      out.lines.push_back(line);
      return;
    }
    out.errors.insert(out.errors.end(), cell_errors.begin(), cell_errors.end());
    if (resolved) return;
    for (const auto& e : resolved.errors()) {
      // A cell that did not parse was left out of the draft; resolve's complaints that follow
      // from that (about the same cell, or a missing location) would only repeat the problem.
      const bool follows =
          std::any_of(cell_errors.begin(), cell_errors.end(),
                      [&](const FieldError& c) { return c.field == e.field || e.field.empty(); });
      if (!follows) out.errors.push_back(e);
    }
  }

  std::string column_name(std::size_t index) const {
    if (index >= header_.columns.size()) return "";
    if (const std::string* slot = name_slot(header_.names, header_.columns[index])) return *slot;
    return header_.columns[index] == Column::municipality ? header_.municipality_name : "";
  }

  Errors fill_draft(const CsvRecord& record) {
    ReportDraft& d = draft_;
    for (std::string* s : {&d.category, &d.organisation, &d.occurred_from, &d.occurred_to, &d.place,
                           &d.area, &d.description, &d.external_id}) {
      s->clear();
    }
    Errors errors;
    std::size_t i = 0;  // the cell being read, for error messages
    const auto number = [&](std::string_view cell, std::optional<double>& out) {
      if (!parse_decimal(cell, out)) {
        errors.push_back(
            {column_name(i), record.line, "'" + std::string(cell) + "' is not a number"});
      }
    };
    const auto integer = [&](std::string_view cell, std::optional<long long>& out) {
      if (!parse_integer(cell, out)) {
        errors.push_back(
            {column_name(i), record.line, "'" + std::string(cell) + "' is not a whole number"});
      }
    };
    d.lat = d.lon = d.x = d.y = std::nullopt;
    d.count = d.severity = std::nullopt;
    for (; i < record.fields.size(); ++i) {
      const std::string_view cell = record.fields[i];
      switch (header_.columns[i]) {
        case Column::occurred_at:
          d.occurred_from.assign(cell);
          break;
        case Column::occurred_to:
          d.occurred_to.assign(cell);
          break;
        case Column::category:
          d.category.assign(unguard_cell(cell));
          break;
        case Column::organisation:
          d.organisation.assign(unguard_cell(cell));
          break;
        case Column::place:
          d.place.assign(unguard_cell(cell));
          break;
        case Column::area:
          d.area.assign(unguard_cell(cell));
          break;
        case Column::description:
          d.description.assign(unguard_cell(cell));
          break;
        case Column::external_id:
          d.external_id.assign(unguard_cell(cell));
          break;
        case Column::lat:
          number(cell, d.lat);
          break;
        case Column::lon:
          number(cell, d.lon);
          break;
        case Column::x:
          number(cell, d.x);
          break;
        case Column::y:
          number(cell, d.y);
          break;
        case Column::count:
          integer(cell, d.count);
          break;
        case Column::severity:
          integer(cell, d.severity);
          break;
        case Column::municipality: {
          const std::string_view code = trim(cell);
          if (!code.empty() && code != ctx_.municipality().code) {
            errors.push_back({header_.municipality_name, record.line,
                              "the report is for municipality " + std::string(code) +
                                  ", this import is for " + ctx_.municipality().code});
          }
          break;
        }
        case Column::ignored:
          break;
      }
    }
    return errors;
  }

  const Header& header_;
  const ReportContext& ctx_;
  const geo::Projector& projector_;
  ResolveOptions options_;
  ReportDraft draft_;
  CsvRecord record_;
};

Part parse_part(std::string_view text, std::int64_t first_line, char separator,
                const Header& header, const ReportContext& ctx, const geo::Projector& projector,
                const ResolveOptions& base) {
  Part part;
  // Every record ends with a line break (or the end), so this bounds the number of rows.
  const auto max_rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  part.reports.reserve(max_rows);
  part.lines.reserve(max_rows);
  CsvReader reader(text, separator, first_line);
  RowParser(header, ctx, projector, base).read(reader, std::string_view::npos, part);
  return part;
}

// Where [begin, end) splits into `parts` pieces at record boundaries, as offsets from `begin`
// to `end`. Inside a well-formed file a newline ends a record exactly when the quotes before it
// are balanced; a file where that fails has a syntax error, which the caller detects.
std::vector<std::size_t> split_points(std::string_view content, std::size_t begin, unsigned parts) {
  std::vector<std::size_t> points{begin};
  bool in_quotes = false;
  std::size_t scanned = begin;
  for (unsigned i = 1; i < parts; ++i) {
    const std::size_t target = begin + (content.size() - begin) / parts * i;
    if (target <= points.back()) continue;
    in_quotes ^= std::count(content.begin() + scanned, content.begin() + target, '"') % 2 == 1;
    std::size_t p = target;
    while (p < content.size() && (content[p] != '\n' || in_quotes)) {
      if (content[p] == '"') in_quotes = !in_quotes;
      ++p;
    }
    if (p >= content.size()) break;
    points.push_back(p + 1);
    scanned = p + 1;
  }
  points.push_back(content.size());
  return points;
}

unsigned thread_count(int requested, std::size_t bytes) {
  if (requested > 0) return static_cast<unsigned>(requested);
  if (bytes < kParallelMinBytes) return 1;
  return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
}

// The header of a file and where its rows begin.
struct FileStart {
  Header header;
  char separator = ',';
  std::size_t body = 0;        // offset of the first row
  std::int64_t body_line = 0;  // its line
};

Expected<FileStart> read_start(std::string_view content) {
  const char separator = detect_separator(
      content, [](std::string_view cell) { return column_of(trim(cell)).has_value(); });
  CsvReader reader(content, separator);
  CsvRecord first;
  if (!reader.next(first)) return FieldError{"", 1, "the file is empty"};
  auto header = read_header(first);
  if (!header) return header.errors();
  const std::size_t body = reader.offset();
  const std::int64_t body_line = 1 + std::count(content.begin(), content.begin() + body, '\n');
  return FileStart{std::move(header.value()), separator, body, body_line};
}

std::vector<Part> parse_parts(std::string_view content, const FileStart& start,
                              const ReportContext& ctx, const ResolveOptions& base,
                              unsigned threads) {
  const auto points = split_points(content, start.body, threads);
  const std::size_t n = points.size() - 1;
  std::vector<std::int64_t> first_lines{start.body_line};
  for (std::size_t i = 1; i < n; ++i) {
    first_lines.push_back(first_lines.back() + std::count(content.begin() + points[i - 1],
                                                          content.begin() + points[i], '\n'));
  }
  std::vector<Part> parts(n);
  std::vector<std::exception_ptr> failures(n);
  const auto run = [&](std::size_t i) {
    try {
      const geo::Projector projector;  // a Projector is per thread
      parts[i] = parse_part(content.substr(points[i], points[i + 1] - points[i]), first_lines[i],
                            start.separator, start.header, ctx, projector, base);
    } catch (...) {
      failures[i] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    for (std::size_t i = 1; i < n; ++i) workers.emplace_back(run, i);
    run(0);
  }
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
  return parts;
}

// Joins the parts of one file, taken in file order, into the file's errors: the parts' own, and
// one for every external_id an organisation repeats anywhere in the file (on the later line).
class PartJoiner {
 public:
  explicit PartJoiner(const Header& header) : external_id_column_(header.names.external_id) {}

  // Takes the errors out of `part`, which follows every part added before.
  void add(Part& part) {
    std::move(part.errors.begin(), part.errors.end(), std::back_inserter(errors_));
    part.errors.clear();
    for (const auto& [later, first_line] : ids_.add(part.reports, part.lines)) {
      repeats_.push_back({external_id_column_, part.lines[later],
                          "external_id '" + part.reports[later].external_id +
                              "' of this organisation is also on line " +
                              std::to_string(first_line)});
    }
  }

  bool clean() const { return errors_.empty() && repeats_.empty(); }

  // Every error, ordered by line; on one line a row's own errors come before a repeat.
  Errors errors() && {
    std::move(repeats_.begin(), repeats_.end(), std::back_inserter(errors_));
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const FieldError& a, const FieldError& b) { return a.line < b.line; });
    return std::move(errors_);
  }

 private:
  std::string external_id_column_;
  ExternalIdTracker ids_;
  Errors errors_;   // the parts' own, in file order
  Errors repeats_;  // repeated external ids, in file order
};

// Moves `from` to the end of `to`; without copying when `to` is empty.
template <class T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  if (to.empty()) {
    to = std::move(from);
  } else {
    std::move(from.begin(), from.end(), std::back_inserter(to));
  }
}

}  // namespace

CsvImport parse_reports_csv(std::string_view content, const ReportContext& ctx,
                            const ResolveOptions& base, int threads) {
  CsvImport result;
  auto start = read_start(content);
  if (!start) {
    result.errors = start.errors();
    return result;
  }
  auto parts = parse_parts(content, *start, ctx, base, thread_count(threads, content.size()));
  // A syntax error may have misplaced a split (see split_points): parse again in one piece.
  if (parts.size() > 1 &&
      std::any_of(parts.begin(), parts.end(), [](const Part& p) { return p.syntax_error; })) {
    parts = parse_parts(content, *start, ctx, base, 1);
  }
  PartJoiner joiner(start->header);
  for (Part& p : parts) {
    joiner.add(p);
    append(result.reports, std::move(p.reports));
    append(result.lines, std::move(p.lines));
  }
  result.errors = std::move(joiner).errors();
  return result;
}

std::string_view unguard_cell(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      std::string_view("=+-@\t\r'").find(cell[1]) != std::string_view::npos) {
    cell.remove_prefix(1);
  }
  return cell;
}

// ---- streaming -------------------------------------------------------------------------------

// The worker reads the whole body with one CsvReader, in order, so a chunk boundary is always a
// true record boundary: the result equals a one-piece parse, syntax errors included, and needs
// neither split_points nor a second pass.
struct CsvReportStream::State {
  // Chunks parsed but not yet taken: enough to keep the worker busy while the caller stores one.
  static constexpr std::size_t kWaitingChunks = 2;
  static constexpr std::size_t kFirstChunkDivisor = 16;

  State(std::string_view c, const ReportContext& x, const ResolveOptions& b, std::size_t bytes,
        FileStart s)
      : content(c),
        ctx(x),
        base(b),
        chunk_bytes(std::clamp<std::size_t>(bytes, 1, c.size() + 1)),
        start(std::move(s)) {}

  void run() {
    try {
      parse_all();
    } catch (...) {
      std::lock_guard lk(mu);
      failure = std::current_exception();
      ready.clear();
    }
    {
      std::lock_guard lk(mu);
      parsed = true;
    }
    cv.notify_all();
  }

  void parse_all() {
    const geo::Projector projector;  // a Projector is per thread
    RowParser rows(start.header, ctx, projector, base);
    CsvReader reader(content.substr(start.body), start.separator, start.body_line);
    PartJoiner joiner(start.header);
    // The first chunks are smaller, so the caller has something to do soon.
    std::size_t limit = std::max<std::size_t>(1, chunk_bytes / kFirstChunkDivisor);
    for (bool more = true; more && !stopping(); limit = std::min(chunk_bytes, 2 * limit)) {
      Part part;
      more = rows.read(reader, reader.offset() + limit, part);
      const bool was_clean = joiner.clean();
      joiner.add(part);
      if (joiner.clean()) {
        if (!part.reports.empty()) hand_over(std::move(part.reports));
      } else if (was_clean) {
        drop_waiting();
      }
    }
    Errors all = std::move(joiner).errors();
    std::lock_guard lk(mu);
    errors = std::move(all);
  }

  bool stopping() {
    std::lock_guard lk(mu);
    return stopped;
  }

  // Queues a chunk, waiting while kWaitingChunks wait (or until the owner stops the stream).
  void hand_over(std::vector<Report>&& reports) {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return ready.size() < kWaitingChunks || stopped; });
    if (stopped) return;
    ready.push_back(std::move(reports));
    cv.notify_all();
  }

  // The file has an error: the caller will discard what it got, so it gets no more.
  void drop_waiting() {
    {
      std::lock_guard lk(mu);
      ready.clear();
      failed = true;
    }
    cv.notify_all();
  }

  void stop() {
    {
      std::lock_guard lk(mu);
      stopped = true;
    }
    cv.notify_all();
    if (worker.joinable()) worker.join();
  }

  const std::string_view content;
  const ReportContext& ctx;
  const ResolveOptions base;
  const std::size_t chunk_bytes;
  const FileStart start;

  std::mutex mu;
  std::condition_variable cv;  // any change to the fields below
  std::deque<std::vector<Report>> ready;
  bool failed = false;   // an input error was found: no more chunks
  bool parsed = false;   // the worker is done: errors or failure is set
  bool stopped = false;  // the owner is going away
  Errors errors;
  std::exception_ptr failure;
  std::thread worker;  // started last, once the fields above exist
};

CsvReportStream::CsvReportStream(std::string_view content, const ReportContext& ctx,
                                 const ResolveOptions& base, std::size_t chunk_bytes) {
  auto start = read_start(content);
  if (!start) {
    header_errors_ = start.errors();
    return;
  }
  state_ = std::make_unique<State>(content, ctx, base, chunk_bytes, std::move(start.value()));
  state_->worker = std::thread([s = state_.get()] { s->run(); });
}

CsvReportStream::~CsvReportStream() {
  if (state_) state_->stop();
}

bool CsvReportStream::next(std::vector<Report>& out) {
  out.clear();
  if (!state_) return false;
  State& s = *state_;
  std::unique_lock lk(s.mu);
  s.cv.wait(lk, [&] { return !s.ready.empty() || s.failed || s.parsed; });
  if (s.ready.empty()) {
    if (s.failure) std::rethrow_exception(s.failure);
    return false;
  }
  out = std::move(s.ready.front());
  s.ready.pop_front();
  lk.unlock();
  s.cv.notify_all();
  return true;
}

Errors CsvReportStream::finish() {
  if (!state_) return std::move(header_errors_);
  State& s = *state_;
  std::unique_lock lk(s.mu);
  s.cv.wait(lk, [&] { return s.parsed; });
  if (s.failure) std::rethrow_exception(s.failure);
  return std::move(s.errors);
}

Errors parse_reports_csv_streaming(std::string_view content, const ReportContext& ctx,
                                   const ResolveOptions& base,
                                   const std::function<void(std::vector<Report>&&)>& consume,
                                   std::size_t chunk_bytes) {
  CsvReportStream stream(content, ctx, base, chunk_bytes);
  std::vector<Report> chunk;
  while (stream.next(chunk)) consume(std::move(chunk));
  return stream.finish();
}

}  // namespace lagesbild::ingest
