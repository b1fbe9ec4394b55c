import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dashboardId,
  kibanaNdjson,
  kqlQuery,
  layout,
  lensId,
  type SavedObject,
  savedObjects,
} from './kibana.ts';
import { dashboards, panels } from './panels.ts';
import { dataViewId } from './profiles.ts';
import { bucketNames, nesting } from './query.ts';
import { profileNames } from './types.ts';
import { panelFields } from './validate.ts';

const objects = savedObjects();
const ofType = (type: SavedObject['type']) => objects.filter((o) => o.type === type);

type Column = { operationType: string; sourceField: string; params?: Record<string, unknown> };
type LensState = {
  datasourceStates: {
    formBased: { layers: Record<string, { columnOrder: string[]; columns: Record<string, Column> }> };
  };
  query: { query: string; language: string };
  visualization: Record<string, unknown>;
};

describe('Kibana saved objects', () => {
  it('are data views, one Lens visualization or map per panel and one dashboard per profile, with unique ids', () => {
    assert.equal(ofType('index-pattern').length, 4);
    const maps = panels.filter((p) => p.chart === 'map');
    assert.ok(maps.length >= 2, 'registration dashboards have a map of centres');
    assert.equal(ofType('lens').length, panels.length - maps.length);
    assert.equal(ofType('map').length, maps.length);
    assert.equal(ofType('dashboard').length, 4);
    assert.equal(new Set(objects.map((o) => `${o.type}/${o.id}`)).size, objects.length);
    // Referenced objects come first, as in Kibana's export.
    const order = objects.map((o) => o.type);
    assert.ok(order.lastIndexOf('index-pattern') < order.indexOf('lens'));
    assert.ok(order.lastIndexOf('lens') < order.indexOf('dashboard'));
    assert.ok(order.lastIndexOf('map') < order.indexOf('dashboard'));
  });

  it('data views: the profile aliases with @timestamp as the time field', () => {
    for (const dv of ofType('index-pattern')) {
      assert.equal(dv.attributes.timeFieldName, '@timestamp');
      assert.match(String(dv.attributes.title), /^mosip-(prereg|regprc|idrepo|ida)$/);
    }
    const ida = ofType('index-pattern').find((o) => o.id === dataViewId('ida'));
    assert.deepEqual(JSON.parse(String(ida?.attributes.fieldFormatMap)).success.params.lookupEntries, [
      { key: 'true', value: 'success' },
      { key: 'false', value: 'failure' },
    ]);
  });

  it('every reference resolves to an object in the file', () => {
    const ids = new Set(objects.map((o) => `${o.type}/${o.id}`));
    for (const o of objects)
      for (const r of o.references) assert.ok(ids.has(`${r.type}/${r.id}`), `${o.id} -> ${r.id}`);
  });

  it("each Lens visualization aggregates exactly the panel's fields, nested as the test's aggregation is", () => {
    for (const panel of panels.filter((p) => p.chart !== 'map')) {
      const lens = objects.find((o) => o.type === 'lens' && o.id === lensId(panel)) as SavedObject;
      const state = lens.attributes.state as LensState;
      const layer = state.datasourceStates.formBased.layers.layer1!;
      const fields = Object.values(layer.columns)
        .map((c) => c.sourceField)
        .filter((f) => f !== '___records___');
      const declared = panelFields(panel)
        .filter((f) => f.role !== 'filter')
        .map((f) => f.field);
      assert.deepEqual([...fields].sort(), [...declared].sort(), panel.id);
      const buckets = nesting(panel).map((i) => bucketNames[i]);
      assert.deepEqual(layer.columnOrder, [...buckets, ...panel.metrics.map((_, i) => `m${i}`)], panel.id);
      assert.deepEqual(state.query, kqlQuery(panel), panel.id);
      assert.deepEqual(lens.references, [
        {
          id: dataViewId(panel.profile),
          name: 'indexpattern-datasource-layer-layer1',
          type: 'index-pattern',
        },
      ]);
    }
  });

  it("a map panel is a Maps object: one point layer of the panel's geo field, sized by count, with its filter", () => {
    for (const panel of panels.filter((p) => p.chart === 'map')) {
      const map = objects.find((o) => o.type === 'map' && o.id === lensId(panel)) as SavedObject;
      const [layer] = JSON.parse(String(map.attributes.layerListJSON)) as {
        sourceDescriptor: {
          type: string;
          geoField: string;
          requestType: string;
          indexPatternRefName: string;
        };
        style: { properties: { iconSize: { type: string } } };
      }[];
      assert.equal(layer?.sourceDescriptor.type, 'ES_GEO_GRID');
      assert.equal(layer?.sourceDescriptor.geoField, panel.geo);
      assert.equal(layer?.sourceDescriptor.requestType, 'point');
      assert.equal(layer?.style.properties.iconSize.type, 'DYNAMIC');
      assert.deepEqual(JSON.parse(String(map.attributes.mapStateJSON)).query, kqlQuery(panel));
      assert.deepEqual(map.references, [
        {
          id: dataViewId(panel.profile),
          name: layer?.sourceDescriptor.indexPatternRefName,
          type: 'index-pattern',
        },
      ]);
    }
  });

  it('terms columns order like the aggregation; a date histogram uses the declared interval', () => {
    const lens = objects.find((o) => o.id === 'profile-cdc-regprc-finger-quality-by-device') as SavedObject;
    const columns = (lens.attributes.state as LensState).datasourceStates.formBased.layers.layer1!.columns;
    assert.deepEqual(columns.x?.params?.orderBy, { columnId: 'm0', type: 'column' });
    assert.equal(columns.m0?.operationType, 'average');
    const overTime = objects.find((o) => o.id === 'profile-cdc-ida-success-over-time') as SavedObject;
    const c = (overTime.attributes.state as LensState).datasourceStates.formBased.layers.layer1!.columns;
    assert.equal(c.x?.params?.interval, 'M');
    assert.equal(c.split?.sourceField, 'success');
  });

  it('dashboards hold their panels by reference, in a 48-column grid without overlaps', () => {
    for (const d of dashboards) {
      const dash = objects.find(
        (o) => o.type === 'dashboard' && o.id === dashboardId(d.profile),
      ) as SavedObject;
      const entries = JSON.parse(String(dash.attributes.panelsJSON)) as {
        panelIndex: string;
        panelRefName: string;
        type: string;
        gridData: { x: number; y: number; w: number; h: number; i: string };
      }[];
      assert.equal(entries.length, d.panels.length);
      for (const [i, e] of entries.entries()) {
        const ref = dash.references.find((r) => r.name === `${e.panelIndex}:${e.panelRefName}`);
        assert.equal(ref?.id, lensId(d.panels[i]!));
        assert.equal(e.type, d.panels[i]?.chart === 'map' ? 'map' : 'lens');
        assert.equal(ref?.type, e.type);
        assert.equal(e.gridData.i, e.panelIndex);
        assert.ok(e.gridData.x + e.gridData.w <= 48);
      }
      const cells = layout(d.panels);
      for (const [i, a] of cells.entries())
        for (const b of cells.slice(i + 1))
          assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y);
    }
    assert.deepEqual(
      ofType('dashboard').map((o) => o.id),
      profileNames.map(dashboardId),
    );
  });

  it('serialise as Kibana exports: one object a line, the export summary last', () => {
    const lines = kibanaNdjson().trimEnd().split('\n');
    assert.equal(lines.length, objects.length + 1);
    assert.deepEqual(JSON.parse(lines.at(-1)!), {
      excludedObjects: [],
      excludedObjectsCount: 0,
      exportedCount: objects.length,
      missingRefCount: 0,
      missingReferences: [],
    });
  });

  it('an index prefix changes the data view titles only', () => {
    const other = savedObjects({ indexPrefix: 'moroc' });
    assert.deepEqual(
      other.filter((o) => o.type === 'index-pattern').map((o) => o.attributes.title),
      ['moroc-prereg', 'moroc-regprc', 'moroc-idrepo', 'moroc-ida'],
    );
    assert.deepEqual(
      other.map((o) => o.id),
      objects.map((o) => o.id),
    );
  });

  it('writes a filter as KQL', () => {
    const regprcTotal = panels.find((p) => p.id === 'regprc-total')!;
    assert.deepEqual(kqlQuery(regprcTotal), {
      language: 'kuery',
      query: 'processStage : "PacketReceiverStage"',
    });
    assert.equal(
      kqlQuery({ ...regprcTotal, filter: { field: 'status', value: 'a "b"' } }).query,
      'status : "a \\"b\\""',
    );
  });
});
