"""The corpus both site benches build, and the Hugo site that is their anchor (Debian's /usr/bin/hugo).

LAYOUTS gives Hugo what afterview puts on these pages; compared element by element on
section-05/page-0550 of a 1,000-page build (afterview 11,997 bytes, Hugo 10,564):
- Both: <title>; meta description (the first 160 characters of the text); Open Graph title,
  description, type and site name; favicon, stylesheet and script links; skip link, menu checkbox,
  brand link, search form; the scoped navigation: a link to each section, the current section's pages
  as links, at most 30 either side of the current page, "N more in <section>" links to the section's
  index page for the rest, the current page marked aria-current; search-results box, h1, the content,
  previous/next links with titles, footer. Section index pages list all their pages, with the same
  furniture. A search index (title, address, section, first 60 words of every page) in search-index.js;
  the static folder copied.
- Only afterview: 46 more pages from its rulesets (rules, overlays, planner, reference, 404), 8 ICS
  calendars and 4 JSON Schemas; links relative to the page (Hugo's are root-relative: relativeURLs
  would add a rewrite pass afterview doesn't make); one more navigation level (the corpus's folders
  sit inside "Guide", beside the planner page and three other top-level sections, one link each);
  previous/next across sections and through the index pages (Hugo's stay in the section).
- Only Hugo: nothing. Goldmark is set to what afterview's markdown-it does: CommonMark with tables
  and strikethrough; raw HTML, typographer, linkify, footnotes, definition lists, task lists and
  heading ids off. Neither has a table of contents (afterview adds one from three h2s; these have one).
Pages are in title order in both (afterview's `order` numbers them alike). SECTION_LINKS is the
earlier, lighter anchor: a link per section, the title and the content (same config, no search index).
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

PAGES, WORDS, PER_FOLDER = 1000, 500, 100
VOCABULARY = [
    "interview", "follow", "thank", "note", "employer", "recruiter", "decision", "offer", "role", "team", "week",
    "reply", "calm", "patient", "network", "reference", "salary", "negotiate", "LinkedIn", "email", "call",
    "schedule", "feedback", "practice", "answer", "question", "strength", "weakness", "notes", "timeline", "manager",
    "candidate", "process", "hiring", "company", "culture",
]
STATIC = Path(__file__).resolve().parent.parent / "site" / "static"
HUGO = "/usr/bin/hugo"
OUTPUTS = """[outputs]
home = ["HTML", "SearchIndex"]
[outputFormats.SearchIndex]
mediaType = "text/javascript"
baseName = "search-index"
isPlainText = true
notAlternative = true
"""
CONFIG = """baseURL = "https://example.org/"
title = "After the interview"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
pluralizeListTitles = false
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.parser]
autoHeadingID = false
[markup.goldmark.extensions]
typographer = false
linkify = false
footnote = false
definitionList = false
taskList = false
"""
BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ .Title }} · {{ site.Title }}</title>
{{ $description := .Plain | truncate 160 }}<meta name="description" content="{{ $description }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ $description }}">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/site.js" defer></script>
</head>
<body data-root="/">
<a class="skip" href="#main">Skip to content</a>
<input type="checkbox" id="menu-toggle" class="menu-toggle">
<header class="site-header">
  <a class="brand" href="/">{{ site.Title }}</a>
  <label class="menu-button" for="menu-toggle">Menu</label>
  <form class="search" role="search" action="/">
    <label for="search">Search the guide</label>
    <input id="search" name="q" type="search" autocomplete="off" placeholder="e.g. thank-you">
  </form>
</header>
<div class="layout">
{{ partial "nav.html" . }}
<main id="main">
<div id="search-results" class="search-results" aria-live="polite" hidden></div>
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ end }}
{{ $previous := false }}{{ $next := false }}{{ if .IsPage }}{{/* Hugo's "next" is the page above */}}
{{- $previous = .NextInSection }}{{ $next = .PrevInSection }}
{{- else }}{{ range first 1 .Pages.ByTitle }}{{ $next = . }}{{ end }}{{ end }}
{{ if or $previous $next }}<nav class="pager" aria-label="Previous and next page">
{{ with $previous }}<a class="pager-previous" href="{{ .RelPermalink }}" rel="prev"><span>Previous</span>
{{- " " }}{{ .Title }}</a>{{ end }}
{{- with $next }}<a class="pager-next" href="{{ .RelPermalink }}" rel="next"><span>Next</span> {{ .Title }}</a>
{{- end }}</nav>
{{ end }}</main>
</div>
<footer class="site-footer">
  <p>Made with afterview. Every figure is labelled: <span class="label label-fact">measured fact</span>
  <span class="label label-survey">survey</span> <span class="label label-rule">rule</span>
  <span class="label label-advice">advice</span>.</p>
</footer>
</body>
</html>
"""
# As afterview's navigation.py: each list's rows made once (partialCached), a window of them around the current
# entry sliced out for each page (the list of sections once per section), the current section's own list put
# inside its entry, the current page marked.
NAV = """{{ $section := .CurrentSection }}{{ $here := .RelPermalink }}
{{- $inner := "" }}{{ if ne $section site.Home }}
{{- $inner = partial "window.html" (dict "group" $section "here" $here) }}{{ end }}
{{- $open := printf "<a href=%q>%s</a>" $section.RelPermalink ($section.Title | htmlEscape) }}
{{- $outer := partialCached "window.html" (dict "group" site.Home "here" $section.RelPermalink) $section.RelPermalink }}
{{- $outer = replace $outer $open (print $open $inner) }}
{{- $current := printf "<li><a href=%q" $here -}}
<nav class="site-nav" aria-label="Site"><ul class="nav-sections"><li class="nav-current"><a href="/">Guide</a>
{{- replace $outer $current (print $current " aria-current=\\"page\\"") | safeHTML -}}
</li></ul></nav>
"""
WINDOW = """{{ $list := partialCached "rows.html" .group .group.RelPermalink }}{{ $count := len $list.rows }}
{{- $at := index $list.at .here | default 0 }}
{{- $url := .group.RelPermalink }}{{ $title := cond .group.IsHome "Guide" .group.Title | htmlEscape }}
{{- $start := cond (gt $at 30) (sub $at 30) 0 }}{{ $end := add $at 31 }}{{ $end = cond (gt $end $count) $count $end }}
{{- $html := delimit (first (sub $end $start) (after $start $list.rows)) "" }}
{{- $more := `<li class="nav-more"><a href=%q>%d more in %s</a></li>` }}
{{- if $start }}{{ $html = print (printf $more $url $start $title) $html }}{{ end }}
{{- if lt $end $count }}{{ $html = print $html (printf $more $url (sub $count $end) $title) }}{{ end }}
{{- return print "<ul>" $html "</ul>" }}
"""
# Title, address, section and the first 60 words, as afterview's search index; the words as its _WORD finds them.
SEARCH = r"""window.AFTERVIEW_SEARCH = [{{ range $i, $p := site.RegularPages }}{{ if $i }},{{ end }}
{{- $words := delimit (findRE "[^\\s#*_`>\\[\\]()]+" .Plain 60) " " }}
{{- dict "t" .Title "u" .RelPermalink "s" .Section "x" $words | jsonify }}{{ end }}];
"""
ROWS = """{{ $rows := slice }}{{ $at := newScratch }}
{{- range $i, $p := .Pages.ByTitle }}{{ $at.Set .RelPermalink $i }}
{{- $rows = $rows | append (printf "<li><a href=%q>%s</a></li>" .RelPermalink (.Title | htmlEscape)) }}{{ end }}
{{- return dict "rows" $rows "at" $at.Values }}
"""
LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "partials/nav.html": NAV,
    "partials/window.html": WINDOW,
    "partials/rows.html": ROWS,
    "_default/single.html": '{{ define "main" }}<div class="advice">{{ .Content }}</div>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<ul class="section-index">\n{{ range .Pages.ByTitle }}  <li><a href="'
                          '{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}</ul>{{ end }}\n',
    "index.searchindex.js": SEARCH,
}
SECTION_LINKS = {
    "_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            "</head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}"
                            "</a> {{ end }}</nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="'
                          '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ end }}\n',
}


