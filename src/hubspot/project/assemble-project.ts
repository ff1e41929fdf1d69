import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../shared/errors.js';
import {
  appComponentSchema,
  cardComponentSchema,
  PLATFORM_VERSION,
  settingsComponentSchema,
  webhooksComponentSchema,
  type AppComponent,
  type CardComponent,
  type SettingsComponent,
  type WebhooksComponent,
} from './component-schemas.js';

export interface ProjectSources {
  app: AppComponent;
  cards: { file: string; component: CardComponent }[];
  settings: { file: string; component: SettingsComponent } | undefined;
  webhooks: WebhooksComponent;
}

/** The address `extensions/lib/api-base.ts` holds in the repository, replaced on assembly. */
const API_BASE_PLACEHOLDER = 'https://rapport.example.com';

/** Reads and checks the design card's top-level definitions (app.json, extensions/, webhooks/). */
export function readProjectSources(root: string): ProjectSources {
  const problems: string[] = [];
  const parse = <T>(
    file: string,
    schema: {
      safeParse(
        v: unknown,
      ):
        | { success: true; data: T }
        | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
    },
  ): T | undefined => {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      return undefined;
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${file}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
      return undefined;
    }
    return result.data;
  };

  const app = parse('app.json', appComponentSchema);
  const cards: ProjectSources['cards'] = [];
  let settings: ProjectSources['settings'];
  for (const name of fs.readdirSync(path.join(root, 'extensions')).sort()) {
    if (!name.endsWith('.json') || name === 'package.json' || name === 'tsconfig.json') continue;
    if (!name.endsWith('-hsmeta.json')) {
      problems.push(`extensions/${name}: component files must end in -hsmeta.json`);
      continue;
    }
    const file = `extensions/${name}`;
    const type = (JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { type?: unknown })
      .type;
    if (type === 'card') {
      const card = parse(file, cardComponentSchema);
      if (card) cards.push({ file: name, component: card });
    } else if (type === 'settings') {
      const page = parse(file, settingsComponentSchema);
      if (page && settings)
        problems.push(`${file}: a project may have one settings component (also ${settings.file})`);
      else if (page) settings = { file: name, component: page };
    } else {
      problems.push(
        `${file}: unsupported component type ${JSON.stringify(type)} in extensions/ (card or settings)`,
      );
    }
  }
  const webhookFiles = fs
    .readdirSync(path.join(root, 'webhooks'))
    .filter((f) => f.endsWith('.json'));
  if (webhookFiles.length !== 1 || !webhookFiles[0]?.endsWith('-hsmeta.json'))
    problems.push('webhooks/: exactly one *-hsmeta.json webhooks component is allowed');
  const webhooks = webhookFiles[0]
    ? parse(`webhooks/${webhookFiles[0]}`, webhooksComponentSchema)
    : undefined;

  const entrypoints = [
    ...cards.map((c) => c.component.config.entrypoint),
    ...(settings ? [settings.component.config.entrypoint] : []),
  ];
  for (const entry of entrypoints) {
    if (!fs.existsSync(path.join(root, 'extensions', path.basename(entry))))
      problems.push(`entrypoint ${entry}: extensions/${path.basename(entry)} does not exist`);
  }
  const uids = [
    app?.uid,
    ...cards.map((c) => c.component.uid),
    settings?.component.uid,
    webhooks?.uid,
  ].filter((u): u is string => u !== undefined);
  for (const uid of new Set(uids.filter((u, i) => uids.indexOf(u) !== i)))
    problems.push(`uid ${uid} is used by more than one component`);

  if (problems.length > 0 || !app || !webhooks) {
    throw new ValidationError(
      `the HubSpot project definitions are invalid:\n  - ${problems.join('\n  - ')}`,
      'fix the files named above',
    );
  }
  return { app, cards, settings, webhooks };
}

/**
 * Writes the directory `hs project upload` takes, with the deployment's base URL filled into the
 * app's permitted fetch URLs and the webhook target. The output folder is replaced as a whole.
 */
export function assembleProject(
  root: string,
  outDir: string,
  baseUrl: string,
): { files: string[] } {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new ValidationError(
      `the public base URL must be https and reachable by HubSpot, got ${baseUrl}`,
      'set RAPPORT_PUBLIC_BASE_URL (or --base-url) to e.g. https://rapport.example.com; for local work use hs project dev with a local.json proxy',
    );
  }
  const origin = url.origin;
  const sources = readProjectSources(root);
  const app: AppComponent = {
    ...sources.app,
    config: {
      ...sources.app.config,
      permittedUrls: { ...sources.app.config.permittedUrls, fetch: [origin] },
    },
  };
  const webhooks: WebhooksComponent = {
    ...sources.webhooks,
    config: {
      ...sources.webhooks.config,
      settings: { ...sources.webhooks.config.settings, targetUrl: `${origin}/webhooks/hubspot` },
    },
  };

  fs.rmSync(outDir, { recursive: true, force: true });
  const files: string[] = [];
  const write = (relative: string, content: string) => {
    const target = path.join(outDir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    files.push(relative);
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const copyExtension = (folder: 'cards' | 'settings', entrypoint: string) => {
    write(
      `src/app/${folder}/${path.basename(entrypoint)}`,
      fs.readFileSync(path.join(root, 'extensions', path.basename(entrypoint)), 'utf8'),
    );
  };
  const copyShared = (folder: 'cards' | 'settings') => {
    write(
      `src/app/${folder}/package.json`,
      fs.readFileSync(path.join(root, 'extensions', 'package.json'), 'utf8'),
    );
    for (const sub of ['components', 'hooks', 'lib']) {
      const dir = path.join(root, 'extensions', sub);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir)) {
        const content = fs.readFileSync(path.join(dir, name), 'utf8');
        // The cards call the service where it is deployed: the address permittedUrls allows.
        write(
          `src/app/${folder}/${sub}/${name}`,
          name === 'api-base.ts' ? content.replace(API_BASE_PLACEHOLDER, origin) : content,
        );
      }
    }
  };

  write(
    'hsproject.json',
    json({ name: 'rapport', srcDir: 'src', platformVersion: PLATFORM_VERSION }),
  );
  write('src/app/app-hsmeta.json', json(app));
  for (const card of sources.cards) {
    write(`src/app/cards/${card.file}`, json(card.component));
    copyExtension('cards', card.component.config.entrypoint);
  }
  if (sources.cards.length > 0) copyShared('cards');
  if (sources.settings) {
    write(`src/app/settings/${sources.settings.file}`, json(sources.settings.component));
    copyExtension('settings', sources.settings.component.config.entrypoint);
    copyShared('settings');
  }
  write('src/app/webhooks/webhooks-hsmeta.json', json(webhooks));
  return { files: files.sort() };
}
