import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { startService, type RunningService } from '../../src/main.js';
import { silentLogger } from '../../src/shared/logger.js';
import { TEST_BASE_URL, TEST_CLIENT_SECRET } from './sign-hubspot-request.js';

export const TEST_PORTAL_ID = 99_990_001;

/** The real service (composition root) on an ephemeral port and a fresh SQLite store. */
export async function startTestService(
  env: Record<string, string> = {},
): Promise<RunningService & { dataDir: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-svc-'));
  const config = loadConfig({
    PORT: '0',
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_DEMO: 'off',
    RAPPORT_WORKER: 'off',
    HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
    HUBSPOT_PORTAL_ID: String(TEST_PORTAL_ID),
    RAPPORT_PUBLIC_BASE_URL: TEST_BASE_URL,
    ...env,
  });
  const service = await startService(config, silentLogger());
  return {
    ...service,
    dataDir,
    async close() {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
