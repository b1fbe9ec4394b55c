import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboards } from '../dashboards/panels.ts';
import { profiles } from '../dashboards/profiles.ts';
import type { Panel } from '../dashboards/types.ts';
import { type ReportData, renderReport } from './html.ts';

/** One row of plausible data per panel. */
function sample(panel: Panel) {
  const x = panel.buckets[0] ? { key: 'a', label: 'A <b>' } : null;
  const split = panel.buckets[1] ? { key: 's', label: 'S' } : null;
  return { total: 3, rows: [{ x, split, count: 3, values: panel.metrics.map(() => 3) }] };
}

const report: ReportData = {
  title: 'MOSIP & co',
  generatedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  source: 'http://127.0.0.1:19200',
  sections: dashboards.map((d, i) => ({
    profile: profiles[d.profile],
    index: `mosip-${d.profile}`,
    documents: i === 3 ? null : 3,
    panels: d.panels.map((panel) =>
      i === 3 ? { panel, data: null, error: 'index mosip-ida not found' } : { panel, data: sample(panel) },
    ),
  })),
};

describe('renderReport', () => {
  const html = renderReport(report);
  const drawnPanels = dashboards.slice(0, 3).flatMap((d) => d.panels);

  it('draws one chart per panel with data, a card per panel', () => {
    assert.equal(html.match(/<svg class="chart"/g)?.length, drawnPanels.length);
    for (const d of dashboards) for (const p of d.panels) assert.ok(html.includes(`id="${p.id}"`), p.id);
    assert.match(html, /No data: index mosip-ida not found/);
    assert.match(html, /Generated 2026-01-02 03:04:05 UTC/);
  });

  it('is self-contained: inline style and script, no external resource', () => {
    assert.ok(!/<script[^>]+src=/i.test(html));
    assert.ok(!/<link\b/i.test(html));
    assert.ok(!/\b(src|href)="(https?:)?\/\//i.test(html));
    assert.ok(!/@import|url\(/i.test(html));
    assert.match(html, /<style>[\s\S]+<\/style>/);
    assert.match(html, /<script>[\s\S]*data-charts-drawn[\s\S]*<\/script>/);
  });

  it('escapes text from the data', () => {
    assert.ok(html.includes('A &#60;b&#62;'));
    assert.ok(!html.includes('A <b>'));
    assert.ok(html.includes('<title>MOSIP &#38; co</title>'));
  });
});
