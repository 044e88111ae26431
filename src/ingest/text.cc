#include "ingest/text.h"

#include <cstdint>
#include <cstring>

namespace lagesbild::ingest {

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  for (const char* p = begin; p < end;) {
    // Most text is ASCII: skip it eight bytes at a time.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ull) break;
      p += 8;
    }
    if (p == end) break;
    const std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) return static_cast<std::size_t>(p - begin);
    p += n;
  }
  return std::nullopt;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;  // count all but continuation bytes
  }
  return n;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

void append_folded(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + ('a' - 'A'));
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // U+00C0..U+00DE (except U+00D7, the multiplication sign) are upper-case Latin-1 letters
      // whose lower-case form is 0x20 higher, which in UTF-8 is the second byte + 0x20.
      const auto c2 = static_cast<unsigned char>(s[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97 ? c2 + 0x20 : c2);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
}

std::string fold_key(std::string_view s) {
  std::string out;
  append_folded(out, trim(s));
  return out;
}

bool equal_folded(std::string_view a, std::string_view b) {
  // Folding maps each byte to one byte (given the byte before it), so lengths must agree.
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x == y) continue;
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
    if (i > 0 && static_cast<unsigned char>(a[i - 1]) == 0xC3 &&
        static_cast<unsigned char>(b[i - 1]) == 0xC3) {
      if (x >= 0x80 && x <= 0x9E && x != 0x97) x += 0x20;
      if (y >= 0x80 && y <= 0x9E && y != 0x97) y += 0x20;
    }
    if (x != y) return false;
  }
  return true;
}

}  // namespace lagesbild::ingest
