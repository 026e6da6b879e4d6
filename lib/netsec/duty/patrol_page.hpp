// What the daily patrol reads in the school's homepage: its title, its text, the filing
// numbers its footer shows and the prohibited words it holds. Pure functions of the page's
// bytes, so they are tested without a network.
//
// Decisions:
// - The page is read as UTF-8 unless the Content-Type header or a <meta> in its head names
//   GBK, GB2312, GB18030 or CP936 (many school sites are still GBK), or it is not UTF-8 and
//   names nothing: then it is read as GBK.
// - The footer is the first <footer> element, or the first element whose id or class holds
//   "foot" (div id="footer", class="page-foot"), to its end tag. A page without one is read
//   whole: its numbers are looked for anywhere.
// - A prohibited word is looked for in the whole page: its text and title, and also its hidden
//   parts, attributes, scripts and comments, where injected spam usually hides. Spaces and
//   zero-width characters are ignored on both sides and ASCII letters compared without case,
//   so "赌 博" and "CaSiNo" are found.
#pragma once
#include "netsec/filing/numbers.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace netsec::duty {

// `body` as UTF-8 (see the decisions above); `content_type` is the HTTP header, "" for a file.
std::string page_text_utf8(std::string_view body, std::string_view content_type);

// What a page (UTF-8 HTML) says.
struct PageFacts {
    std::string title;  // the <title>, entities decoded, spaces collapsed; "" without one
    std::string text;   // the text of the whole page, scripts and styles left out
    std::string footer; // the footer's text, or the whole text when the page has no footer
    bool has_footer = false;
    std::vector<filing::FoundNumber> numbers; // the filing numbers the footer shows
};
PageFacts read_page(std::string_view html);

// The words of `words` that `html` holds, in the order of `words`, each once.
std::vector<std::string> prohibited_words_in(std::string_view html, const std::vector<std::string>& words);

// `text` with HTML character references (&amp; &#20013; &#x4E2D; &nbsp; ...) decoded; an
// unknown reference is kept as written.
std::string decode_entities(std::string_view text);

} // namespace netsec::duty
