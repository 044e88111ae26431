// Reading the police's open events defensively, naming their municipality, and the type table:
// every bad input is read or rejected with its reason, on small inline JSON.
#include "ingest/police_events.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "domain/taxonomy.h"

namespace lagesbild::ingest {
namespace {

// A few real municipalities with small square polygons around a point of each.
const char* kAdmin =
    "municipality_code,municipality_name,county_code,county_name\n"
    "2081,Borlänge,20,Dalarnas län\n"
    "2039,Malung-Sälen,20,Dalarnas län\n"
    "0114,Upplands Väsby,01,Stockholms län\n"
    "0180,Stockholm,01,Stockholms län\n"
    "0980,Gotland,09,Gotlands län\n";

std::string square(const char* code, double lat, double lon) {
  std::ostringstream s;
  s << R"({"type":"Feature","properties":{"id":")" << code
    << R"("},"geometry":{"type":"Polygon","coordinates":[[)";
  s << "[" << lon - 0.1 << "," << lat - 0.1 << "],[" << lon + 0.1 << "," << lat - 0.1 << "],["
    << lon + 0.1 << "," << lat + 0.1 << "],[" << lon - 0.1 << "," << lat + 0.1 << "],[" << lon - 0.1
    << "," << lat - 0.1 << "]]]}}";
  return s.str();
}

std::string polygons() {
  return R"({"type":"FeatureCollection","features":[)" + square("2081", 60.48, 15.42) + "," +
         square("2039", 60.68, 13.72) + "," + square("0114", 59.52, 17.91) + "," +
         square("0180", 59.33, 18.07) + "," + square("0980", 57.5, 18.5) + "]}";
}

const SwedishPlaces& places() {
  static const SwedishPlaces p = [] {
    auto loaded = SwedishPlaces::load(kAdmin, polygons());
    if (!loaded) throw std::runtime_error(to_string(loaded.errors()));
    return *std::move(loaded);
  }();
  return p;
}

const PoliceTypeTable& types() {
  static const PoliceTypeTable t = [] {
    auto parsed = PoliceTypeTable::parse(
        "police_type,category,kind\n"
        "Brand,brand,incident\n"
        "\"Trafikolycka, vilt\",trafik,incident\n"
        "Sammanfattning natt,,summary\n");
    if (!parsed) throw std::runtime_error(to_string(parsed.errors()));
    return *std::move(parsed);
  }();
  return t;
}

// One event's JSON with fields replaced or (value "") left out.
std::string event(std::int64_t id, const std::string& type = "Brand",
                  const std::string& location = "Borlänge",
                  const std::string& name = "22 augusti 17.59, Brand, Borlänge",
                  const std::string& gps = "60.484304,15.433969",
                  const std::string& datetime = "2026-08-22 19:51:41 +02:00") {
  std::string out = "{\"id\":" + std::to_string(id);
  if (!datetime.empty()) out += ",\"datetime\":\"" + datetime + "\"";
  out += ",\"name\":\"" + name + "\",\"summary\":\"Text.\",\"url\":\"/aktuellt/x/\"";
  if (!type.empty()) out += ",\"type\":\"" + type + "\"";
  out += ",\"location\":{\"name\":\"" + location + "\",\"gps\":\"" + gps + "\"}}";
  return out;
}

PoliceEvent parsed_event(const std::string& json) {
  const auto read = read_police_events("[" + json + "]");
  EXPECT_EQ(read.events.size(), 1u) << (read.problems.empty() ? "" : read.problems[0].reason);
  return read.events.empty() ? PoliceEvent{} : read.events[0];
}

TEST(PoliceEvents, ReadsEveryFieldAndMakesTheUrlAbsolute) {
  const PoliceEvent e = parsed_event(event(650297));
  EXPECT_EQ(e.id, 650297);
  EXPECT_EQ(to_unix(e.occurred_at), to_unix(*parse_police_time("2026-08-22T17:51:41Z")));
  EXPECT_EQ(e.type, "Brand");
  EXPECT_EQ(e.location_name, "Borlänge");
  EXPECT_DOUBLE_EQ(e.lat, 60.484304);
  EXPECT_DOUBLE_EQ(e.lon, 15.433969);
  EXPECT_EQ(e.url, "https://polisen.se/aktuellt/x/");
  EXPECT_EQ(absolute_police_url("https://polisen.se/a/"), "https://polisen.se/a/");
}

TEST(PoliceEvents, AnHourWithoutItsLeadingZeroIsRead) {
  const auto t = parse_police_time("2022-09-29 7:56:30 +02:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_utc(*t), format_utc(*parse_police_time("2022-09-29 05:56:30 +00:00")));
  EXPECT_FALSE(parse_police_time("2022-09-29 7:56 +02:00"));
  EXPECT_FALSE(parse_police_time("2022-02-30 07:56:30 +01:00"));
  EXPECT_FALSE(parse_police_time("2022-09-29 24:00:00 +02:00"));
  EXPECT_FALSE(parse_police_time("29 september 07:56"));
}

TEST(PoliceEvents, MissingFieldsAreListedWithTheirNames) {
  const auto read = read_police_events(
      "[" + event(1, "") + "," + event(2, "Brand", "Borlänge", "n", "60.4,15.4", "") +
      R"(,{"datetime":"2026-08-22 19:51:41 +02:00"},{"id":4,"datetime":"2026-08-22 19:51:41 +02:00","name":"n","type":"Brand"}])");
  ASSERT_EQ(read.problems.size(), 4u);
  EXPECT_TRUE(read.events.empty());
  EXPECT_EQ(read.problems[0].reason, "missing field type");
  EXPECT_EQ(read.problems[0].id, 1);
  EXPECT_EQ(read.problems[1].reason, "missing field datetime");
  EXPECT_EQ(read.problems[2].reason, "missing field id");
  EXPECT_FALSE(read.problems[2].id);
  EXPECT_EQ(read.problems[3].reason, "missing field location");
  EXPECT_EQ(read.elements, 4u);
  EXPECT_TRUE(read.stopped.empty());
}

TEST(PoliceEvents, AGpsThatDoesNotParseOrLiesOutsideSwedenIsRejected) {
  const auto read = read_police_events("[" + event(1, "Brand", "Borlänge", "n", "60.48") + "," +
                                       event(2, "Brand", "Borlänge", "n", "sextio,femton") + "," +
                                       event(3, "Brand", "Borlänge", "n", "59.91,10.75") + "," +
                                       event(4, "Brand", "Borlänge", "n", " 60.48 , 15.43 ") + "]");
  ASSERT_EQ(read.problems.size(), 3u);
  EXPECT_EQ(read.problems[0].reason, "bad gps '60.48': not 'lat,lon'");
  EXPECT_EQ(read.problems[1].reason, "bad gps 'sextio,femton': not 'lat,lon'");
  EXPECT_EQ(read.problems[2].reason, "bad gps '59.91,10.75': outside Sweden");  // Oslo
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].id, 4);
}

TEST(PoliceEvents, ABadDatetimeOrAWrongTypeIsRejected) {
  const auto read = read_police_events(
      "[" + event(1, "Brand", "Borlänge", "n", "60.4,15.4", "igår") + R"(,{"id":"x"},)" +
      R"({"id":2,"datetime":5,"name":"n","type":"Brand","location":{"name":"Borlänge","gps":"60.4,15.4"}},)" +
      R"(17])");
  ASSERT_EQ(read.problems.size(), 4u);
  EXPECT_EQ(read.problems[0].reason, "datetime 'igår' is not 'YYYY-MM-DD HH:MM:SS +HH:MM'");
  EXPECT_EQ(read.problems[1].reason, "id \"x\" is not a whole number");
  EXPECT_EQ(read.problems[2].reason, "datetime is not a string");
  EXPECT_EQ(read.problems[3].reason, "not an object");
  EXPECT_EQ(read.problems[3].index, 3u);
}

TEST(PoliceEvents, AnIdSeenEarlierInTheFileIsADuplicate) {
  const auto read = read_police_events("[" + event(7) + "," + event(8) + "," + event(7) + "]");
  ASSERT_EQ(read.events.size(), 2u);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].index, 2u);
  EXPECT_EQ(read.problems[0].reason, "duplicate id 7 within the file");
}

