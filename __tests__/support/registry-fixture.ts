/**
 * The registry tests' common ground: a scratch directory, a real docker-registry, and the counting proxy in
 * front of it, started before a file's tests and stopped after them (hooks registered by the call).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { skopeo, startRegistry, type TestRegistry } from './registry.js';
import { startCountingProxy, type CountingProxy } from './registry-proxy.js';

export interface RegistryFixture {
  readonly dir: string;
  readonly registry: TestRegistry;
  readonly proxy: CountingProxy;
  /** Clears what the proxy saw so far: the next assertions count only what follows. */
  forget(): void;
  /** The headers of each PATCH the proxy saw since forget(), in order. */
  patchHeaders(): IncomingHttpHeaders[];
  /** skopeo copies REPOSITORY:TAG from the registry into a `dir:` layout named `into` (in dir); its path. */
  pull(repositoryAndTag: string, into: string): Promise<string>;
}

export function registryFixture(name: string): RegistryFixture {
  const fixture = {
    forget() {
      fixture.proxy.requests.length = 0;
      fixture.proxy.responses.length = 0;
      fixture.proxy.headers.length = 0;
    },
    patchHeaders: () =>
      fixture.proxy.headers.filter((_, i) => fixture.proxy.requests[i]?.startsWith('PATCH')),
    async pull(repositoryAndTag, into) {
      const layout = path.join(fixture.dir, into);
      // dir: keeps the layers as they are (an oci: layout would have skopeo gzip them).
      await skopeo([
        'copy',
        '--src-tls-verify=false',
        `docker://${fixture.registry.host}/${repositoryAndTag}`,
        `dir:${layout}`,
      ]);
      return layout;
    },
  } as RegistryFixture & { dir: string; registry: TestRegistry; proxy: CountingProxy };
  beforeAll(async () => {
    fixture.dir = mkdtempSync(path.join(os.tmpdir(), `bwi-${name}-`));
    fixture.registry = await startRegistry();
    fixture.proxy = await startCountingProxy(fixture.registry.host);
  });
  afterAll(async () => {
    await fixture.proxy?.stop();
    await fixture.registry?.stop();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
