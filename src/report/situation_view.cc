#include "report/situation_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "geo/polygon_json.h"
#include "geo/projection.h"

namespace lagesbild::report::view {
namespace {

constexpr const char* kMonths[] = {"januari",   "februari", "mars",     "april",
                                   "maj",       "juni",     "juli",     "augusti",
                                   "september", "oktober",  "november", "december"};

std::chrono::year_month_day ymd(int day) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}
int year_of(const std::chrono::year_month_day& d) { return static_cast<int>(d.year()); }
unsigned month_of(const std::chrono::year_month_day& d) { return static_cast<unsigned>(d.month()); }
unsigned day_of(const std::chrono::year_month_day& d) { return static_cast<unsigned>(d.day()); }

std::string month_name(const std::chrono::year_month_day& d) { return kMonths[month_of(d) - 1]; }

// "2026-W47" → 47.
int iso_week_number(const Period& p) {
  const std::string label = p.label();
  const auto w = label.find('W');
  return w == std::string::npos ? 0 : std::stoi(label.substr(w + 1));
}
int iso_week_year(const Period& p) { return std::stoi(p.label().substr(0, 4)); }

bool is_root(const SituationPicture& pic, int category) {
  return !pic.categories[static_cast<std::size_t>(category)]->parent_id;
}

Rgb mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Rgb rgb(unsigned v) {
  return {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
}

}  // namespace

std::string title(const Period& p) { return "Lägesbild " + period_name(p); }

std::string period_name(const Period& p) {
  const auto first = ymd(p.first_day);
  switch (p.kind) {
    case PeriodKind::week:
      return "vecka " + std::to_string(iso_week_number(p)) + " " + std::to_string(iso_week_year(p));
    case PeriodKind::month:
      return month_name(first) + " " + std::to_string(year_of(first));
    case PeriodKind::quarter:
      return "kvartal " + std::to_string((month_of(first) - 1) / 3 + 1) + " " +
             std::to_string(year_of(first));
    case PeriodKind::year:
      return std::to_string(year_of(first));
    case PeriodKind::range:
      return period_dates(p);
  }
  return p.label();
}

std::string period_dates(const Period& p) {
  const auto a = ymd(p.first_day), b = ymd(p.end_day - 1);
  const std::string end =
      std::to_string(day_of(b)) + " " + month_name(b) + " " + std::to_string(year_of(b));
  if (p.end_day - 1 <= p.first_day) return end;
  if (year_of(a) != year_of(b)) {
    return std::to_string(day_of(a)) + " " + month_name(a) + " " + std::to_string(year_of(a)) +
           "–" + end;
  }
  if (month_of(a) != month_of(b)) {
    return std::to_string(day_of(a)) + " " + month_name(a) + "–" + end;
  }
  return std::to_string(day_of(a)) + "–" + end;
}

std::string short_label(const Period& p) {
  const auto first = ymd(p.first_day);
  switch (p.kind) {
    case PeriodKind::week:
      return "v. " + std::to_string(iso_week_number(p));
    case PeriodKind::month:
      return month_name(first).substr(0, 3);
    case PeriodKind::quarter:
      return "K" + std::to_string((month_of(first) - 1) / 3 + 1);
    case PeriodKind::year:
      return std::to_string(year_of(first));
    case PeriodKind::range:
      return std::to_string(day_of(first)) + "/" + std::to_string(month_of(first));
  }
  return p.label();
}

std::string decimal(double v, int digits) {
  if (!std::isfinite(v)) return "–";
  if (std::abs(v) < 0.5 * std::pow(10.0, -digits)) v = 0;  // no "-0,0"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string ratio_text(double current, double expected) {
  if (expected > 0) return decimal(current / expected, 1) + "×";
  return current > 0 ? "ny" : "–";
}

std::string ratio_text(const analysis::Cell& c) {
  return ratio_text(static_cast<double>(c.current), c.test.expected);
}

std::string p_text(double p) {
  if (p < 0.001) return "<0,001";
  return decimal(p, p < 0.01 ? 3 : 2);
}

std::string change_text(double now, double base) {
  if (!(base > 0)) return "–";
  const double pct = std::round((now - base) / base * 100);
  if (pct == 0) return "±0 %";
  return (pct > 0 ? "+" : "−") + decimal(std::abs(pct), 0) + " %";
}

std::string local_time_text(UtcSeconds t) {
  const std::string s = format_local(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string hex(Rgb c) {
  const auto byte = [](double v) {
    return static_cast<unsigned>(std::lround(std::clamp(v, 0.0, 1.0) * 255));
  };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buf;
}

Rgb change_colour(double current, double expected) {
  if (expected <= 0 && current <= 0) return rgb(0xd9d9d9);
  // RdBu, five stops: much fewer, fewer, as expected, more, much more.
  static const Rgb kStops[] = {rgb(0x2166ac), rgb(0x92c5de), rgb(0xf7f7f7), rgb(0xf4a582),
                               rgb(0xb2182b)};
  const double t =
      expected <= 0 ? 1.0 : std::clamp(std::log2(current / expected) / 2, -1.0, 1.0);  // -1..1
  const double pos = (t + 1) * 2;                                                      // 0..4
  const int i = std::min(3, static_cast<int>(pos));
  return mix(kStops[i], kStops[i + 1], pos - i);
}

Rgb status_colour(AreaStatus s) {
  switch (s) {
    case AreaStatus::green:
      return rgb(0x2e7d32);
    case AreaStatus::yellow:
      return rgb(0xfbc02d);
    case AreaStatus::orange:
      return rgb(0xef6c00);
    case AreaStatus::red:
      return rgb(0xc62828);
  }
  return rgb(0x777777);
}

Rgb point_colour() { return rgb(0x1a1a1a); }

double point_radius(int severity) { return 1.8 + 0.9 * std::clamp(severity, 1, 3); }

Rgb category_colour(int i) {
  static const unsigned kPalette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                      0x9467bd, 0x8c564b, 0xe377c2, 0x17becf};
  return rgb(kPalette[static_cast<std::size_t>(i) % std::size(kPalette)]);
}

std::string area_name(const SituationPicture& pic, int area) {
  return area < 0 ? "Hela kommunen" : pic.areas[static_cast<std::size_t>(area)]->name;
}

std::string category_name(const SituationPicture& pic, int category) {
  return pic.categories[static_cast<std::size_t>(category)]->name;
}

int category_depth(const SituationPicture& pic, int category) {
  int depth = 0;
  const Category* c = pic.categories[static_cast<std::size_t>(category)];
  while (c->parent_id && pic.context && depth < 16) {
    c = pic.context->category_by_id(*c->parent_id);
    if (c == nullptr) break;
    ++depth;
  }
  return depth;
}

std::vector<const analysis::Cell*> flag_cells(const SituationPicture& pic) {
  std::vector<const analysis::Cell*> out;
  for (const analysis::Cell& c : pic.situation.cells) {
    if (c.flagged || c.ewma.alarm) out.push_back(&c);
  }
  return out;
}

std::vector<const analysis::Cell*> trend_cells(const SituationPicture& pic, std::size_t n) {
  std::vector<const analysis::Cell*> out;
  for (const analysis::Cell& c : pic.situation.cells) {
    if (c.area == -1 && is_root(pic, c.category) && (c.current > 0 || c.baseline_mean > 0)) {
      out.push_back(&c);
    }
  }
  const auto weight = [](const analysis::Cell* c) {
    return std::max(static_cast<double>(c->current), c->baseline_mean);
  };
  std::stable_sort(out.begin(), out.end(), [&](const analysis::Cell* a, const analysis::Cell* b) {
    return weight(a) > weight(b);
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<const analysis::Cell*> table_cells(const SituationPicture& pic) {
  std::vector<const analysis::Cell*> out;
  for (const analysis::Cell& c : pic.situation.cells) {
    if (c.area >= 0 && (c.current > 0 || c.previous > 0 || c.baseline_mean > 0)) {
      out.push_back(&c);
    }
  }
  std::sort(out.begin(), out.end(), [&](const analysis::Cell* a, const analysis::Cell* b) {
    if (a->area != b->area) return a->area < b->area;
    return pic.categories[static_cast<std::size_t>(a->category)]->code <
           pic.categories[static_cast<std::size_t>(b->category)]->code;
  });
  return out;
}

std::vector<std::string> series_labels(const SituationPicture& pic) {
  std::vector<std::string> out;
  for (auto it = pic.baseline.rbegin(); it != pic.baseline.rend(); ++it) {
    out.push_back(short_label(*it));
  }
  out.push_back(short_label(pic.period));
  return out;
}

std::vector<AreaSummary> area_summaries(const SituationPicture& pic) {
  std::vector<AreaSummary> out(pic.areas.size());
  const geo::Projector projector;
  for (std::size_t a = 0; a < pic.areas.size(); ++a) {
    AreaSummary& s = out[a];
    s.area = static_cast<int>(a);
    if (a < pic.area_status.size() && pic.area_status[a]) s.status = pic.area_status[a]->status;
    const auto parsed =
        geo::detail::parse_polygon_geojson(pic.areas[a]->geometry_geojson, "geometry");
    if (!parsed) continue;
    for (const auto& polygon : parsed->polygons) {
      auto& projected = s.outline.emplace_back();
      for (const auto& ring : polygon) {
        Ring& r = projected.emplace_back();
        for (const auto& [lon, lat] : ring) {
          const geo::Xy xy = projector.to_sweref(lat, lon);
          r.push_back({xy.x, xy.y});
        }
      }
    }
  }
  for (const analysis::Cell& c : pic.situation.cells) {
    if (c.area < 0 || c.area >= static_cast<int>(out.size())) continue;
    AreaSummary& s = out[static_cast<std::size_t>(c.area)];
    if (is_root(pic, c.category)) {
      s.current += c.current;
      s.expected += c.test.expected;
    }
    if (c.flagged) ++s.flagged;
    if (c.ewma.alarm) ++s.early_warnings;
  }
  return out;
}

MapFrame fit_map(const std::vector<AreaSummary>& areas, const std::vector<SituationPoint>& points,
                 double width, double height, double margin) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
  const auto add = [&](double x, double y) {
    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
  };
  for (const AreaSummary& a : areas) {
    for (const auto& polygon : a.outline) {
      for (const Ring& ring : polygon) {
        for (const auto& [x, y] : ring) add(x, y);
      }
    }
  }
  for (const SituationPoint& p : points) add(p.x, p.y);
  if (x0 > x1) x0 = y0 = 0, x1 = y1 = 1000;
  const double dx = std::max(x1 - x0, 1.0), dy = std::max(y1 - y0, 1.0);
  const double w = width - 2 * margin, h = height - 2 * margin;
  MapFrame f;
  f.min_x = x0;
  f.min_y = y0;
  f.scale = std::min(w / dx, h / dy);
  f.offset_x = margin + (w - dx * f.scale) / 2;
  f.offset_y = margin + (h - dy * f.scale) / 2;
  f.height = height;
  return f;
}

std::string coverage_text(CoverageState s) {
  switch (s) {
    case CoverageState::reported:
      return "Har rapporterat";
    case CoverageState::nothing_to_report:
      return "Inget att rapportera";
    case CoverageState::not_reported:
      return "Har inte rapporterat";
  }
  return "?";
}

std::vector<OrganisationCoverage> coverage(const SituationPicture& pic) {
  if (!pic.coverage.empty()) return pic.coverage;
  std::vector<OrganisationCoverage> out;
  for (const auto& c : pic.situation.coverage) {
    OrganisationCoverage o;
    o.organisation = pic.organisations[static_cast<std::size_t>(c.organisation)];
    o.reports = c.reports;
    o.state = c.reports > 0 ? CoverageState::reported : CoverageState::not_reported;
    out.push_back(std::move(o));
  }
  return out;
}

const Assessment* latest_assessment(const SituationPicture& pic) {
  const Assessment* latest = nullptr;
  for (const Assessment& a : pic.assessments) {
    if (latest == nullptr || a.version > latest->version) latest = &a;
  }
  return latest;
}

std::string organisation_name(const SituationPicture& pic, Id id) {
  const Organisation* o = pic.context ? pic.context->organisation_by_id(id) : nullptr;
  return o ? o->name : "#" + std::to_string(id);
}

std::string report_category_name(const SituationPicture& pic, Id id) {
  const Category* c = pic.context ? pic.context->category_by_id(id) : nullptr;
  return c ? c->name : "#" + std::to_string(id);
}

std::string report_where(const SituationPicture& pic, const Report& r) {
  if (r.place_id && pic.context) {
    if (const Place* p = pic.context->place_by_id(*r.place_id)) return p->name;
  }
  if (r.area_id && pic.context) {
    if (const Area* a = pic.context->area_by_id(*r.area_id)) return a->name;
  }
  return "–";
}

std::string author_text(const Assessment& a) {
  if (!a.author_name.empty()) return a.author_name;
  return a.author_id ? "användare #" + std::to_string(a.author_id) : "lokal operatör";
}

std::string police_events_text(const SituationPicture& pic) {
  const auto n = pic.reports_by_source[static_cast<std::size_t>(Source::polisen)];
  if (n == 0) return "";
  return "Varav " + std::to_string(n) + " från polisens öppna händelser.";
}

std::vector<std::array<std::string, 6>> year_flag_rows(const SituationPicture& pic) {
  std::vector<std::array<std::string, 6>> rows;
  for (const auto& f : pic.year_flags) {
    rows.push_back({short_label(f.week), area_name(pic, f.area), category_name(pic, f.category),
                    std::to_string(f.current), decimal(f.expected, 1), p_text(f.q)});
  }
  return rows;
}

std::vector<std::array<std::string, 3>> year_hotspot_rows(const SituationPicture& pic) {
  std::vector<std::array<std::string, 3>> rows;
  for (const auto& h : pic.year_hotspots) {
    rows.push_back({h.area < 0 ? "Utanför områdena" : area_name(pic, h.area),
                    std::to_string(h.cells), std::to_string(h.reports)});
  }
  return rows;
}

}  // namespace lagesbild::report::view
