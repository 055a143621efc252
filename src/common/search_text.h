// Search text normalisation: the one function that turns label text (at index
// time) and query text (at query time) into the same comparable form, so that
// Japanese users find what they mean however they typed it.
//
// NormalizeSearchText = Unicode NFKC + full case folding + removal of default
// ignorable code points (utf8proc's NFKC_Casefold):
//   - full-width Latin and digits fold to ASCII:  「ＣＡＭ」 → "cam", 「１２３」 → "123"
//   - half-width katakana fold to full-width:     「ｶﾒﾗ」 → 「カメラ」, 「ﾊﾞｯﾃﾘｰ」 → 「バッテリー」
//   - case folds (also beyond ASCII):             "Sakura" → "sakura", "É" → "é", "ß" → "ss"
//   - compatibility forms decompose:              「㈱」 → "(株)", "①" → "1", "ﬁ" → "fi"
//   - U+3000 IDEOGRAPHIC SPACE (and other spaces of compatibility) → ASCII space
// Any byte string is accepted: an invalid UTF-8 sequence becomes U+FFFD (one
// per bad byte), so the function never fails and never throws (NUL and control
// characters pass through; the HTTP layer refuses them in queries).
//
// Idempotent: NormalizeSearchText(NormalizeSearchText(x)) == NormalizeSearchText(x).
// Index and query must run the same version of this function: a change of its
// output needs a store migration that re-normalises the indexed rows
// (SQLite: migration 6 of src/store/migrations.cc).
#ifndef IOTMARK_COMMON_SEARCH_TEXT_H_
#define IOTMARK_COMMON_SEARCH_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iotmark {

std::string NormalizeSearchText(std::string_view text);

// The number of code points of well-formed UTF-8 `text` (continuation bytes
// are not counted).
std::size_t CodePointCount(std::string_view text);

// The grams an n-gram index of normalised text holds: the distinct
// substrings of one, two and three code points that contain no ASCII
// whitespace, in first-seen order. "ab c" → {"a", "ab", "b", "c"}.
std::vector<std::string> IndexSearchGrams(std::string_view normalized);

// The grams every text containing the normalised term holds (so an index
// lookup of all of them finds a superset of the matches): each whitespace-free
// piece of three code points or fewer as it is, a longer piece as its
// distinct trigrams. "カメラ用" → {"カメラ", "メラ用"}; "冷" → {"冷"}.
std::vector<std::string> QuerySearchGrams(std::string_view normalized_term);

// The index token of one gram: "x" + lower-case hex of its UTF-8 bytes (an
// ASCII word every FTS tokenizer keeps whole). "冷" → "xe586b7".
std::string SearchGramToken(std::string_view gram);

}  // namespace iotmark

#endif  // IOTMARK_COMMON_SEARCH_TEXT_H_
