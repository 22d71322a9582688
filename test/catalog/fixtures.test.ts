import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import importMarkdown from '../../src/catalog/import-markdown.ts';

// test/fixtures/<case>/input.md -> expected.json; regenerate with UPDATE=1 (then review the diff).
const root = new URL('../fixtures/', import.meta.url).pathname;
const cases = readdirSync(root).filter((d) => existsSync(join(root, d, 'input.md')));

describe('importer fixtures', () => {
  it.each(cases)('GIVEN fixture %s THEN the parsed list matches expected.json', (name) => {
    const parsed = importMarkdown(readFileSync(join(root, name, 'input.md')), name);
    const expectedPath = join(root, name, 'expected.json');
    if (process.env['UPDATE'] === '1') writeFileSync(expectedPath, JSON.stringify(parsed, null, 2) + '\n');
    expect(parsed).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});
