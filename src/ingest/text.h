// Text helpers for what users type: UTF-8 checking and the case-insensitive matching of names.
//
// Owns: nothing but pure functions; thread-safe. Names in this product are Swedish, so case
// folding covers ASCII and Latin-1 letters (Å, Ä, Ö, É ...), which is every letter the reference
// data uses; other scripts compare case-sensitively.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lagesbild::ingest {

// Length (1..4) of the well-formed UTF-8 sequence starting at `p`, or 0 when it is malformed
// (bad lead byte, missing continuation, overlong form, surrogate, above U+10FFFF) or cut off by
// `end`. Requires p < end.
inline std::size_t utf8_sequence_length(const char* p, const char* end) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) return 1;
  const auto avail = static_cast<std::size_t>(end - p);
  const auto cont = [&](std::size_t i, unsigned lo, unsigned hi) {
    if (i >= avail) return false;
    const auto b = static_cast<unsigned char>(p[i]);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// The byte offset (0-based) of the first malformed UTF-8 sequence, or nullopt if `s` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// The number of code points in valid UTF-8 text (what a person counts as characters).
std::size_t utf8_length(std::string_view s);

// `s` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);

// Appends `s` to `out` with ASCII and Latin-1 upper-case letters lowered ("ÖVRIGT" -> "övrigt").
void append_folded(std::string& out, std::string_view s);

// trim + append_folded into a new string: the key under which names are compared.
std::string fold_key(std::string_view s);

// True when `a` and `b` are equal after append_folded (no trimming, no allocation).
bool equal_folded(std::string_view a, std::string_view b);

}  // namespace lagesbild::ingest
