import request from 'supertest';
import { hubspotEvent, signHubspotRequest } from '../../helpers/sign-hubspot-request.js';
import { startTestService, TEST_PORTAL_ID } from '../../helpers/start-test-service.js';

type Service = Awaited<ReturnType<typeof startTestService>>;

describe('POST /webhooks/hubspot', () => {
  let service: Service;
  beforeEach(async () => {
    service = await startTestService();
  });
  afterEach(() => service.close());

  const post = (body: string, headers: Record<string, string> = signHubspotRequest(body)) =>
    request(service.url).post('/webhooks/hubspot').set(headers).send(body);
  const inbox = () => service.store.inbox.counts();

  it('stores a signed batch before acknowledging it', async () => {
    const body = JSON.stringify([
      hubspotEvent(),
      hubspotEvent({ propertyName: 'lastname', propertyValue: 'Lovelace' }),
    ]);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: 2, new: 2, duplicates: 0, ignored: 0, unhandled: 0 });
    expect(await inbox()).toEqual({ pending: 2 });
  });

  it('treats a redelivery with a new attemptNumber as a duplicate, not a new event', async () => {
    const event = hubspotEvent();
    await post(JSON.stringify([event]));
    const again = JSON.stringify([{ ...event, attemptNumber: 3 }]);
    expect((await post(again)).body).toMatchObject({ received: 1, new: 0, duplicates: 1 });
    expect(await inbox()).toEqual({ pending: 1 });
  });

  it('does not trust eventId alone: the same eventId on another object is another event', async () => {
    const event = hubspotEvent();
    const body = JSON.stringify([event, { ...event, objectId: 10_000_002 }]);
    expect((await post(body)).body).toMatchObject({ new: 2 });
  });

  it.each([
    [
      'a missing signature',
      (_body: string) => ({ 'content-type': 'application/json' }) as Record<string, string>,
      400,
      'missing_signature',
    ],
    [
      'a wrong secret',
      (body: string) => signHubspotRequest(body, { secret: 'not-the-secret' }),
      401,
      'bad_signature',
    ],
    [
      'a stale timestamp',
      (body: string) => signHubspotRequest(body, { timestamp: Date.now() - 6 * 60_000 }),
      401,
      'stale_timestamp',
    ],
    [
      'a future timestamp',
      (body: string) => signHubspotRequest(body, { timestamp: Date.now() + 6 * 60_000 }),
      401,
      'future_timestamp',
    ],
    [
      'a signature for another path',
      (body: string) => signHubspotRequest(body, { path: '/elsewhere' }),
      401,
      'bad_signature',
    ],
  ])('refuses %s with the reason and stores nothing', async (_name, headers, status, reason) => {
    const body = JSON.stringify([hubspotEvent()]);
    const response = await post(body, headers(body));
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(reason);
    expect(await inbox()).toEqual({});
  });

  it('refuses a body altered by one byte after signing', async () => {
    const body = JSON.stringify([hubspotEvent()]);
    const headers = signHubspotRequest(body);
    const response = await post(body.replace('Ada', 'Adb'), headers);
    expect(response.status).toBe(401);
    expect(await inbox()).toEqual({});
  });

  it('refuses signed non-JSON, the wrong shape and 101 events, naming the problem', async () => {
    const notJson = 'eventId=1';
    expect((await post(notJson)).body).toEqual({
      error: 'invalid_json',
      message: 'the body is not JSON',
    });
    const wrongShape = JSON.stringify([{ ...hubspotEvent(), portalId: 'abc' }]);
    const shape = await post(wrongShape);
    expect(shape.status).toBe(400);
    expect(shape.body.message).toMatch(/^not a HubSpot webhook batch: \[0\.portalId\]/);
    const tooMany = JSON.stringify(Array.from({ length: 101 }, () => hubspotEvent()));
    expect((await post(tooMany)).body).toEqual({
      error: 'batch_too_large',
      message: 'the batch has 101 events; HubSpot sends at most 100',
    });
    expect(await inbox()).toEqual({});
  });

  it('refuses a 2 MB body with 413', async () => {
    const body = JSON.stringify([hubspotEvent({ propertyValue: 'x'.repeat(2 * 1024 * 1024) })]);
    const response = await post(body);
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('payload_too_large');
  });

  it('stores and counts unknown subscription types and other portals instead of failing them', async () => {
    const body = JSON.stringify([
      hubspotEvent({ subscriptionType: 'conversation.creation', objectTypeId: undefined }),
      hubspotEvent({ portalId: TEST_PORTAL_ID + 1 }),
    ]);
    expect((await post(body)).body).toEqual({
      received: 2,
      new: 2,
      duplicates: 0,
      ignored: 1,
      unhandled: 1,
    });
    expect(await inbox()).toEqual({ ignored: 1, unhandled: 1 });
  });

  it('exposes the counts at /metrics', async () => {
    await post(JSON.stringify([hubspotEvent()]));
    await post('[]', signHubspotRequest('[]', { secret: 'wrong-secret-xx' }));
    const metrics = (await request(service.url).get('/metrics')).text;
    expect(metrics).toMatch(/rapport_webhook_requests_total 2/);
    expect(metrics).toMatch(/rapport_webhook_events_accepted_total\{outcome="new"\} 1/);
    expect(metrics).toMatch(/rapport_webhook_requests_rejected_total\{reason="bad_signature"\} 1/);
    expect(metrics).toMatch(/rapport_inbox_depth\{status="pending"\} 1/);
    expect(metrics).toMatch(/rapport_webhook_ack_seconds_bucket/);
  });
});
