/**
 * `rapport import` on HubSpot-style CSV exports: rows in, bad rows rejected with their line and
 * reason, unknown columns reported, a broken or non-UTF-8 file leaving nothing half-imported; then
 * the audit and the report work on the imported portal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAudit } from '../../../src/analytics/run-audit.js';
import { importExports } from '../../../src/import/import-exports.js';
import { loadReport } from '../../../src/report/report-data.js';
import { renderReport } from '../../../src/report/render-report.js';
import { makeTestStore, type TestStore } from '../../helpers/test-store.js';

const NOW = Date.UTC(2026, 0, 15);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const contactsCsv = [
  '\uFEFFRecord ID,First Name,Last Name,Email,Phone Number,Job Title,Contact owner,Lifecycle Stage,Create Date,Last Contacted,Number of times contacted,Associated Company IDs,Favourite colour',
  '101,Ada,Lovelace,ada@analytical.example,+44 20 7946 0001,Countess,Ana Lopez,Customer,2025-03-01 09:30,2026-01-10 10:00,4,500,teal',
  '102,Charles,Babbage,CHARLES@ANALYTICAL.EXAMPLE,,,"Ben Okafor",Lead,2025-03-02 10:00,,,500;501,',
  '103,Ada,Lovelace,ada@analytical.example,not a phone,,,Lead,2025-04-01 08:00,,,500,',
  '104,Broken,Date,b@x.example,,,Ana Lopez,Lead,32/13/2025,,,,',
  'abc,No,Id,n@x.example,,,,Lead,2025-04-01,,,,',
  '101,Twice,Listed,t@x.example,,,,Lead,2025-04-01,,,,',
  '105,Too,Short',
].join('\n');
const companiesCsv = [
  'Record ID,Company name,Company Domain Name,Industry,Company owner,Create Date',
  '500,Analytical Engines,https://analytical.example/,Computing,Ana Lopez,1/5/2025 2:30 PM',
  '501,Difference Ltd,difference.example,Computing,,2025-01-06',
].join('\n');
const dealsCsv = [
  'Record ID,Deal Name,Amount,Deal Stage,Close Date,Create Date,Deal owner,Associated Contact IDs,Associated Company IDs',
  '9001,Engine order,"12,500",Closed Won,2025-12-01,2025-06-01,Ana Lopez,101,500',
  '9002,Bad amount,lots,Closed Won,2025-12-01,2025-06-01,,,',
].join('\n');

describe('importing HubSpot exports', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await makeTestStore('sqlite');
  });
  afterEach(() => t.cleanup());

  it('imports contacts, companies and deals, rejecting bad rows with their line and reason', async () => {
    const report = await importExports(t.store, {
      portalId: 7,
      name: 'Analytical export',
      files: [
        write('contacts.csv', contactsCsv),
        write('companies.csv', companiesCsv),
        write('deals.csv', dealsCsv),
      ],
      now: NOW,
    });
    const [contacts, companies, deals] = report.files;
    expect(contacts).toMatchObject({
      kind: 'contacts',
      rows: 7,
      imported: 3,
      rejectedCount: 4,
      unknownColumns: ['Favourite colour'],
    });
    expect(contacts!.rejected).toEqual([
      {
        line: 5,
        reason: 'Create Date "32/13/2025" is not a date (expected e.g. 2024-03-05 14:23)',
      },
      { line: 6, reason: 'Record ID "abc" is not a record id' },
      { line: 7, reason: 'Record ID 101 appears twice; the first row was kept' },
      { line: 8, reason: 'has 3 fields where the header has 13' },
    ]);
    expect(companies).toMatchObject({ kind: 'companies', imported: 2, rejectedCount: 0 });
    expect(deals).toMatchObject({
      kind: 'deals',
      imported: 1,
      rejected: [{ line: 3, reason: 'Amount "lots" is not a number' }],
    });
    expect(report.owners).toBe(2);
    expect(report.approximateTouches).toBe(4);

    const ada = await t.store.contacts.get(7, 101);
    expect(ada).toMatchObject({
      email: 'ada@analytical.example',
      lifecycleStage: 'customer',
      primaryCompanyId: 500,
      createdAt: Date.UTC(2025, 2, 1, 9, 30),
    });
    expect((await t.store.companies.get(7, 500))?.domain).toBe('analytical.example');
    expect((await t.store.companies.get(7, 500))?.createdAt).toBe(Date.UTC(2025, 0, 5, 14, 30));
    expect(await t.store.deals.get(7, 9001)).toMatchObject({
      amount: 12_500,
      closedWon: true,
      contactIds: [101],
      companyIds: [500],
    });
    const owners = await t.store.owners.list(7);
    expect(owners.map((o) => [o.firstName, o.lastName]).sort()).toEqual([
      ['Ana', 'Lopez'],
      ['Ben', 'Okafor'],
    ]);

    // The audit finds the export's flaws; the report says its touch metrics are approximate.
    await runAudit(t.store, 7, { asOf: NOW, now: NOW });
    const open = await t.store.findings.open(7);
    expect(
      open
        .filter((f) => f.objectId === 103)
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(
      [
        'contact_duplicate_email',
        'contact_duplicate_name_company',
        'contact_malformed_phone',
        'contact_missing_required',
        'contact_ownerless',
      ].sort(),
    );
    const html = renderReport(await loadReport(t.store, 7, NOW));
    expect(html).toContain('from a HubSpot export: touch-based metrics are approximate');
  });

  it('leaves nothing behind when a file has broken quoting, with the line to fix', async () => {
    const broken = write(
      'broken.csv',
      'Record ID,First Name,Last Name,Email\n1,"Ada,Lovelace,a@x.example\n2,Bob,B,b@x.example\n',
    );
    await expect(
      importExports(t.store, {
        portalId: 8,
        name: 'x',
        files: [write('companies.csv', companiesCsv), broken],
        now: NOW,
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^broken\.csv, line 3: Quote Not Closed/),
      hint: expect.stringContaining('nothing was imported'),
    });
    expect(await t.store.portals.get(8)).toBeUndefined();
    expect(await t.store.companies.count(8)).toBe(0);
  });

  it.each([
    [
      'not UTF-8',
      Buffer.concat([
        Buffer.from('Record ID,First Name,Last Name,Email\n1,'),
        Buffer.from([0xe9, 0x74, 0xe9]),
        Buffer.from(',X,x@x.example\n'),
      ]),
      /not UTF-8 text/,
    ],
    [
      'another language',
      'ID del registro,Nombre,Apellidos,Correo\n1,Ada,L,a@x.example\n',
      /not a HubSpot export of contacts, companies or deals/,
    ],
    ['empty', '', /is empty/],
  ])('refuses a file that is %s', async (_name, content, message) => {
    await expect(
      importExports(t.store, {
        portalId: 9,
        name: 'x',
        files: [write(`f-${_name}.csv`, content)],
        now: NOW,
      }),
    ).rejects.toThrow(message);
    expect(await t.store.portals.get(9)).toBeUndefined();
  });

  it('refuses to import into an existing portal', async () => {
    await importExports(t.store, {
      portalId: 10,
      name: 'x',
      files: [write('c.csv', companiesCsv)],
      now: NOW,
    });
    await expect(
      importExports(t.store, {
        portalId: 10,
        name: 'x',
        files: [write('c2.csv', companiesCsv)],
        now: NOW,
      }),
    ).rejects.toThrow(/portal 10 already exists/);
  });
});
