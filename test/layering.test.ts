/**
 * The layout rule, checked on the source: imports point one way (main/cli → platforms, scheduler → dispatch →
 * commands → render → club → catalog, calendar → store → shared basics), there are no import circles, the core never
 * imports a chat SDK or a platform adapter, and no SQL lives outside src/store/. Type-only imports count too: a type
 * import upward is still a dependency on the layer above.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';

/** Files of plain type declarations that every layer may use, the store included. */
const TYPE_FILES = new Set(['club/types.ts', 'catalog/types.ts']);

/** Layer of a file (path relative to src/); higher may import lower, never the other way. */
function layerOf(file: string): { rank: number; group: string } {
  const [top, sub] = file.split('/');
  // The club's and the catalog's types (declarations only, checked below): what the store fills and the domain uses.
  if (TYPE_FILES.has(file)) return { rank: 0, group: 'types' };
  if (file === 'main.ts' || file === 'config.ts' || top === 'cli') return { rank: 8, group: 'top' };
  if (top === 'platforms') return { rank: 7, group: `platforms/${sub}` };
  if (top === 'scheduler') return { rank: 7, group: 'scheduler' };
  if (top === 'dispatch') return { rank: 6, group: 'dispatch' };
  if (top === 'commands') return { rank: 5, group: 'commands' };
  // render/: wording. It turns the domain's data into text and neutral content; the domain never words anything
  // through it (club/ returns data, its callers render).
  if (top === 'render') return { rank: 4, group: 'render' };
  if (top === 'club') return { rank: 3, group: 'club' };
  // calendar/: schedule arithmetic (cron slots, meeting dates) and how a date is written, which the domain and the
  // scheduler build on.
  if (top === 'catalog' || top === 'calendar') return { rank: 2, group: top };
  if (top === 'store') return { rank: 1, group: 'store' };
  // clock.ts, errors.ts, logger.ts: plain helpers every layer may use.
  if (!file.includes('/')) return { rank: 0, group: file };
  throw new Error(`layering.test.ts does not know the layer of src/${file}: add it`);
}

/**
 * Imports that point up today, each with why it is tolerated; the lead decides whether to move them. The test fails
 * when one of these disappears, so the list cannot go stale.
 */
const KNOWN_UPWARD: Record<string, string> = {
  // An entry script (`npm run deploy-commands`) that lives beside the adapter; it reads settings like main.ts does.
  'platforms/discord/deploy-commands.ts → config.ts': 'deploy script is its own entry point',
};

const CORE = new Set(['dispatch', 'commands', 'club', 'render', 'catalog', 'calendar', 'store']);
const PLATFORM_SDK = /^(discord\.js|@discordjs\/|@slack\/)/;

/**
 * What marks SQL in a source file: the store's query tools (Kysely's `sql` tag and builder, a prepared statement) and
 * string or template text that reads as an SQL statement. The database drivers and Kysely are the store's alone.
 */
