import { esc } from './html.ts';

/** One held meeting as the chart shows it. */
export interface ChartPoint {
  number: number | null;
  /** Members who marked its paper read. */
  readers: number;
  /** Members who said they were there. */
  attended: number;
}

const W = 640;
const H = 220;
const LEFT = 40;
const RIGHT = 8;
const TOP = 14;
const BOTTOM = 30;

/**
 * Reading and attendance per meeting, oldest first, as inline SVG: a bar for the members who read each paper and a
 * line with dots for the members who were there (told apart by shape, not only colour). Colours come from the
 * stylesheet's classes, so dark mode applies and no inline style is needed. The SVG is an image with a title and a
 * one-sentence description; the same figures follow as a table (the text alternative a screen reader can walk).
 */
export function renderChart(points: readonly ChartPoint[]): string {
  if (!points.length) return '<p class="muted">The chart starts once the club has held a meeting.</p>';
  const top = niceMax(Math.max(1, ...points.map((p) => Math.max(p.readers, p.attended))));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / points.length;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const x = (i: number) => LEFT + slot * (i + 0.5);
  const barW = Math.max(1, slot * 0.6);
  const ticks = [0, top / 2, top];
  const labelEvery = Math.ceil(points.length / 12);
  const fix = (n: number) => Number(n.toFixed(1));
  const bars = points
    .map((p, i) => `<rect class="bar" x="${fix(x(i) - barW / 2)}" y="${fix(y(p.readers))}" width="${fix(barW)}" height="${fix(TOP + plotH - y(p.readers))}"/>`)
    .join('');
  const line = points.map((p, i) => `${fix(x(i))},${fix(y(p.attended))}`).join(' ');
  const dots = points.map((p, i) => `<circle class="dot" cx="${fix(x(i))}" cy="${fix(y(p.attended))}" r="${points.length > 40 ? 2 : 3.5}"/>`).join('');
  const yAxis = ticks
    .map((t) => `<line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${fix(y(t))}" y2="${fix(y(t))}"/><text x="${LEFT - 6}" y="${fix(y(t) + 4)}" text-anchor="end">${esc(Math.round(t))}</text>`)
    .join('');
  const xLabels = points
    .map((p, i) => (i % labelEvery === 0 || i === points.length - 1 ? `<text x="${fix(x(i))}" y="${H - 10}" text-anchor="middle">${esc(p.number ?? '')}</text>` : ''))
    .join('');
  const first = points[0]!.number;
  const last = points.at(-1)!.number;
  const avg = (f: (p: ChartPoint) => number) => Math.round((points.reduce((s, p) => s + f(p), 0) / points.length) * 10) / 10;
  const desc =
    `${points.length === 1 ? `Meeting ${first ?? ''}` : `Meetings ${first ?? ''} to ${last ?? ''}`}: on average ${avg((p) => p.readers)} members read the paper ` +
    `and ${avg((p) => p.attended)} were there. The table below gives every meeting's figures.`;
  return [
    '<figure>',
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" focusable="false">`,
    '<title id="chart-title">Reading and attendance per meeting</title>',
    `<desc id="chart-desc">${esc(desc)}</desc>`,
    yAxis,
    bars,
    `<polyline class="there" points="${line}"/>`,
    dots,
    xLabels,
    '</svg>',
    '<figcaption><ul class="legend"><li><span class="key read"></span>Members who read the paper (bars)</li>',
    '<li><span class="key there"></span>Members who were there (line)</li></ul>',
    '<p class="muted">Meeting numbers along the bottom; members along the side.</p></figcaption>',
    '</figure>',
    '<details><summary>The figures as a table</summary>',
    '<table><caption class="muted">Reading and attendance per meeting</caption>',
    '<thead><tr><th scope="col">Meeting</th><th scope="col" class="n">Read it</th><th scope="col" class="n">Were there</th></tr></thead><tbody>',
    points.map((p) => `<tr><th scope="row">${esc(p.number ?? '—')}</th><td class="n">${esc(p.readers)}</td><td class="n">${esc(p.attended)}</td></tr>`).join(''),
    '</tbody></table></details>',
  ].join('\n');
}

/** The smallest of 1, 2, 5 × 10ⁿ (or an even number below 10) at or above `v`, so the axis reads in round figures. */
function niceMax(v: number): number {
  if (v <= 10) return v % 2 === 0 ? v : v + 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
