import { getHeapStatistics } from 'node:v8';

/**
 * What the running process is, for the start-up debug line: tests and the bench read it to check that
 * production runs compiled JavaScript with plain node (no TypeScript loader) and the young-generation cap.
 */
export function runtimeInfo(entryUrl: string): Record<string, unknown> {
  // `module.register()` (how tsx and other loaders hook in) loads node's internal hooks module; plain node never does.
  const loaded = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? [];
  return {
    pid: process.pid,
    node: process.version,
    entry: entryUrl,
    execArgv: process.execArgv,
    loaderHooks: loaded.includes('NativeModule internal/modules/esm/hooks'),
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}