const SQL_SIGNS: Array<[RegExp, string]> = [
  [/\bsql`/, 'a sql`…` query'],
  [/\bsql\.(raw|ref|id|lit|join|table)\(/, 'a sql helper'],
  [/\.k\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|with|mergeInto)\(/, 'a Kysely query'],
  [/\bstmt\(|\.prepare\(/, 'a prepared statement'],
  [/\.(exec|pragma)\(\s*['"`]/, 'raw SQL text'],
];
const SQL_TEXT = /['"`][^'"`]*\b(SELECT\s[^'"`]*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|TRIGGER)\b|PRAGMA\s+\w)/;
const STORE_PACKAGES = /^(kysely|better-sqlite3|pg)(\/|$)/;

/** The signs of SQL in a file's code (comments left out), each once. */
function sqlIn(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = SQL_SIGNS.filter(([re]) => re.test(code)).map(([, what]) => what);
  if (SQL_TEXT.test(code)) found.push('SQL statement text');
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of a file: static imports and re-exports (type-only included), side-effect and dynamic imports. */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs = new Set<string>();
  for (const re of [/^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) specs.add(m[1]!);
  }
  return [...specs];
}

interface Edge {
  from: string;
  to: string;
}

function graph(): { files: string[]; internal: Edge[]; external: Edge[] } {
  const files = sourceFiles(SRC).map((f) => relative(SRC, f).split('\\').join('/'));
  const internal: Edge[] = [];
  const external: Edge[] = [];
  for (const from of files) {
    for (const spec of importsOf(readFileSync(join(SRC, from), 'utf8'))) {
      if (spec.startsWith('.')) internal.push({ from, to: normalize(join(dirname(from), spec)).split('\\').join('/') });
      else external.push({ from, to: spec });
    }
  }
  return { files, internal, external };
}

/** Every import circle (as a file path), found by depth-first search over the import graph. */
function cycles(files: string[], edges: Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of next.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('the layout of src/', () => {
  const { files, internal, external } = graph();

  it('GIVEN the tree THEN the walk sees it: every relative import resolves to a file under src/', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(internal.length).toBeGreaterThan(100);
    const known = new Set(files);
    expect(internal.filter((e) => !known.has(e.to))).toEqual([]);
  });

  it('GIVEN the imports THEN there is no import circle', () => {
    expect(cycles(files, internal).map((c) => c.join(' → '))).toEqual([]);
  });

  it('GIVEN the layers THEN no import points up, and sibling adapters (discord, slack, console, scheduler) do not import each other', () => {
    const wrong = internal.flatMap(({ from, to }) => {
      const a = layerOf(from);
      const b = layerOf(to);
      const edge = `${from} → ${to}`;
      if (b.rank > a.rank) return [`${edge} (up: ${a.group} imports ${b.group})`];
      if (a.rank === 7 && b.rank === 7 && a.group !== b.group) return [`${edge} (sideways: ${a.group} imports ${b.group})`];
      return [];
    });
    expect(wrong.filter((w) => !(w.split(' (')[0]! in KNOWN_UPWARD))).toEqual([]);
    // Every tolerated edge still exists: remove it from KNOWN_UPWARD once it is fixed.
    expect(Object.keys(KNOWN_UPWARD).filter((k) => !wrong.some((w) => w.startsWith(`${k} (`)))).toEqual([]);
  });

  it('GIVEN the domain (club/) THEN it imports nothing from render/: it returns data and its callers word it', () => {
    const wrong = internal.filter((e) => e.from.startsWith('club/') && e.to.startsWith('render/')).map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('GIVEN the scheduler THEN it reaches the core and the database only through its port: no store/, and of dispatch/ only scheduler-port.ts', () => {
    const wrong = internal
      .filter((e) => e.from.startsWith('scheduler/') && (e.to.startsWith('store/') || (e.to.startsWith('dispatch/') && e.to !== 'dispatch/scheduler-port.ts')))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('GIVEN the core (dispatch, commands, club, render, catalog, store) THEN it never imports discord.js, Slack packages or platforms/', () => {
    const inCore = (f: string) => CORE.has(layerOf(f).group);
    const wrong = [
      ...external.filter((e) => inCore(e.from) && PLATFORM_SDK.test(e.to)).map((e) => `${e.from} → ${e.to}`),
      ...internal.filter((e) => inCore(e.from) && e.to.startsWith('platforms/')).map((e) => `${e.from} → ${e.to}`),
    ];
    expect(wrong).toEqual([]);
  });

  it('GIVEN every file outside src/store/ THEN none holds SQL or imports a database driver or Kysely', () => {
    const outside = files.filter((f) => layerOf(f).group !== 'store');
    const wrong = outside.flatMap((f) => sqlIn(readFileSync(join(SRC, f), 'utf8')).map((what) => `${f}: ${what}`));
    const drivers = external.filter((e) => layerOf(e.from).group !== 'store' && STORE_PACKAGES.test(e.to)).map((e) => `${e.from} → ${e.to}`);
    expect([...wrong, ...drivers]).toEqual([]);
    // The store itself is where the SQL is: the check reads it as such.
    expect(files.filter((f) => layerOf(f).group === 'store' && sqlIn(readFileSync(join(SRC, f), 'utf8')).length).length).toBeGreaterThan(5);
  });

  it('GIVEN the shared type files THEN they declare types only (no code another layer would run)', () => {
    for (const f of TYPE_FILES) {
      const code = readFileSync(join(SRC, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const statements = code.split('\n').filter((l) => /^\S/.test(l) && !/^[}\])]/.test(l));
      expect(statements.filter((l) => !/^(import type |export (interface|type) )/.test(l)), f).toEqual([]);
    }
  });

  it('GIVEN a planted upward import and a planted circle THEN the checks would see them', () => {
    // The walk and the search themselves, on a made-up graph: a test that cannot fail proves nothing.
    expect(importsOf(`import type { A } from '../dispatch/club-core.ts';\nexport { b } from './b.ts';\nconst c = await import('./c.ts');\n// import x from './commented.ts';`)).toEqual([
      '../dispatch/club-core.ts',
      './b.ts',
      './c.ts',
    ]);
    expect(cycles(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }])).toEqual([['a', 'b', 'c', 'a']]);
    expect(layerOf('club/sign-ups.ts').rank).toBeLessThan(layerOf('dispatch/club-core.ts').rank);
    // Planted SQL, each way it can hide; and text that only looks like it (an HTTP DELETE, words in a sentence).
    expect(sqlIn('const r = await db.all(sql`SELECT 1`);')).toEqual(['a sql`…` query']);
    expect(sqlIn("await db.run(db.k.deleteFrom('clubs'));")).toEqual(['a Kysely query']);
    expect(sqlIn("db.prepare('x').get();")).toEqual(['a prepared statement']);
    expect(sqlIn("const q = 'SELECT id FROM clubs';")).toEqual(['SQL statement text']);
    expect(sqlIn('const q = `INSERT OR IGNORE INTO x VALUES (1)`;')).toEqual(['SQL statement text']);
    expect(sqlIn("await rest.request({ method: 'DELETE', path });\n// SELECT * FROM in a comment\nconst t = 'Select a paper from the list';")).toEqual([]);
  });
});
