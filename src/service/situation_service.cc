#include "service/situation_service.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analysis/grid.h"
#include "analysis/local_statistics.h"
#include "geo/geometry.h"
#include "ingest/personal_data.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

bool member(const Principal& who, const std::string& m) {
  if (who.local_operator) return true;
  const auto ms = who.municipalities();
  return std::find(ms.begin(), ms.end(), m) != ms.end();
}

template <class T>
std::unordered_map<Id, int> index_of(const std::vector<T>& items, std::vector<const T*>& out) {
  std::unordered_map<Id, int> index;
  for (const T& item : items) {
    index.emplace(item.id, static_cast<int>(out.size()));
    out.push_back(&item);
  }
  return index;
}

// A picture of a year holds some 100,000 points; more would not be read on a map.
constexpr std::size_t kMaxPoints = 200'000;
// The cells of the yearly picture's hotspots, in metres.
constexpr double kYearHotspotCell = 250;

bool pic_is_year(const SituationRequest& r) {
  const auto p = parse_period(r.period);
  return p && p->kind == PeriodKind::year;
}

}  // namespace

SituationPicture SituationService::compile(const Principal& who, const SituationRequest& request) {
  const std::string m = reports_.municipality_for(who, request.municipality);
  if (!member(who, m)) {
    throw ServiceError(Kind::forbidden, "you hold no role in municipality " + m);
  }
  std::vector<analysis::PlanePoint> points;
  SituationPicture pic =
      build(who, m, request, contexts_.get(m), pic_is_year(request) ? &points : nullptr);
  if (pic.period.kind == PeriodKind::year) {
    attach_year_review(who, request, pic);
    attach_year_hotspots(points, pic);
  }
  log(who, m, "situation.compile", pic.period.label());
  return pic;
}

void SituationService::attach_year_review(const Principal& who, const SituationRequest& request,
                                          SituationPicture& year) {
  SituationRequest weekly = request;
  weekly.baseline_periods = 0;  // the weekly default
  const int today = period_containing(PeriodKind::range, now_utc()).first_day;
  Period week = period_containing(PeriodKind::week, year.period.utc().from);
  if (week.first_day < year.period.first_day) week = previous_period(week, -1);
  for (; week.first_day < year.period.end_day && week.first_day <= today;
       week = previous_period(week, -1)) {
    weekly.period = week.label();
    const SituationPicture w = build(who, year.municipality, weekly, year.context);
    for (const analysis::Cell& c : w.situation.cells) {
      if (!c.flagged) break;  // flagged cells come first
      if (!c.rise) continue;
      year.year_flags.push_back({week, c.area, c.category, c.current, c.test.expected, c.q});
    }
  }
}

void SituationService::attach_year_hotspots(const std::vector<analysis::PlanePoint>& points,
                                            SituationPicture& year) {
  if (points.empty()) return;
  std::vector<double> xs, ys;
  for (const auto& p : points) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  const auto grid =
      analysis::Grid::fitted_to_points(analysis::CellShape::kSquare, xs, ys, kYearHotspotCell);
  const auto counts = analysis::count_points(grid, xs, ys);
  const auto weights = analysis::lattice_weights(
      static_cast<std::size_t>(grid.rows()), static_cast<std::size_t>(grid.cols()),
      analysis::Contiguity::queen, {true, analysis::WeightStyle::binary});
  analysis::LocalOptions options;
  options.permutation.permutations = 0;
  const auto g = analysis::getis_ord(counts.counts, weights, options);
  std::map<int, SituationPicture::AreaHotspots> by_area;
  std::unordered_map<Id, int> area_at;
  for (std::size_t i = 0; i < year.areas.size(); ++i) area_at.emplace(year.areas[i]->id, i);
  for (std::int64_t cell = 0; cell < grid.cell_count(); ++cell) {
    const auto i = static_cast<std::size_t>(cell);
    if (g.bin[i] < 2) continue;  // hot at 95 % or more
    const auto centre = grid.centroid(cell);
    const auto id = year.context->area_index().locate(centre.x, centre.y);
    const int area = id && area_at.count(*id) ? area_at.at(*id) : -1;
    auto& a = by_area[area];
    a.area = area;
    ++a.cells;
    a.reports += static_cast<std::int64_t>(counts.counts[i]);
  }
  for (const auto& [area, h] : by_area) year.year_hotspots.push_back(h);
  std::sort(year.year_hotspots.begin(), year.year_hotspots.end(),
            [](const auto& a, const auto& b) { return a.reports > b.reports; });
}

