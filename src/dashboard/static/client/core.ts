/**
 * Client helpers shared by every page (plain browser JavaScript kept as a string; no template literals
 * inside, so it embeds verbatim): DOM and SVG builders, fetch, formatting, tables, JSON tree, router.
 */
export const CORE_JS = String.raw`
'use strict';
var Pages = {};

function h(tag, attrs) {
  var el = document.createElement(tag);
  setAttrs(el, attrs);
  for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}
function s(tag, attrs) {
  var el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(el, attrs);
  for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}
function setAttrs(el, attrs) {
  if (!attrs) return;
  Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'text') el.textContent = String(v);
    else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
    else if (k === 'class' && el instanceof SVGElement) el.setAttribute('class', v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'style') el.style.cssText = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  });
}
function append(el, c) {
  if (c === undefined || c === null || c === false) return;
  if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
  el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
}
function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

function api(path, opts) {
  return fetch(path, opts).then(function (r) {
    return r.json().then(function (body) {
      if (!r.ok) { var e = new Error(body && body.error ? body.error : 'HTTP ' + r.status); e.body = body; throw e; }
      return body;
    });
  });
}
function qs(params) {
  return Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== null && params[k] !== ''; })
    .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
}

function fmtNum(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'); }
function fmtDur(sec) {
  if (sec === null || sec === undefined || isNaN(sec)) return '—';
  if (sec < 1) return Math.round(sec * 1000) + ' ms';
  if (sec < 60) return (Math.round(sec * 100) / 100) + ' s';
  var m = Math.floor(sec / 60); return m + ' min ' + Math.round(sec - m * 60) + ' s';
}
function pad(n) { return (n < 10 ? '0' : '') + n; }
function fmtTime(v) {
  if (v === null || v === undefined) return '—';
  var d = v instanceof Date ? v : new Date(v);
  if (isNaN(d.getTime())) return String(v);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
function ago(v) {
  var d = new Date(v); if (isNaN(d.getTime())) return '';
  var s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return s + ' s ago'; if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago'; return Math.round(s / 86400) + ' days ago';
}
function loadIdDate(id) { var n = Number(id); return isNaN(n) ? null : new Date(n * 1000); }
function shortHash(hh) { return hh ? String(hh).slice(0, 10) + '…' : '—'; }
function sum(obj) { return Object.keys(obj || {}).reduce(function (a, k) { return a + (Number(obj[k]) || 0); }, 0); }

function card(title, body, opts) {
  opts = opts || {};
  return h('section', { class: 'card' + (opts.cls ? ' ' + opts.cls : ''), id: opts.id },
    title ? h('div', { class: 'card-head' }, h('h2', { text: title }), opts.meta ? h('div', { class: 'meta' }, opts.meta) : null) : null,
    h('div', { class: 'card-body' + (opts.flush ? ' flush' : '') }, body));
}
function stat(label, value, hint, small) {
  return h('div', { class: 'card stat' }, h('div', { class: 'label', text: label }),
    h('div', { class: 'value' + (small ? ' small' : ''), title: typeof value === 'string' ? value : null }, value), hint ? h('div', { class: 'hint', title: typeof hint === 'string' ? hint : null }, hint) : null);
}
function kv(pairs) {
  var dl = h('dl', { class: 'kv' });
  pairs.forEach(function (p) { if (p) { dl.appendChild(h('dt', { text: p[0] })); dl.appendChild(h('dd', null, p[1])); } });
  return dl;
}
function badge(text, kind) { return h('span', { class: 'badge ' + (kind || '') , text: text }); }
function chip(text, kind, title) { return h('span', { class: 'chip ' + (kind || ''), text: text, title: title }); }
function empty(text, good) { return h('div', { class: 'empty' + (good ? ' good' : ''), text: text }); }
function alertBox(text, kind) { return h('div', { class: 'alert ' + (kind || 'bad'), role: 'alert', text: text }); }

/** A zebra table. columns: [{ label, cls, render(row) }] */
function table(columns, rows, opts) {
  opts = opts || {};
  return h('div', { class: 'table-wrap' }, h('table', { class: 'tbl' + (opts.cls ? ' ' + opts.cls : ''), id: opts.id },
    h('thead', null, h('tr', null, columns.map(function (c) { return h('th', { class: c.cls || '', style: c.width ? 'width:' + c.width : null }, c.label); }))),
    h('tbody', null, rows.map(function (r) {
      return h('tr', null, columns.map(function (c) { return h('td', { class: c.cls || '' }, c.render(r)); }));
    }))));
}
/** A grid cell for a data value. */
function cellValue(v) {
  if (v === null || v === undefined) return h('td', { class: 'cell null', text: 'null' });
  var t = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return h('td', { class: 'cell' + (typeof v === 'number' ? ' num' : ''), title: t.length > 40 ? t : null, text: t });
}

/** A collapsible JSON tree; objects above openDepth start open, long arrays closed. */
function jsonTree(value, openDepth) {
  function node(key, v, depth) {
    var keyEl = key === null ? null : h('span', { class: 'k', text: key + ': ' });
    if (v && typeof v === 'object') {
      var keys = Object.keys(v), isArr = Array.isArray(v);
      var summary = h('summary', null, keyEl, h('span', { class: 'sum', text: isArr ? '[' + keys.length + ' item' + (keys.length === 1 ? '' : 's') + ']' : '{' + keys.length + ' key' + (keys.length === 1 ? '' : 's') + '}' }));
      return h('details', { open: depth < openDepth && !(isArr && keys.length > 5) }, summary,
        h('div', { class: 'kids' }, keys.map(function (k) { return node(isArr ? k : k, v[k], depth + 1); })));
    }
    var cls = typeof v === 'string' ? 's' : typeof v === 'number' ? 'n' : typeof v === 'boolean' ? 'b' : 'z';
    return h('div', { class: 'leaf' }, keyEl, h('span', { class: cls, text: typeof v === 'string' ? JSON.stringify(v) : String(v) }));
  }
  return h('div', { class: 'json' }, node(null, value, 0));
}

/** CSV text from a grid (columns + rows of values). */
function toCsv(columns, rows) {
  function c(v) {
    if (v === null || v === undefined) return '';
    var t = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  return [columns.map(c).join(',')].concat(rows.map(function (r) { return r.map(c).join(','); })).join('\r\n') + '\r\n';
}
function download(filename, text, type) {
  var a = h('a', { href: URL.createObjectURL(new Blob([text], { type: type })), download: filename });
  document.body.appendChild(a); a.click(); setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

var PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#84cc16', '#64748b'];
function niceMax(v) {
  if (v <= 0) return 1;
  var p = Math.pow(10, Math.floor(Math.log10(v))), f = v / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}
`;
