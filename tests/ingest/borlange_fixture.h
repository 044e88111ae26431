// Hand-made reference data around Borlänge for ingest and export tests.
//
// Areas are SWEREF 99 TM rectangles (so a test can reason about them in metres), stored as WGS84
// GeoJSON like real areas:
//   1 Centrum       E 520000-525000, N 6700000-6705000
//   2 Tjärna Ängar  E 525000-530000, N 6700000-6705000
//   3 Norr          E 520000-530000, N 6705000-6710000
// The municipality boundary is the rectangle E 510000-540000, N 6690000-6720000.
#pragma once

#include <charconv>
#include <memory>
#include <string>

#include "domain/taxonomy.h"
#include "geo/projection.h"
#include "ingest/report_draft.h"

namespace lagesbild::ingest::testing {

inline std::string number_text(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

inline std::string rectangle_geojson(const geo::Projector& p, double x0, double y0, double x1,
                                     double y1) {
  std::string ring;
  for (const auto& [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) {
    const auto ll = p.to_wgs84(x, y);
    ring += (ring.empty() ? "[" : ",[") + number_text(ll.lon) + "," + number_text(ll.lat) + "]";
  }
  return R"({"type":"Polygon","coordinates":[[)" + ring + "]]}";
}

enum : Id { kCentrum = 1, kTjarnaAngar = 2, kNorr = 3 };
enum : Id { kPolisen = 1, kTunabyggen = 2, kRaddningstjansten = 3 };
enum : Id { kResecentrum = 1, kMaserhallen = 2 };

// The default category tree with ids 1..N in seed order, plus "trafik.ovrigt" named "Övrigt"
// (so the name "Övrigt" is ambiguous) and an inactive "gammal" ("Gammal kategori").
inline std::vector<Category> borlange_categories() {
  std::vector<Category> cats;
  const auto add = [&](std::string code, std::string name, bool active) {
    Category c{
        static_cast<Id>(cats.size() + 1), "2081", code, std::move(name), std::nullopt, active};
    const auto dot = code.rfind('.');
    if (dot != std::string::npos) {
      for (const auto& p : cats) {
        if (p.code == code.substr(0, dot)) c.parent_id = p.id;
      }
    }
    cats.push_back(std::move(c));
  };
  for (const auto& s : default_categories()) add(std::string(s.code), std::string(s.name), true);
  add("trafik.ovrigt", "Övrigt", true);
  add("gammal", "Gammal kategori", false);
  return cats;
}

inline Id category_id(const std::vector<Category>& cats, std::string_view code) {
  for (const auto& c : cats) {
    if (c.code == code) return c.id;
  }
  return 0;
}

inline std::unique_ptr<ReportContext> borlange_context(const geo::Projector& p,
                                                       bool with_boundary = true) {
  Municipality m{"2081", "Borlänge", 14, ""};
  if (with_boundary) m.boundary_geojson = rectangle_geojson(p, 510000, 6690000, 540000, 6720000);
  std::vector<Organisation> orgs{
      {kPolisen, "2081", "Polisen", "police"},
      {kTunabyggen, "2081", "Tunabyggen", "housing"},
      {kRaddningstjansten, "2081", "Räddningstjänsten Dala Mitt", "rescue"}};
  std::vector<Place> places{
      {kResecentrum, "2081", "Resecentrum", "transport", p.from_sweref(522000, 6702000), kCentrum},
      {kMaserhallen, "2081", "Maserhallen", "sport", p.from_sweref(527000, 6703000), kTjarnaAngar}};
  std::vector<Area> areas{{kCentrum, "2081", "Centrum", "centrum",
                           rectangle_geojson(p, 520000, 6700000, 525000, 6705000)},
                          {kTjarnaAngar, "2081", "Tjärna Ängar", "bostadsområde",
                           rectangle_geojson(p, 525000, 6700000, 530000, 6705000)},
                          {kNorr, "2081", "Norr", "bostadsområde",
                           rectangle_geojson(p, 520000, 6705000, 530000, 6710000)}};
  return std::make_unique<ReportContext>(std::move(m), std::move(orgs), borlange_categories(),
                                         std::move(places), std::move(areas));
}

// 2026-12-01T12:00:00Z: "now" for every test, so times before it are in the past.
inline UtcSeconds test_now() { return from_unix(1796126400); }

}  // namespace lagesbild::ingest::testing
