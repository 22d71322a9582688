import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (which downloads no browser). `.ci/run` installs the package when it is
 * missing; a browser download by a test tool cannot work on these machines.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots and other artefacts go here, beside the test results (.gitignore'd, made by the tests). */
export const RESULTS_DIR = join('test-results', 'club-page');

/** A browser with a fresh profile (`--user-data-dir`); `close` ends it and removes the profile. */
export async function launchChromium(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const profile = mkdtempSync(join(tmpdir(), 'paperclub-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ...options });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page reported while it was open: console errors, failed requests and Content-Security-Policy violations. */
export interface PageWatch {
  consoleErrors: string[];
  failedRequests: string[];
  /** Read from the page (its securitypolicyviolation events, recorded by a script the browser runs first). */
  violations(): Promise<string[]>;
}

/** Opens a page that records its console errors, failed requests and CSP violations from its very start. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; watch: PageWatch }> {
  // Init scripts run before the page's own and are not subject to its policy (the browser injects them).
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const watch: PageWatch = {
    consoleErrors: [],
    failedRequests: [],
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
  page.on('console', (m) => m.type() === 'error' && watch.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => watch.consoleErrors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => watch.failedRequests.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && watch.failedRequests.push(`${r.status()} ${r.url()}`));
  return { page, watch };
}

/** axe-core's violations of the page at `impact` or worse, injected through the browser's devtools (not a script tag). */
export async function axeViolations(page: Page, impacts: readonly string[] = ['serious', 'critical']): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => impacts.includes(v.impact));
}

/** Makes the results folder (screenshots are written there). */
export function resultsDir(): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}
