// sitrep web UI: the stories list and the story page. Uses $, esc, api, go, form, pager
// and main from app.js, which routes #/stories and #/story/ID here.
"use strict";

const CAMEO_ROOTS = {
  "01": "Make statement", "02": "Appeal", "03": "Intend to cooperate", "04": "Consult",
  "05": "Diplomatic cooperation", "06": "Material cooperation", "07": "Provide aid",
  "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
  "13": "Threaten", "14": "Protest", "15": "Exhibit force", "16": "Reduce relations",
  "17": "Coerce", "18": "Assault", "19": "Fight", "20": "Mass violence",
};
const SIDE_COLOURS = { USA: "#2456d6", RUS: "#c23b3b", SYR: "#2f8f6a", FRA: "#7b4fc9", GBR: "#b07a1f" };
const PALETTE = ["#3b8ea5", "#d17a22", "#6d8c2a", "#a0457b", "#4a5fb0", "#8a6d3b"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function sideColour(side) {
  if (!side || side === "unknown") return "#aab2c2";
  if (SIDE_COLOURS[side]) return SIDE_COLOURS[side];
  let h = 0;
  for (const c of side) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function monthLabel(d) {
  if (!d) return "Undated";
  const [y, m] = d.split("-");
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

function shortId(id) { return String(id).slice(0, 12); }

// A label per member article: its outlet, else its wire agency, else its headline's start.
let articleLabels = new Map();
function artLabel(id, outlet) {
  if (outlet) return esc(outlet);
  return esc(articleLabels.get(id) || String(id).slice(0, 12));
}
function setLabels(dates) {
  articleLabels = new Map(dates.map((a) => {
    const words = (a.title || "").split(/\s+/).slice(0, 3).join(" ");
    return [a.id, a.outlet || a.wire || (words ? words + "…" : a.id.slice(0, 12))];
  }));
}

function hl(article, start, end, label) {
  return `<a class="src" href="#/article/${esc(article)}?hl=${start}-${end}">${label}</a>`;
}

function howBadge(how) {
  const text = { timex: "time expression", "timex-estimated": "time expression, estimated page date",
    published: "publication date", estimated: "estimated page date", figure: "", unknown: "undated" }[how] ?? how;
  const cls = how && how.includes("estimated") ? "how est" : "how";
  return text ? `<span class="${cls}" title="How this date was found: ${esc(text)}">${esc(how)}</span>` : "";
}

function speaker(a) {
  if (!a) return '<span class="muted">unattributed</span>';
  const side = a.iso3 || a.code;
  return `<span class="dot" style="background:${sideColour(side)}"></span><b>${esc(a.name || a.code)}</b> <span class="code">${esc(a.code)}</span>`;
}

async function viewStories(params) {
  main.innerHTML = '<h1>Stories</h1><div class="card" id="f"></div><div id="r">Loading…</div>';
  $("#f").append(form([["q", "Search", "Aleppo"], ["actor", "Actor", "RUS"], ["outlet", "Outlet", ""],
    ["since", "Since", "2015-01-01"], ["until", "Until", "2016-12-31"]], params, (v) => go("stories", v)));
  const offset = Number(params.offset || 0);
  const page = await api("/api/stories", { ...params, limit: 30, offset });
  $("#r").innerHTML = page.items.length ? `<div class="story-list">${page.items.map((s) => `
    <a class="card story-card" href="#/story/${esc(s.id)}">
      <div class="story-title">${esc(s.title || s.id)}</div>
      <div class="muted">${esc(s.first_date || "undated")}${s.last_date && s.last_date !== s.first_date ? " → " + esc(s.last_date) : ""}
        · ${s.articles.length} article${s.articles.length === 1 ? "" : "s"} · ${s.num_events} merged events · ${s.num_claim_links} claim links
        ${s.stale ? '<span class="badge warn">stale</span>' : ""}</div>
      <div>${s.outlets.map((o) => `<span class="chip">${esc(o)}</span>`).join("")}</div>
    </a>`).join("")}</div>` + pager(page, params, "stories") : '<div class="card empty">No stories yet: ingest some articles.</div>';
}

function label(c) { return c.label.length > 42 ? c.label.slice(0, 40) + "…" : c.label; }

// A strip of the story's months with its articles and timeline entries as marks.
function timeAxis(story) {
  const dated = story.timeline.filter((t) => t.date);
  if (!dated.length) return "";
  const ms = (d) => Date.parse(d);
  const t0 = Math.min(...dated.map((t) => ms(t.date)), ...story.dates.filter((a) => a.date).map((a) => ms(a.date)));
  const t1 = Math.max(...dated.map((t) => ms(t.date)), ...story.dates.filter((a) => a.date).map((a) => ms(a.date))) + 86400000 * 20;
  const W = 1100, L = 20, R = 20, x = (v) => L + ((v - t0) / (t1 - t0)) * (W - L - R);
  let ticks = "";
  const start = new Date(t0); start.setUTCDate(1);
  for (let d = new Date(start); d.getTime() <= t1; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const px = x(d.getTime());
    if (px < L) continue;
    ticks += `<line x1="${px}" x2="${px}" y1="44" y2="52" stroke="#c5cbd8"/>`;
    if (d.getUTCMonth() % 3 === 0 || t1 - t0 < 86400000 * 200) ticks += `<text x="${px + 2}" y="64">${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}</text>`;
  }
  const marks = dated.map((t) => `<circle cx="${x(ms(t.date))}" cy="${t.kind === "event" ? 22 : 34}" r="3.5" fill="${t.kind === "event" ? "#2456d6" : "#d17a22"}" fill-opacity=".55"><title>${esc(t.date)} ${esc(t.who || "")}: ${esc(t.what.slice(0, 80))}</title></circle>`).join("");
  const arts = story.dates.filter((a) => a.date).map((a) => `<a href="#/article/${esc(a.id)}"><rect x="${x(ms(a.date)) - 2}" y="6" width="4" height="40" fill="${a.date_method === "published" ? "#141a2a" : "#8e98b3"}"><title>${esc(a.title || a.id)} · ${esc(a.date)} (${esc(a.date_method)})</title></rect></a>`).join("");
  return `<svg id="story-axis" viewBox="0 0 ${W} 72" width="100%" role="img" aria-label="Story time axis">
    <line x1="${L}" x2="${W - R}" y1="48" y2="48" stroke="#c5cbd8"/>${ticks}${arts}${marks}</svg>
    <p class="muted legend"><span class="key" style="background:#141a2a"></span>article (published date)
      <span class="key" style="background:#8e98b3"></span>article (estimated date)
      <span class="key round" style="background:#2456d6"></span>event <span class="key round" style="background:#d17a22"></span>quote</p>`;
}

function timeline(story) {
  let month = null, out = "";
  for (const t of story.timeline) {
    const m = monthLabel(t.date);
    if (m !== month) { out += `<div class="tl-month">${esc(m)}</div>`; month = m; }
    const outlets = t.sources.map((s) => hl(s.article, s.start, s.end, artLabel(s.article, s.outlet))).join(" ");
    const arts = new Set(t.sources.map((s) => s.article)).size;
    let what;
    if (t.kind === "event") {
      const [dyad, code] = t.what.split(" ");
      const root = (code || "").slice(0, 2);
      const q = Number(root) >= 14 ? "conf" : Number(root) >= 10 ? "tense" : "coop";
      what = `<span class="code">${esc(dyad)}</span> <span class="${q}">${esc(code)} ${esc(CAMEO_ROOTS[root] || "")}</span>`;
    } else {
      // Quotes keep their own marks when the text carries them.
      const words = t.what.replace(/^["“”']+|["“”',]+$/g, "");
      what = `<span class="said">“${esc(words)}”</span>`;
    }
    out += `<div class="tl-entry tl-${esc(t.kind)}"><div class="tl-date">${esc(t.date || "—")}<br>${howBadge(t.date_how)}</div>
      <div class="tl-body"><span class="tl-kind">${t.kind === "event" ? "●" : "❝"}</span> <b>${esc(t.who || "?")}</b> ${what}
      <div class="tl-src">${t.sources.length} report${t.sources.length === 1 ? "" : "s"} in ${arts} article${arts === 1 ? "" : "s"}: ${outlets}</div></div></div>`;
  }
  return out || '<div class="empty">No dated events or quotes.</div>';
}

function statement(s) {
  const verb = s.kind === "figure" ? `<span class="figure">${esc(s.value)} ${esc(s.unit)}</span> ` : "";
  return `<div class="stmt"><div class="who">${speaker(s.speaker)} <span class="muted">· ${esc(s.date || "undated")} · ${artLabel(s.article, s.outlet)} · ${esc(s.via)}</span></div>
    <div>${verb}${hl(s.article, s.span.start, s.span.end, esc(s.span.text))}</div></div>`;
}

function claims(story) {
  if (!story.claims.length) return '<div class="empty">No claim is set against a denial in this story.</div>';
  return story.claims.map((l) => `<div class="claim-row ${esc(l.kind)}">
      <div class="claim">${statement(l.claim)}</div>
      <div class="versus">${l.kind === "denies" ? "denied by" : "contested by"}<br><span class="muted">${l.shared_terms} shared terms${l.cross_outlet ? " · other article" : ""}</span></div>
      <div class="answer">${statement(l.answer)}</div></div>`).join("");
}

function shareBar(sides) {
  if (!sides.length) return '<div class="muted">no quotes</div>';
  return `<div class="share-bar">${sides.map((s) => `<span style="width:${(100 * s.share).toFixed(1)}%;background:${sideColour(s.label)}" title="${esc(s.label)}: ${s.count} quotes (${(100 * s.share).toFixed(0)}%)"></span>`).join("")}</div>
    <div class="share-legend">${sides.map((s) => `<span><span class="dot" style="background:${sideColour(s.label)}"></span>${esc(s.label)} ${(100 * s.share).toFixed(0)}%</span>`).join(" ")}</div>`;
}

function coverage(story) {
  const total = story.events.length;
  return `<div class="coverage" style="grid-template-columns:repeat(${Math.min(story.coverage.length, 5)}, minmax(200px, 1fr))">${story.coverage.map((c) => `
    <div class="outlet" data-outlet="${esc(c.outlet)}">
      <div class="outlet-name" title="${esc(c.label)}">${esc(label(c))}</div>
      ${c.articles.map((a) => `<div class="outlet-art"><a href="#/article/${esc(a.id)}">${esc(a.title || shortId(a.id))}</a>
        <div class="muted">${esc(a.date || "undated")}${a.headline_subject ? " · headline subject: <b>" + esc(a.headline_subject) + "</b>" : ""}</div></div>`).join("")}
      <div class="sub">Quotes by side</div>${shareBar(c.quotes_by_side)}
      <div class="sub">Top speakers</div>
      <ol class="speakers">${c.quotes_by_actor.slice(0, 4).map((x) => `<li>${esc(x.label)} <span class="muted">${x.count}</span></li>`).join("")}</ol>
      <div class="sub">Events</div>
      <div>${c.events_reported.length} of ${total} reported${c.events_omitted.length ? ` · <span class="conf">${c.events_omitted.length} omitted</span> that others carry` : ""}</div>
    </div>`).join("")}</div>`;
}

function events(story) {
  if (!story.events.length) return '<div class="empty">No events.</div>';
  return `<table id="story-events"><thead><tr><th>Date</th><th>Dyad</th><th>Event</th><th>Sources</th><th>Articles</th><th>Mentions</th></tr></thead><tbody>${
    story.events.map((e) => {
      const root = e.cameo.slice(0, 2);
      return `<tr><td>${esc(e.date || "")}${howBadge(e.date_how)}</td><td><span class="code">${esc(e.source)} → ${esc(e.target || "—")}</span></td>
      <td class="q${e.quad_class}"><span class="code">${esc(e.cameo)}</span> ${esc(CAMEO_ROOTS[root] || "")}${e.negated ? " (negated)" : ""}</td>
      <td class="num">${e.num_sources}</td><td class="num">${e.num_articles}</td>
      <td>${e.mentions.map((m) => hl(m.article, m.action.start, m.action.end, esc(m.action.text) + ` <span class="muted">${artLabel(m.article, m.outlet)}</span>`)).join(" · ")}</td></tr>`;
    }).join("")}</tbody></table>`;
}

async function viewStory(id) {
  main.innerHTML = "Loading…";
  const s = await api(`/api/stories/${encodeURIComponent(id)}`);
  setLabels(s.dates);
  const range = s.first_date ? `${esc(s.first_date)}${s.last_date !== s.first_date ? " → " + esc(s.last_date) : ""}` : "undated";
  main.innerHTML = `
    <div class="story-head">
      <div class="kicker">Story <span class="code">${esc(s.id)}</span>${s.stale ? ' <span class="badge warn">report predates the latest articles</span>' : ""}</div>
      <h1 id="story-title">${esc(s.title)}</h1>
      <div class="muted">${range} · ${s.articles.length} articles · ${s.coverage.length} outlets · ${s.events.length} merged events · ${s.claims.length} claims set against answers</div>
    </div>
    <div class="card">${timeAxis(s)}
      <div class="articles">${s.dates.map((a) => `<div class="art"><a href="#/article/${esc(a.id)}">${esc(a.title || shortId(a.id))}</a>
        <div class="muted">${esc(a.outlet || a.wire || "unknown outlet")} · <b>${esc(a.date || "undated")}</b> <span class="how ${a.date_method === "published" ? "" : "est"}" title="${esc(a.date_note)}">${esc(a.date_method)}</span></div>
        ${a.date_method === "published" ? "" : `<div class="note">${esc(a.date_note)}</div>`}</div>`).join("")}</div></div>
    <div class="grid2">
      <section class="card" id="story-summary"><h2>Summary</h2><ol>${s.summary.map((x) => `<li>${hl(x.source.article, x.source.start, x.source.end, esc(x.text))} <span class="muted">${artLabel(x.source.article, x.source.outlet)}</span></li>`).join("")}</ol></section>
      <section class="card" id="story-timeline"><h2>Timeline</h2><div class="tl">${timeline(s)}</div></section>
    </div>
    <section class="card" id="story-claims"><h2>Claims and denials</h2>${claims(s)}</section>
    <section class="card" id="story-coverage"><h2>Coverage by outlet</h2>${coverage(s)}</section>
    <section class="card" id="story-events-card"><h2>Merged events</h2>${events(s)}</section>
    ${s.duplicates.length ? `<section class="card"><h2>Duplicates and wire copy</h2><ul>${s.duplicates.map((d) => `<li>${artLabel(d.article)} copies ${artLabel(d.other)}: ${esc(d.kind)}, Jaccard ${d.jaccard.toFixed(2)}</li>`).join("")}</ul></section>` : ""}`;
}
