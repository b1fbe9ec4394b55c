import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { topicOf } from './connector.ts';
import { loadConnectors, selectConnectors } from './load.ts';

test('the four MOSIP connectors load, one per module database', () => {
  const connectors = loadConnectors();
  assert.deepEqual(
    connectors.map((c) => [c.name, c.kind, c.database]),
    [
      ['ida', 'authentication', 'mosip_ida'],
      ['idrepo', 'issuance', 'mosip_idrepo'],
      ['prereg', 'registration', 'mosip_prereg'],
      ['regprc', 'registration', 'mosip_regprc'],
    ],
  );
  const regprc = connectors.find((c) => c.name === 'regprc');
  assert.ok(regprc);
  assert.equal(topicOf(regprc, 'mosip'), 'mosip.regprc.anonymous_profile');
});

test('a fifth table is one more file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  const file = (name: string) =>
    [
      `name: ${name}`,
      'kind: registration',
      `database: mosip_${name}`,
      `schema: ${name}`,
      'table: anonymous_profile',
      `slot: s_${name}`,
      `publication: p_${name}`,
      `index: mosip-${name}`,
    ].join('\n');
  writeFileSync(join(dir, 'a.yaml'), file('resident'));
  writeFileSync(join(dir, 'b.yaml'), file('partner'));
  assert.deepEqual(
    loadConnectors(dir).map((c) => c.name),
    ['resident', 'partner'],
  );
});

test('a bad connector file fails naming the file and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  writeFileSync(
    join(dir, 'bad.yaml'),
    'name: bad\nkind: census\ndatabase: d\nschema: s\ntable: t\nslot: s\npublication: p\nindex: i\n',
  );
  assert.throws(() => loadConnectors(dir), /bad\.yaml: kind:/);
  writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nkind: registration\nunknownKey: 1\n');
  assert.throws(() => loadConnectors(dir), /bad\.yaml/);
});

test('selecting connectors by name, all, or an unknown name', () => {
  const all = loadConnectors();
  assert.equal(selectConnectors(all, 'all').length, 4);
  assert.deepEqual(
    selectConnectors(all, 'ida,prereg').map((c) => c.name),
    ['ida', 'prereg'],
  );
  assert.throws(() => selectConnectors(all, 'census'), /unknown connector 'census'/);
});
