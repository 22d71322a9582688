import { createHash } from 'node:crypto';

/**
 * The club page's stylesheet (inlined, allowed by its hash in the Content-Security-Policy) and its one script (served
 * from the same origin as `local-time.js`, so the policy needs no inline script at all). The page reads fully without
 * the script; it only adds each meeting's time in the reader's own zone.
 */

/** Light and dark colours (prefers-color-scheme); every text colour has at least 4.5:1 contrast on its background. */
export const CLUB_PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1d21;--muted:#4f5661;--line:#d5d9df;--card:#f6f7f9;--link:#0a55c4;--read:#2f6fde;--there:#b4420b;--badge:#e7ecf5;--badge-fg:#1b3a6b;--next:#fff1d6;--next-fg:#6b4300}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e9ebee;--muted:#aab1bb;--line:#363b43;--card:#1b1e23;--link:#8ab4f8;--read:#7aa7ff;--there:#ff9a5c;--badge:#243047;--badge-fg:#cfe0ff;--next:#3d2f12;--next-fg:#ffd98a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus-visible,summary:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:48rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem;padding-bottom:.5rem;border-bottom:1px solid var(--line)}
.kicker{margin:0;color:var(--muted);font-size:.9rem;text-transform:uppercase;letter-spacing:.06em}
h1{margin:.2rem 0 .3rem;font-size:1.9rem;line-height:1.2}
h2{margin:2.2rem 0 .8rem;font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{margin:0 0 .3rem;font-size:1.05rem;line-height:1.35}
p{margin:.3rem 0}
.muted{color:var(--muted)}
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;margin:.6rem 0 0;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.next{border-left:.35rem solid var(--there)}
.summary{font-style:italic}
.meetings{list-style:none;margin:0;padding:0;display:grid;gap:.8rem}
.facts{display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.4rem 0 0;padding:0;list-style:none}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .45rem;border-radius:.3rem;background:var(--badge);color:var(--badge-fg)}
.badge.next-up{background:var(--next);color:var(--next-fg)}
.local{color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;margin:.6rem 0 0;padding:0;list-style:none}
figure{margin:0}
.chart{width:100%;height:auto;display:block}
.chart text{fill:var(--muted);font-size:13px}
.chart .axis{stroke:var(--line)}
.chart .bar{fill:var(--read)}
.chart .there{fill:none;stroke:var(--there);stroke-width:2.5}
.chart .dot{fill:var(--there)}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0}
.key{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.35rem;border-radius:.15rem}
.key.read{background:var(--read)}
.key.there{background:var(--there);border-radius:50%}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:right}
details{margin:.4rem 0}
summary{cursor:pointer}
.list{margin:.4rem 0 .8rem;padding-left:1.6rem}
.list li{margin:.15rem 0}
.board{padding-left:0;list-style:none}
.board li{display:flex;justify-content:space-between;gap:1rem;padding:.3rem 0;border-bottom:1px solid var(--line)}
footer{margin-top:2.5rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
@media (min-width:48rem){h1{font-size:2.3rem}.meetings.two{grid-template-columns:1fr 1fr}}
`.trim();

/** The page's icon (a sheet of paper), served beside it so the browser does not ask the site's root for one. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M7 2h13l6 6v22H7z" fill="#f6f7f9" stroke="#2f6fde" stroke-width="2"/>' +
  '<path d="M11 13h11M11 18h11M11 23h7" stroke="#2f6fde" stroke-width="2"/></svg>';

/** `'sha256-…'` of the inline stylesheet, for the policy's style-src. */
export const CLUB_PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(CLUB_PAGE_CSS).digest('base64')}'`;

/**
 * The page's only script: each `<time data-zone>` gets the reader's own local time beside it when the reader's clock
 * shows another time than the club's. Text only (no markup, no styles), and nothing breaks when it does not run.
 */
export const LOCAL_TIME_JS = `'use strict';
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var format = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  var wall = function (z, at) {
    return new Intl.DateTimeFormat('en', { timeZone: z, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).format(at);
  };
  var times = document.querySelectorAll('time[data-zone]');
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var at = new Date(t.getAttribute('datetime'));
    if (isNaN(at.getTime())) continue;
    try { if (wall(zone, at) === wall(t.getAttribute('data-zone'), at)) continue; } catch (e) { continue; }
    var note = document.createElement('span');
    note.className = 'local';
    note.textContent = ' (your time: ' + format.format(at) + ')';
    t.insertAdjacentElement('afterend', note);
  }
})();
`;
