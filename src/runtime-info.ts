import { getHeapStatistics } from 'node:v8';

/**
 * What the running process is, for the start-up debug line: tests and the bench read it to check that
 * production runs compiled JavaScript with plain node (no TypeScript loader) and the young-generation cap.
 */
export function runtimeInfo(entryUrl: string): Record<string, unknown> {
  return {
    pid: process.pid,
    node: process.version,
    entry: entryUrl,
    execArgv: process.execArgv,
    loaderHooks: loaderHooked(),
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}

/** Flags that hook a loader into node (how tsx is started: `--import tsx`, or the older `--loader`). */
const LOADER_FLAG = /^--(import|loader|experimental-loader|require)(=|$)|^-r$/;

/**
 * Whether a module loader (tsx) is hooked into this process. Node 20–22 load their internal hooks module only when
 * `module.register()` ran; Node 24 loads its customization hooks in every process, so there the command-line flags
 * that bring a loader in tell instead.
 */
function loaderHooked(): boolean {
  const loaded = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? [];
  if (loaded.includes('NativeModule internal/modules/esm/hooks')) return true;
  return process.execArgv.some((f) => LOADER_FLAG.test(f));
}