TEST(PoliceEvents, ATruncatedFileKeepsItsCompleteEventsAndSaysWhereItStopped) {
  const std::string whole = "[" + event(1) + "," + event(2) + "," + event(3) + "]";
  const std::string cut = whole.substr(0, whole.size() - 40);
  const auto read = read_police_events(cut);
  ASSERT_EQ(read.events.size(), 2u);
  EXPECT_EQ(read.elements, 2u);
  EXPECT_NE(read.stopped.find("ends inside element 2"), std::string::npos) << read.stopped;
  // Cut right after a comma, and without the closing bracket.
  const auto after_comma = read_police_events("[" + event(1) + ",");
  EXPECT_EQ(after_comma.events.size(), 1u);
  EXPECT_FALSE(after_comma.stopped.empty());
  const auto no_bracket = read_police_events("[" + event(1));
  EXPECT_EQ(no_bracket.events.size(), 1u);
  EXPECT_NE(no_bracket.stopped.find("without the closing ']'"), std::string::npos);
}

TEST(PoliceEvents, ADocumentThatIsNotAnArrayIsRefused) {
  EXPECT_EQ(read_police_events("").stopped, "the file is empty");
  EXPECT_EQ(read_police_events(R"({"id":1})").stopped, "the document is not a JSON array");
  const auto empty = read_police_events(" [ ] ");
  EXPECT_TRUE(empty.stopped.empty());
  EXPECT_EQ(empty.elements, 0u);
}

