import nock from 'nock';
import { restrictNetwork } from './network-policy.js';

restrictNetwork();
// Jest gives every test file its own copy of nock but shares Node's http module within a worker:
// a copy left active would answer (and refuse) the next file's requests.
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
