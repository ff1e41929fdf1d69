import { HANDLERS } from '../../src/ingest/handlers/handler-table.js';
import { handlerKey } from '../../src/ingest/object-types.js';
import { readProjectSources } from '../../src/hubspot/project/assemble-project.js';
import path from 'node:path';

/** webhooks/webhooks-hsmeta.json and the handler table are one list seen from two sides. */
describe('webhook subscriptions and handlers', () => {
  const { webhooks } = readProjectSources(path.resolve(__dirname, '..', '..'));
  const subscribed = new Set([
    ...webhooks.config.subscriptions.crmObjects.map((s) =>
      handlerKey(s.subscriptionType, s.objectType),
    ),
    ...webhooks.config.subscriptions.legacyCrmObjects.map((s) => s.subscriptionType),
    ...webhooks.config.subscriptions.hubEvents.map((s) => s.subscriptionType),
  ]);

  it('every subscription has a handler', () => {
    expect([...subscribed].filter((key) => !HANDLERS[key])).toEqual([]);
  });

  it('every handler has a subscription', () => {
    expect(Object.keys(HANDLERS).filter((key) => !subscribed.has(key))).toEqual([]);
  });
});
