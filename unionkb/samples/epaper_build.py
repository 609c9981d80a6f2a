# ruff: noqa: E501 - the HTML templates keep the sites' long lines as they are
"""Builds the sample e-paper site (``epaper/``) from ``epaper_source.txt``.

The site is committed as static files so the server and the crawler tests read
plain bytes, exactly like a real e-paper; this builder exists so the articles
can be edited as text and the two platform layouts stay consistent. A test
checks that the committed files match what the builder produces.

Run ``python -m unionkb.samples.epaper_build`` after editing the source.
"""

from __future__ import annotations

import html
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionkb.samples.pdfmake import text_pdf

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "epaper_source.txt"
SITE = HERE / "epaper"
PAPER_NAME = "岭南工人报"
WEEKDAYS = "一二三四五六日"
PDF_LINE_CHARS = 18
# An article linked from a page but disallowed in robots.txt (a members-only item).
ROBOTS_BLOCKED = ("2025-03-06", "03", 199999)


@dataclass
class SampleArticle:
    kicker: str
    title: str
    subtitle: str
    paragraphs: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False
    article_id: int = 0


@dataclass
class SamplePage:
    number: str
    name: str
    has_pdf: bool
    articles: list[SampleArticle] = field(default_factory=list)


@dataclass
class SampleIssue:
    day: date
    layout: str  # "old" | "new"
    encoding: str
    number: str
    pages: list[SamplePage] = field(default_factory=list)


def parse_source(text: str) -> list[SampleIssue]:
    issues: list[SampleIssue] = []
    next_id = {"old": 100001, "new": 200001}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not issues):
            continue
        if line.startswith("==="):
            day, layout, encoding, number = line[3:].split()
            issues.append(SampleIssue(date.fromisoformat(day), layout, encoding, number))
        elif line.startswith("---"):
            parts = line[3:].split()
            issues[-1].pages.append(SamplePage(parts[0], parts[1], "pdf" in parts[2:]))
        elif line.startswith("#"):
            kicker, title, subtitle = (p.strip() for p in line[1:].split("|"))
            layout = issues[-1].layout
            issues[-1].pages[-1].articles.append(
                SampleArticle(kicker, title, subtitle, article_id=next_id[layout])
            )
            next_id[layout] += 1
        elif line.startswith("@"):
            src, caption = (p.strip() for p in line[1:].split("|"))
            issues[-1].pages[-1].articles[-1].images.append((src, caption))
        elif line.startswith("!"):
            issues[-1].pages[-1].articles[-1].truncated = True
        else:
            issues[-1].pages[-1].articles[-1].paragraphs.append(line)
    return issues


# ---------------------------------------------------------------- shared pieces


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _meta_charset(encoding: str) -> str:
    return f'<meta charset="{encoding}">'


def _enpproperty(issue: SampleIssue, page: SamplePage, art: SampleArticle) -> str:
    author = (
        art.paragraphs[0][art.paragraphs[0].find("（") + 1 : art.paragraphs[0].find("）")]
        if art.paragraphs
        else ""
    )
    return (
        f"<!--enpproperty <articleid>{art.article_id}</articleid><date>{issue.day.isoformat()}</date>"
        f"<author>{_e(author)}</author><title>{_e(art.title)}</title><keyword></keyword>"
        f"<subtitle>{_e(art.subtitle)}</subtitle><introtitle>{_e(art.kicker)}</introtitle>"
        f"<siteid>1</siteid><nodeid>{int(page.number)}</nodeid><nodename>{_e(page.name)}</nodename>"
        "<nodesearchname></nodesearchname>/enpproperty-->"
    )


