import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import importMarkdown from '../../src/catalog/import-markdown.ts';

// test/fixtures/<case>/input.md -> expected.json, written and reviewed by hand against input.md.
// UPDATE=1 never touches expected.json: it writes the importer's output to actual.json beside it (git-ignored) for a
// person to compare and copy over entry by entry, and the test still compares against expected.json, so it can fail.
const root = new URL('../fixtures/', import.meta.url).pathname;
const cases = readdirSync(root).filter((d) => existsSync(join(root, d, 'input.md')));

describe('importer fixtures', () => {
  it('GIVEN the fixture folder THEN every case has a hand-written expected.json', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    for (const name of cases) expect(existsSync(join(root, name, 'expected.json')), name).toBe(true);
  });

  it.each(cases)('GIVEN fixture %s THEN the parsed list matches expected.json', (name) => {
    const parsed = importMarkdown(readFileSync(join(root, name, 'input.md')), name);
    if (process.env['UPDATE'] === '1') writeFileSync(join(root, name, 'actual.json'), JSON.stringify(parsed, null, 2) + '\n');
    const expected: unknown = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8'));
    expect(parsed).toEqual(expected);
  });
});
