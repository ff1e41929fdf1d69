import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { gatewayFromConfig } from '../../hubspot/gateway-from-config.js';
import { createInboxWorker } from '../../ingest/inbox-worker.js';
import { systemClock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import { silentLogger } from '../../shared/logger.js';
import { createMetrics } from '../../shared/metrics.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { runCommand } from '../run-command.js';

const HOUR = 3_600_000;
const print = (line: string) => process.stdout.write(`${line}\n`);
const iso = (ms: number) => new Date(ms).toISOString();

async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
  const { store } = await openStore(loadConfig().store);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

function idOf(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new ValidationError(
      `not a dead-letter id: ${JSON.stringify(value)}`,
      'see `rapport inbox list` for ids',
    );
  return id;
}

export function registerInbox(program: Command): void {
  const inbox = program
    .command('inbox')
    .description('the webhook inbox: status, dead letters, replay, pruning');

  inbox
    .command('status', { isDefault: true })
    .description('events by status and the dead letters waiting for a person')
    .action(() =>
      runCommand(() =>
        withStore(async (store) => {
          const counts = await store.inbox.counts();
          const oldest = await store.inbox.oldestDueAt(systemClock.now());
          print(
            `inbox: ${
              Object.entries(counts)
                .map(([s, n]) => `${s} ${n}`)
                .join(', ') || 'empty'
            }`,
          );
          if (oldest !== undefined) print(`oldest due event received ${iso(oldest)}`);
          const dead = await store.deadLetters.waiting();
          print(
            dead === 0
              ? 'dead letters: none'
              : `dead letters: ${dead} (see \`rapport inbox list\`)`,
          );
        }),
      ),
    );

  inbox
    .command('list')
    .description('dead letters, newest first')
    .option('--limit <n>', 'how many', '50')
    .action((opts: { limit: string }) =>
      runCommand(() =>
        withStore(async (store) => {
          const letters = await store.deadLetters.list({ limit: Number(opts.limit) || 50 });
          if (letters.length === 0) print('no dead letters');
          for (const d of letters) {
            print(
              `#${d.id}  ${iso(d.failedAt)}  ${d.subscriptionType}  object ${d.objectId ?? '-'}  attempts ${d.attempts}${d.replayedAt ? `  replayed ${iso(d.replayedAt)}` : ''}\n      ${d.reason}`,
            );
          }
        }),
      ),
    );

  inbox
    .command('inspect <id>')
    .description('one dead letter with its payload')
    .action((id: string) =>
      runCommand(() =>
        withStore(async (store) => {
          const letter = await store.deadLetters.find(idOf(id));
          if (!letter)
            throw new ValidationError(`no dead letter #${id}`, 'see `rapport inbox list` for ids');
          const payload = letter.payload ? (JSON.parse(letter.payload) as unknown) : '(purged)';
          print(
            JSON.stringify(
              {
                ...letter,
                failedAt: iso(letter.failedAt),
                occurredAt: iso(letter.occurredAt),
                payload,
              },
              null,
              2,
            ),
          );
        }),
      ),
    );

  inbox
    .command('replay <ids...>')
    .description('put dead letters back into the inbox (the running service applies them)')
    .action((ids: string[]) =>
      runCommand(() =>
        withStore(async (store) => {
          for (const id of ids.map(idOf)) {
            if (!(await store.deadLetters.replay(id, systemClock.now())))
              throw new ValidationError(
                `no dead letter #${id}`,
                'see `rapport inbox list` for ids',
              );
            print(`#${id} is pending again`);
          }
        }),
      ),
    );

  inbox
    .command('prune')
    .description(
      'blank processed payloads older than 1 h and forget dedupe keys older than 72 h (HubSpot retries for 24 h)',
    )
    .action(() =>
      runCommand(() =>
        withStore(async (store) => {
          const now = systemClock.now();
          const { blanked, deleted } = await store.inbox.prune(now - HOUR, now - 72 * HOUR);
          print(`pruned: ${blanked} payloads blanked, ${deleted} processed events forgotten`);
        }),
      ),
    );

  inbox
    .command('drain')
    .description('apply every due event now, then exit (the service does this continuously)')
    .option('--max-seconds <n>', 'stop after this long even if events remain')
    .action((opts: { maxSeconds?: string }) =>
      runCommand(async () => {
        const config = loadConfig();
        await withStore(async (store) => {
          const worker = createInboxWorker({
            store,
            gateway: config.hubspot.accessToken ? gatewayFromConfig(config) : undefined,
            log: silentLogger(),
            metrics: createMetrics(),
            clock: systemClock,
          });
          const report = await worker.drain(
            opts.maxSeconds ? Number(opts.maxSeconds) * 1000 : Infinity,
          );
          print(
            `applied ${report.applied}, retried ${report.retried}, dead-lettered ${report.deadLettered}`,
          );
        });
      }),
    );
}
