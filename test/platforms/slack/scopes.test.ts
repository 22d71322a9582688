import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../src/platforms/slack/scopes.ts';
import { manifestScopes } from '../../e2e/fake-slack.ts';

describe('scopes the OAuth install asks for', () => {
  it('GIVEN slack/manifest.yml THEN the install flow asks for exactly its bot scopes', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifestScopes()].sort());
  });
});