def write_corpus(root: Path, pages: int = PAGES) -> None:
    """``pages`` Markdown pages of ~500 words, 100 to a folder (section-00/page-0000.md, ...)."""
    rng = random.Random(7)
    for i in range(pages):
        words = [rng.choice(VOCABULARY) for _ in range(WORDS)]
        paragraphs = [" ".join(words[j:j + 60]).capitalize() + "." for j in range(0, WORDS, 60)]
        body = "\n\n".join([*paragraphs[:3], "- " + " ".join(words[:8]), "- " + " ".join(words[8:16]), *paragraphs[3:]])
        folder = root / f"section-{i // PER_FOLDER:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        front = f"---\ntitle: Article {i:04d}\norder: {i}\n---\n"
        (folder / f"page-{i:04d}.md").write_text(f"{front}## Part one\n\n{body}\n")


def hugo_site(site: Path, corpus: Path, *, section_links: bool = False) -> Path:
    """A Hugo site at ``site`` with a copy of ``corpus``: afterview's page furniture, or SECTION_LINKS."""
    shutil.copytree(corpus, site / "content")
    (site / "hugo.toml").write_text(CONFIG if section_links else CONFIG + OUTPUTS)
    for name, text in (SECTION_LINKS if section_links else LAYOUTS).items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text)
    if not section_links:
        shutil.copytree(STATIC, site / "static" / "static")
    return site


def hugo_version() -> str:
    done = subprocess.run([HUGO, "version"], capture_output=True, text=True, check=False)
    return done.stdout.split()[1].split("+")[0] if done.stdout else "?"
