import { describe, expect, it } from 'vitest';
import { findPromiseMisuse } from './promise-use.ts';

describe('the async store is always awaited', () => {
  it('GIVEN every source file THEN no Promise is tested, negated, combined or left floating where its value was meant', () => {
    const found = findPromiseMisuse().map((f) => `${f.file}:${f.line}: ${f.why}: ${f.text}`);
    expect(found).toEqual([]);
  }, 120_000);
});
