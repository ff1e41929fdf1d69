import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assembleProject, readProjectSources } from '../../src/hubspot/project/assemble-project.js';
import { ASSOCIATION_LABELS } from '../../src/hubspot/schema/association-labels.js';
import { COMPUTED_PROPERTIES } from '../../src/hubspot/schema/computed-properties.js';
import { CUSTOM_OBJECTS } from '../../src/hubspot/schema/custom-objects.js';
import { STANDARD_PROPERTIES } from '../../src/hubspot/schema/standard-properties.js';
import { GATEWAY_OPERATIONS, scopesFor } from '../../src/hubspot/scopes.js';

const ROOT = path.resolve(__dirname, '..', '..');
const sources = readProjectSources(ROOT);
const declared = new Set(sources.app.config.auth.requiredScopes);

function tempCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-project-'));
  for (const entry of ['app.json', 'extensions', 'webhooks'])
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

describe('the HubSpot project definitions', () => {
  it('declare a private static-auth app with one settings page, three cards and one webhooks component', () => {
    expect(sources.app.config).toMatchObject({
      name: 'Rapport',
      distribution: 'private',
      auth: { type: 'static' },
    });
    expect(
      sources.cards.map((c) => [c.component.config.location, c.component.config.objectTypes]),
    ).toEqual([
      ['crm.record.tab', ['COMPANY']],
      ['crm.record.sidebar', ['CONTACT']],
      ['crm.record.tab', ['p_networking_team']],
    ]);
    expect(sources.settings?.component.config.entrypoint).toBe('/app/settings/SettingsPage.tsx');
  });

  it('use unique uids', () => {
    const uids = [
      sources.app.uid,
      ...sources.cards.map((c) => c.component.uid),
      sources.settings!.component.uid,
      sources.webhooks.uid,
    ];
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('point every entrypoint at a file that calls hubspot.extend for the right location', () => {
    for (const { component } of sources.cards) {
      const source = fs.readFileSync(
        path.join(ROOT, 'extensions', path.basename(component.config.entrypoint)),
        'utf8',
      );
      expect([component.uid, source]).toEqual([
        component.uid,
        expect.stringContaining(`hubspot.extend<'${component.config.location}'>`),
      ]);
    }
    const settings = fs.readFileSync(path.join(ROOT, 'extensions', 'SettingsPage.tsx'), 'utf8');
    expect(settings).toContain("hubspot.extend<'settings'>");
  });

  it('subscribe only to objects and properties that exist in HubSpot or that setup creates', () => {
    const custom = new Map(
      CUSTOM_OBJECTS.map((o) => [`p_${o.name}`, new Set(o.properties.map((p) => p.name))]),
    );
    const problems: string[] = [];
    for (const sub of sources.webhooks.config.subscriptions.crmObjects) {
      const known =
        custom.get(sub.objectType) ??
        (STANDARD_PROPERTIES[sub.objectType]
          ? new Set(STANDARD_PROPERTIES[sub.objectType])
          : undefined);
      if (!known) problems.push(`unknown object type ${sub.objectType}`);
      else if (sub.propertyName && !known.has(sub.propertyName))
        problems.push(
          `${sub.objectType}.${sub.propertyName} is neither standard nor created by setup`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('subscribe to everything the mirror needs', () => {
    const subs = sources.webhooks.config.subscriptions.crmObjects.map(
      (s) => `${s.objectType}:${s.subscriptionType}${s.propertyName ? `:${s.propertyName}` : ''}`,
    );
    for (const object of ['contact', 'company']) {
      for (const kind of ['creation', 'deletion', 'merge', 'restore', 'associationChange'])
        expect(subs).toContain(`${object}:object.${kind}`);
    }
    for (const property of [
      'hubspot_owner_id',
      'email',
      'firstname',
      'lastname',
      'company',
      'jobtitle',
      'lifecyclestage',
      'hs_linkedin_url',
    ])
      expect(subs).toContain(`contact:object.propertyChange:${property}`);
    for (const property of ['dealstage', 'amount', 'closedate'])
      expect(subs).toContain(`deal:object.propertyChange:${property}`);
    for (const engagement of ['call', 'email', 'meeting_event', 'note']) {
      expect(subs).toContain(`${engagement}:object.creation`);
      expect(subs).toContain(`${engagement}:object.deletion`);
    }
    for (const object of CUSTOM_OBJECTS) expect(subs).toContain(`p_${object.name}:object.creation`);
    expect(
      sources.webhooks.config.subscriptions.hubEvents.map((s) => s.subscriptionType),
    ).toContain('contact.privacyDeletion');
    expect(sources.webhooks.config.settings.maxConcurrentRequests).toBe(10);
  });

  it('declare every scope a gateway operation needs, and no write scope no operation needs', () => {
    const needed = new Set<string>();
    for (const operation of GATEWAY_OPERATIONS)
      for (const objectType of ['contacts', 'companies', '2-1'])
        for (const scope of scopesFor(operation, objectType)) needed.add(scope);
    // Read scopes for the objects the mirror reads through webhooks, backfill and cards.
    for (const scope of [
      'crm.objects.contacts.read',
      'crm.objects.companies.read',
      'crm.objects.deals.read',
      'crm.objects.owners.read',
      'crm.objects.custom.read',
    ])
      needed.add(scope);
    // Write-back of computed properties and tasks (contacts, companies) and card actions on roles.
    for (const scope of [
      'crm.objects.contacts.write',
      'crm.objects.companies.write',
      'crm.objects.custom.write',
    ])
      needed.add(scope);
    // crm.export is optional: without it the backfill reads pages instead of export files.
    const optional = new Set<string>(sources.app.config.auth.optionalScopes ?? []);
    expect(optional).toEqual(new Set(['crm.export']));
    expect([...needed].filter((s) => !declared.has(s) && !optional.has(s))).toEqual([]);
    expect([...declared].filter((s) => !needed.has(s))).toEqual([]);
  });

  it('define setup data that fits HubSpot: names, required and display properties that exist, options on enumerations', () => {
    for (const object of CUSTOM_OBJECTS) {
      const names = object.properties.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of [
        object.primaryDisplayProperty,
        ...object.secondaryDisplayProperties,
        ...object.requiredProperties,
        ...object.searchableProperties,
      ])
        expect([object.name, names]).toEqual([object.name, expect.arrayContaining([name])]);
      expect(object.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    for (const list of Object.values(COMPUTED_PROPERTIES))
      for (const p of list) expect(p.name).toMatch(/^rapport_[a-z_]+$/);
    for (const p of [
      ...CUSTOM_OBJECTS.flatMap((o) => o.properties),
      ...Object.values(COMPUTED_PROPERTIES).flat(),
    ]) {
      expect([p.name, p.type === 'enumeration']).toEqual([p.name, (p.options?.length ?? 0) > 0]);
    }
    const objectNames = new Set([...CUSTOM_OBJECTS.map((o) => o.name), 'contacts', 'companies']);
    for (const label of ASSOCIATION_LABELS) {
      expect(objectNames.has(label.from) && objectNames.has(label.to)).toBe(true);
    }
  });
});

describe('npm run hubspot:project (assembleProject)', () => {
  it('writes the upload directory with the base URL filled in, and HubSpot’s own parser reads every component', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-assembled-'));
    const { files } = assembleProject(ROOT, out, 'https://rapport.northwind.example/');
    expect(files).toEqual(
      expect.arrayContaining([
        'hsproject.json',
        'src/app/app-hsmeta.json',
        'src/app/cards/contact-relationships-card-hsmeta.json',
        'src/app/cards/ContactRelationshipsCard.tsx',
        'src/app/cards/components/ContactRelationships.tsx',
        'src/app/cards/package.json',
        'src/app/settings/settings-hsmeta.json',
        'src/app/settings/SettingsPage.tsx',
        'src/app/settings/package.json',
        'src/app/webhooks/webhooks-hsmeta.json',
      ]),
    );
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8'));
    expect(read('hsproject.json')).toEqual({
      name: 'rapport',
      srcDir: 'src',
      platformVersion: '2026.03',
    });
    expect(read('src/app/app-hsmeta.json').config.permittedUrls.fetch).toEqual([
      'https://rapport.northwind.example',
    ]);
    expect(read('src/app/webhooks/webhooks-hsmeta.json').config.settings.targetUrl).toBe(
      'https://rapport.northwind.example/webhooks/hubspot',
    );
    expect(
      files
        .filter((f) => f.endsWith('-hsmeta.json'))
        .every((f) => f.split('/').length === (f.includes('app-hsmeta') ? 3 : 4)),
    ).toBe(true);

    // @hubspot/project-parsing-lib is what HubSpot's CLI uses; it is ESM, so it runs in a child.
    const script = `import { translate } from '@hubspot/project-parsing-lib/translate';
      const r = await translate({ projectSourceDir: process.argv[1], platformVersion: '2026.03' }, { skipValidation: true });
      console.log(JSON.stringify({ skipped: r.skippedHsMetaFiles, nodes: Object.values(r.intermediateRepresentation.intermediateNodesIndexedByUid).map((n) => [n.uid, n.componentType]).sort() }));`;
    const parsed = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script, path.join(out, 'src')], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as { skipped: string[]; nodes: [string, string][] };
    expect(parsed).toEqual({
      skipped: [],
      nodes: [
        ['rapport', 'APPLICATION'],
        ['rapport_company_network', 'CARD'],
        ['rapport_contact_relationships', 'CARD'],
        ['rapport_networking_team', 'CARD'],
        ['rapport_settings', 'SETTINGS'],
        ['rapport_webhooks', 'WEBHOOKS'],
      ],
    });
  });

  it('refuses a base URL HubSpot cannot call', () => {
    expect(() =>
      assembleProject(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'x-')), 'http://localhost:3000'),
    ).toThrow(/must be https and reachable by HubSpot/);
  });

  it('names every broken rule: duplicate uid, missing entrypoint, bad file name', () => {
    const dir = tempCopy();
    const cardFile = path.join(dir, 'extensions', 'company-network-card-hsmeta.json');
    const card = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
    card.uid = 'rapport';
    card.config.entrypoint = '/app/cards/Missing.tsx';
    fs.writeFileSync(cardFile, JSON.stringify(card));
    fs.writeFileSync(path.join(dir, 'extensions', 'stray.json'), '{}');
    expect(() => readProjectSources(dir)).toThrow(
      /uid rapport is used by more than one component[\s\S]*/,
    );
    try {
      readProjectSources(dir);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('extensions/stray.json: component files must end in -hsmeta.json');
      expect(message).toContain(
        'entrypoint /app/cards/Missing.tsx: extensions/Missing.tsx does not exist',
      );
      expect(message).toContain('uid rapport is used by more than one component');
    }
  });
});