std::string gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(PoliceEvents, GzipIsDetectedAndACutStreamSaysSo) {
  const std::string json = "[" + event(1) + "," + event(2) + "]";
  std::string stopped;
  EXPECT_EQ(gunzip_if_compressed(gzip(json), &stopped), json);
  EXPECT_TRUE(stopped.empty());
  EXPECT_EQ(gunzip_if_compressed(json, &stopped), json);  // plain text passes through
  const std::string packed = gzip(json);
  const std::string partial = gunzip_if_compressed(packed.substr(0, packed.size() - 12), &stopped);
  EXPECT_NE(stopped.find("ends early"), std::string::npos) << stopped;
  EXPECT_LE(partial.size(), json.size());
}

TEST(PoliceEvents, PlaceNamesMatchAcrossCaseHyphensAndTheWordKommun) {
  for (const char* name : {"Upplands Väsby", "Upplands väsby", "Upplands-Väsby", "UPPLANDS VÄSBY",
                           " upplands  väsby kommun"}) {
    const auto* m = places().municipality_by_name(name);
    ASSERT_TRUE(m) << name;
    EXPECT_EQ(m->code, "0114") << name;
  }
  ASSERT_TRUE(places().municipality_by_name("Malung sälen"));
  EXPECT_EQ(places().municipality_by_name("Malung sälen")->code, "2039");
  EXPECT_EQ(places().county_by_name("stockholms län"), "01");
  EXPECT_FALSE(places().county_by_name("Stockholm"));  // the municipality, not the county
  EXPECT_FALSE(places().municipality_by_name("Oslo"));
}

TEST(PoliceEvents, AMunicipalityPointLiesInsideItsPolygon) {
  const auto* m = places().municipality("2081");
  ASSERT_TRUE(m);
  EXPECT_NEAR(m->point.lat, 60.48, 0.1);
  EXPECT_NEAR(m->point.lon, 15.42, 0.1);
  EXPECT_GT(m->point.x, 400000);  // projected to SWEREF 99 TM
}

TEST(PoliceEvents, PlacesWithoutAPolygonAreRefused) {
  const auto loaded = SwedishPlaces::load(kAdmin, R"({"type":"FeatureCollection","features":[]})");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.errors().size(), 5u);
}

PoliceEventResolution resolve(const std::string& json) {
  return resolve_police_event(parsed_event(json), places(), types());
}

TEST(PoliceEvents, TheMunicipalityIsTheLocationOrTheLastPartOfTheName) {
  const auto direct = resolve(event(1));
  EXPECT_EQ(direct.reason, "");
  EXPECT_EQ(direct.municipality, "2081");
  EXPECT_EQ(direct.county_code, "20");
  EXPECT_EQ(direct.category, "brand");
  EXPECT_EQ(direct.precision, LocationPrecision::municipality);
  const auto by_name =
      resolve(event(2, "Brand", "Dalarnas län", "22 augusti 17.59, Brand, Malung-sälen"));
  EXPECT_EQ(by_name.reason, "");
  EXPECT_EQ(by_name.municipality, "2039");
  const auto variant = resolve(event(3, "Trafikolycka, vilt", "Stockholms län",
                                     "1 maj 7.01, Trafikolycka, vilt, Upplands väsby"));
  EXPECT_EQ(variant.municipality, "0114");
  EXPECT_EQ(variant.category, "trafik");
}

