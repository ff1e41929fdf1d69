import nock from 'nock';

/**
 * Tests never reach the network: only loopback (our own servers under test, supertest, PostgreSQL
 * is not HTTP) is allowed; HubSpot is answered by nock or a local fake. Applied to every test file.
 */
export function restrictNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host));
}
