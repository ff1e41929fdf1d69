import { StoreError } from '../shared/errors.js';
import { createMirrorSink } from '../store/mirror-loader.js';
import type { Store } from '../store/store.js';
import type { DemoManifest } from './demo-manifest.js';
import { resolveDemoOptions, type DemoOptions, type DemoOptionsInput } from './demo-options.js';
import { generateDemo, type DemoProgress } from './generate-demo.js';

/**
 * Loads the demo organization as one transaction: a crash mid-way leaves no half-seeded portal,
 * so "seed when the store is empty" stays true on the next start.
 */
export async function seedDemo(
  store: Store,
  input: DemoOptionsInput,
  onProgress?: (progress: DemoProgress) => void,
): Promise<{ options: DemoOptions; manifest: DemoManifest }> {
  const options = resolveDemoOptions(input);
  if (await store.portals.get(options.portalId)) {
    throw new StoreError(
      'portal_exists',
      `portal ${options.portalId} already exists in ${store.location}`,
      {
        hint: 'choose another --portal-id, or use a fresh store',
        httpStatus: 409,
      },
    );
  }
  return store.bulkLoad((bulk) =>
    generateDemo(createMirrorSink(bulk, options.portalId), options, onProgress),
  );
}