TEST(PoliceEvents, ACountyWithOneMunicipalityIsThatMunicipality) {
  const auto r = resolve(event(1, "Brand", "Gotlands län", "1 maj 7.01, Brand, Gotlands län"));
  EXPECT_EQ(r.reason, "");
  EXPECT_EQ(r.municipality, "0980");
}

TEST(PoliceEvents, ACountyWideIncidentIsAnUnknownPlaceButACountyWideSummaryIsKept) {
  const auto incident =
      resolve(event(1, "Brand", "Dalarnas län", "1 maj 7.01, Brand, Dalarnas län"));
  EXPECT_EQ(incident.reason,
            "unknown place: the location is the county 'Dalarnas län' and the name's last part "
            "'Dalarnas län' names no municipality");
  const auto summary = resolve(event(2, "Sammanfattning natt", "Dalarnas län",
                                     "2 maj 06.00, Sammanfattning natt, Dalarnas län"));
  EXPECT_EQ(summary.reason, "");
  EXPECT_EQ(summary.kind, PoliceEventKind::summary);
  EXPECT_EQ(summary.municipality, "");
  EXPECT_EQ(summary.county_code, "20");
  EXPECT_EQ(summary.precision, LocationPrecision::county);
}

TEST(PoliceEvents, AMunicipalityInAnotherCountyOrAnUnknownPlaceIsRejected) {
  EXPECT_EQ(resolve(event(1, "Brand", "Dalarnas län", "1 maj, Brand, Stockholm")).reason,
            "unknown place: 'Stockholm' is not in Dalarnas län");
  EXPECT_EQ(resolve(event(2, "Brand", "Atlantis", "1 maj, Brand, Atlantis")).reason,
            "unknown place 'Atlantis': neither a municipality nor a county");
}

TEST(PoliceEvents, AnUnknownTypeIsRejected) {
  EXPECT_EQ(resolve(event(1, "Ufo")).reason, "unknown type 'Ufo' (not in the type table)");
  // Matching trims and ignores case, as the police once sent "Lagen om hundar och katter ".
  EXPECT_EQ(resolve(event(2, "brand ")).reason, "");
}

TEST(PoliceEvents, TheTypeTableReportsEveryBadLine) {
  const auto bad = PoliceTypeTable::parse(
      "police_type,category,kind\n"
      "Brand,brand,incident\n"
      "Brand,brand,incident\n"
      "Rån,,incident\n"
      "Stöld,stold_inbrott,sometimes\n"
      "Övrigt,ovrigt\n");
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.errors().size(), 4u);
  EXPECT_EQ(bad.errors()[0].line, 3);
  EXPECT_EQ(bad.errors()[1].reason, "an incident type needs a category");
  EXPECT_EQ(bad.errors()[2].reason, "must be incident or summary");
  EXPECT_EQ(bad.errors()[3].reason, "expected 3 columns");
  EXPECT_FALSE(PoliceTypeTable::parse("type,category\nBrand,brand\n"));
}

TEST(PoliceEvents, TheShippedTypeTableMapsOnlyToDefaultCategories) {
  const auto path = std::filesystem::path(__FILE__).parent_path() / "../../data/polisen_types.csv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto table = PoliceTypeTable::parse(text);
  ASSERT_TRUE(table) << to_string(table.errors());
  EXPECT_GE(table->size(), 90u);
  std::set<std::string> codes;
  for (const auto& seed : default_categories()) codes.insert(std::string(seed.code));
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    const std::string type =
        line[0] == '"' ? line.substr(1, line.find('"', 1) - 1) : line.substr(0, line.find(','));
    const auto* m = table->find(type);
    ASSERT_TRUE(m) << type;
    if (m->kind == PoliceEventKind::incident) {
      EXPECT_TRUE(codes.contains(m->category)) << type;
    }
  }
  EXPECT_EQ(table->find("Sammanfattning kväll och natt")->kind, PoliceEventKind::summary);
}

}  // namespace
}  // namespace lagesbild::ingest
