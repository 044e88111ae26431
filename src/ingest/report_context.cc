// ReportContext (declared in report_draft.h): the lookups by what a user types.
#include <algorithm>
#include <charconv>
#include <limits>

#include "ingest/report_draft.h"
#include "ingest/text.h"

namespace lagesbild::ingest {
namespace {

// Marks a key that several categories or organisations answer to.
constexpr Id kAmbiguous = std::numeric_limits<Id>::min();

constexpr std::string_view kPathArrow = "\u203A";  // "›"

bool ends_with_separator(const std::string& s) {
  return !s.empty() && (s.back() == '/' || s.ends_with(kPathArrow));
}

// The key a category text is looked up under: folded, with spaces around the path separators
// removed, so "Skadegörelse › Klotter", "skadegörelse›klotter" and "Skadegörelse / Klotter" agree.
std::string category_key(std::string_view text) {
  const std::string folded = fold_key(text);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    if (folded[i] != ' ') {
      out += folded[i++];
      continue;
    }
    std::size_t j = i;
    while (j < folded.size() && folded[j] == ' ') ++j;
    const std::string_view rest = std::string_view(folded).substr(j);
    const bool at_separator = rest.starts_with('/') || rest.starts_with(kPathArrow);
    if (!at_separator && !ends_with_separator(out)) out.append(j - i, ' ');
    i = j;
  }
  return out;
}

// Every name and path key of every category: "klotter", "skadegörelse›klotter",
// "skadegörelse/klotter". Codes are not included.
std::vector<std::pair<std::string, Id>> category_name_keys(const std::vector<Category>& cats) {
  std::unordered_map<Id, const Category*> by_id;
  for (const auto& c : cats) by_id.emplace(c.id, &c);
  std::vector<std::pair<std::string, Id>> keys;
  for (const auto& c : cats) {
    std::vector<std::string> names{category_key(c.name)};
    const Category* at = &c;
    // Bounded by the number of categories, so a (corrupt) cycle cannot loop forever.
    for (std::size_t depth = 0; at->parent_id && depth < cats.size(); ++depth) {
      auto it = by_id.find(*at->parent_id);
      if (it == by_id.end()) break;
      at = it->second;
      names.insert(names.begin(), category_key(at->name));
    }
    std::string arrowed, slashed;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) {
        arrowed += kPathArrow;
        slashed += '/';
      }
      arrowed += names[i];
      slashed += names[i];
    }
    keys.emplace_back(names.back(), c.id);
    if (names.size() > 1) {
      keys.emplace_back(std::move(arrowed), c.id);
      keys.emplace_back(std::move(slashed), c.id);
    }
  }
  return keys;
}

void insert_key(std::unordered_map<std::string, Id>& map, std::string key, Id id) {
  auto [it, inserted] = map.try_emplace(std::move(key), id);
  if (!inserted && it->second != id) it->second = kAmbiguous;
}

// "12" or "#12" as an id.
std::optional<Id> parse_id(std::string_view s) {
  if (s.starts_with('#')) s.remove_prefix(1);
  Id id = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return id;
}

// The one item whose id (for "12" / "#12") or name (case-insensitive) matches; nullptr when none
// or several names match.
template <class T>
const T* find_by_id_or_name(const std::vector<T>& items, const std::string& text) {
  const std::string_view t = trim(text);
  if (auto id = parse_id(t)) {
    for (const auto& item : items) {
      if (item.id == *id) return &item;
    }
    if (t.starts_with('#')) return nullptr;
  }
  const T* found = nullptr;
  for (const auto& item : items) {
    if (!equal_folded(trim(item.name), t)) continue;
    if (found) return nullptr;
    found = &item;
  }
  return found;
}

}  // namespace

ReportContext::ReportContext(Municipality municipality, std::vector<Organisation> organisations,
                             std::vector<Category> categories, std::vector<Place> places,
                             std::vector<Area> areas)
    : municipality_(std::move(municipality)),
      organisations_(std::move(organisations)),
      categories_(std::move(categories)),
      places_(std::move(places)),
      areas_(std::move(areas)),
      area_index_(std::make_unique<geo::AreaIndex>(areas_)) {
  for (std::size_t i = 0; i < organisations_.size(); ++i)
    organisation_index_[organisations_[i].id] = i;
  for (std::size_t i = 0; i < categories_.size(); ++i) category_index_[categories_[i].id] = i;
  for (std::size_t i = 0; i < places_.size(); ++i) place_index_[places_[i].id] = i;
  for (std::size_t i = 0; i < areas_.size(); ++i) area_index_by_id_[areas_[i].id] = i;
  if (!municipality_.boundary_geojson.empty()) {
    boundary_ = std::make_unique<geo::Boundary>(municipality_.boundary_geojson);
  }
  // Codes are unique and win over any name or path that happens to read the same.
  std::unordered_map<std::string, Id> by_name;
  for (auto& [key, id] : category_name_keys(categories_)) insert_key(by_name, std::move(key), id);
  for (const auto& c : categories_) category_by_key_.emplace(fold_key(c.code), c.id);
  category_by_key_.merge(by_name);
  for (const auto& o : organisations_) insert_key(organisation_by_name_, fold_key(o.name), o.id);
}

ReportContext::~ReportContext() = default;

std::optional<Id> ReportContext::category_id(const std::string& text, std::string* why) const {
  const std::string key = category_key(text);
  const auto it = category_by_key_.find(key);
  if (it != category_by_key_.end() && it->second != kAmbiguous) return it->second;
  if (!why) return std::nullopt;
  if (it == category_by_key_.end()) {
    *why = "unknown category '" + text + "'";
    return std::nullopt;
  }
  std::vector<std::string> codes;
  for (const auto& [k, id] : category_name_keys(categories_)) {
    if (k != key) continue;
    for (const auto& c : categories_) {
      if (c.id == id) codes.push_back(c.code);
    }
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::string list;
  for (const auto& code : codes) list += (list.empty() ? "" : ", ") + code;
  *why = "ambiguous category '" + text + "': use one of the codes " + list;
  return std::nullopt;
}

std::optional<Id> ReportContext::organisation_id(const std::string& name) const {
  const auto it = organisation_by_name_.find(fold_key(name));
  if (it == organisation_by_name_.end() || it->second == kAmbiguous) return std::nullopt;
  return it->second;
}

const Place* ReportContext::place(const std::string& text) const {
  return find_by_id_or_name(places_, text);
}

const Area* ReportContext::area(const std::string& text) const {
  return find_by_id_or_name(areas_, text);
}

std::vector<Id> ReportContext::category_with_descendants(Id id) const {
  std::vector<Id> out{id};
  // Breadth-first over the tree; `out` doubles as the queue. Each id is added once, so a corrupt
  // cycle ends too.
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto& c : categories_) {
      if (c.parent_id == out[i] && std::find(out.begin(), out.end(), c.id) == out.end()) {
        out.push_back(c.id);
      }
    }
  }
  return out;
}

}  // namespace lagesbild::ingest