SituationPicture SituationService::build(const Principal& who, const std::string& m,
                                         const SituationRequest& request,
                                         std::shared_ptr<const ingest::ReportContext> context,
                                         std::vector<analysis::PlanePoint>* all_points) {
  SituationPicture pic;
  pic.municipality = m;
  if (request.period.empty()) {
    pic.period = period_containing(PeriodKind::week, now_utc());
  } else {
    std::string why;
    const auto p = parse_period(request.period, &why);
    if (!p) throw ServiceError::invalid("period", why);
    pic.period = *p;
  }
  // Years: three before, since structural change makes older years a poor baseline and most
  // municipalities have few years of data; every other kind: eight periods before.
  const int baseline_periods = request.baseline_periods != 0         ? request.baseline_periods
                               : pic.period.kind == PeriodKind::year ? 3
                                                                     : 8;
  if (baseline_periods < 1 || baseline_periods > 52) {
    throw ServiceError::invalid("baseline", "must be between 1 and 52 periods");
  }
  pic.previous = previous_period(pic.period);
  pic.last_year = same_period_last_year(pic.period);
  for (int i = 1; i <= baseline_periods; ++i) {
    pic.baseline.push_back(previous_period(pic.period, i));
  }
  pic.context = std::move(context);
  const ingest::ReportContext& ctx = *pic.context;

  ReportFilter filter;
  filter.areas = request.areas;
  filter.categories = request.categories;
  filter.organisations = request.organisations;
  pic.filtered =
      !filter.areas.empty() || !filter.categories.empty() || !filter.organisations.empty();
  const ReportQuery base = query_for(filter, ctx);

  const auto area_index = index_of(ctx.areas(), pic.areas);
  const auto category_index = index_of(ctx.categories(), pic.categories);
  const auto organisation_index = index_of(ctx.organisations(), pic.organisations);
  const auto place_index = index_of(ctx.places(), pic.places);

  // The periods a report can fall in, by index as analysis::SituationEvent::period counts them.
  std::vector<Interval> periods{pic.period.utc()};
  for (const Period& p : pic.baseline) periods.push_back(p.utc());
  periods.push_back(pic.last_year.utc());
  // Coverage looks back over the municipality's reporting cadence, ending with the period: an
  // organisation that reports every 14 days has reported for this week if it did last week.
  const int cadence = std::max(ctx.municipality().reporting_cadence_days, 1);
  const Period coverage_days{PeriodKind::range,
                             std::min(pic.period.first_day, pic.period.end_day - cadence),
                             pic.period.end_day};
  const Interval coverage = coverage_days.utc();

  // Two reads: from the oldest baseline period (or the start of coverage) to the period's end,
  // and last year's period unless that range holds it already. Reading the year between them
  // would cost ten times more for a weekly picture.
  std::vector<Interval> reads{
      {std::min(pic.baseline.back().utc().from, coverage.from), pic.period.utc().to}};
  if (periods.back().to <= reads[0].from) {
    reads.insert(reads.begin(), periods.back());
  } else {
    reads[0].from = std::min(reads[0].from, periods.back().from);
  }

  std::vector<analysis::SituationEvent> events;
  const bool read_all = who.local_operator || who.can(m, Capability::report_read_all);
  const bool read_own = who.can(m, Capability::report_read_own);
  const auto own = who.organisations(m);
  const auto may_read = [&](Id organisation) {
    return read_all || (read_own && std::find(own.begin(), own.end(), organisation) != own.end());
  };
  std::vector<std::int64_t> covered(pic.organisations.size());
  const auto find = [](const auto& index, Id id) {
    const auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  };
  // One report, reduced: its events for the periods it falls in, and coverage. Returns its
  // category index (-1: skipped).
  const auto add = [&](const ReportFact& r) {
    analysis::SituationEvent e;
    e.category = find(category_index, r.category_id);
    e.organisation = find(organisation_index, r.organisation_id);
    if (e.category < 0 || e.organisation < 0) return -1;  // cannot happen: the store checks
    e.area = r.area_id ? find(area_index, *r.area_id) : -1;
    e.place = r.place_id ? find(place_index, *r.place_id) : -1;
    e.count = r.count;
    e.severity = r.severity;
    e.week_minute = local_minute_of_week(r.occurred_from);
    if (r.occurred_to) {
      e.duration_minutes = static_cast<int>((*r.occurred_to - r.occurred_from).count() / 60);
    }
    if (r.occurred_from >= coverage.from && r.occurred_from < coverage.to) {
      ++covered[static_cast<std::size_t>(e.organisation)];
    }
    for (std::size_t i = 0; i < periods.size(); ++i) {
      if (r.occurred_from < periods[i].from || r.occurred_from >= periods[i].to) continue;
      e.period = static_cast<int>(i);
      events.push_back(e);
    }
    return e.category;
  };
  // Pages through `range` with `read`, calling `each` for every row that starts in it (the
  // store selects by overlap; the picture counts a report in the period it starts in).
  const auto page = [&](const Interval& range, auto read, auto each) {
    if (range.from >= range.to) return;
    ReportQuery q = base;
    q.from = range.from;
    q.to = range.to;
    q.limit = 100'000;
    for (;;) {
      const auto chunk = read(q);
      for (const auto& r : chunk) {
        if (r.occurred_from >= range.from && r.occurred_from < range.to) each(r);
      }
      if (static_cast<int>(chunk.size()) < q.limit) break;
      q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
    }
  };
  // The period itself as full rows (its serious reports, points and sources are shown); the
  // baseline and last year only as the facts counting needs: no texts, no points, no strings.
  for (const Interval& window : reads) {
    page(
        {window.from, std::min(window.to, periods[0].from)},
        [&](const ReportQuery& q) { return store_.query_report_facts(q); },
        [&](const ReportFact& f) { add(f); });
    page(
        {std::max(window.from, periods[0].from), window.to},
        [&](const ReportQuery& q) { return store_.query_reports(q); },
        [&](const Report& r) {
          const int category =
              add(ReportFact{r.id, r.organisation_id, r.category_id, r.place_id, r.area_id,
                             r.occurred_from, r.occurred_to, r.count, r.severity});
          if (category < 0) return;
          ++pic.reports_by_source[static_cast<std::size_t>(r.source)];
          // Every point, for aggregate hotspot counts only; never shown as a point.
          // A point that only stands for a municipality or county is not a place on the map.
          const bool mapped = r.location && is_map_point(r.location_precision);
          if (all_points && mapped) all_points->push_back({r.location->x, r.location->y});
          if (!may_read(r.organisation_id)) return;
          if (r.severity == 3) pic.serious.push_back(r);
          if (mapped && pic.points.size() < kMaxPoints) {
            pic.points.push_back({r.location->x, r.location->y, category, r.severity});
          }
        });
  }
  attach_notes(pic, coverage_days, covered);

  analysis::SituationInput in;
  in.areas = static_cast<int>(pic.areas.size());
  in.organisations = static_cast<int>(pic.organisations.size());
  in.places = static_cast<int>(pic.places.size());
  for (const Category* c : pic.categories) {
    in.category_parent.push_back(c->parent_id ? category_index.at(*c->parent_id) : -1);
  }
  in.events = events;
  in.options.baseline_periods = baseline_periods;
  pic.situation = analysis::compile_situation(in);
  if (pic.serious.size() > 50) pic.serious.resize(50);
  // The picture goes to meetings (JSON, HTML, PDF, CSV): its texts never carry personal data,
  // whoever compiles it (docs/TRUST.md).
  for (Report& r : pic.serious) r.description = ingest::mask_personal_data(r.description);
  return pic;
}

}  // namespace lagesbild