def _body_paragraphs(art: SampleArticle) -> list[str]:
    """A truncated article keeps only the first half of its first paragraph, as a broken CMS export would."""
    if not art.truncated:
        return art.paragraphs
    first = art.paragraphs[0]
    return [first[: len(first) // 2]]


def _date_label(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日 星期{WEEKDAYS[day.weekday()]}"


# ---------------------------------------------------------------- older layout (html/YYYY-MM/DD/node_N.htm)


def _old_dir(day: date) -> str:
    return f"html/{day:%Y-%m}/{day:%d}"


def _old_pdf(day: date, page: SamplePage) -> str:
    return f"page/1/{day:%Y-%m}/{day:%d}/{page.number}/{day:%Y%m%d}{page.number}_pdf.pdf"


def _old_page(issue: SampleIssue, page: SamplePage) -> str:
    day = issue.day
    nav = "\n".join(
        f'<tr><td><a id="pageLink" href="node_{int(p.number)}.htm">第{p.number}版：{_e(p.name)}</a></td></tr>'
        for p in issue.pages
    )
    pdf = f'<a href="../../../{_old_pdf(day, page)}">PDF版</a>' if page.has_pdf else ""
    links = [(a.article_id, a.title) for a in page.articles]
    if (day.isoformat(), page.number) == ROBOTS_BLOCKED[:2]:
        links.append((ROBOTS_BLOCKED[2], "会员专享：工会服务指南全文"))
    areas = "\n".join(
        f'<area shape="rect" coords="0,{n * 100},600,{n * 100 + 90}" href="content_{aid}.htm">'
        for n, (aid, _) in enumerate(links)
    )
    titles = "\n".join(f'<li><a href="content_{aid}.htm">{_e(t)}</a></li>' for aid, t in links)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>{_meta_charset(issue.encoding)}<title>{PAPER_NAME}</title></head>
<body>
<table id="banner"><tr><td><span class="default"><strong>{_date_label(day)}</strong></span>
 <span class="issue">{issue.number}</span></td></tr></table>
<table id="pageList">
{nav}
</table>
<div id="currentPage"><strong>第{page.number}版：{_e(page.name)}</strong> {pdf}</div>
<img src="../../../page/1/{day:%Y-%m}/{day:%d}/{page.number}/{day:%Y%m%d}{page.number}_brief.jpg" usemap="#PagePicMap">
<map name="PagePicMap">
{areas}
</map>
<div id="titleList"><ul>
{titles}
</ul></div>
</body></html>
"""


def _old_article(issue: SampleIssue, page: SamplePage, art: SampleArticle) -> str:
    day = issue.day
    pics = "\n".join(
        f'<table class="pic"><tr><td><img src="../../../res/1/{day:%Y%m%d}/{_e(src)}"></td></tr>'
        f'<tr><td class="picdes">{_e(cap)}</td></tr></table>'
        for src, cap in art.images
    )
    body = "\n".join(f"<P>　　{_e(p)}</P>" for p in _body_paragraphs(art))
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>{_meta_charset(issue.encoding)}<title>{_e(art.title)}</title></head>
<body>
<table id="banner"><tr><td><span class="default"><strong>{_date_label(day)}</strong></span>
 <a href="node_{int(page.number)}.htm">第{page.number}版：{_e(page.name)}</a></td></tr></table>
<table id="article">
<tr><td class="font01">{_e(art.kicker)}</td></tr>
<tr><td class="font02"><strong>{_e(art.title)}</strong></td></tr>
<tr><td class="font01">{_e(art.subtitle)}</td></tr>
</table>
{pics}
<founder-content>
{body}
</founder-content>
{_enpproperty(issue, page, art)}
</body></html>
"""


# ---------------------------------------------------------------- newer layout (pc/layout/YYYYMM/DD/node_01.html)


def _new_pdf(day: date, page: SamplePage) -> str:
    return f"pc/attachment/{day:%Y%m}/{day:%d}/page_{page.number}.pdf"


def _new_page(issue: SampleIssue, page: SamplePage) -> str:
    day = issue.day
    nav_items = []
    for p in issue.pages:
        pdf = f' <a class="pdf" href="../../../../{_new_pdf(day, p)}">PDF</a>' if p.has_pdf else ""
        nav_items.append(
            f'<p><a id="pageLink" href="node_{p.number}.html">{p.number}版：{_e(p.name)}</a>{pdf}</p>'
        )
    nav = "\n".join(nav_items)
    pdf = f'<a class="pdf-link" href="../../../../{_new_pdf(day, page)}">下载PDF</a>' if page.has_pdf else ""
    content = f"../../../content/{day:%Y%m}/{day:%d}"
    titles = "\n".join(
        f'<li><a href="{content}/content_{a.article_id}.html">{_e(a.title)}</a></li>' for a in page.articles
    )
    areas = "\n".join(
        f'<area shape="poly" coords="10,{n * 80},580,{n * 80 + 70}" href="{content}/content_{a.article_id}.html">'
        for n, a in enumerate(page.articles)
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{_meta_charset(issue.encoding)}<title>{PAPER_NAME} - {page.number}版</title></head>
<body>
<div class="header"><span class="date">{_date_label(day)}</span> <span class="issue">{issue.number}</span></div>
<div class="Chunkiconlist">
{nav}
</div>
<div class="paper-bt"><span id="currentLayout">{page.number}版：{_e(page.name)}</span> {pdf}</div>
<div class="paper-img"><img src="../../../attachment/{day:%Y%m}/{day:%d}/page_{page.number}.jpg" usemap="#PagePicMap">
<map name="PagePicMap">
{areas}
</map></div>
<div class="news"><ul class="news-list">
{titles}
</ul></div>
</body></html>
"""


def _new_article(issue: SampleIssue, page: SamplePage, art: SampleArticle) -> str:
    day = issue.day
    pics = "\n".join(
        f'<table class="newsdetatab"><tr><td><img src="../../../attachment/{day:%Y%m}/{day:%d}/{_e(src)}"></td></tr>'
        f'<tr><td><p class="pictext">{_e(cap)}</p></td></tr></table>'
        for src, cap in art.images
    )
    body = "\n".join(f"<p>{_e(p)}</p>" for p in _body_paragraphs(art))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{_meta_charset(issue.encoding)}<title>{_e(art.title)}</title></head>
<body>
<div class="header"><span class="date">{_date_label(day)}</span>
 <a href="../../../layout/{day:%Y%m}/{day:%d}/node_{page.number}.html">{page.number}版：{_e(page.name)}</a></div>
<div class="newsdetatit">
<p class="yinti">{_e(art.kicker)}</p>
<h3>{_e(art.title)}</h3>
<p class="futi">{_e(art.subtitle)}</p>
</div>
{pics}
<div class="newsdetatext"><founder-content>
{body}
</founder-content></div>
{_enpproperty(issue, page, art)}
</body></html>
"""


# ---------------------------------------------------------------- page PDFs


def _wrap(text: str, width: int = PDF_LINE_CHARS) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def page_pdf_lines(issue: SampleIssue, page: SamplePage) -> list[str]:
    """The printed page as column lines: masthead, then each article's headline block and wrapped body."""
    day = issue.day
    lines = [
        f"{day.year}年{day.month}月",
        f"星期{WEEKDAYS[day.weekday()]} {day.day}",
        f"今日 {len(issue.pages)} 版 总{issue.number}",
    ]
    for art in page.articles:
        lines.append("")
        if art.kicker:
            lines.append(art.kicker)
        lines.append(art.title)
        if art.subtitle:
            lines.append(art.subtitle)
        for para in art.paragraphs:
            lines.extend(_wrap(para))
    return lines


# ---------------------------------------------------------------- the site


ROBOTS = """# robots.txt of the sample e-paper: members-only items are off limits to crawlers
User-agent: *
Disallow: /html/2025-03/06/content_199999.htm
Disallow: /admin/
"""


def build_files(issues: list[SampleIssue]) -> dict[str, bytes]:
    files: dict[str, bytes] = {"robots.txt": ROBOTS.encode("ascii")}
    for issue in issues:
        enc = "gb18030" if issue.encoding == "gbk" else issue.encoding
        for page in issue.pages:
            if issue.layout == "old":
                base = _old_dir(issue.day)
                files[f"{base}/node_{int(page.number)}.htm"] = _old_page(issue, page).encode(enc)
                for art in page.articles:
                    files[f"{base}/content_{art.article_id}.htm"] = _old_article(issue, page, art).encode(enc)
                pdf_path = _old_pdf(issue.day, page)
            else:
                files[f"pc/layout/{issue.day:%Y%m}/{issue.day:%d}/node_{page.number}.html"] = _new_page(
                    issue, page
                ).encode(enc)
                for art in page.articles:
                    path = f"pc/content/{issue.day:%Y%m}/{issue.day:%d}/content_{art.article_id}.html"
                    files[path] = _new_article(issue, page, art).encode(enc)
                pdf_path = _new_pdf(issue.day, page)
            if page.has_pdf:
                files[pdf_path] = text_pdf([page_pdf_lines(issue, page)])
    blocked_day = date.fromisoformat(ROBOTS_BLOCKED[0])
    files[f"{_old_dir(blocked_day)}/content_{ROBOTS_BLOCKED[2]}.htm"] = (
        "<html><head><meta charset='utf-8'><title>会员专享</title></head><body><table>"
        "<tr><td class='font02'><strong>会员专享：工会服务指南全文</strong></td></tr></table>"
        "<founder-content><P>本文仅限会员阅读。</P></founder-content></body></html>"
    ).encode()
    return files


def load_issues() -> list[SampleIssue]:
    return parse_source(SOURCE.read_text(encoding="utf-8"))


def main() -> int:
    files = build_files(load_issues())
    if SITE.exists():
        shutil.rmtree(SITE)
    for rel, data in files.items():
        target = SITE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files under {SITE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
