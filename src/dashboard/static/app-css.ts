/** The dashboard's stylesheet (hand-written; no framework). */
export const APP_CSS = String.raw`
:root {
  --bg: #f5f6fa; --panel: #ffffff; --line: #e4e7ee; --line-soft: #eef0f5;
  --text: #1d2433; --muted: #667085; --faint: #98a2b3;
  --accent: #4f46e5; --accent-soft: #eef2ff; --accent-ink: #3730a3;
  --ok: #047857; --ok-soft: #ecfdf5; --bad: #b42318; --bad-soft: #fef3f2; --warn: #b54708; --warn-soft: #fffaeb;
  --zebra: #f9fafc; --hover: #f2f4fb;
  --sans: -apple-system, BlinkMacSystemFont, "Segoe UI", "Inter", "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  --radius: 10px;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 var(--sans); color: var(--text); background: var(--bg); -webkit-font-smoothing: antialiased; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.shell { display: grid; grid-template-columns: 224px minmax(0, 1fr); min-height: 100vh; background: linear-gradient(to right, #141a2a 224px, transparent 224px); }

/* sidebar */
.sidebar { background: #141a2a; color: #c9cfdd; padding: 18px 14px; display: flex; flex-direction: column; gap: 14px; position: sticky; top: 0; height: 100vh; }
.brand { display: flex; align-items: center; gap: 10px; padding: 2px 6px 6px; }
.logo { width: 32px; height: 32px; flex: none; }
.logo rect { fill: var(--accent); }
.logo path { fill: none; stroke: #fff; stroke-width: 2; stroke-linecap: round; }
.brand-name { color: #fff; font-weight: 700; font-size: 16px; letter-spacing: .2px; }
.brand-sub { font-size: 11.5px; color: #8b93a7; }
.pipeline-chip { display: flex; align-items: center; gap: 8px; background: #1e2638; border: 1px solid #2a3349; border-radius: 8px; padding: 7px 10px; color: #e6e9f2; font-family: var(--mono); font-size: 12.5px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.pipeline-chip .dot { width: 8px; height: 8px; border-radius: 50%; background: #34d399; flex: none; }
nav { display: flex; flex-direction: column; gap: 2px; margin-top: 4px; }
.nav-link { display: flex; align-items: center; gap: 10px; padding: 8px 10px; border-radius: 8px; color: #c9cfdd; font-weight: 500; }
.nav-link:hover { background: #1e2638; color: #fff; text-decoration: none; }
.nav-link.active { background: var(--accent); color: #fff; }
.nav-link svg { width: 18px; height: 18px; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
.sidebar-foot { margin-top: auto; font-size: 12px; color: #8b93a7; padding: 0 6px; word-break: break-all; }
.sidebar-foot b { color: #c9cfdd; font-weight: 600; }

/* main */
main { min-width: 0; display: flex; flex-direction: column; }
.topbar { display: flex; justify-content: space-between; align-items: flex-end; padding: 22px 28px 14px; }
.topbar h1 { margin: 0; font-size: 22px; font-weight: 700; letter-spacing: -.2px; }
.subtitle { color: var(--muted); font-size: 13px; margin-top: 2px; }
.content { padding: 0 28px 32px; display: flex; flex-direction: column; gap: 18px; }

/* cards */
.card { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: 0 1px 2px rgba(16, 24, 40, .04); min-width: 0; }
.card-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 12px 16px; border-bottom: 1px solid var(--line-soft); }
.card-head h2 { margin: 0; font-size: 14px; font-weight: 650; }
.card-head .meta { color: var(--muted); font-size: 12.5px; }
.card-body { padding: 14px 16px; }
.card-body.flush { padding: 0; }
.grid { display: grid; gap: 18px; }
.grid.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.grid.cols-4 { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.grid.sidebar-left { grid-template-columns: 250px minmax(0, 1fr); align-items: start; }
.stat { padding: 14px 16px; }
.stat .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; font-weight: 600; }
.stat .value { font-size: 20px; font-weight: 700; margin-top: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.stat .value.small { font-size: 14.5px; font-family: var(--mono); font-weight: 600; }
.stat .hint { color: var(--muted); font-size: 12.5px; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }

/* key-value */
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 7px 18px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }

/* tables */
.table-wrap { overflow: auto; }
table.tbl { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 13px; }
.tbl th { text-align: left; font-weight: 600; color: #475467; background: #f7f8fb; border-bottom: 1px solid var(--line); padding: 8px 12px; white-space: nowrap; position: sticky; top: 0; z-index: 1; }
.tbl td { padding: 7px 12px; border-bottom: 1px solid var(--line-soft); vertical-align: top; }
.tbl tbody tr:nth-child(even) td { background: var(--zebra); }
.tbl tbody tr:hover td { background: var(--hover); }
.tbl tbody tr:last-child td { border-bottom: none; }
.tbl td.num, .tbl th.num { text-align: right; font-variant-numeric: tabular-nums; }
.tbl td.cell { font-family: var(--mono); font-size: 12.5px; max-width: 340px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tbl td.nowrap { white-space: nowrap; }
table.tbl.fixed { table-layout: fixed; }
.tbl td.null { color: var(--faint); font-style: italic; }
.tbl th.sortable { cursor: pointer; user-select: none; }
.tbl th.sortable:hover { color: var(--accent); }
.tbl th .type { display: block; font-weight: 500; color: var(--faint); font-size: 11px; font-family: var(--mono); }
.tbl tr.filters th { background: #fff; padding: 5px 6px; top: 52px; }
.tbl tr.filters input { width: 100%; min-width: 80px; font: 12px var(--mono); padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: #fcfcfd; }
.tbl tr.filters input:focus { outline: 2px solid var(--accent-soft); border-color: var(--accent); }
.grid-scroll { max-height: 560px; overflow: auto; border-top: 1px solid var(--line-soft); }

/* badges, chips, buttons */
.badge { display: inline-flex; align-items: center; gap: 5px; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; background: var(--line-soft); color: #475467; white-space: nowrap; }
.badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.bad { background: var(--bad-soft); color: var(--bad); }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.badge.accent { background: var(--accent-soft); color: var(--accent-ink); }
.chip { display: inline-block; font: 11.5px var(--mono); padding: 1px 7px; margin: 1px 4px 1px 0; border-radius: 6px; background: #f2f4f7; color: #344054; border: 1px solid #e4e7ec; white-space: nowrap; }
.chip.key { background: #fef6e7; border-color: #fadfa8; color: #93370d; }
.chip.dlt { background: #f4f3ff; border-color: #d9d6fe; color: #5925dc; }
.btn { font: 600 13px var(--sans); border: 1px solid var(--line); background: #fff; color: var(--text); padding: 6px 12px; border-radius: 8px; cursor: pointer; display: inline-flex; align-items: center; gap: 6px; }
.btn:hover { background: var(--hover); text-decoration: none; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn.primary:hover { background: #4338ca; }
.btn.ghost { background: transparent; }
.btn:disabled { opacity: .45; cursor: default; }
select, .input { font: 13px var(--sans); padding: 5px 8px; border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--text); }
.toolbar { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.toolbar .spacer { flex: 1; }
.toggle { display: inline-flex; align-items: center; gap: 6px; color: #344054; font-size: 13px; cursor: pointer; user-select: none; }
.toggle input { accent-color: var(--accent); }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); }
.tab { padding: 8px 14px; font-weight: 600; color: var(--muted); border-bottom: 2px solid transparent; margin-bottom: -1px; }
.tab:hover { color: var(--text); text-decoration: none; }
.tab.active { color: var(--accent); border-bottom-color: var(--accent); }

/* alerts, empty states */
.alert { border-radius: 8px; padding: 10px 12px; font-size: 13px; border: 1px solid; }
.alert.bad { background: var(--bad-soft); border-color: #fecdca; color: var(--bad); }
.alert.warn { background: var(--warn-soft); border-color: #fedf89; color: var(--warn); }
.alert.ok { background: var(--ok-soft); border-color: #abefc6; color: var(--ok); }
.alert.pre { white-space: pre-wrap; font-family: var(--mono); font-size: 12.5px; }
.empty { color: var(--muted); padding: 18px 16px; display: flex; align-items: center; gap: 8px; }
.empty.good::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #12b76a; }
.loading { color: var(--muted); padding: 24px 0; }
.muted { color: var(--muted); }

/* list of tables (data page, schema tree) */
.tlist { list-style: none; margin: 0; padding: 6px; }
.tlist li a { display: flex; justify-content: space-between; gap: 8px; align-items: center; padding: 6px 8px; border-radius: 7px; color: var(--text); font-family: var(--mono); font-size: 12.5px; }
.tlist li a:hover { background: var(--hover); text-decoration: none; }
.tlist li a.active { background: var(--accent-soft); color: var(--accent-ink); font-weight: 600; }
.tlist li a .count { flex: none; white-space: nowrap; color: var(--muted); font-family: var(--sans); font-size: 12px; font-variant-numeric: tabular-nums; }
.tlist .group { font-size: 11px; text-transform: uppercase; letter-spacing: .6px; color: var(--faint); font-weight: 700; padding: 10px 8px 4px; }
.tlist .name { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tlist .indent { color: var(--faint); }
.table-title { font-family: var(--mono); font-size: 14px; font-weight: 650; }

/* charts and diagram */
.chart svg, .diagram svg { display: block; width: 100%; height: auto; }
.chart text, .diagram text { font-family: var(--sans); font-size: 11px; fill: #667085; }
.diagram text.tname { font-family: var(--mono); font-size: 12px; fill: var(--text); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0 16px 14px; font-size: 12.5px; color: #475467; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.bar-track { height: 8px; background: var(--line-soft); border-radius: 4px; min-width: 80px; overflow: hidden; }
.dur { display: flex; align-items: center; gap: 10px; }
.dur .bar-track { flex: 1; }
.dur span { min-width: 56px; text-align: right; font-variant-numeric: tabular-nums; }
.bar-fill { height: 100%; background: var(--accent); border-radius: 4px; }

/* SQL editor */
textarea.sql { width: 100%; min-height: 120px; resize: vertical; font: 13px/1.55 var(--mono); padding: 10px 12px; border: 1px solid var(--line); border-radius: 8px; background: #fbfbfd; color: var(--text); }
textarea.sql:focus { outline: 2px solid var(--accent-soft); border-color: var(--accent); }

/* JSON tree */
.json { font: 12.5px/1.7 var(--mono); }
.json details > summary { cursor: pointer; list-style: none; }
.json details > summary::-webkit-details-marker { display: none; }
.json details > summary::before { content: "\25B8"; display: inline-block; width: 14px; color: var(--faint); }
.json details[open] > summary::before { content: "\25BE"; }
.json .kids { padding-left: 18px; border-left: 1px dashed var(--line); margin-left: 5px; }
.json .leaf { padding-left: 14px; }
.json .k { color: #344054; font-weight: 600; }
.json .s { color: #067647; }
.json .n { color: #1849a9; }
.json .b { color: #b54708; }
.json .z { color: var(--faint); }
.json .sum { color: var(--faint); }
`;
