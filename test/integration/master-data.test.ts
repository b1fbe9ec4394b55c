import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { MasterConnector } from '../../src/connectors/connector.ts';
import { loadMasterConnectors } from '../../src/connectors/load.ts';
import { ddlByDatabase } from '../../src/dev/fixture/schema.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { dropSlotWhenReleased, pgUrl, requireStack, scratchDatabase } from './support/stack.ts';

/**
 * Master data joined into documents through the real pipeline: the master tables are snapshotted and
 * streamed like the profile tables, held in the sink's lookup table, and a centre that arrives after its
 * profiles, or is renamed, reaches the documents that name it. Staff contact fields never do.
 */

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
let masters: MasterConnector[] = [];
let masterDb: Awaited<ReturnType<typeof scratchDatabase>>;
let running: { stop(): Promise<void> }[] = [];
let filled = 0;
let unknownCentres = 0;
const masterRows = new Map<string, number>();

const contactPerson = 'Amina Staffmember';
const contactPhone = '+212611223344';

async function sql(url: string, text: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

const audit = "true, 'admin', '2024-01-01 00:00:00'";

async function centre(id: string, lang: string, name: string, lat: string, lon: string): Promise<void> {
  await sql(
    masterDb.url,
    `INSERT INTO master.registration_center (id, name, cntrtyp_code, latitude, longitude, location_code,
       contact_person, contact_phone, zone_code, lang_code, is_active, cr_by, cr_dtimes)
     VALUES ($1, $2, 'REG', $3, $4, 'CT001', $5, $6, 'RG001', $7, ${audit})`,
    [id, name, lat, lon, contactPerson, contactPhone, lang],
  );
}

async function profile(id: string, centreId: string): Promise<void> {
  const body = {
    processName: 'preregistration',
    processStage: 'preregistration',
    date: '2026-03-01T10:00:00.000Z',
    yearOfBirth: '1990',
    gender: 'female',
    location: ['RG001', 'CT001'],
    preferredLanguage: 'eng',
    enrollmentCenterId: centreId,
    documents: ['POA', 'XXX'],
  };
  await sql(
    pgUrl(fx.connector('prereg').database),
    `INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ($1, $2, 'it', now())`,
    [id, JSON.stringify(body)],
  );
}

type Doc = {
  centre: { name: string; geo: { lat: number; lon: number } | null; hierarchy: string[] } | null;
  documentNames: string[] | null;
  locationNames: { names: string[]; levels: string[] } | null;
};

async function documentOf(id: string): Promise<Doc | undefined> {
  const index = fx.connector('prereg').index;
  await fx.es.indices.refresh({ index });
  const found = await fx.es.search<Doc>({ index, query: { ids: { values: [`prereg:${id}`] } } });
  return found.hits.hits[0]?._source;
}

async function documentWhere(id: string, what: string, ok: (d: Doc) => boolean): Promise<Doc> {
  let last: Doc | undefined;
  return waitFor(
    async () => {
      last = await documentOf(id);
      return last && ok(last) ? last : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: () => `${id}: ${what} (last seen: ${JSON.stringify(last)})` },
  );
}

before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_master');
  masterDb = await scratchDatabase(`${fx.name}_master`);
  await sql(masterDb.url, ddlByDatabase().get('mosip_master') as string);
  masters = loadMasterConnectors().map((m) => ({
    ...m,
    database: `${fx.name}_master`,
    slot: `${fx.name}_${m.table}`,
    publication: `${fx.name}_${m.table}_pub`,
  }));
  await sql(
    masterDb.url,
    `INSERT INTO master.location (code, name, hierarchy_level, hierarchy_level_name, parent_loc_code, lang_code, is_active, cr_by, cr_dtimes) VALUES
       ('MOR', 'Morocco', 0, 'Country', NULL, 'eng', ${audit}),
       ('RG001', 'Rabat Sale Kenitra', 1, 'Region', 'MOR', 'eng', ${audit}),
       ('CT001', 'Kenitra', 2, 'City', 'RG001', 'eng', ${audit}),
       ('CT001', 'Kénitra', 2, 'Ville', 'RG001', 'fra', ${audit})`,
  );
  await sql(
    masterDb.url,
    `INSERT INTO master.doc_type (code, name, lang_code, is_active, cr_by, cr_dtimes) VALUES
       ('POA', 'Proof of Address', 'eng', ${audit}), ('POA', 'Justificatif d''adresse', 'fra', ${audit})`,
  );
  await centre('10001', 'eng', 'Kenitra Centre', '34.261', '-6.580');
  await centre('10001', 'fra', 'Centre de Kenitra', '34.261', '-6.580');
  await centre('10003', 'eng', 'Centre Without Coordinates', 'not a number', '');
  const prereg = fx.connector('prereg');
  const config = { ...fx.config, master: { ...fx.config.master, loadTimeoutMs: 20_000 } };
  const source = await startSource(config, [prereg, ...masters]);
  const sink = await startSink(
    config,
    [prereg],
    {
      centreFilled: (_index, n) => {
        filled += n;
      },
      unknownCentre: () => {
        unknownCentres += 1;
      },
      masterRows: (kind, rows) => {
        masterRows.set(kind, rows);
      },
    },
    masters,
  );
  running = [source, sink];
  // Source and sink start together, so the sink may finish its first read of the master topics before
  // the source has published all of the snapshot (those rows then fill documents in later). "Master rows
  // first" means the lookup holds them all before any profile is written.
  await waitFor(
    () =>
      masterRows.get('registration-centre') === 2 &&
      masterRows.get('location') === 3 &&
      masterRows.get('document-type') === 1,
    { timeoutMs: 60_000, what: () => `the master rows in the lookup (${JSON.stringify([...masterRows])})` },
  );
});

