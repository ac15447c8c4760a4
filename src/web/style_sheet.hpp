#pragma once
// The one style sheet (/style.css): served as a file, since the Content-Security-Policy
// allows no inline style. Readable on a phone: one column, system fonts, no JavaScript.

#include <string_view>

namespace headlined::web {

inline constexpr std::string_view kStyleSheet = R"css(
html { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       line-height: 1.7; color: #222; background: #fff; }
body { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center;
         justify-content: space-between; padding: .75rem 0; border-bottom: 1px solid #ddd; }
header .site { font-weight: bold; text-decoration: none; color: #b00; }
form.search { display: flex; gap: .25rem; flex: 1 1 14rem; max-width: 24rem; }
form.search input { flex: 1; min-width: 0; }
input, textarea, select, button { font: inherit; padding: .25rem .5rem; }
h1 { font-size: 1.5rem; line-height: 1.4; }
.snapshot .kicker, .snapshot .reprint, .snapshot .byline { color: #555; margin: .25rem 0; }
.snapshot .body p { text-indent: 2em; }
.snapshot .about { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #ddd;
                   color: #555; font-size: .9rem; overflow-wrap: anywhere; }
ol.snapshots li, ol.results li { margin: .6rem 0; }
.meta { display: block; color: #777; font-size: .85rem; }
.snippet { margin: .2rem 0; color: #333; }
mark { background: #ffe066; }
nav.pages { margin: 1rem 0; display: flex; gap: 1rem; }
form.takedown label { display: block; margin: .5rem 0; }
form.takedown input, form.takedown textarea { display: block; width: 100%; box-sizing: border-box; }
form.takedown textarea { min-height: 6rem; }
.error, .notice { padding: .5rem; background: #fff4e5; }
footer { margin: 2rem 0; padding-top: .5rem; border-top: 1px solid #ddd; color: #777;
         font-size: .85rem; }
)css";

}  // namespace headlined::web
