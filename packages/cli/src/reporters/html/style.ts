/** The page's stylesheet and its one small script (rule filter), inlined so the file stands alone. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #fff; --panel: #f6f8fa; --line: #d0d7de;
  --err: #cf222e; --warn: #9a6700; --read: #ddf4ff; --write: #ffebe9; --window: #fff8c5; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --panel: #161b22; --line: #30363d;
  --err: #f85149; --warn: #d29922; --read: #0c2d4a; --write: #4a1c1c; --window: #3b2f00; --ok: #3fb950; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 32px 0 8px; word-break: break-all; }
h3 { font-size: 14px; margin: 20px 0 8px; color: var(--muted); font-weight: 600; }
a { color: inherit; } .muted { color: var(--muted); }
code, .code, .sql { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 12px 0 0; padding: 0; list-style: none; }
.chips button { font: inherit; border: 1px solid var(--line); background: var(--panel); color: var(--fg); border-radius: 999px; padding: 2px 10px; cursor: pointer; }
.chips button[aria-pressed="false"] { opacity: .45; text-decoration: line-through; }
nav ul { columns: 2; padding-left: 18px; } nav li { break-inside: avoid; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--err); border-radius: 6px; margin: 12px 0; padding: 12px 16px; background: var(--bg); }
.finding.warning { border-left-color: var(--warn); }
.finding[hidden] { display: none; }
.finding header { padding: 0; margin: 0 0 8px; max-width: none; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .04em; color: var(--err); }
.warning .sev { color: var(--warn); }
.rule { font-weight: 600; } .where { color: var(--muted); }
.message { margin: 4px 0 0; }
.code { width: 100%; border-collapse: collapse; background: var(--panel); border-radius: 6px; overflow: hidden; margin: 8px 0; display: block; overflow-x: auto; }
.code td { padding: 0 8px; white-space: pre; vertical-align: top; tab-size: 4; }
.code .ln { color: var(--muted); text-align: right; user-select: none; width: 1%; }
.code tr.check { background: var(--read); } .code tr.act { background: var(--write); }
.code .tag { margin-left: 12px; font: 11px system-ui, sans-serif; padding: 0 6px; border-radius: 4px; border: 1px solid var(--line); }
.gap { color: var(--muted); padding-left: 12px; }
dl.statements { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.statements dt { color: var(--muted); } dl.statements dd { margin: 0; } dl.statements code { white-space: pre-wrap; word-break: break-word; }
.timeline { margin: 12px 0 4px; } .timeline figcaption { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
.timeline table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.timeline th { text-align: left; border-bottom: 2px solid var(--line); padding: 4px 8px; }
.timeline th.t, .timeline td.t { width: 2.5em; color: var(--muted); text-align: right; }
.timeline td { padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.timeline td code { white-space: pre-wrap; word-break: break-word; }
.timeline td.lane-a { border-right: 1px dashed var(--line); }
.timeline tr.window td.lane-a, .timeline tr.window td.lane-b { background: var(--window); }
.timeline tr.damage td { font-weight: 600; }
.timeline tr.note td { color: var(--err); font-weight: 600; border-bottom: 2px solid var(--err); }
.step { font-style: italic; }
.problems li { margin: 4px 0; }
.empty { color: var(--ok); font-size: 16px; }
`;

/** Rule chips toggle the findings of their rule. */
export const SCRIPT = `
document.querySelectorAll('.chips button[data-rule]').forEach(function (button) {
  button.addEventListener('click', function () {
    var on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(on));
    document.querySelectorAll('.finding[data-rule="' + button.getAttribute('data-rule') + '"]').forEach(function (f) { f.hidden = !on; });
  });
});
`;
