/**
 * Setup file for every test file (vitest.config.ts): a request the bot sent that Discord's own schema refuses fails
 * the test that caused it (or, when sent outside any test, the file's last hook), with the route and the field.
 */
import { afterAll, afterEach } from 'vitest';
import { schemaViolations } from './e2e/schema-violations.ts';

function failOnViolations(): void {
  const found = schemaViolations.splice(0);
  if (found.length) throw new Error(`Discord's schema refuses what the bot sent:\n${found.join('\n')}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
