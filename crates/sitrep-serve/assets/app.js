// sitrep web UI: plain JavaScript over the JSON API, no build step.
"use strict";
const $ = (sel, el = document) => el.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const main = $("#main");

async function api(path, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
  const res = await fetch(path + (qs.toString() ? "?" + qs : ""));
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function hashParams() {
  const [path, query] = location.hash.slice(1).split("?");
  return { parts: path.split("/").filter(Boolean), params: Object.fromEntries(new URLSearchParams(query || "")) };
}

function go(view, params) {
  location.hash = "#/" + view + "?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v));
}

function sourceLink(articleId, span, label) {
  return `<a href="#/article/${esc(articleId)}?hl=${span.start}-${span.end}">${esc(label)}</a>`;
}

function actor(a) {
  if (!a) return '<span class="muted">—</span>';
  return `<span class="code">${esc(a.code)}</span> ${esc(a.name || a.text)}`;
}

function form(fields, values, onSubmit) {
  const html = fields.map(([name, label, ph]) =>
    `<label>${label}<input name="${name}" placeholder="${ph || ""}" value="${esc(values[name] || "")}"></label>`).join("");
  const el = document.createElement("form");
  el.className = "filters";
  el.innerHTML = html + '<button type="submit">Apply</button>';
  el.addEventListener("submit", (e) => { e.preventDefault(); onSubmit(Object.fromEntries(new FormData(el))); });
  return el;
}

async function viewEvents(params) {
  main.innerHTML = '<h1>Events</h1><div class="card" id="f"></div><div class="card" id="r">Loading…</div>';
  $("#f").append(form([["actor", "Actor", "RUS, USAGOV"], ["dyad", "Dyad", "USA:RUS"], ["code", "CAMEO prefix", "11"],
    ["since", "Since", "2015-01-01"], ["until", "Until", "2016-12-31"]], params, (v) => go("events", v)));
  const offset = Number(params.offset || 0);
  const page = await api("/api/events", { ...params, limit: 50, offset });
  $("#r").innerHTML = page.items.length ? `<table id="events-table"><thead><tr><th>Date</th><th>Source</th><th>Event</th><th>Target</th><th>Goldstein</th><th>Source text</th></tr></thead><tbody>${
    page.items.map((e) => `<tr><td>${esc(e.date || "")}</td><td>${actor(e.source)}</td>
      <td class="q${e.quad_class}"><span class="code">${esc(e.cameo)}</span> ${esc(e.plover)}${e.negated ? " (negated)" : ""}</td>
      <td>${actor(e.target)}</td><td>${e.goldstein.toFixed(1)}</td>
      <td>${sourceLink(e.article_id, e.action, e.action.text)} <span class="muted">s${e.sentence_index}</span></td></tr>`).join("")
  }</tbody></table>` + pager(page, params, "events") : '<div class="empty">No events match.</div>';
}

function pager(page, params, view) {
  const prev = page.offset > 0 ? `<a href="#" data-o="${Math.max(0, page.offset - page.limit)}">← Previous</a>` : "";
  const next = page.items.length === page.limit ? `<a href="#" data-o="${page.offset + page.limit}">Next →</a>` : "";
  setTimeout(() => document.querySelectorAll(".pager a").forEach((a) =>
    a.addEventListener("click", (e) => { e.preventDefault(); go(view, { ...params, offset: a.dataset.o }); })));
  return `<div class="pager">${prev}${next}</div>`;
}

async function viewDyad(params) {
  const src = params.src || "USA", tgt = params.tgt || "RUS";
  main.innerHTML = `<h1>Dyad ${esc(src)} → ${esc(tgt)}</h1><div class="card" id="f"></div><div class="card" id="chart">Loading…</div>`;
  $("#f").append(form([["src", "Source", "USA"], ["tgt", "Target", "RUS"], ["code", "CAMEO prefix", ""]], { src, tgt, code: params.code }, (v) => go("dyad", v)));
  const s = await api(`/api/dyads/${encodeURIComponent(src)}/${encodeURIComponent(tgt)}/series`, { code: params.code });
  $("#chart").innerHTML = s.points.length ? chart(s.points) : '<div class="empty">No dated events for this dyad.</div>';
}

function chart(points) {
  const W = 1100, H = 300, L = 50, R = 20, T = 20, B = 40;
  const t = points.map((p) => Date.parse(p.date));
  const t0 = Math.min(...t), t1 = Math.max(...t) + 86400000;
  const maxN = Math.max(...points.map((p) => p.events));
  const x = (ms) => L + ((ms - t0) / (t1 - t0)) * (W - L - R);
  const yG = (g) => T + ((10 - g) / 20) * (H - T - B);
  const bars = points.map((p, i) => {
    const h = (p.events / maxN) * (H - T - B) * 0.5;
    return `<rect x="${x(t[i]) - 3}" y="${H - B - h}" width="6" height="${h}" fill="#c9d5f5"><title>${p.date}: ${p.events} events</title></rect>`;
  }).join("");
  const line = points.map((p, i) => `${x(t[i])},${yG(p.mean_goldstein)}`).join(" ");
  const dots = points.map((p, i) => `<circle cx="${x(t[i])}" cy="${yG(p.mean_goldstein)}" r="4" fill="${p.mean_goldstein < 0 ? "#c23b3b" : "#1f8a4c"}"><title>${p.date}: mean Goldstein ${p.mean_goldstein.toFixed(2)}</title></circle>`).join("");
  const labels = [points[0], points[points.length - 1]].map((p) => `<text x="${x(Date.parse(p.date))}" y="${H - 18}" text-anchor="middle">${p.date}</text>`).join("");
  return `<svg id="dyad-chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Goldstein over time">
    <line x1="${L}" x2="${W - R}" y1="${yG(0)}" y2="${yG(0)}" stroke="#aaa" stroke-dasharray="4 4"/>
    <text x="8" y="${yG(10) + 4}">+10</text><text x="8" y="${yG(0) + 4}">0</text><text x="8" y="${yG(-10) + 4}">−10</text>
    ${bars}<polyline points="${line}" fill="none" stroke="#2456d6" stroke-width="2"/>${dots}${labels}</svg>
    <p class="muted">Line: mean Goldstein per day (−10 conflict … +10 cooperation). Bars: number of events.</p>`;
}

async function viewMap() {
  main.innerHTML = '<h1>Places</h1><div class="card" id="map">Loading…</div>';
  const page = await api("/api/places", { limit: 200 });
  const W = 1100, H = 550;
  const x = (lon) => ((lon + 180) / 360) * W, y = (lat) => ((90 - lat) / 180) * H;
  let grid = "";
  for (let lon = -180; lon <= 180; lon += 30) grid += `<line x1="${x(lon)}" x2="${x(lon)}" y1="0" y2="${H}" stroke="#e6e9ef"/>`;
  for (let lat = -90; lat <= 90; lat += 30) grid += `<line x1="0" x2="${W}" y1="${y(lat)}" y2="${y(lat)}" stroke="#e6e9ef"/>`;
  const seen = new Map();
  for (const it of page.items) {
    const k = it.place.name + it.place.lat;
    const e = seen.get(k) || { ...it, n: 0 };
    e.n += 1; seen.set(k, e);
  }
  const pts = [...seen.values()].map((it) => `<a href="#/article/${esc(it.article_id)}?hl=${it.place.start}-${it.place.end}">
      <circle class="place" cx="${x(it.place.lon)}" cy="${y(it.place.lat)}" r="${4 + Math.min(8, it.n)}" fill="#2456d6" fill-opacity=".6"><title>${esc(it.place.name)} (${esc(it.place.iso3 || "")}) ×${it.n}</title></circle>
      <text x="${x(it.place.lon) + 8}" y="${y(it.place.lat) + 4}">${esc(it.place.name)}</text></a>`).join("");
  $("#map").innerHTML = page.items.length ? `<svg id="world" viewBox="0 0 ${W} ${H}" width="100%" style="background:#f4f8ff">${grid}${pts}</svg>
    <p class="muted">Equirectangular projection; graticule every 30°. Circle size: mentions.</p>` : '<div class="empty">No geocoded places yet.</div>';
}

async function viewQuotes(params) {
  main.innerHTML = '<h1>Quotes</h1><div class="card" id="f"></div><div class="card" id="r">Loading…</div>';
  $("#f").append(form([["speaker", "Speaker", "Kerry, RUSGOV"]], params, (v) => go("quotes", v)));
  const offset = Number(params.offset || 0);
  const page = await api("/api/quotes", { speaker: params.speaker, limit: 50, offset });
  $("#r").innerHTML = page.items.length ? page.items.map((q) => `<div class="quote">
      <div>${q.kind === "indirect" ? "" : "“"}${sourceLink(q.article_id, q.content, q.content.text)}${q.kind === "indirect" ? "" : "”"}</div>
      <div class="who">${q.speaker ? actor(q.speaker) : esc(q.speaker_mention?.text || "unknown")} · ${esc(q.kind)}${q.cue ? " · " + esc(q.cue.text) : ""}</div></div>`).join("") + pager(page, params, "quotes")
    : '<div class="empty">No quotes match.</div>';
}

async function viewArticles(params) {
  main.innerHTML = '<h1>Articles</h1><div class="card" id="f"></div><div class="card" id="r">Loading…</div>';
  $("#f").append(form([["q", "Search", "Kerry Lavrov"]], params, (v) => go("articles", v)));
  const offset = Number(params.offset || 0);
  const page = await api("/api/articles", { q: params.q, limit: 50, offset });
  $("#r").innerHTML = page.items.length ? `<table><thead><tr><th>Date</th><th>Title</th><th>Outlet</th><th>Wire</th></tr></thead><tbody>${
    page.items.map((a) => `<tr><td>${esc(a.date || "")}</td><td><a href="#/article/${esc(a.id)}">${esc(a.title || a.id)}</a></td><td>${esc(a.outlet || "")}</td><td>${esc(a.wire || "")}</td></tr>`).join("")
  }</tbody></table>` + pager(page, params, "articles") : '<div class="empty">No articles.</div>';
}

async function viewArticle(id, params) {
  main.innerHTML = "Loading…";
  const { article, layers } = await api(`/api/articles/${encodeURIComponent(id)}`);
  const chars = Array.from(article.text);
  let body = esc(chars.join(""));
  if (params.hl) {
    const [s, e] = params.hl.split("-").map(Number);
    body = esc(chars.slice(0, s).join("")) + `<mark id="hl">${esc(chars.slice(s, e).join(""))}</mark>` + esc(chars.slice(e).join(""));
  }
  const r = article;
  main.innerHTML = `<h1>${esc(r.title || r.id)}</h1>
    <div class="card muted">${esc(r.outlet || "unknown outlet")}${r.wire ? " · wire: " + esc(r.wire) : ""} · ${esc(r.date || "no date")}${r.date_source ? " (" + esc(r.date_source) + ")" : ""} · ${layers.events.length} events · ${layers.quotes.length} quotes · ${layers.places.length} places</div>
    <div class="card article-text">${body}</div>`;
  const hl = $("#hl");
  if (hl) hl.scrollIntoView({ block: "center" });
}

async function route() {
  const { parts, params } = hashParams();
  const view = parts[0] || "events";
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  try {
    if (view === "dyad") await viewDyad(params);
    else if (view === "map") await viewMap(params);
    else if (view === "quotes") await viewQuotes(params);
    else if (view === "articles") await viewArticles(params);
    else if (view === "article") await viewArticle(parts[1], params);
    else if (view === "stories") await viewStories(params);
    else if (view === "story") await viewStory(parts[1], params);
    else await viewEvents(params);
  } catch (err) {
    main.innerHTML = `<div class="card empty">Error: ${esc(err.message)}</div>`;
  }
}

window.addEventListener("hashchange", route);
// stories.js (loaded after this file) defines the story views; route once it has.
window.addEventListener("DOMContentLoaded", route);
api("/api/stats").then((c) => { $("#stats").textContent = `${c.articles} articles · ${c.events} events · ${c.quotes} quotes`; }).catch(() => {});
