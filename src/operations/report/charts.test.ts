import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panels } from '../dashboards/panels.ts';
import type { PanelData, Row } from '../dashboards/query.ts';
import type { Panel } from '../dashboards/types.ts';
import { chartSvg, escapeXml, formatNumber, legendItems, niceMax, toChartData } from './charts.ts';

const panel = (id: string): Panel => panels.find((p) => p.id === id)!;
const key = (label: string) => ({ key: label, label });
const row = (x: string | null, split: string | null, values: (number | null)[], count = 1): Row => ({
  x: x === null ? null : key(x),
  split: split === null ? null : key(split),
  count,
  values,
});
const data = (rows: Row[]): PanelData => ({ total: rows.reduce((a, r) => a + r.count, 0), rows });
const marks = (svg: string) => svg.match(/data-mark/g)?.length ?? 0;

describe('charts', () => {
  it('metric: the big number', () => {
    const svg = chartSvg(panel('ida-total'), data([row(null, null, [5500], 5500)]));
    assert.equal(marks(svg), 1);
    assert.match(svg, />5\u202f500</);
    assert.match(svg, /class="chart"[^>]*data-panel="ida-total"[^>]*data-chart="metric"/);
  });

  it('pie: one slice per value', () => {
    const svg = chartSvg(panel('ida-by-gender'), data([row('Male', null, [6]), row('Female', null, [4])]));
    assert.equal(marks(svg), 2);
    assert.match(svg, /Male: 6 \(60\.0%\)/);
  });

  it('horizontal bars: one per bucket; stacked and 100% bars one per (bucket, split) value', () => {
    assert.equal(
      marks(chartSvg(panel('ida-error-codes'), data([row('A', null, [3]), row('B', null, [1])]))),
      2,
    );
    const pct = chartSvg(
      panel('ida-success-by-partner'),
      data([row('CNSS', 'success', [9]), row('CNSS', 'failure', [1]), row('inwi', 'success', [2])]),
    );
    assert.equal(marks(pct), 3);
    assert.match(pct, /CNSS · failure: 1 \(10\.0%\)/);
    // inwi's only bar spans the whole plot: 100%.
    const widths = [...pct.matchAll(/<rect data-mark x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(widths[2], 330);
  });

  it('bar charts leave out categories without any value', () => {
    const svg = chartSvg(
      panel('regprc-processing-time-by-stage'),
      data([row('SYNC', null, [null]), row('PrintingStage', null, [12.5])]),
    );
    assert.equal(marks(svg), 1);
    assert.ok(!svg.includes('>SYNC<'));
  });

  it('stacked columns over time, a missing value drawing nothing', () => {
    const svg = chartSvg(
      panel('ida-success-over-time'),
      data([
        row('2026-01', 'success', [3]),
        row('2026-02', 'success', [0], 0),
        row('2026-02', 'failure', [2]),
      ]),
    );
    assert.equal(marks(svg), 2);
  });

  it('lines: one path per metric plus a point per value; a null breaks the line', () => {
    const svg = chartSvg(
      panel('ida-iris-quality-over-time'),
      data([
        row('2026-01', null, [70, 40]),
        row('2026-02', null, [null, null], 0),
        row('2026-03', null, [72, 50]),
      ]),
    );
    assert.equal(marks(svg), 2 + 4);
    assert.match(svg, /d="M [\d.]+ [\d.]+ M [\d.]+ [\d.]+"/);
    assert.deepEqual(
      legendItems(panel('ida-iris-quality-over-time'), data([row('2026-01', null, [70, 40])])).map(
        (l) => l.name,
      ),
      ['Mean iris quality', 'Lowest iris quality'],
    );
  });

  it('no data: a placeholder without marks', () => {
    assert.equal(marks(chartSvg(panel('ida-error-codes'), data([]))), 0);
    assert.equal(marks(chartSvg(panel('ida-total'), data([row(null, null, [null], 0)]))), 0);
  });

  it('series of a split: by total, largest first; categories in row order', () => {
    const d = toChartData(panel('ida-success-by-partner'), [
      row('A', 'failure', [1]),
      row('A', 'success', [5]),
      row('B', 'success', [4]),
    ]);
    assert.deepEqual(d.categories, ['A', 'B']);
    assert.deepEqual(
      d.series.map((s) => [s.name, s.values]),
      [
        ['success', [5, 4]],
        ['failure', [1, null]],
      ],
    );
  });
});

describe('helpers', () => {
  it('escape text for XML and HTML', () => {
    assert.equal(escapeXml('<a href="x">&\'</a>'), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;');
  });
  it('format numbers for reading', () => {
    assert.equal(formatNumber(1234567), '1\u202f234\u202f567');
    assert.equal(formatNumber(73.456), '73.5');
    assert.equal(formatNumber(0.523), '0.52');
    assert.equal(formatNumber(1266.9), '1\u202f267');
  });
  it('round axis maxima', () => {
    assert.equal(niceMax(54), 60);
    assert.equal(niceMax(100), 100);
    assert.equal(niceMax(101), 120);
    assert.equal(niceMax(123), 200, 'not 150: its quarters would be 37.5 and 112.5');
    assert.equal(niceMax(0), 1);
  });
});