after(async () => {
  for (const part of running) await part.stop().catch(() => undefined);
  for (const m of masters)
    await dropSlotWhenReleased(async (text, params) => {
      const client = new pg.Client({ connectionString: masterDb.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    }, m.slot).catch(() => undefined);
  await masterDb?.drop();
  await fx?.close();
});

test('master rows first: documents carry the centre name, geo point, hierarchy, document and location names', async () => {
  await profile('m-known', '10001');
  const doc = await documentWhere('m-known', 'joined with its centre', (d) => d.centre !== null);
  assert.equal(doc.centre?.name, 'Kenitra Centre', 'the configured language (eng)');
  assert.deepEqual(doc.centre?.geo, { lat: 34.261, lon: -6.58 });
  assert.deepEqual(doc.centre?.hierarchy, ['Morocco', 'Rabat Sale Kenitra', 'Kenitra']);
  assert.deepEqual(doc.documentNames, ['Proof of Address'], 'an unknown code is left out');
  assert.deepEqual(doc.locationNames, {
    names: ['Rabat Sale Kenitra', 'Kenitra'],
    levels: ['Region', 'City'],
  });

  await profile('m-nogeo', '10003');
  const nogeo = await documentWhere('m-nogeo', 'joined', (d) => d.centre !== null);
  assert.equal(nogeo.centre?.name, 'Centre Without Coordinates');
  assert.equal(nogeo.centre?.geo, null, 'no usable coordinates: no point, never a string in its place');
});

test('profiles first: a centre that arrives later is filled into the documents naming it, counted', async () => {
  await profile('m-late-1', '10002');
  await profile('m-late-2', '10002');
  const before = await documentWhere('m-late-2', 'indexed', () => true);
  assert.equal(before.centre, null, 'indexed without the centre it names');
  assert.ok(unknownCentres >= 2, `unknown-centre documents counted (${unknownCentres})`);
  // Only a French row: the join falls back to another language rather than leaving the name out.
  await centre('10002', 'fra', 'Centre de Sale', '34.05', '-6.80');
  for (const id of ['m-late-1', 'm-late-2']) {
    const doc = await documentWhere(id, 'filled in with its centre', (d) => d.centre !== null);
    assert.equal(doc.centre?.name, 'Centre de Sale');
    assert.deepEqual(doc.centre?.geo, { lat: 34.05, lon: -6.8 });
  }
  assert.ok(filled >= 2, `fills counted (${filled})`);
});

test("a centre's rename reaches every document of that centre", async () => {
  await profile('m-rename', '10001');
  await documentWhere('m-rename', 'joined', (d) => d.centre?.name === 'Kenitra Centre');
  await sql(
    masterDb.url,
    `UPDATE master.registration_center SET name = 'Kenitra Main Centre' WHERE id = '10001' AND lang_code = 'eng'`,
  );
  for (const id of ['m-known', 'm-rename'])
    await documentWhere(id, 'renamed', (d) => d.centre?.name === 'Kenitra Main Centre');
});

test('no staff contact field reaches any document', async () => {
  const index = fx.connector('prereg').index;
  await fx.es.indices.refresh({ index });
  const all = await fx.es.search({ index, size: 100 });
  assert.ok(all.hits.hits.length >= 5);
  const text = JSON.stringify(all.hits.hits.map((h) => h._source));
  for (const secret of [contactPerson, contactPhone, 'contact_person', 'contactPerson', 'contact_phone'])
    assert.ok(!text.includes(secret), secret);
});
