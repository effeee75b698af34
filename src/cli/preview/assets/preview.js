// cvpdf preview: shows the pages the server renders, updated by server-sent events.
// Everything from the document reaches the page as text (textContent), never as HTML.
'use strict';

const PX_PER_PT = 96 / 72;
const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';

let state = null;
let zoom = 1;

// A diagnostic as the terminal prints its first line: file:line:col: severity: message.
function where(d) {
  return d.line == null ? d.file : `${d.file}:${d.line}:${d.column}`;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

// The pages: one box a page at its printed size (times the zoom), its SVG inside.
// A new SVG replaces the old one only once loaded, so the page never flashes and the
// scroll position stays.
function showPages() {
  const box = $('pages');
  const sizes = state.pages;
  while (box.children.length > sizes.length) box.lastChild.remove();
  sizes.forEach(([w, h], i) => {
    let page = box.children[i];
    if (!page) {
      page = element('div', 'page');
      page.dataset.page = i + 1;
      page.append(element('img'));
      box.append(page);
    }
    page.style.width = `${w * PX_PER_PT * zoom}px`;
    page.style.height = `${h * PX_PER_PT * zoom}px`;
    const img = page.querySelector('img');
    if (state.fresh || !img.dataset.version) {
      const next = new Image();
      next.alt = `Page ${i + 1}`;
      next.dataset.version = state.version;
      next.onload = () => { if (img.isConnected) img.replaceWith(next); };
      next.src = `/pages/${i + 1}.svg?v=${state.version}`;
    }
  });
  $('pageno').textContent = sizes.length ? `${currentPage()} / ${sizes.length}` : '–';
}

// Errors over the pages (the last good ones stay under them), and every diagnostic
// in the list at the bottom.
function showProblems() {
  const diags = state.diagnostics;
  const errors = diags.filter((d) => d.severity === 'error');
  const overlay = $('overlay');
  overlay.replaceChildren();
  overlay.hidden = errors.length === 0;
  for (const d of errors) {
    overlay.append(element('div', 'error', `${where(d)}: error: ${d.message}`));
    for (const h of d.hints) overlay.append(element('div', 'hint', `  = hint: ${h}`));
  }
  if (errors.length) {
    const kept = state.pages.length ? 'showing the last good pages' : 'no pages yet';
    overlay.append(element('div', 'note', `${kept}; fix the file and save`));
  }
  const list = $('problem-list');
  list.replaceChildren();
  $('problems').hidden = diags.length === 0;
  const warnings = diags.length - errors.length;
  $('problems-title').textContent = `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  for (const d of diags) {
    const li = element('li', d.severity, `${where(d)}: ${d.severity}: ${d.message}`);
    for (const h of d.hints) li.append(element('div', 'hint', `= hint: ${h}`));
    list.append(li);
  }
  // The list must not hide the last page.
  $('pages').style.paddingBottom = diags.length ? `${$('problems').offsetHeight + 24}px` : '';
}

async function fetchJson(path) {
  const response = await fetch(`${path}?v=${state.version}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// Margins (dashed) and the box of everything drawn, over each page.
async function showOutlines() {
  document.querySelectorAll('svg.outline').forEach((s) => s.remove());
  if (!$('outlines').checked || !state) return;
  const geometry = await fetchJson('/geometry.json');
  const pages = $('pages').children;
  geometry.forEach((g, i) => {
    const page = pages[i];
    if (!page || !state.pages[i]) return;
    const [w, h] = state.pages[i];
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'outline');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const rect = (cls, x, y, rw, rh) => {
      const r = document.createElementNS(SVG_NS, 'rect');
      r.setAttribute('class', cls);
      for (const [k, v] of [['x', x], ['y', y], ['width', Math.max(rw, 0.3)], ['height', Math.max(rh, 0.3)]]) r.setAttribute(k, v);
      svg.append(r);
    };
    const [top, right, bottom, left] = g.margin;
    rect('margin', left, top, w - left - right, h - top - bottom);
    for (const [kind, x, y, bw, bh] of g.boxes) rect(kind, x, y, bw, bh);
    page.append(svg);
  });
}

// The ATS view (cvpdf::ats's report): the text in the order an extractor reads it,
// a line at a time, page by page; the headings and contact details it found
// highlighted, and its warnings (text it would lose or garble) first and at their
// lines. Hovering a line outlines where it is on its page.
async function showAts() {
  const view = $('ats-view');
  view.hidden = !$('ats').checked;
  document.querySelectorAll('.ats-spot').forEach((s) => s.remove());
  if (view.hidden || !state) return;
  const ats = await fetchJson('/ats.json');
  const lines = ats.lines || [];
  const headingOf = new Map();
  for (const h of ats.headings || []) for (let i = h.line; i < h.line + h.lines; i++) headingOf.set(i, h);
  const contactsOf = new Map();
  for (const c of ats.contacts || []) contactsOf.set(c.line, [...(contactsOf.get(c.line) || []), c]);
  const warningsOf = new Map();
  for (const w of ats.warnings || []) if (w.line != null) warningsOf.set(w.line, [...(warningsOf.get(w.line) || []), w]);

  view.replaceChildren(element('h2', null, 'What an applicant tracking system reads'));
  const counts = `${lines.length} lines · ${(ats.headings || []).length} headings · ${(ats.contacts || []).length} contact details`;
  view.append(element('div', 'summary', counts));
  for (const w of ats.warnings || []) view.append(element('div', 'warning', `page ${w.page + 1}: ${w.message}`));
  let page = null;
  lines.forEach((line, i) => {
    if (line.page !== page) {
      page = line.page;
      view.append(element('div', 'page-break', `page ${page + 1}`));
    }
    const p = element('p', 'line');
    const heading = headingOf.get(i);
    if (heading) { p.classList.add('heading'); p.title = `heading${heading.level ? ` (h${heading.level})` : ''}`; }
    if (line.artifact) p.classList.add('artifact');
    // Contact offsets count characters (code points), as the report does.
    const chars = Array.from(line.text);
    let at = 0;
    for (const c of (contactsOf.get(i) || []).sort((a, b) => a.start - b.start)) {
      if (c.start < at) continue;
      p.append(chars.slice(at, c.start).join(''));
      const mark = element('mark', 'contact', chars.slice(c.start, c.end).join(''));
      mark.title = c.kind;
      p.append(mark);
      at = c.end;
    }
    p.append(chars.slice(at).join(''));
    if (warningsOf.has(i)) { p.classList.add('warned'); p.title = warningsOf.get(i).map((w) => w.message).join('\n'); }
    p.onmouseenter = () => spot(line);
    p.onmouseleave = () => document.querySelectorAll('.ats-spot').forEach((s) => s.remove());
    view.append(p);
  });
}

// Outlines a line's area on its page.
function spot(line) {
  const page = $('pages').children[line.page];
  const size = state.pages[line.page];
  if (!page || !size) return;
  const box = element('div', 'ats-spot');
  const [w, h] = size;
  Object.assign(box.style, {
    left: `${(line.area.x / w) * 100}%`, top: `${(line.area.y / h) * 100}%`,
    width: `${(line.area.width / w) * 100}%`, height: `${(line.area.height / h) * 100}%`,
  });
  page.append(box);
}

function refreshExtras() {
  showOutlines().catch((e) => console.warn(e));
  showAts().catch((e) => console.warn(e));
}

function apply(next) {
  state = next;
  document.body.dataset.version = state.version;
  $('name').textContent = state.name;
  document.title = `${state.name} · cvpdf preview`;
  const n = state.pages.length;
  $('status').textContent = `${n} page${n === 1 ? '' : 's'} · rendered in ${state.ms} ms`;
  showPages();
  showProblems();
  refreshExtras();
}

// The page whose top is nearest the top of the window, from 1.
function currentPage() {
  const pages = [...$('pages').children];
  let best = 1;
  let bestDistance = Infinity;
  pages.forEach((p, i) => {
    const d = Math.abs(p.getBoundingClientRect().top - 44);
    if (d < bestDistance) { best = i + 1; bestDistance = d; }
  });
  return best;
}

function goTo(n) {
  const pages = $('pages').children;
  const page = pages[Math.min(Math.max(n, 1), pages.length) - 1];
  if (page) window.scrollTo({ top: page.offsetTop - 44 - 12 });
}

function setZoom(z) {
  const page = currentPage();
  zoom = z;
  $('zoom').textContent = `${Math.round(zoom * 100)}%`;
  if (state) showPages();
  goTo(page);
}

function zoomBy(step) {
  const i = ZOOMS.findIndex((z) => z >= zoom - 1e-6);
  setZoom(ZOOMS[Math.min(Math.max(i + step, 0), ZOOMS.length - 1)]);
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target instanceof HTMLInputElement && e.target.type !== 'checkbox') return;
  const actions = {
    ArrowLeft: () => goTo(currentPage() - 1),
    ArrowRight: () => goTo(currentPage() + 1),
    '+': () => zoomBy(1), '=': () => zoomBy(1),
    '-': () => zoomBy(-1), '_': () => zoomBy(-1),
    '0': () => setZoom(1),
    o: () => { $('outlines').checked = !$('outlines').checked; refreshExtras(); },
    a: () => { $('ats').checked = !$('ats').checked; refreshExtras(); },
  };
  const action = actions[e.key];
  if (action) { e.preventDefault(); action(); }
});

$('prev').onclick = () => goTo(currentPage() - 1);
$('next').onclick = () => goTo(currentPage() + 1);
$('zoom-in').onclick = () => zoomBy(1);
$('zoom-out').onclick = () => zoomBy(-1);
$('outlines').onchange = refreshExtras;
$('ats').onchange = refreshExtras;
window.addEventListener('scroll', () => { if (state) $('pageno').textContent = `${currentPage()} / ${state.pages.length}`; }, { passive: true });

// The renders, as they come. The browser reconnects by itself after a dropped
// connection; after a refusal (too many streams open) it gives up, so this retries.
function listen() {
  const events = new EventSource('/events');
  events.onmessage = (e) => apply(JSON.parse(e.data));
  events.onopen = () => { if (!state) $('status').textContent = 'waiting for the first render…'; };
  events.onerror = () => {
    $('status').textContent = 'disconnected: is cvpdf preview still running?';
    if (events.readyState === EventSource.CLOSED) setTimeout(listen, 1000);
  };
}
listen();
